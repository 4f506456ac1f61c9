// Package escape is why403's one sanitizing boundary: every byte that came
// from a server, a file or the user passes through it before it reaches a
// terminal, a report or the clipboard. Control characters and escape
// sequences are shown visibly (\x1b, \u202e), never silently dropped, so the
// user can see that a server sent something hostile.
package escape

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/why403/why403/probe/runes"
)

// Text escapes s for display, keeping newlines and tabs. The CR of a CRLF
// pair is dropped; a lone CR is escaped because it would overwrite the line.
func Text(s string) string { return escape(s, true) }

// Line escapes s for a one-line field (a header value, a title): newlines
// and tabs are escaped too.
func Line(s string) string { return escape(s, false) }

// Bytes is Text for a byte slice.
func Bytes(b []byte) string { return Text(string(b)) }

func escape(s string, multiline bool) string {
	if isPlain(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			writeHex2(&b, s[i])
		case multiline && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case multiline && r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// the CR of a CRLF pair carries nothing visible
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			writeHex2(&b, byte(r))
		case r >= 0x80 && r <= 0x9f:
			// C1 controls as valid UTF-8: \u009b, told apart from a raw byte \x9b
			b.WriteString(`\u00`)
			writeHex2(&b, byte(r))
		case runes.IsFormat(r) || runes.IsPrivateUse(r):
			b.WriteString(`\u`)
			if r > 0xffff {
				b.WriteString(strconv.FormatInt(int64(r), 16))
			} else {
				h := strconv.FormatInt(int64(r), 16)
				b.WriteString(strings.Repeat("0", 4-len(h)) + h)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlain is the fast path: printable ASCII (and, when multiline, \n and
// \t) needs no escaping, which is nearly every response.
func isPlain(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			continue
		}
		if multiline && (c == '\n' || c == '\t') {
			continue
		}
		return false
	}
	return true
}

const hexDigits = "0123456789abcdef"

func writeHex2(b *strings.Builder, c byte) {
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xf])
}
