package app

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
)

// itemsExchange is a JSON array of n items; pretty-printed, each item
// takes 8 lines, so 40000 items pass format.MaxLines.
func itemsExchange(req probe.Request, n int) probe.Exchange {
	ex := refused(req)
	var b bytes.Buffer
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"item %d","tags":["x","y"]}`, i, i)
	}
	b.WriteString("]")
	ex.Response.Body = b.Bytes()
	ex.Response.BodySize = int64(b.Len())
	return ex
}

func searchFor(t *testing.T, m model, q string) model {
	t.Helper()
	for m.focus != paneResponse {
		m = press(t, m, "tab")
	}
	m = press(t, m, "/")
	m = typeText(t, m, q)
	return pressAndWait(t, m, "enter")
}

// pressAndWait presses k and feeds back what its commands return (the
// search runs in one), and theirs, a few rounds at most.
func pressAndWait(t *testing.T, m model, k string) model {
	t.Helper()
	next, cmd := m.Update(keyMsg(k))
	m = next.(model)
	for range 4 {
		var more []tea.Cmd
		for _, msg := range runCmd(cmd) {
			switch msg.(type) {
			case searchDoneMsg, windowMsg:
				next, c := m.Update(msg)
				m = next.(model)
				more = append(more, c)
			}
		}
		if len(more) == 0 {
			break
		}
		cmd = tea.Batch(more...)
	}
	return m
}

// visibleRows is the response viewport's rows on screen, ANSI stripped.
func visibleRows(m model) []string {
	return strings.Split(ansi.Strip(m.resp.vp().View()), "\n")
}

// The search covers the whole kept body, not only the lines kept for
// display: the last item of a body longer than format.MaxLines is found,
// shown, and counted.
func TestSearchFindsPastTheLinesShown(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, itemsExchange(r, 40000))
	if strings.Contains(strings.Join(m.resp.wrapped[tabResponse], "\n"), "item 39999") {
		t.Fatal("the test body fits in the lines shown: make it longer")
	}
	// the body is searched in a command, not in Update: the screen says so
	{
		w := press(t, m, "tab", "tab", "tab", "tab", "tab", "/")
		w = typeText(t, w, "item 39999")
		next, cmd := w.Update(keyMsg("enter"))
		if w = next.(model); cmd == nil || !strings.Contains(plain(w), "searching the whole body") {
			t.Errorf("enter did not hand the search to a command:\n%s", plain(w))
		}
	}
	m = searchFor(t, m, "item 39999")
	if !strings.Contains(plain(m), "match 1 of 1") {
		t.Errorf("the search line does not say it found the one match:\n%s", plain(m))
	}
	if !strings.Contains(strings.Join(visibleRows(m), "\n"), `"name": "item 39999"`) {
		t.Errorf("the match is not on screen:\n%s", strings.Join(visibleRows(m), "\n"))
	}
	if !strings.Contains(m.resp.Title(), "from line ") {
		t.Errorf("the title does not say the lines shown start past the top: %q", m.resp.Title())
	}
	// n goes round to the same match, still on screen
	m = pressAndWait(t, m, "n")
	if !strings.Contains(strings.Join(visibleRows(m), "\n"), `"name": "item 39999"`) {
		t.Errorf("after n the match is not on screen")
	}
	// a match in the first lines is found too, and shown
	m = searchFor(t, m, "item 2,") // no such text: the name is "item 2"
	if !strings.Contains(plain(m), "no match") {
		t.Errorf("a missing text is not reported as no match")
	}
	m = searchFor(t, m, `"item 2"`)
	if !strings.Contains(strings.Join(visibleRows(m), "\n"), `"name": "item 2"`) {
		t.Errorf("a match near the top is not on screen:\n%s", strings.Join(visibleRows(m), "\n"))
	}
}

// A match that the pane wraps over two rows is found (it is searched in
// the line, not in the rows), the screen lands on its row, and it is
// highlighted.
func TestSearchFindsAcrossAWrapAndHighlights(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	ex := refused(r)
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	// the needle straddles the edge of the pane
	b.WriteString(strings.Repeat("a", m.resp.innerW()-5) + "needleinthehay\n")
	ex.Response.Headers = []probe.Header{{Name: "Content-Type", Value: "text/plain"}}
	ex.Response.Body = []byte(b.String())
	ex.Response.BodySize = int64(b.Len())
	m = sendWith(t, m, ex)
	m = searchFor(t, m, "needleinthehay")
	if !strings.Contains(plain(m), "match 1 of 1") {
		t.Fatalf("a match across a wrap is not found:\n%s", plain(m))
	}
	rows := strings.Join(visibleRows(m), "\n")
	if !strings.Contains(rows, "aaaaaneedl") || !strings.Contains(rows, "\neinthehay") {
		t.Errorf("the screen is not on the match's row:\n%s", rows)
	}
	hl := m.render()
	if !regexp.MustCompile(`\x1b\[([0-9]+;)*7[;m]`).MatchString(hl) {
		t.Errorf("the match is not highlighted (reverse video): %q", hl)
	}
}

// n and N move the shown match without marking every hit again: the
// hits are marked once per search (up to format.MaxHits of them), and
// only the shown match's highlight moves.
func TestSearchNextMarksOncePerSearch(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m = sendWith(t, m, itemsExchange(r, 200))
	m = searchFor(t, m, "item")
	if !strings.Contains(plain(m), "match 1 of 200") {
		t.Fatalf("no matches:\n%s", plain(m))
	}
	before := m.resp.marked
	first := fmt.Sprint(m.resp.cur)
	m = pressAndWait(t, m, "n")
	m = pressAndWait(t, m, "n")
	m = pressAndWait(t, m, "N")
	if !strings.Contains(plain(m), "match 2 of 200") || fmt.Sprint(m.resp.cur) == first {
		t.Fatalf("n n N did not land on the second match:\n%s", plain(m))
	}
	if n := m.resp.marked - before; n != 0 {
		t.Errorf("n and N marked every hit again %d times", n)
	}
}
