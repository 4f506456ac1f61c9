package curlpaste

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/probe/runes"
)

// Words splits a pasted command into the words bash would hand curl,
// quotes removed and escapes decoded: '…', "…", bash's $'…' (which Chrome
// and Firefox write for a value holding a quote or a control character),
// backslashes, and line continuations (a \ at the end of a line). The first
// word is "curl", also when the command was pasted as curl.exe or after a
// "$ " prompt. Windows line ends (CR LF) are read as line ends.
//
// Nothing is expanded and nothing runs: a parameter ($TOKEN, ${TOKEN}), a
// command substitution ($(…), `…`), arithmetic ($((…))), a process
// substitution (<(…)), a glob or brace expansion, a ~, bash history (!x),
// a pipe, a second command (;, &&, a new line), a redirection or a
// background & is refused with an error naming what was found and why, a
// *curlargs.UsageError. What the shell would have made of it depends on
// the user's shell and files; why403 sends only what the user can see.
//
// Words reads the text itself (lex.go, command.go, literal.go), in one
// pass: the time is linear in the length of cmd. It reads what
// mvdan.cc/sh, the full bash parser it replaced, read, except where bash
// itself reads the paste otherwise; there it follows bash, or refuses:
// a comment ending in \ ends the command at the line end; a ! right
// before a quote, a $ or a [ (a!'x', a!$, a![b) is history expansion; a […] whose ]
// comes after a quoted part ([a"b"]) is a glob; a \ that ends the paste
// is a line continuation with nothing after it; a $ before a line
// continuation joins what follows it (a $\ line end, then {HOME}, is
// ${HOME}), and is refused before a quote.
func Words(cmd string) ([]string, error) {
	src, err := pasteSource(cmd)
	if err != nil {
		return nil, err
	}
	if at := strings.IndexByte(src, 0); at >= 0 {
		// bash drops it, other shells keep it, mvdan.cc/sh let it change
		// the words around it: the paste is damaged
		return nil, refuse("the paste holds a NUL byte (\\0) at %s: no argument can carry one; copy the command again", where(src, at))
	}
	if !utf8.ValidString(src) {
		at := 0
		for at < len(src) {
			r, size := utf8.DecodeRuneInString(src[at:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			at += size
		}
		return nil, syntaxError(src, at, "invalid UTF-8 encoding")
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	call, err := command(src, toks)
	if err != nil {
		return nil, err
	}
	words := make([]string, 0, len(call))
	for _, w := range call {
		s, err := literal(src, w)
		if err != nil {
			return nil, err
		}
		words = append(words, s)
	}
	if first := words[0]; first != "curl" && !strings.EqualFold(first, "curl.exe") {
		return nil, refuse("the command is %s, not curl: paste a curl command (Copy as cURL (bash))", shown(first))
	}
	words[0] = "curl"
	return words, nil
}

// pasteSource is the pasted text as the shell would read it: CRLF line
// ends made LF, a copied prompt ("$ ") dropped, and refused when empty or
// copied for another shell.
func pasteSource(cmd string) (string, error) {
	src := strings.TrimSpace(strings.ReplaceAll(cmd, "\r\n", "\n"))
	if rest, ok := strings.CutPrefix(src+" ", "$ "); ok {
		src = strings.TrimSpace(rest) // a prompt copied along with the command
	}
	if src == "" {
		return "", refuse("nothing to read: paste a curl command (Copy as cURL (bash) in the browser's network panel)")
	}
	if err := otherShell(src); err != nil {
		return "", err
	}
	return src, nil
}

// refuse is the one error type of this package: a usage error, so that
// the command line exits 2 and the app shows it in its status line.
func refuse(format string, args ...any) error {
	return &curlargs.UsageError{Msg: fmt.Sprintf(format, args...)}
}

// otherShell recognizes a command copied for another shell, whose quoting
// bash would misread into wrong words rather than fail on.
func otherShell(src string) error {
	first, _, multi := strings.Cut(src, "\n")
	first = strings.TrimRight(first, " \t")
	switch {
	case multi && strings.HasSuffix(first, "^"), strings.Contains(src, `^"`):
		return refuse(`this is a Windows cmd command (Copy as cURL (cmd): ^ continues its lines and escapes its quotes); copy the request as cURL (bash) instead`)
	case multi && strings.HasSuffix(first, "`"):
		return refuse("this is a PowerShell command (` continues its lines); copy the request as cURL (bash) instead")
	}
	return nil
}

// shown makes s fit in a one-line message: at most 48 characters, line
// ends, invalid bytes and other control or format characters written as
// escapes.
func shown(s string) string {
	const limit = 48
	var b strings.Builder
	for i, n := 0, 0; i < len(s); n++ {
		if n == limit {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + hex2(s[i]))
		case r == '\n':
			b.WriteString(`\n`)
		case unicode.IsControl(r) || runes.IsFormat(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
