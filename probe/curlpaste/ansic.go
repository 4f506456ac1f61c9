package curlpaste

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// errNUL: bash cuts a $'…' word at a NUL, and no argument can hold one;
// refusing beats sending a body silently cut short.
var errNUL = errors.New(`holds a NUL byte (\0): bash would cut the word there and no argument can carry it; put the data in a file and use --data-binary @FILE`)

// ansiC decodes the inside of a bash $'…' word as bash does: \a \b \e \E
// \f \n \r \t \v \\ \' \" \?, \NNN (one to three octal digits, a byte),
// \xHH (one or two hex digits, a byte: Firefox writes é as \xe9, which
// bash sends as that one byte), \uHHHH and \UHHHHHHHH (a character, in
// UTF-8: Chrome writes ! as \u0021) and \cX (control-X). Any other
// backslash is kept with the character after it.
func ansiC(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		e := s[i]
		if simple := strings.IndexByte(`abeEfnrtv\'"?`, e); simple >= 0 {
			b.WriteByte("\a\b\x1b\x1b\f\n\r\t\v\\'\"?"[simple])
			continue
		}
		switch {
		case e >= '0' && e <= '7':
			v, n := digits(s[i:], 8, 3)
			if v&0xff == 0 {
				return "", errNUL
			}
			b.WriteByte(byte(v)) // bash keeps the low eight bits of \777
			i += n - 1
		case e == 'x' || e == 'u' || e == 'U':
			limit := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			v, n := digits(s[i+1:], 16, limit)
			if n == 0 {
				b.WriteString(`\` + string(e)) // no digit: bash keeps it as written
				continue
			}
			if v == 0 {
				return "", errNUL
			}
			if e == 'x' {
				b.WriteByte(byte(v))
			} else {
				b.WriteString(string(utf8.AppendRune(nil, rune(min(v, utf8.MaxRune+1)))))
			}
			i += n
		case e == 'c' && i+1 < len(s):
			i++
			if s[i] == '\\' && i+1 < len(s) && s[i+1] == '\\' {
				i++ // \c\\ is control-\, as bash reads it
			}
			ctl := s[i] & 0x1f
			if s[i] == '?' {
				ctl = 0x7f
			}
			if ctl == 0 {
				return "", errNUL
			}
			b.WriteByte(ctl)
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String(), nil
}

// digits reads up to limit digits of base at the start of s: their value
// and how many there were.
func digits(s string, base, limit int) (v uint32, n int) {
	for n < limit && n < len(s) {
		d := strings.IndexByte("0123456789abcdef"[:base], lower(s[n]))
		if d < 0 {
			break
		}
		v = v*uint32(base) + uint32(d)
		n++
	}
	return v, n
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
