package app

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/ui/escape"
)

// checksPane is the live checklist: the preflight findings while editing,
// the full report after a send.
type checksPane struct {
	// keys are the app's, for the keys its rows name.
	keys *keyMap
	// findings are the rows shown: all, with the passing ones folded into
	// one row until it is opened (enter).
	findings []checks.Finding
	all      []checks.Finding
	unfolded bool
	report   *checks.Report // nil: preflight
	noAnswer string         // the failed phase when the send got no response
	edited   bool           // the request changed since the report
	cursor   int
	offset   int
	detail   bool
	focused  bool
	width    int
	height   int
	// vp scrolls the details of one check (its evidence can be longer
	// than the pane); its lines are built when the details open and on
	// resize, never per frame.
	vp     viewport.Model
	styles Styles
}

func newChecksPane(s Styles, km *keyMap) checksPane {
	vp := viewport.New()
	vp.KeyMap.Left.SetEnabled(false)
	vp.KeyMap.Right.SetEnabled(false)
	return checksPane{vp: vp, styles: s, keys: km}
}

// SetStyles rebuilds the details' lines in new styles (background change).
func (c *checksPane) SetStyles(s Styles) {
	c.styles = s
	if c.detail {
		c.buildDetail(false)
	}
}

// SetPreflight shows the findings of checks.Preflight; edited says a
// report existed and the request has changed since.
func (c *checksPane) SetPreflight(fs []checks.Finding, edited bool) {
	c.setRows(order(fs, nil))
	c.report = nil
	c.edited = edited
	c.clamp()
	if c.detail {
		if len(c.findings) == 0 {
			c.detail = false
		} else {
			c.buildDetail(false)
		}
	}
}

// SetReport shows a send's judgement; noAnswer is the phase that failed
// when no response came ("" when one did).
func (c *checksPane) SetReport(r checks.Report, noAnswer string) {
	c.report = &r
	c.noAnswer = noAnswer
	c.unfolded = false
	c.setRows(groupSkips(order(r.Findings, r.Likely)))
	c.edited = false
	c.cursor, c.offset, c.detail = 0, 0, false
}

// passedFold is the ID of the row that stands for the passing checks.
const passedFold = "\x00passed"

// setRows shows fs, the passing ones folded into one row ("18 checks
// passed") unless the user opened it: what failed is what is read.
func (c *checksPane) setRows(fs []checks.Finding) {
	c.all = fs
	if c.unfolded {
		c.findings = fs
		return
	}
	passed := 0
	for _, f := range fs {
		if f.Status == checks.Pass {
			passed++
		}
	}
	if passed < 2 {
		c.findings = fs
		return
	}
	out := make([]checks.Finding, 0, len(fs)-passed+1)
	for _, f := range fs {
		if f.Status != checks.Pass {
			out = append(out, f)
			continue
		}
		if passed > 0 {
			title := fmt.Sprintf("%d checks passed", passed)
			out = append(out, checks.Finding{ID: passedFold, Status: checks.Pass, Title: title})
			passed = 0
		}
	}
	c.findings = out
}

// Rows is how many rows the list has: the pane's height wants as many.
func (c *checksPane) Rows() int { return len(c.findings) }

// order puts the likely causes first (in their rank), then the other
// failures, warnings, passes and skips: the pane is short.
func order(fs []checks.Finding, likely []string) []checks.Finding {
	rank := func(f checks.Finding) int {
		if i := slices.Index(likely, f.ID); i >= 0 {
			return i
		}
		base := len(likely)
		switch f.Status {
		case checks.Fail:
			return base
		case checks.Warn:
			return base + 1
		case checks.Pass:
			return base + 2
		}
		return base + 3
	}
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b checks.Finding) int { return rank(a) - rank(b) })
	return out
}

// groupSkips folds skipped checks that share one reason and evidence into
// a single row ("21 checks not judged: no response: connect error"): a
// pane of identical lines hides the few that say something. The row's
// details list the checks folded in (the ui/report text does the same).
func groupSkips(fs []checks.Finding) []checks.Finding {
	const fold = 3 // fewer than this read fine one per line
	key := func(f checks.Finding) string { return f.Title + "\x00" + strings.Join(f.Evidence, "\x00") }
	ids := map[string][]string{}
	for _, f := range fs {
		if f.Status == checks.Skip {
			ids[key(f)] = append(ids[key(f)], f.ID)
		}
	}
	var out []checks.Finding
	done := map[string]bool{}
	for _, f := range fs {
		k := key(f)
		if f.Status != checks.Skip || len(ids[k]) < fold {
			out = append(out, f)
			continue
		}
		if done[k] {
			continue
		}
		done[k] = true
		g := f
		g.ID = fmt.Sprintf("%d checks", len(ids[k]))
		g.Title = fmt.Sprintf("%d checks not judged: %s", len(ids[k]), f.Title)
		g.Evidence = append([]string{"checks: " + strings.Join(ids[k], ", ")}, f.Evidence...)
		out = append(out, g)
	}
	return out
}

// Title is the pane's border title, with the scroll position when the
// list is longer than the pane.
func (c *checksPane) Title() string {
	t := "Checks · before sending"
	switch {
	case c.report != nil:
		fail, warn := 0, 0
		for _, f := range c.all {
			switch f.Status {
			case checks.Fail:
				fail++
			case checks.Warn:
				warn++
			}
		}
		t = fmt.Sprintf("Checks · %d failed · %d warning", fail, warn)
		if warn != 1 {
			t += "s"
		}
		if c.noAnswer != "" {
			t = "Checks · no response (" + c.noAnswer + " error)"
		}
	case c.edited:
		t = "Checks · edited, before sending"
	}
	if rows := max(1, c.height-2); len(c.findings) > rows && !c.detail {
		t += fmt.Sprintf(" · %d–%d of %d", c.offset+1, min(len(c.findings), c.offset+rows), len(c.findings))
	}
	return t
}

func (c *checksPane) SetSize(w, h int) {
	c.width, c.height = w, h
	c.clamp()
	if c.detail {
		c.buildDetail(false)
	}
}

func (c *checksPane) clamp() {
	c.cursor = min(max(0, c.cursor), max(0, len(c.findings)-1))
	rows := max(1, c.height-2)
	if c.cursor < c.offset {
		c.offset = c.cursor
	}
	if c.cursor >= c.offset+rows {
		c.offset = c.cursor - rows + 1
	}
	c.offset = max(0, min(c.offset, len(c.findings)-rows))
}

func (c checksPane) Update(msg tea.Msg, km keyMap) (checksPane, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || !c.focused {
		return c, nil
	}
	if c.detail {
		if key.Matches(k, km.Back) {
			c.detail = false
			return c, nil
		}
		var cmd tea.Cmd
		c.vp, cmd = c.vp.Update(k)
		return c, cmd
	}
	switch {
	case key.Matches(k, km.Up):
		c.cursor--
	case key.Matches(k, km.Down):
		c.cursor++
	case key.Matches(k, km.Details) && c.cursor < len(c.findings) && c.findings[c.cursor].ID == passedFold:
		// the folded row opens into the passing checks
		c.unfolded = true
		c.setRows(c.all)
	case key.Matches(k, km.Details):
		if len(c.findings) > 0 {
			c.detail = true
			c.buildDetail(true)
		}
	}
	c.clamp()
	return c, nil
}

// Help is the pane's keys that apply: the list's, or the details'.
func (c *checksPane) Help(km keyMap) []key.Binding {
	switch {
	case c.detail:
		return []key.Binding{km.Back, km.PageDown, km.PageUp, km.Up, km.Down}
	case len(c.findings) > 0:
		return []key.Binding{km.Details, km.Up, km.Down}
	}
	return nil
}

func symbol(s Styles, st checks.Status) string {
	switch st {
	case checks.Fail:
		return s.Fail.Render("✗")
	case checks.Warn:
		return s.Warn.Render("!")
	case checks.Pass:
		return s.Pass.Render("✓")
	}
	return s.Skip.Render("–")
}

// View draws the inner lines.
func (c *checksPane) View(s Styles) []string {
	iw := max(1, c.width-3)
	if c.detail && c.cursor < len(c.findings) {
		return c.detailView(s)
	}
	rows := max(1, c.height-2)
	var out []string
	for i := c.offset; i < len(c.findings) && len(out) < rows; i++ {
		f := c.findings[i]
		text := escape.Line(f.Title)
		if ev := decisiveEvidence(f.Evidence); ev != "" {
			text += s.Dim.Render("  " + escape.Line(ev))
		}
		if f.ID == passedFold {
			text += s.Dim.Render("  " + keyName(c.keys.Details) + ": all")
		}
		line := ansi.Truncate(text, iw-2, "…")
		if f.Status == checks.Skip {
			line = s.Skip.Render(ansi.Strip(line))
		}
		if c.focused && i == c.cursor {
			line = s.Selected.Render(ansi.Strip(line))
		}
		out = append(out, symbol(s, f.Status)+" "+line)
	}
	return out
}

// detailRows is the details viewport's height: the pane minus its
// borders and the footer line.
func (c *checksPane) detailRows() int { return max(1, c.height-3) }

// buildDetail lays out the selected check's title, evidence and fix at
// the pane's width and loads them into the viewport; top scrolls back to
// the first line.
func (c *checksPane) buildDetail(top bool) {
	if c.cursor >= len(c.findings) {
		return
	}
	s := c.styles
	iw := max(1, c.width-3)
	f := c.findings[c.cursor]
	var out []string
	for _, l := range wrapPlain(escape.Line(f.Title), iw-2) {
		if len(out) == 0 {
			out = append(out, symbol(s, f.Status)+" "+s.Bold.Render(l))
		} else {
			out = append(out, "  "+s.Bold.Render(l))
		}
	}
	out = append(out, s.Dim.Render(escape.Line(f.ID)+" · "+escape.Line(string(f.Status))))
	for _, e := range f.Evidence {
		for _, l := range wrapPlain(escape.Line(e), iw-2) {
			out = append(out, "  "+l)
		}
	}
	if f.Fix != "" {
		out = append(out, s.Bold.Render("Fix"))
		for _, l := range wrapPlain(escape.Line(f.Fix), iw-2) {
			out = append(out, "  "+l)
		}
	}
	off := c.vp.YOffset()
	c.vp.SetWidth(iw)
	c.vp.SetHeight(c.detailRows())
	c.vp.SetContentLines(out)
	if top {
		c.vp.GotoTop()
	} else {
		c.vp.SetYOffset(off)
	}
}

// detailView is the viewport and a footer that says whether there is more.
func (c *checksPane) detailView(s Styles) []string {
	out := strings.Split(c.vp.View(), "\n")
	back := keyName(c.keys.Back) + " back"
	foot := back
	if c.vp.TotalLineCount() > c.vp.VisibleLineCount() {
		foot = fmt.Sprintf("↑/↓ %s/%s scroll · %d%% · %s", keyName(c.keys.PageUp), keyName(c.keys.PageDown), int(c.vp.ScrollPercent()*100+0.5), back)
	}
	return append(out, s.Dim.Render(foot))
}
