package curlargs

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"unicode/utf8"
)

// Env is what the parser may read of the outside world besides the files
// named on the command line: standard input (for @- and --token -) and the
// environment (for --token-env). A nil field refuses the flags that need
// it, so a pasted command never blocks on the terminal or reads the
// environment unless the caller allows it.
type Env struct {
	Stdin  io.Reader
	Getenv func(string) string
	// Pasted marks the words args[Pasted.From:Pasted.To] as a pasted curl
	// command (from a ticket or a chat, not typed): the local files those
	// words name are not read, and ParseEnv fails with a *FilesError that
	// names them. The zero Span marks none.
	Pasted Span
}

// Span is args[From:To].
type Span struct{ From, To int }

// TokenSource says where the Bearer token came from when it was given off
// the command line, so that outputs can name its source instead of its
// value. At most one field is set.
type TokenSource struct {
	Env   string // --token-env VAR: the variable's name
	File  string // --token-file PATH
	Stdin bool   // --token -
}

// IsSet reports whether the token came from one of the sources.
func (s TokenSource) IsSet() bool { return s.Env != "" || s.File != "" || s.Stdin }

// maxToken caps a token read from a file or standard input: real tokens
// (JWTs with many claims included) stay well under it, and a bigger file is
// the wrong file.
const maxToken = 64 << 10

// maxEnvName bounds what is taken as the name of a variable. A longer word
// is most likely the token itself ("--token-env $TOKEN", expanded by the
// shell), which must not be echoed in an error.
const maxEnvName = 48

// tokenFromEnv is --token-env VAR.
func (p *parser) tokenFromEnv(flag, name string) error {
	if !validEnvName(name) {
		// Never echo the word: it may be the token the shell expanded.
		return usagef("%s takes the name of an environment variable (letters, digits and _, such as TOKEN), "+
			"not its value: write %s TOKEN, not %s \"$TOKEN\"", flag, flag, flag)
	}
	if p.getenv == nil {
		return usagef("%s %s: reading the environment is not supported here; use --token-file PATH", flag, name)
	}
	tok := p.getenv(name)
	if tok == "" {
		return usagef("%s %s: the environment variable %s is not set or is empty (export it first)", flag, name, name)
	}
	tok, err := p.checkToken(flag+" "+name, "the environment variable "+name, []byte(tok), false)
	if err != nil {
		return err
	}
	return p.setBearer(flag, tok, TokenSource{Env: name})
}

// tokenFromFile is --token-file PATH: the file holds the token alone.
func (p *parser) tokenFromFile(flag, path string) error {
	if path == "" {
		return usagef("%s needs the path of a file that holds the token", flag)
	}
	f, err := os.Open(path)
	if err != nil {
		return fileError(flag, path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fileError(flag, path, err)
	}
	if st.IsDir() {
		return usagef("%s: cannot read %q: it is a directory", flag, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxToken+1))
	if err != nil {
		return fileError(flag, path, err)
	}
	tok, err := p.checkToken(flag, fmt.Sprintf("%q", path), data, true)
	if err != nil {
		return err
	}
	// Only where file modes mean something: Windows reports 0666.
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		p.warn("%s: %q can be read by other users (mode %04o); chmod 600 it", flag, path, st.Mode().Perm())
	}
	return p.setBearer(flag, tok, TokenSource{File: path})
}

// tokenFromStdin is --token -: the token is read from standard input, once.
func (p *parser) tokenFromStdin(flag, val string) error {
	if val != "-" {
		// Never echo the value: it is most likely the token itself.
		return usagef("%s takes - (read the token from standard input); give the token with --token-env VAR or "+
			"--token-file PATH (or --oauth2-bearer TOKEN, which other users can see in ps)", flag)
	}
	if p.stdin == nil {
		return usagef("%s -: reading standard input is not supported here; use --token-env VAR or --token-file PATH", flag)
	}
	if p.stdinUsed {
		return usagef("%s -: standard input was already read by @-; give the token with --token-env VAR or --token-file PATH", flag)
	}
	p.stdinUsed, p.stdinToken = true, true
	data, err := io.ReadAll(io.LimitReader(p.stdin, maxToken+1))
	if err != nil {
		return &UsageError{Msg: fmt.Sprintf("%s -: reading standard input: %v", flag, err), Err: err}
	}
	tok, err := p.checkToken(flag+" -", "standard input", data, true)
	if err != nil {
		return err
	}
	return p.setBearer(flag, tok, TokenSource{Stdin: true})
}

// checkToken trims one trailing line break (from a file or echo) and
// refuses what cannot be one header value. Errors say where the token came
// from and what is wrong with it, never the token.
func (p *parser) checkToken(flag, from string, data []byte, trim bool) (string, error) {
	if len(data) > maxToken {
		return "", usagef("%s: %s holds more than %d KiB; a token is one line (is it the right file?)", flag, from, maxToken>>10)
	}
	s := string(data)
	if trim {
		if t, ok := strings.CutSuffix(s, "\n"); ok {
			s = strings.TrimSuffix(t, "\r")
		}
	}
	if s == "" {
		return "", usagef("%s: %s is empty; it should hold the token", flag, from)
	}
	if !utf8.ValidString(s) {
		return "", usagef("%s: the token in %s is not valid UTF-8 text (a binary file?)", flag, from)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\n' || c == '\r':
			return "", usagef("%s: the token in %s has more than one line; put the token alone on one line", flag, from)
		case c < 0x20 || c == 0x7f:
			return "", usagef("%s: the token in %s contains a control character (byte %d); a token is printable text", flag, from, i+1)
		}
	}
	if strings.TrimSpace(s) != s {
		p.warn("%s: the token in %s begins or ends with blanks; they are sent as they are", flag, from)
	}
	if scheme, _, ok := strings.Cut(s, " "); ok && strings.EqualFold(scheme, "Bearer") {
		p.warn("%s: the token in %s starts with %q, so the header becomes \"Bearer Bearer …\"; keep only the token", flag, from, scheme+" ")
	}
	return s, nil
}

// setBearer sets the Bearer credential from flag. One token source only:
// two would leave the user guessing which was sent. A repeated
// --oauth2-bearer keeps curl's meaning (the last one wins).
func (p *parser) setBearer(flag, tok string, src TokenSource) error {
	if p.bearerFrom != "" && !(p.bearerFrom == "--oauth2-bearer" && flag == "--oauth2-bearer") {
		if p.bearerFrom == flag {
			return usagef("%s is given twice; give the token once", flag)
		}
		return usagef("%s and %s both give the Bearer token; give it once", p.bearerFrom, flag)
	}
	p.bearerFrom = flag
	p.bearer = tok
	p.opts.Token = src
	return nil
}

// validEnvName reports a shell variable name short enough to be one.
func validEnvName(s string) bool {
	if s == "" || len(s) > maxEnvName || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
