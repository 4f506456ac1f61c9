package app

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/ui/format"
)

// The response pane's search ("/", n/N). It searches a tab's logical
// lines, not its wrapped rows, so that a match the pane wraps over two
// rows is found; on the Response tab it searches every line of the kept
// body, past the format.MaxLines kept for display, and loads the lines
// around a match found there.

// searchLines is the tab's logical lines as formatted (the Timing tab is
// drawn for the width: its rows are its lines).
func (r *responsePane) searchLines(t int) []string {
	switch t {
	case tabHistory:
		return r.history
	case tabToken:
		return r.token
	case tabExperiments:
		return r.exp
	case tabTiming:
		return r.wrapped[tabTiming]
	}
	return r.data.lines[t]
}

// windowLines is the lines the tab shows: as formatted, or on the
// Response tab the ones loaded from r.window on.
func (r *responsePane) windowLines(t int) []string {
	if t != tabResponse || r.window == 0 {
		return r.data.lines[t]
	}
	return r.winLines
}

// windowOf is the Response tab's lines from logical line from on (0: as
// formatted); it reads d only.
func windowOf(d *tabLines, from int) []string {
	if from == 0 || d.resp == nil {
		return d.lines[tabResponse]
	}
	lines := format.ResponseFrom(d.resp, d.red, from-d.respAt)
	return append(lines, d.warn...)
}

// windowIndex is where logical line l of the tab is in windowLines.
func (r *responsePane) windowIndex(t, l int) int {
	if t != tabResponse || r.window == 0 {
		return l
	}
	return l - r.window + 1 // after the line counting those before
}

// searchDoneMsg is a search's result, found off the Update loop (a
// whole body is formatted again to search it: up to a second for 10 MiB).
type searchDoneMsg struct {
	id   int
	hits []format.Hit
}

// windowMsg is the Response tab's lines from a logical line on, wrapped,
// loaded off the Update loop to show a match past the lines it holds.
type windowMsg struct {
	id, from, width int
	lines           []string // logical, as windowOf gives them
	rows            []string
	starts          []int
}

// runSearch searches the current tab for q: at once for the tabs held in
// memory, in a command for the Response tab's whole body.
func (r *responsePane) runSearch(q string) tea.Cmd {
	r.searchID++
	r.query, r.hits, r.match, r.pending = q, nil, -1, false
	r.marks, r.cur = nil, nil
	r.show()
	if q == "" {
		return nil
	}
	if r.tab != tabResponse || r.data.resp == nil {
		r.hits = format.SearchLines(r.searchLines(r.tab), q)
		r.mark()
		return r.jump(1)
	}
	r.pending = true
	id, d := r.searchID, r.data
	return func() tea.Msg { return searchDoneMsg{id: id, hits: searchResponseTab(&d, q)} }
}

func (r *responsePane) searchDone(msg searchDoneMsg) tea.Cmd {
	if msg.id != r.searchID || r.tab != tabResponse {
		return nil // a later search, tab or exchange
	}
	r.pending = false
	r.hits = msg.hits
	r.mark()
	return r.jump(1)
}

// searchResponseTab finds q in every logical line of the Response tab:
// the failure lines, the whole body as formatted (past the lines kept),
// the warnings. It reads d only: it runs in a command.
func searchResponseTab(d *tabLines, q string) []format.Hit {
	hits := format.SearchLines(d.lines[tabResponse][:d.respAt], q)
	more, n := format.SearchResponse(d.resp, d.red, q)
	for _, h := range more {
		h.Line += d.respAt
		hits = append(hits, h)
	}
	for _, h := range format.SearchLines(d.warn, q) {
		h.Line += d.respAt + n
		hits = append(hits, h)
	}
	return hits[:min(len(hits), format.MaxHits)]
}

func (r *responsePane) clearSearch() {
	r.searchID++
	r.query, r.hits, r.marks, r.cur, r.pending = "", nil, nil, nil, false
	if r.window > 0 {
		r.window, r.winLines = 0, nil
		r.rewrapTab(tabResponse)
	}
}

// jump shows the next (d=1) or previous (d=-1) match; when the tab's
// lines do not hold it, a command loads the lines around it.
func (r *responsePane) jump(d int) tea.Cmd {
	if len(r.hits) == 0 || r.pending {
		return nil
	}
	r.match = (r.match + d + len(r.hits)) % len(r.hits)
	h := r.hits[r.match]
	if _, ok := r.hitRows(h); !ok && r.tab == tabResponse && r.data.resp != nil {
		from := 0
		if h.Line >= r.data.respAt+3 {
			from = h.Line - 3 // a few lines of context above
		}
		if from != r.window {
			r.pending = true
			r.searchID++
			id, dt, w := r.searchID, r.data, r.innerW()
			return func() tea.Msg {
				lines := windowOf(&dt, from)
				rows, starts := format.WrapIndex(lines, w)
				return windowMsg{id: id, from: from, width: w, lines: lines, rows: rows, starts: starts}
			}
		}
	}
	r.markCurrent()
	r.land()
	return nil
}

// land scrolls to the shown match.
func (r *responsePane) land() {
	if r.match < 0 || r.match >= len(r.hits) {
		return
	}
	if p, _ := r.hitRows(r.hits[r.match]); len(p) > 0 {
		r.vp().SetYOffset(max(0, p[0].row-1))
	}
}

func (r *responsePane) windowDone(msg windowMsg) {
	if msg.id != r.searchID || r.tab != tabResponse {
		return
	}
	r.pending = false
	r.window, r.winLines = msg.from, msg.lines
	if msg.width != r.innerW() {
		r.rewrapTab(tabResponse) // resized meanwhile
	} else {
		r.wrapped[tabResponse], r.starts[tabResponse] = msg.rows, msg.starts
		r.stale[tabResponse] = true
	}
	r.show()
	r.mark()
	r.land()
}

// piece is the part of a hit on one row: bytes [from, to) of the row.
type piece struct{ row, from, to int }

// hitRows maps a hit to the rows it covers; ok is false when the tab's
// lines do not hold it (past the lines kept, or a summary row).
func (r *responsePane) hitRows(h format.Hit) ([]piece, bool) {
	t := r.tab
	wl := r.windowIndex(t, h.Line)
	starts, rows := r.starts[t], r.wrapped[t]
	if wl < 0 || wl >= len(starts) {
		return nil, false
	}
	end := len(rows)
	if wl+1 < len(starts) {
		end = starts[wl+1]
	}
	var out []piece
	var text strings.Builder
	off := 0
	for row := starts[wl]; row < end && off < h.End; row++ {
		n := len(rows[row])
		if a, b := max(h.Start, off), min(h.End, off+n); a < b {
			out = append(out, piece{row, a - off, b - off})
			text.WriteString(rows[row][a-off : b-off])
		}
		off += n
	}
	// the rows must hold the match itself: a summary row or rows that do
	// not join into the line (indented Experiments rows) do not
	if !strings.EqualFold(text.String(), r.query) {
		if len(out) > 0 {
			return []piece{{row: out[0].row}}, false
		}
		return nil, false
	}
	return out, true
}

// mark computes the highlighted ranges of the current tab's rows: every
// hit's, once per search or change of the rows, then the shown match's.
func (r *responsePane) mark() {
	r.marks = nil
	if len(r.hits) > 0 {
		r.marked++
		r.marks = map[int][][2]int{}
		for _, h := range r.hits {
			ps, ok := r.hitRows(h)
			if !ok {
				continue
			}
			for _, p := range ps {
				r.marks[p.row] = append(r.marks[p.row], [2]int{p.from, p.to})
			}
		}
	}
	r.markCurrent()
}

// markCurrent computes the shown match's ranges (n and N move it).
func (r *responsePane) markCurrent() {
	r.cur = nil
	if r.match < 0 || r.match >= len(r.hits) {
		return
	}
	ps, ok := r.hitRows(r.hits[r.match])
	if !ok {
		return
	}
	r.cur = map[int][2]int{}
	for _, p := range ps {
		r.cur[p.row] = [2]int{p.from, p.to}
	}
}

// highlighted is the viewport's rows with the matches on them styled.
func (r *responsePane) highlighted(s Styles) []string {
	vp := r.vp()
	out := strings.Split(vp.View(), "\n")
	if len(r.marks) == 0 || r.stale[r.tab] {
		return out
	}
	rows := r.wrapped[r.tab]
	cur := s.Match.Bold(true).Underline(true)
	for i := range out {
		y := vp.YOffset() + i
		ms := r.marks[y]
		if len(ms) == 0 || y >= len(rows) || strings.Contains(rows[y], "\x1b") {
			continue
		}
		row := rows[y]
		var b strings.Builder
		at := 0
		for _, m := range ms {
			if m[0] < at || m[1] > len(row) {
				continue
			}
			st := s.Match
			if c, ok := r.cur[y]; ok && c == m {
				st = cur
			}
			b.WriteString(row[at:m[0]])
			b.WriteString(st.Render(row[m[0]:m[1]]))
			at = m[1]
		}
		b.WriteString(row[at:])
		pad := max(0, ansi.StringWidth(out[i])-ansi.StringWidth(row))
		out[i] = b.String() + strings.Repeat(" ", pad)
	}
	return out
}
