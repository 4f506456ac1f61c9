package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/why403/why403/probe/curlpaste"
)

// expandCurlFlag replaces `--curl COMMAND` (or `--curl=COMMAND`) in args
// by the words of that pasted curl command, less "curl", so that
// `why403 check --curl 'curl …'` takes a command as copied from a browser
// or a ticket (with its quotes, $'…' words and \ line ends) in one
// argument. The command is read by curlpaste.Words: nothing in it is
// expanded or run. Other arguments keep their place around the words, and
// nothing after a "--" is looked at (there "--curl" is a URL). Args
// without --curl come back as they are, so a second call changes nothing.
func expandCurlFlag(args []string) ([]string, error) {
	at, value, width := -1, "", 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		v, isCurl := curlFlagValue(a)
		if !isCurl {
			continue
		}
		if at >= 0 {
			return nil, errors.New("--curl is given twice: pass one curl command")
		}
		at, value, width = i, v, 1
		if a == "--curl" {
			if i+1 >= len(args) {
				return nil, errors.New("--curl needs a value: the whole curl command in single quotes, --curl 'curl …'")
			}
			value, width = args[i+1], 2
			i++
		}
	}
	if at < 0 {
		return args, nil
	}
	words, err := curlpaste.Words(value)
	if err != nil {
		return nil, fmt.Errorf("--curl: %w", err)
	}
	for _, w := range words[1:] {
		if _, isCurl := curlFlagValue(w); isCurl {
			return nil, errors.New("--curl: the pasted command holds another --curl; curl has no such option")
		}
	}
	out := make([]string, 0, len(args)-width+len(words)-1)
	out = append(out, args[:at]...)
	out = append(out, words[1:]...)
	return append(out, args[at+width:]...), nil
}

// curlFlagValue reports whether a is --curl or --curl=VALUE, and VALUE.
func curlFlagValue(a string) (value string, ok bool) {
	if a == "--curl" {
		return "", true
	}
	return strings.CutPrefix(a, "--curl=")
}
