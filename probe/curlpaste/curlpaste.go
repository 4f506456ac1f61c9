// Package curlpaste reads a curl command as a user pastes it (from a
// browser's "Copy as cURL (bash)", a ticket, a terminal) into the words
// bash would hand curl, and from there into a request. It reads the shell
// syntax with a small lexer of its own (lex.go) and never expands
// anything: a variable, a command substitution, a glob or a pipe is
// refused with a message that names it, because why403 must send what the
// user sees, not what their shell would have made of it.
package curlpaste

import (
	"errors"

	"github.com/why403/why403/probe/curlargs"
)

// Parse reads a pasted curl command into the request curl would send:
// Words, less the program name, through curlargs. Data read from standard
// input (@-) is refused, as in curlargs.Parse: a paste has no standard
// input of its own. The local files the command names (-H @FILE,
// -d @FILE, --token-file, ...) are not read: a command that names any
// fails with a *curlargs.FilesError listing them, so that the user can be
// asked first; ParseWithFiles reads them.
func Parse(cmd string) (curlargs.Parsed, error) {
	return parse(cmd, false)
}

// ParseWithFiles is Parse that reads the files the command names, once the
// user has allowed it.
func ParseWithFiles(cmd string) (curlargs.Parsed, error) {
	return parse(cmd, true)
}

func parse(cmd string, allowFiles bool) (curlargs.Parsed, error) {
	words, err := Words(cmd)
	if err != nil {
		return curlargs.Parsed{}, err
	}
	args := words[1:]
	var env curlargs.Env
	if !allowFiles {
		env.Pasted = curlargs.Span{From: 0, To: len(args)}
	}
	parsed, err := curlargs.ParseEnv(args, env)
	if err != nil {
		var ue *curlargs.UsageError
		if errors.As(err, &ue) {
			// already one clear line; say where it came from
			return curlargs.Parsed{}, &curlargs.UsageError{Msg: "in the pasted curl command: " + ue.Msg, Err: ue}
		}
		return curlargs.Parsed{}, err
	}
	return parsed, nil
}
