package app

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// filterList is the cursor and the filter of a picker that filters as you
// type: the scenario picker and the saved-request picker.
type filterList struct {
	at     int    // index into shown
	filter string // what was typed
	shown  []int  // the indexes of the items the filter keeps
}

// refilter keeps the indexes i < n whose item keep accepts (all of them
// when nothing was typed), and keeps the cursor on the list.
func (l *filterList) refilter(n int, keep func(i int) bool) {
	l.shown = l.shown[:0:0]
	for i := range n {
		if l.filter == "" || keep(i) {
			l.shown = append(l.shown, i)
		}
	}
	l.at = min(l.at, max(0, len(l.shown)-1))
}

// move is ↑ and ↓; it reports whether k was one of them.
func (l *filterList) move(k tea.KeyPressMsg) bool {
	switch {
	case key.Matches(k, dlgUp):
		l.at = max(0, l.at-1)
	case key.Matches(k, dlgDown):
		l.at = max(0, min(len(l.shown)-1, l.at+1))
	default:
		return false
	}
	return true
}

// typed edits the filter with k; it reports whether k changed it.
func (l *filterList) typed(k tea.KeyPressMsg) bool {
	f, ok := typeFilter(l.filter, k)
	if ok {
		l.filter = f
	}
	return ok
}

// first is where a window of rows lines starts, so that the cursor is in
// it, near its middle.
func (l filterList) first(rows int) int {
	return max(0, min(l.at-rows/2, len(l.shown)-rows))
}
