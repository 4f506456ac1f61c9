package curlpaste

import (
	"errors"
	"testing"
)

// The inside of $'…' as bash 5 decodes it (checked against bash's
// documented escapes: "ANSI-C Quoting" in the bash manual).
func TestANSIC(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`plain`, "plain"},
		{`\a\b\e\E\f\n\r\t\v`, "\a\b\x1b\x1b\f\n\r\t\v"},
		{`\\ \' \" \?`, `\ ' " ?`},
		{`\101\0101\7`, "A\x081\x07"}, // up to three octal digits
		{`\x41\x4g\xg`, "A\x04g\\xg"}, // up to two hex digits; none: kept
		{`\xe9`, "\xe9"},              // a byte, not é: what bash sends for Firefox's \xe9
		{`\u00e9\u0021\u20AC\u`, "é!€\\u"},
		{`\U0001F600\U41`, "😀A"},
		{`\U7FFFFFFF`, "\uFFFD"}, // beyond Unicode
		{`\ca\cZ\c?`, "\x01\x1a\x7f"},
		{`\q\z`, `\q\z`}, // unknown: kept with its backslash
		{`end\`, `end\`},
	}
	for _, tt := range tests {
		got, err := ansiC(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ansiC(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{`\0`, `a\000b`, `\x00`, `\u0000`, `\U00000000`, `\c@`, `\400`} {
		if got, err := ansiC(in); !errors.Is(err, errNUL) {
			t.Errorf("ansiC(%q) = %q, %v; want errNUL", in, got, err)
		}
	}
}
