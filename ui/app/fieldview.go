package app

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Marks drawn where a focused one-line field cuts its text: the reader
// always sees that the scheme of a URL, or the end of a value, is there.
const (
	cutLeft  = "‹"
	cutRight = "…"
)

var cursorStyle = lipgloss.NewStyle().Reverse(true)

// scrolledView draws a focused single-line input in at most width cells,
// its cursor in view, with cutLeft and cutRight where text is hidden.
// The value is shown as typed: callers pass only fields that need no
// masking while focused. fromStart shows the start whatever the cursor
// (the field just took the focus: the reader wants the scheme and host).
func scrolledView(in textinput.Model, width int, mark lipgloss.Style, fromStart bool) string {
	value := []rune(in.Value())
	pos := min(max(in.Position(), 0), len(value))
	if len(value) == 0 {
		return in.View() // the placeholder
	}
	cells := func(rs []rune) int { return ansi.StringWidth(string(rs)) }
	a, e := 0, len(value)
	left, right := false, false
	if cells(value)+1 > width {
		// the start when the cursor is in it, else a window ending at the
		// cursor
		e = 0
		for e < len(value) && cells(value[:e+1]) <= width-1 {
			e++
		}
		if pos < e || fromStart {
			right = true
		} else {
			e = min(len(value), pos+1)
			right = e < len(value)
			room := width - 1 // the left mark
			if right {
				room--
			}
			if pos == len(value) {
				room-- // the cursor after the text
			}
			a = e
			for a > 0 && cells(value[a-1:e]) <= room {
				a--
			}
			left = a > 0
		}
	}
	var b strings.Builder
	if left {
		b.WriteString(mark.Render(cutLeft))
	}
	b.WriteString(string(value[a:pos]))
	switch {
	case pos < e:
		b.WriteString(cursorStyle.Render(string(value[pos])))
		b.WriteString(string(value[pos+1 : e]))
	case !right:
		b.WriteString(cursorStyle.Render(" "))
	}
	if right {
		b.WriteString(mark.Render(cutRight))
	}
	return b.String()
}
