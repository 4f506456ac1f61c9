package app

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/format"
)

// Response tabs, in the order shown.
const (
	tabResponse = iota
	tabRequest
	tabTiming
	tabTLS
	tabToken
	tabExperiments
	tabHistory
	numTabs
)

var tabNames = [numTabs]string{"Response", "Request", "Timing", "TLS", "Token", "Experiments", "History"}

// shortTabNames are used when the full names do not fit (80 columns).
var shortTabNames = [numTabs]string{"Response", "Request", "Timing", "TLS", "Token", "Exp", "History"}

// tabLines are the logical lines of each tab, formatted once per send (in
// a command, off the Update loop); Timing is drawn per width instead.
type tabLines struct {
	lines  [numTabs][]string
	timing *probe.Timing
	// resp (redacted) and red let a search go past the lines kept for
	// the Response tab; its lines start at respAt, after the failure.
	resp   *probe.Response
	red    probe.Redactor
	respAt int
	warn   []string
}

// formatExchange formats ex for the tabs. It escapes everything it takes
// from the exchange (format does so for the response-side text).
// The redactor is the request's: it masks the request side and the
// request's own secrets wherever the server's side echoes them.
func formatExchange(ex probe.Exchange, red probe.Redactor) tabLines {
	ex = red.Exchange(ex)
	var t tabLines
	var resp []string
	if ex.Err != nil {
		resp = append(resp, format.Failure(ex.Err)...)
		if ex.Response != nil {
			resp = append(resp, "")
		}
	}
	if ex.Response != nil {
		t.resp, t.red, t.respAt = ex.Response, red, len(resp)
		resp = append(resp, format.Response(ex.Response, red)...)
	}
	for _, w := range ex.Warnings {
		t.warn = append(t.warn, "! "+escape.Line(w))
	}
	resp = append(resp, t.warn...)
	t.lines[tabResponse] = resp
	var req []string
	for i, h := range ex.Hops {
		req = append(req, fmt.Sprintf("── redirect %d: %d → %s", i+1, h.Status, escape.Line(h.Location)))
		req = append(req, format.Request(h.Request, red)...)
		req = append(req, "")
	}
	if ex.Request.Method != "" {
		req = append(req, format.Request(ex.Request, red)...)
	}
	t.lines[tabRequest] = req
	if ex.TLS != nil {
		t.lines[tabTLS] = format.TLS(ex.TLS)
	} else {
		t.lines[tabTLS] = []string{"(no TLS: plain HTTP, or no handshake)"}
	}
	if ex.Request.Method != "" || ex.Response != nil {
		tm := ex.Timing
		t.timing = &tm
	}
	return t
}

// responsePane shows the tabs of the last exchange.
type responsePane struct {
	tab  int
	data tabLines
	has  bool
	// sending: a send is in flight (the empty tabs say so)
	sending bool
	// outdated: the request was edited since this response (the title
	// says so)
	outdated bool
	history  []string // the History tab, kept by the root
	token    []string // the Token tab, kept by the root
	// exp is the Experiments tab, kept by the root: one line per row;
	// expSel is the selected line (-1: none), kept in view.
	exp     []string
	expSel  int
	wrapped [numTabs][]string
	wrapW   int
	// offsets are where each tab scrolls to when its lines are next
	// loaded (a new exchange: the top; a rewrap: where the reader was).
	offsets [numTabs]int
	// vps holds one viewport per tab, so that switching tabs does not
	// reload (and re-measure, O(body)) the content; stale marks a tab
	// whose wrapped lines changed since its viewport was loaded.
	vps   [numTabs]viewport.Model
	stale [numTabs]bool

	searching bool
	search    textinput.Model
	query     string
	// hits are the search's matches in the tab's logical lines, all of
	// them (for the Response tab past the lines kept, see window);
	// match is the one shown.
	hits  []format.Hit
	match int
	// window is the logical line the Response tab's lines start at (0:
	// the lines as formatted; more: loaded to show a match past them);
	// winLines are the lines loaded, kept so that a resize wraps them
	// again instead of reading the whole body again.
	window   int
	winLines []string
	// starts is the row each logical line of the tab starts at.
	starts [numTabs][]int
	// marks are the rows' highlighted byte ranges; cur is the shown
	// match's.
	marks map[int][][2]int
	cur   map[int][2]int
	// marked counts the times every hit is marked, for the test that n
	// and N move the shown match only.
	marked int
	// searchID tells a search's or a window's late result from the
	// current one's: each new search, tab or exchange moves it on.
	searchID int
	pending  bool // a search or a window load is running

	focused bool
	width   int
	height  int
	// cleaned counts format characters replaced in the search field.
	cleaned int
	// keys are the app's, for the keys the empty tabs name.
	keys *keyMap
}

func newResponsePane(km *keyMap) responsePane {
	r := responsePane{search: newInput("search"), keys: km}
	r.search.Prompt = "/"
	for t := range r.vps {
		vp := viewport.New()
		vp.KeyMap.Left.SetEnabled(false)
		vp.KeyMap.Right.SetEnabled(false)
		r.vps[t] = vp
		r.stale[t] = true
	}
	return r
}

// vp is the current tab's viewport.
func (r *responsePane) vp() *viewport.Model { return &r.vps[r.tab] }

// SetData shows a new exchange's lines, wrapped at the current width.
func (r *responsePane) SetData(d tabLines) {
	r.data = d
	r.has = true
	// a new exchange opens every tab at its top
	r.offsets = [numTabs]int{}
	for t := range r.stale {
		r.stale[t] = true
	}
	r.query, r.hits, r.window, r.winLines, r.pending = "", nil, 0, nil, false
	r.searchID++
	r.rewrap(true)
}

// SetToken replaces the Token tab's lines (formatted by the root when the
// token changes).
func (r *responsePane) SetToken(lines []string) {
	r.token = lines
	r.rewrapTab(tabToken)
	if r.tab == tabToken {
		r.show()
	}
}

// SetExperiments replaces the Experiments tab's lines; sel (a line of
// lines, or -1) is scrolled into view.
func (r *responsePane) SetExperiments(lines []string, sel int) {
	r.exp, r.expSel = lines, sel
	r.rewrapTab(tabExperiments)
	if r.tab == tabExperiments {
		r.show()
	}
}

// expSpan is where line expSel of the Experiments tab lands once
// wrapped (rewrapTab): its first and last row; ok is false when nothing
// is selected.
func (r *responsePane) expSpan() (first, last int, ok bool) {
	t := tabExperiments
	if r.expSel < 0 || r.expSel >= len(r.starts[t]) {
		return 0, 0, false
	}
	last = len(r.wrapped[t]) - 1
	if r.expSel+1 < len(r.starts[t]) {
		last = r.starts[t][r.expSel+1] - 1
	}
	return r.starts[t][r.expSel], last, true
}

// appendProse wraps a prose line (the Experiments tab) at spaces onto
// out, the rows after its first indented under its text.
func appendProse(out []string, l string, width int) []string {
	first := wrapPlain(l, width)
	if len(first) <= 1 {
		return append(out, first...)
	}
	out = append(out, first[0])
	rest := strings.TrimLeft(strings.Join(first[1:], " "), " ")
	for _, c := range wrapPlain(rest, max(1, width-4)) {
		out = append(out, "    "+c)
	}
	return out
}

// SetHistory replaces the History tab's lines.
func (r *responsePane) SetHistory(lines []string) {
	r.history = lines
	r.rewrapTab(tabHistory)
	if r.tab == tabHistory {
		r.show()
	}
}

func (r *responsePane) innerW() int { return max(1, r.width-3) }

// rows is the viewport's height: the pane minus borders and the tab line
// (and the search line while searching).
func (r *responsePane) rows() int {
	h := r.height - 3
	if r.searching || r.query != "" {
		h--
	}
	return max(1, h)
}

func (r *responsePane) SetSize(w, h int) {
	r.width, r.height = w, h
	r.search.SetWidth(max(1, r.innerW()-2))
	r.rewrap(r.wrapW != r.innerW())
}

// rewrap wraps every tab at the pane width; it runs once per resize and
// once per send, never per frame.
func (r *responsePane) rewrap(all bool) {
	if all {
		for t := range numTabs {
			r.rewrapTab(t)
		}
		r.wrapW = r.innerW()
	}
	r.rewrapTab(tabTiming) // drawn for the width
	r.show()
}

func (r *responsePane) rewrapTab(t int) {
	if !r.stale[t] {
		// keep where the reader scrolled to across the reload
		r.offsets[t] = r.vps[t].YOffset()
	}
	w := r.innerW()
	switch t {
	case tabTiming:
		if r.data.timing != nil {
			r.wrapped[t] = format.Timing(*r.data.timing, w)
		} else {
			r.wrapped[t] = nil
		}
	case tabHistory:
		r.wrapped[t], r.starts[t] = format.WrapIndex(r.history, w)
	case tabToken:
		r.wrapped[t], r.starts[t] = format.WrapIndex(r.token, w)
	case tabExperiments:
		// each line wrapped once: its first row is where it starts
		var rows []string
		starts := r.starts[t][:0]
		for _, l := range r.exp {
			starts = append(starts, len(rows))
			rows = appendProse(rows, l, w)
		}
		r.wrapped[t], r.starts[t] = rows, starts
		if first, last, ok := r.expSpan(); ok {
			off := r.offsets[t]
			rows := r.rows()
			off = min(off, first)
			if last >= off+rows {
				off = max(first, last-rows+1)
			}
			r.offsets[t] = off
		}
	default:
		r.wrapped[t], r.starts[t] = format.WrapIndex(r.windowLines(t), w)
	}
	r.stale[t] = true
	if t == r.tab {
		r.mark()
	}
	if t != r.tab {
		// drop the old lines now: a hidden tab need not hold a second
		// copy of a big body until it is shown
		r.vps[t].SetContentLines(nil)
	}
}

// show sizes the current tab's viewport and loads its lines if they
// changed since (the load measures every line: O(body), not per key).
func (r *responsePane) show() {
	vp := r.vp()
	vp.SetWidth(r.innerW())
	vp.SetHeight(r.rows())
	if r.stale[r.tab] {
		lines := r.wrapped[r.tab]
		if len(lines) == 0 {
			lines = wrapPlain(r.empty(), r.innerW()) // at spaces, not cut
		}
		// SetContentLines splits in place lines holding "\n"; wrapped
		// lines have none, so the slice is not copied.
		vp.SetContentLines(lines)
		vp.SetYOffset(r.offsets[r.tab])
		r.stale[r.tab] = false
		return
	}
	// SetHeight does not clamp: a taller pane must not scroll past the end
	vp.SetYOffset(vp.YOffset())
}

func (r *responsePane) empty() string {
	switch {
	case r.tab == tabHistory:
		return "(no sends yet)"
	case r.tab == tabExperiments:
		return "After a refused send, " + keyName(r.keys.Experiments) + " tries variants of it, one change each."
	case !r.has && r.sending:
		return "Sending… (" + keyName(r.keys.Cancel) + " cancels)"
	case !r.has:
		return "Press " + keyName(r.keys.Send) + " to send the request."
	case r.tab == tabTiming:
		return "(no timing: nothing was sent)"
	}
	return "(empty)"
}

// SetSending says whether a send is in flight; before the first answer
// the empty tabs say so instead of asking for ctrl+s.
func (r *responsePane) SetSending(on bool) {
	r.sending = on
	if !r.has {
		for t := range numTabs {
			if len(r.wrapped[t]) == 0 {
				r.stale[t] = true // shows empty(), which changed
			}
		}
		r.show()
	}
}

func (r *responsePane) SetTab(t int) {
	r.clearSearch()
	r.searching = false
	r.tab = (t + numTabs) % numTabs
	r.show()
}

// Typing: the search field takes the keys.
func (r *responsePane) Typing() bool { return r.focused && r.searching }

// Help is the pane's keys that apply: none while the search line has
// them.
func (r *responsePane) Help(km keyMap) []key.Binding {
	if r.searching {
		return nil
	}
	out := []key.Binding{km.Search}
	if len(r.hits) > 0 {
		out = append(out, km.NextMatch, km.PrevMatch)
	}
	return append(out, km.TabLeft, km.TabRight, km.PageDown, km.PageUp, km.Up, km.Down)
}

func (r responsePane) Update(msg tea.Msg, km keyMap) (responsePane, tea.Cmd) {
	switch msg := msg.(type) {
	case searchDoneMsg:
		return r, r.searchDone(msg)
	case windowMsg:
		r.windowDone(msg)
		return r, nil
	}
	if !r.focused {
		return r, nil
	}
	if r.searching {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch k.String() {
			case "enter":
				r.searching = false
				r.search.Blur()
				return r, r.runSearch(r.search.Value())
			case "esc":
				r.searching = false
				r.search.Blur()
				r.clearSearch()
				r.show()
				return r, nil
			}
		}
		var cmd tea.Cmd
		r.search, cmd = r.search.Update(msg)
		r.cleaned += cleanInput(&r.search)
		return r, cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return r, nil
	}
	switch {
	case key.Matches(k, km.TabLeft):
		r.SetTab(r.tab - 1)
	case key.Matches(k, km.TabRight):
		r.SetTab(r.tab + 1)
	case key.Matches(k, km.Search):
		r.searching = true
		r.search.SetValue("")
		r.show()
		return r, r.search.Focus()
	case key.Matches(k, km.NextMatch):
		return r, r.jump(1)
	case key.Matches(k, km.PrevMatch):
		return r, r.jump(-1)
	case k.String() == "esc" && (r.query != "" || r.window > 0):
		r.clearSearch()
		r.show()
	default:
		vp, cmd := r.vp().Update(msg)
		r.vps[r.tab] = vp
		return r, cmd
	}
	return r, nil
}

// Title is the pane's border title, with the scroll position when the
// tab is longer than the pane.
func (r *responsePane) Title() string {
	t := "Response"
	if r.outdated && r.has {
		t += " · stale: of the last send, not of the request as edited"
	}
	if r.tab == tabResponse && r.window > 0 {
		// the rows count from the window's first line, which says how
		// many came before
		t += fmt.Sprintf(" · from line %d", r.window+1)
	}
	vp := &r.vps[r.tab]
	n := vp.TotalLineCount()
	if n <= vp.VisibleLineCount() || vp.VisibleLineCount() == 0 {
		return t
	}
	first := vp.YOffset() + 1
	return fmt.Sprintf("%s · %d–%d of %d", t, first, min(n, first+vp.VisibleLineCount()-1), n)
}

// View draws the inner lines: tab bar, content, search line.
func (r *responsePane) View(s Styles) []string {
	iw := r.innerW()
	tabs := func(names [numTabs]string) []string {
		var out []string
		for i, n := range names {
			if i == r.tab {
				out = append(out, s.TabActive.Render(n))
			} else {
				out = append(out, s.Tab.Render(n))
			}
		}
		return out
	}
	bar := strings.Join(tabs(tabNames), "  ")
	if ansi.StringWidth(bar) > iw {
		bar = strings.Join(tabs(tabNames), " ")
	}
	if ansi.StringWidth(bar) > iw {
		bar = strings.Join(tabs(shortTabNames), " ") // 80 columns: every tab still fits
	}
	out := []string{ansi.Truncate(bar, iw, "…")}
	out = append(out, r.highlighted(s)...)
	switch {
	case r.searching:
		out = append(out, r.search.View())
	case r.query != "":
		info := fmt.Sprintf("/%s  no match", escape.Line(r.query))
		switch {
		case r.pending && len(r.hits) == 0:
			info = fmt.Sprintf("/%s  searching the whole body…", escape.Line(r.query))
		case r.pending:
			info = fmt.Sprintf("/%s  match %d of %d: loading its lines…", escape.Line(r.query), r.match+1, len(r.hits))
		case len(r.hits) > 0:
			info = fmt.Sprintf("/%s  match %d of %d (%s/%s)", escape.Line(r.query), r.match+1, len(r.hits), keyName(r.keys.NextMatch), keyName(r.keys.PrevMatch))
		}
		out = append(out, s.Notice.Render(info))
	}
	return out
}
