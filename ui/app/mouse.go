package app

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The mouse: a click focuses the pane under it, picks a response tab or
// a check; the wheel scrolls the pane under the pointer. The keyboard
// stays complete; while a dialog is open the mouse does nothing.

// wheelRows is how far one wheel step scrolls.
const wheelRows = 3

// paneAt is the pane at screen cell (x, y), and the row inside its box
// (0: the top border); ok is false outside the panes.
func (m *model) paneAt(x, y int) (p pane, row int, ok bool) {
	top := 1 + len(m.vlines)
	if y < top || y >= top+m.bodyHeight() {
		return 0, 0, false
	}
	if x < m.req.width {
		return paneRequest, y - top, true
	}
	if y < top+m.chk.height {
		return paneChecks, y - top, true
	}
	return paneResponse, y - top - m.chk.height, true
}

func (m *model) mouse(msg tea.Msg) tea.Cmd {
	if m.overlay != nil {
		return nil
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		ms := msg.Mouse()
		if ms.Button != tea.MouseLeft {
			return nil
		}
		p, row, ok := m.paneAt(ms.X, ms.Y)
		if !ok {
			return nil
		}
		var cmd tea.Cmd
		if p != m.focus {
			cmd = m.setFocus(p, false)
		}
		switch {
		case p == paneChecks && !m.chk.detail && row >= 1:
			if i := m.chk.offset + row - 1; i < len(m.chk.findings) {
				m.chk.cursor = i
				m.chk.clamp()
			}
		case p == paneRequest && m.onOptionsRow(row):
			return tea.Batch(cmd, m.openOptions())
		case p == paneResponse && row == 1:
			if t, ok := m.resp.tabAt(m.styles, ms.X-m.req.width-2); ok {
				m.resp.SetTab(t)
			}
		}
		return cmd
	case tea.MouseWheelMsg:
		ms := msg.Mouse()
		p, _, ok := m.paneAt(ms.X, ms.Y)
		if !ok {
			return nil
		}
		d := wheelRows
		switch ms.Button {
		case tea.MouseWheelUp:
			d = -wheelRows
		case tea.MouseWheelDown:
		default:
			return nil
		}
		switch p {
		case paneChecks:
			if m.chk.detail {
				m.chk.vp.SetYOffset(max(0, m.chk.vp.YOffset()+d))
			} else {
				m.chk.cursor += d / wheelRows
				m.chk.clamp()
			}
		case paneResponse:
			vp := m.resp.vp()
			vp.SetYOffset(max(0, vp.YOffset()+d))
		}
	}
	return nil
}

// tabAt is the tab whose name is at column x of the tab bar (0: the
// bar's first cell), laid out as View lays it out.
func (r *responsePane) tabAt(s Styles, x int) (int, bool) {
	iw := r.innerW()
	widths := func(names [numTabs]string) []int {
		var w []int
		for i, n := range names {
			st := s.Tab
			if i == r.tab {
				st = s.TabActive
			}
			w = append(w, ansi.StringWidth(st.Render(n)))
		}
		return w
	}
	total := func(w []int, gap int) int {
		t := 0
		for _, n := range w {
			t += n
		}
		return t + gap*(len(w)-1)
	}
	w, gap := widths(tabNames), 2
	if total(w, gap) > iw {
		gap = 1
	}
	if total(w, gap) > iw {
		w = widths(shortTabNames)
	}
	at := 0
	for i, n := range w {
		if x >= at && x < at+n {
			return i, true
		}
		at += n + gap
	}
	return 0, false
}
