package app

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/checks/reqdiff"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/difftext"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/store"
)

// The diff of two History entries: c on one send, then c on another,
// shows their differences grouped as `why403 diff` words them
// (checks/reqdiff, ui/difftext), masked through probe.Redactor unless
// revealed. esc goes back to the list.

// compareKey is c on the selected send: the first pick waits for a
// second; the second shows the diff; c on the first pick again drops it.
func (m *model) compareKey() tea.Cmd {
	c := &m.hc
	n := m.histAt + 1
	switch {
	case c.from == n:
		c.from = 0
		m.setNotice("compare dropped", false)
	case c.from == 0:
		c.from = n
		m.setNotice(fmt.Sprintf("compare send #%d with…: select another send and press c", n), false)
	default:
		c.diffA, c.diffB, c.from = c.from, n, 0
		c.view = viewDiff
		m.setNotice(fmt.Sprintf("send #%d (A) against send #%d (B) · esc back to the list", c.diffA, c.diffB), false)
	}
	m.refreshHistory()
	return nil
}

// historyDiffLines draws the diff of sends a and b (numbers from 1).
func historyDiffLines(h []historyEntry, a, b int, reveal bool, revealKey string) []string {
	if a < 1 || b < 1 || a > len(h) || b > len(h) {
		return []string{"(those sends are gone)"}
	}
	ea, eb := h[a-1], h[b-1]
	ra, rb := ea.req, eb.req
	if ea.past || eb.past {
		// an earlier run's request is masked: compare like with like, and
		// mask nothing twice (••••3f9a stays comparable)
		if !ea.past {
			ra = store.Masked(ra, ra.SecretHeaders...)
		}
		if !eb.past {
			rb = store.Masked(rb, rb.SecretHeaders...)
		}
		reveal = true
	}
	d := reqdiff.Compare(reqdiff.Side{Request: ra}, reqdiff.Side{Request: rb}, reqdiff.Options{Reveal: reveal, RevealHint: revealKey})
	label := func(n int, r probe.Request) string {
		return fmt.Sprintf("send #%d: %s %s", n, escape.Line(r.Method), probe.NewRedactor(r, reveal).URL(r.URL))
	}
	text := difftext.Diff(label(a, ra), label(b, rb), d, "To find the one that matters: g marks the accepted send good, b bisects the editor's request against it.")
	head := fmt.Sprintf("Diff of send #%d (A) and send #%d (B) · esc back to the list", a, b)
	return append([]string{head, ""}, strings.Split(strings.TrimRight(text, "\n"), "\n")...)
}
