package app

import (
	"fmt"

	"github.com/why403/why403/probe"
)

// A captured exchange can be the good one of a bisection: g in the capture
// list marks it (the same mark as g in the History tab, which it replaces:
// one good at a time), and b on an opened exchange bisects the editor's
// request against it, through the History tab's bisection (bisect.go) with
// all its safety.

// capturedGood is the captured exchange marked good: its request as it
// went to the upstream, with the proxy's transport options.
type capturedGood struct {
	id    uint64
	req   probe.Request
	label string
}

// markCapturedGood is g on a row of the capture list: it becomes the good
// one; g on it again clears the mark. It says what it did in words.
func (m *model) markCapturedGood(it CaptureItem) string {
	c := &m.hc
	label := it.Label
	if label == "" {
		label = fmt.Sprintf("exchange #%d", it.ID)
	}
	if c.capGood != nil && c.capGood.id == it.ID {
		c.capGood = nil
		m.refreshHistory()
		return label + " is no longer marked good"
	}
	c.capGood = &capturedGood{id: it.ID, req: it.Request, label: label}
	c.good = 0 // one good at a time
	m.refreshHistory()
	return label + " marked good · open a refused one (" + capOpen.Help().Key + "), then " + m.keys.Bisect.Help().Key + " bisects it against this"
}

// capturedGoodID is the captured exchange marked good, 0 when none is.
func (m *model) capturedGoodID() uint64 {
	if m.hc.capGood == nil {
		return 0
	}
	return m.hc.capGood.id
}
