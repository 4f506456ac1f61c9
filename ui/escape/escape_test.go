package escape

import "testing"

func TestText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain", "hello world", "hello world"},
		{"keeps newline and tab", "a\n\tb", "a\n\tb"},
		{"OSC 52", "A\x1b]52;c;ZWNo\x07B", `A\x1b]52;c;ZWNo\x07B`},
		{"OSC 8 link", "A\x1b]8;;https://evil.example/\x1b\\x\x1b]8;;\x1b\\B", `A\x1b]8;;https://evil.example/\x1b\x\x1b]8;;\x1b\B`},
		{"SGR conceal", "A\x1b[8mS\x1b[0mB", `A\x1b[8mS\x1b[0mB`},
		{"DCS", "A\x1bP$qm\x1b\\B", `A\x1bP$qm\x1b\B`},
		{"lone CR", "rm -rf /\rls", `rm -rf /\rls`},
		{"CRLF", "a\r\nb", "a\nb"},
		{"backspace", "evil\b\bgood", `evil\x08\x08good`},
		{"C1 rune", "A\u009b2JB", `A\u009b2JB`},
		{"raw C1 byte", "A\x9b2JB", `A\x9b2JB`},
		{"NUL BEL DEL", "A\x00\x07\x7fB", `A\x00\x07\x7fB`},
		{"invalid UTF-8", "A\xff\xfeB", `A\xff\xfeB`},
		{"bidi", "A\u202egnp.exe\u202cB", `A\u202egnp.exe\u202cB`},
		{"zero width and BOM", "a\u200bb\ufeff", `a\u200bb\ufeff`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"tag character", "a\U000E0041b", `a\ue0041b`},
		{"unicode text kept", "héllo — 日本", "héllo — 日本"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Text(c.in); got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	if got, want := Line("a\nb\tc\r\nd"), `a\nb\tc\r\nd`; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
}

// No output of Text may contain a byte a terminal acts on.
func FuzzTextIsInert(f *testing.F) {
	f.Add("A\x1b]52;c;x\x07B\u009b\u202e\xff\r")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		for i := 0; i < len(out); i++ {
			c := out[i]
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("control byte %#x survived in %q", c, out)
			}
		}
		for _, r := range out {
			if r >= 0x80 && r <= 0x9f || r == '\u202e' || r == 0xfffd && !containsRuneError(s) {
				t.Fatalf("rune %U survived in %q", r, out)
			}
		}
	})
}

func containsRuneError(s string) bool {
	for _, r := range s {
		if r == 0xfffd {
			return true
		}
	}
	return false
}

func BenchmarkTextPlain1MiB(b *testing.B) {
	buf := make([]byte, 1<<20)
	for i := range buf {
		buf[i] = 'a' + byte(i%26)
	}
	s := string(buf)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Text(s)
	}
}
