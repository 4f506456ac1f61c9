package app

import "testing"

// Where the reader scrolled to in a tab survives what does not change the
// tab's lines: opening and closing the search, visiting another tab. A
// resize rewraps the lines but keeps the place (by row).
func TestResponseTabKeepsItsScroll(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, bigExchange(r))
	m = press(t, m, "tab", "tab", "tab", "tab", "tab")
	if m.focus != paneResponse {
		t.Fatalf("focus %v, want the response pane", m.focus)
	}
	m = press(t, m, "pgdown", "pgdown", "pgdown")
	at := m.resp.vp().YOffset()
	if at == 0 {
		t.Fatal("pgdown did not scroll the response")
	}
	for _, keys := range [][]string{{"/", "esc"}, {"right", "left"}, {"left", "right"}} {
		m = press(t, m, keys...)
		if got := m.resp.vp().YOffset(); got != at {
			t.Errorf("after %v the response scrolled from row %d to %d", keys, at, got)
		}
	}
	m = step(t, m, sizeMsg(121, 40))
	if got := m.resp.vp().YOffset(); got != at {
		t.Errorf("after a resize the response scrolled from row %d to %d", at, got)
	}
}
