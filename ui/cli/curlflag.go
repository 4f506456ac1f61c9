package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/probe/curlpaste"
	"github.com/why403/why403/ui/escape"
)

// expandCurlFlag replaces `--curl COMMAND` (or `--curl=COMMAND`) in args
// by the words of that pasted curl command, less "curl", so that
// `why403 check --curl 'curl …'` takes a command as copied from a browser
// or a ticket (with its quotes, $'…' words and \ line ends) in one
// argument. The command is read by curlpaste.Words: nothing in it is
// expanded or run. Other arguments keep their place around the words, and
// nothing after a "--" is looked at (there "--curl" is a URL). Args
// without --curl come back as they are, so a second call changes nothing.
//
// pasted is where the command's words are in the result: curlargs names
// the local files they would read (-H @FILE, -d @FILE) instead of reading
// them, because pasted text comes from tickets and chats; --allow-files
// (taken out here) lets them be read, and pasted is then empty.
func expandCurlFlag(args []string) (_ []string, pasted curlargs.Span, _ error) {
	at, value, width := -1, "", 0
	allowFiles := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if a == "--allow-files" {
			allowFiles = true
			args = append(args[:i:i], args[i+1:]...)
			i--
			continue
		}
		v, isCurl := curlFlagValue(a)
		if !isCurl {
			continue
		}
		if at >= 0 {
			return nil, pasted, errors.New("--curl is given twice: pass one curl command")
		}
		at, value, width = i, v, 1
		if a == "--curl" {
			if i+1 >= len(args) {
				return nil, pasted, errors.New("--curl needs a value: the whole curl command in single quotes, --curl 'curl …'")
			}
			value, width = args[i+1], 2
			i++
		}
	}
	if at < 0 {
		return args, pasted, nil
	}
	words, err := curlpaste.Words(value)
	if err != nil {
		return nil, pasted, fmt.Errorf("--curl: %w", err)
	}
	for _, w := range words[1:] {
		if _, isCurl := curlFlagValue(w); isCurl {
			return nil, pasted, errors.New("--curl: the pasted command holds another --curl; curl has no such option")
		}
	}
	out := make([]string, 0, len(args)-width+len(words)-1)
	out = append(out, args[:at]...)
	out = append(out, words[1:]...)
	if !allowFiles {
		pasted = curlargs.Span{From: at, To: len(out)}
	}
	return append(out, args[at+width:]...), pasted, nil
}

// curlFlagValue reports whether a is --curl or --curl=VALUE, and VALUE.
func curlFlagValue(a string) (value string, ok bool) {
	if a == "--curl" {
		return "", true
	}
	return strings.CutPrefix(a, "--curl=")
}

// parseRequest is how every command that takes a request starts: --curl
// expanded, the curl arguments parsed with penv, --help printed (help
// followed by the curl options), the parser's warnings shown. done reports
// that the command ends with code. help is made only for --help: a check
// that builds it and throws it away pays for that at every start.
func parseRequest(args []string, env Env, penv curlargs.Env, help func() string) (parsed curlargs.Parsed, code int, done bool) {
	args, pasted, err := expandCurlFlag(args)
	if err == nil {
		penv.Pasted = pasted
		parsed, err = curlargs.ParseEnv(args, penv)
	}
	var files *curlargs.FilesError
	if errors.As(err, &files) {
		return parsed, usageError(env, escape.Line(err.Error())+"; pass --allow-files to let it"), true
	}
	if err != nil {
		return parsed, usageError(env, escape.Line(err.Error())), true
	}
	if parsed.Options.Help {
		fmt.Fprint(env.Stdout, help())
		return parsed, ExitOK, true
	}
	for _, w := range parsed.Warnings {
		fmt.Fprintln(env.Stderr, "why403: warning: "+escape.Line(w))
	}
	return parsed, 0, false
}
