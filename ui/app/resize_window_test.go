package app

import (
	"strings"
	"testing"
	"time"
)

// A resize while the Response tab shows a match past format.MaxLines
// keeps the lines loaded for it: Update re-wraps them and does not read
// the whole body again (0.6 s for 10 MiB), and the match stays on screen.
func TestResizeKeepsTheFarMatchWindow(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, itemsExchange(r, 40000))
	m = searchFor(t, m, "item 39999")
	if m.resp.window == 0 {
		t.Fatal("the match did not load the lines past those kept")
	}
	from := m.resp.window
	// what reading the body again costs here, to compare the resize with
	start := time.Now()
	windowOf(&m.resp.data, from)
	read := time.Since(start)

	start = time.Now()
	m = step(t, m, sizeMsg(100, 30))
	took := time.Since(start)
	t.Logf("reading the window: %v; resize: %v", read, took)
	if took > read/4 {
		t.Errorf("the resize took %v, reading the body again takes %v: it read it again", took, read)
	}
	if m.resp.window != from {
		t.Errorf("the resize moved the window from line %d to %d", from, m.resp.window)
	}
	rows := strings.Join(visibleRows(m), "\n")
	if !strings.Contains(rows, `"name": "item 39999"`) {
		t.Errorf("after the resize the match is not on screen:\n%s", rows)
	}
	for _, row := range m.resp.wrapped[tabResponse] {
		if len(row) > m.resp.innerW() {
			t.Fatalf("a row is wider than the resized pane (%d): %q", m.resp.innerW(), row)
		}
	}
}
