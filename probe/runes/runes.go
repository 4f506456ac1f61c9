// Package runes names the characters that act on a terminal or hide in
// text though they print nothing: one rule for the sanitizer (ui/escape),
// the editor's inputs, the JSON report, and the shell quoting of a curl
// command (FACTS 1.3).
package runes

import "unicode"

// IsFormat reports a format character (Unicode Cf: bidi overrides,
// zero-width joiners, the BOM) or a line or paragraph separator
// (U+2028, U+2029), which terminals and editors may act on.
func IsFormat(r rune) bool {
	return r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r)
}

// IsC1 reports a C1 control character (U+0080 to U+009F) or DEL.
func IsC1(r rune) bool { return r == 0x7f || r >= 0x80 && r <= 0x9f }

// IsPrivateUse reports a private-use character (Unicode Co), which the
// sanitizer shows escaped because no one knows what a font draws for it.
func IsPrivateUse(r rune) bool { return unicode.Is(unicode.Co, r) }
