package app

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"

	"github.com/why403/why403/probe/runes"
	"github.com/why403/why403/ui/escape"
)

// The input widgets drop control characters but keep format characters
// (bidi overrides, zero-width, U+2028/9: FACTS 1.3), and draw their value
// raw. Every value that goes into an input passes through visibleFormat,
// so no such character can reach the terminal from a field.

// isFormatChar: a character the inputs keep but a terminal must not get.
func isFormatChar(r rune) bool {
	return runes.IsFormat(r)
}

// visibleFormat replaces each format character of s by its visible escape
// (\u202e); n counts them.
func visibleFormat(s string) (out string, n int) {
	if !strings.ContainsFunc(s, isFormatChar) {
		return s, 0
	}
	var b strings.Builder
	for _, r := range s {
		if isFormatChar(r) {
			b.WriteString(escape.Line(string(r)))
			n++
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), n
}

// cleanInput replaces the format characters of in's value (after a key,
// a paste or a load), keeping the cursor's distance from the end.
func cleanInput(in *textinput.Model) int {
	v, n := visibleFormat(in.Value())
	if n == 0 {
		return 0
	}
	fromEnd := len([]rune(in.Value())) - in.Position()
	in.SetValue(v)
	in.SetCursor(max(0, len([]rune(v))-fromEnd))
	return n
}

// cleanArea is cleanInput for the body textarea (the cursor goes to the
// end: this happens only when such a character was typed or pasted).
func cleanArea(ta *textarea.Model) int {
	v, n := visibleFormat(ta.Value())
	if n == 0 {
		return 0
	}
	ta.SetValue(v)
	return n
}

// formatNotice tells the user what happened to n format characters.
func formatNotice(n int) string {
	return fmt.Sprintf("%d invisible format character(s) (bidi/zero-width) replaced by visible escapes such as \\u202e", n)
}
