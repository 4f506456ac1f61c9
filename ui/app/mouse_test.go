package app

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A click focuses the pane under it and picks a response tab or a check;
// the wheel scrolls the response.
func TestMouseClicksAndWheel(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24) // the response is longer than its box
	m = sendWith(t, m, refused(r))
	rows := strings.Split(plain(m), "\n")
	find := func(s string) (x, y int) {
		for y, l := range rows {
			if i := strings.Index(l, s); i >= 0 {
				return len([]rune(l[:i])), y
			}
		}
		t.Fatalf("%q not on the screen", s)
		return 0, 0
	}
	x, y := find("Timing")
	m = step(t, m, tea.MouseClickMsg{X: x + 1, Y: y, Button: tea.MouseLeft})
	if m.focus != paneResponse || m.resp.tab != tabTiming {
		t.Fatalf("a click on Timing: focus %v, tab %s", m.focus, tabNames[m.resp.tab])
	}
	x, y = find("checks passed")
	m = step(t, m, tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	if m.focus != paneChecks || m.chk.findings[m.chk.cursor].ID != passedFold {
		t.Fatalf("a click on a check: focus %v, cursor %d", m.focus, m.chk.cursor)
	}
	m.resp.SetTab(tabResponse)
	rows = strings.Split(plain(m), "\n")
	x, y = find("HTTP/1.1 401")
	m = step(t, m, tea.MouseWheelMsg{X: x, Y: y, Button: tea.MouseWheelDown})
	if m.resp.vp().YOffset() == 0 {
		t.Error("the wheel did not scroll the response")
	}
	if v := m.View(); v.MouseMode != tea.MouseModeCellMotion {
		t.Error("the mouse is not turned on")
	}
}
