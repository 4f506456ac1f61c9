package escape

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The seed corpora are testdata/fuzz/FuzzText and testdata/fuzz/FuzzLine:
// OSC 0/2/8/52, CSI, DCS, APC, C1 as a rune and as a raw byte, bidi
// overrides, CR, backspace, NUL, DEL, invalid UTF-8 and plain text.

// FuzzText: Text's output holds nothing a terminal acts on (only \n and \t
// of C0), is valid UTF-8, and keeps every printable rune of the input, in
// order, along with every \n and \t.
func FuzzText(f *testing.F) {
	f.Add("A\x1b]52;c;ZWNobyBwd25lZA==\x07B\r\nline2\tend")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		assertInert(t, s, out, true)
		assertKeepsPrintable(t, s, out)
		if got, want := strings.Count(out, "\n"), strings.Count(s, "\n"); got != want {
			t.Fatalf("Text(%q) = %q: %d newlines, the input has %d", s, out, got, want)
		}
		if got, want := strings.Count(out, "\t"), strings.Count(s, "\t"); got != want {
			t.Fatalf("Text(%q) = %q: %d tabs, the input has %d", s, out, got, want)
		}
		if b := Bytes([]byte(s)); b != out {
			t.Fatalf("Bytes(%q) = %q, Text = %q", s, b, out)
		}
	})
}

// FuzzLine: Line's output is one inert line (no C0 at all, not even \n or
// \t), valid UTF-8, and keeps every printable rune of the input in order.
func FuzzLine(f *testing.F) {
	f.Add("Bearer realm=\"x\"\x1b]0;pwned\x07\r\n\tX-Injected: 1")
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		assertInert(t, s, out, false)
		assertKeepsPrintable(t, s, out)
	})
}

// assertInert fails unless out is valid UTF-8 without a rune a terminal
// acts on: C0 (but \n and \t when multiline), DEL, C1 (which, in valid
// UTF-8, also rules out a raw 0x80–0x9f byte of its own), bidi and other
// format characters (unicode.Cf), U+2028 and U+2029.
func assertInert(t *testing.T, in, out string, multiline bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("escape of %q = %q: not valid UTF-8", in, out)
	}
	for i, r := range out {
		bad := false
		switch {
		case r == '\n' || r == '\t':
			bad = !multiline
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			bad = true
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
			bad = true // bidi controls, named even though Cf holds them too
		case unicode.Is(unicode.Cf, r), r == 0x2028, r == 0x2029:
			bad = true
		}
		if bad {
			t.Fatalf("escape of %q = %q: %U survives at byte %d", in, out, r, i)
		}
	}
}

// assertKeepsPrintable fails unless every printable rune of in (validly
// encoded, unicode.IsPrint) appears in out in the same order: escaping adds
// visible text, it never drops any.
func assertKeepsPrintable(t *testing.T, in, out string) {
	t.Helper()
	rest := out
	for i := 0; i < len(in); {
		r, size := utf8.DecodeRuneInString(in[i:])
		i += size
		if (r == utf8.RuneError && size == 1) || !unicode.IsPrint(r) {
			continue
		}
		j := strings.IndexRune(rest, r)
		if j < 0 {
			t.Fatalf("escape of %q = %q: lost the printable %q (byte %d of the input)", in, out, r, i-size)
		}
		rest = rest[j+utf8.RuneLen(r):]
	}
}
