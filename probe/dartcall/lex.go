package dartcall

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// kind is a token's kind.
type kind int

const (
	tEOF kind = iota
	tIdent
	tString // a string literal; parts hold its text and interpolations
	tNumber
	tPunct
)

// token is one lexeme. A string's parts alternate literal text and
// interpolated source, which is parsed again as an expression.
type token struct {
	kind  kind
	text  string // identifier, number or punctuation
	parts []strPart
	pos   int
}

// strPart is literal text, or (expr set) the source of ${...} or $name.
type strPart struct {
	lit  string
	expr string
	pos  int
}

// puncts are the operators the subset knows, longest first.
var puncts = []string{"?..", "...", "..", "?.", "??", "=>", "==", "!=", "<=", ">=", "&&", "||",
	"(", ")", "{", "}", "[", "]", ",", ":", ";", ".", "=", "+", "-", "*", "/", "%", "<", ">", "!", "?", "&", "|", "@", "#", "~", "^"}

// lex splits src into tokens. It never fails on odd input: an unknown
// character becomes a punctuation token that the parser refuses.
func lex(src string) ([]token, error) {
	// About one token per four bytes of source: one allocation, not a
	// doubling series of copies.
	out := make([]token, 0, len(src)/4+1)
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("offset %d: unterminated comment", i)
			}
			i += end + 4
		case c == '\'' || c == '"' || (c == 'r' && i+1 < len(src) && (src[i+1] == '\'' || src[i+1] == '"')):
			t, n, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			out = append(out, t)
			i = n
		case isIdentStart(c):
			j := i
			for j < len(src) && isIdentPart(src[j]) {
				j++
			}
			out = append(out, token{kind: tIdent, text: src[i:j], pos: i})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (isIdentPart(src[j]) || src[j] == '.' && j+1 < len(src) && src[j+1] >= '0' && src[j+1] <= '9') {
				j++
			}
			out = append(out, token{kind: tNumber, text: src[i:j], pos: i})
			i = j
		default:
			p := ""
			for _, q := range puncts {
				if strings.HasPrefix(src[i:], q) {
					p = q
					break
				}
			}
			if p == "" {
				_, size := utf8.DecodeRuneInString(src[i:])
				p = src[i : i+size]
			}
			out = append(out, token{kind: tPunct, text: p, pos: i})
			i += len(p)
		}
	}
	return append(out, token{kind: tEOF, pos: len(src)}), nil
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || '0' <= c && c <= '9'
}

// lexString reads one string literal at src[i]: '…', "…", ”'…”',
// """…""" and their raw r'…' forms, with escapes and interpolations.
func lexString(src string, i int) (token, int, error) {
	start := i
	raw := src[i] == 'r'
	if raw {
		i++
	}
	q := string(src[i])
	if strings.HasPrefix(src[i:], q+q+q) {
		q = q + q + q
	}
	i += len(q)
	t := token{kind: tString, pos: start}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, strPart{lit: lit.String()})
			lit.Reset()
		}
	}
	for {
		if i >= len(src) {
			return t, i, fmt.Errorf("offset %d: unterminated string", start)
		}
		if strings.HasPrefix(src[i:], q) {
			flush()
			return t, i + len(q), nil
		}
		c := src[i]
		if len(q) == 1 && (c == '\n' || c == '\r') {
			return t, i, fmt.Errorf("offset %d: string ends at the line's end", start)
		}
		switch {
		case c == '\\' && !raw:
			if i+1 >= len(src) {
				return t, i, fmt.Errorf("offset %d: unterminated string", start)
			}
			n, s := unescape(src[i+1:])
			lit.WriteString(s)
			i += 1 + n
		case c == '$' && !raw && i+1 < len(src) && src[i+1] == '{':
			depth, j := 0, i+1
			for ; j < len(src); j++ {
				if src[j] == '{' {
					depth++
				} else if src[j] == '}' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			if j >= len(src) {
				return t, i, fmt.Errorf("offset %d: unterminated ${ in a string", i)
			}
			flush()
			t.parts = append(t.parts, strPart{expr: src[i+2 : j], pos: i + 2})
			i = j + 1
		case c == '$' && !raw && i+1 < len(src) && isIdentStart(src[i+1]) && src[i+1] != '$':
			j := i + 1
			for j < len(src) && isIdentPart(src[j]) && src[j] != '$' {
				j++
			}
			flush()
			t.parts = append(t.parts, strPart{expr: src[i+1 : j], pos: i + 1})
			i = j
		default:
			lit.WriteByte(c)
			i++
		}
	}
}

// unescape reads one escape after the backslash: how many bytes it took
// and what it stands for.
func unescape(s string) (int, string) {
	switch s[0] {
	case 'n':
		return 1, "\n"
	case 'r':
		return 1, "\r"
	case 't':
		return 1, "\t"
	case 'b':
		return 1, "\b"
	case 'f':
		return 1, "\f"
	case 'v':
		return 1, "\v"
	case 'x':
		if len(s) >= 3 {
			var r rune
			if _, err := fmt.Sscanf(s[1:3], "%02x", &r); err == nil {
				return 3, string(r)
			}
		}
	case 'u':
		if len(s) >= 2 && s[1] == '{' {
			if end := strings.IndexByte(s, '}'); end > 2 && end <= 8 {
				var r rune
				if _, err := fmt.Sscanf(s[2:end], "%x", &r); err == nil && utf8.ValidRune(r) {
					return end + 1, string(r)
				}
			}
		} else if len(s) >= 5 {
			var r rune
			if _, err := fmt.Sscanf(s[1:5], "%04x", &r); err == nil && utf8.ValidRune(r) {
				return 5, string(r)
			}
		}
	}
	_, size := utf8.DecodeRuneInString(s)
	return size, s[:size]
}
