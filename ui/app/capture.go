package app

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/store"
)

// The capture list is the capture proxy's screen: one row per exchange
// the app sent through it, as they pass, refusals in red with their cause
// in words. enter opens an exchange in the usual view (the model), esc
// comes back. The rows arrive through a CaptureFeed, off the forwarding
// path.

// CaptureItem is one exchange the proxy forwarded and judged.
type CaptureItem struct {
	ID         uint64
	Start, End time.Time
	// Target is the request target as the app sent it.
	Target string
	// Answered is the status the proxy gave the app itself (a 502 when
	// the upstream failed), 0 when it forwarded the upstream's.
	Answered int
	// Notes are what the proxy changed about the evidence, in words.
	Notes []string
	// Captured is what enter opens.
	Captured
	// Judge is set on an exchange the proxy forwarded but did not judge
	// (judging fell behind a burst): its row says so, and enter judges
	// it then, as the user's act, and opens it judged.
	Judge func() CaptureItem
}

// CaptureOptions start the capture list.
type CaptureOptions struct {
	Feed *CaptureFeed
	// Title says where the proxy listens and where it forwards.
	Title string
	// App starts the view an exchange opens in (Reveal, OpenStore...).
	App Options
}

// maxCaptureRows and maxCaptureBytes bound what the list keeps: past
// them the oldest exchanges go, and the header says how many.
const (
	maxCaptureRows  = 2000
	maxCaptureBytes = 64 << 20
)

// captureKeys are the list's own keys.
var (
	capOpen     = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open"))
	capRefused  = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refusals only"))
	capUp       = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	capDown     = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	capPageUp   = key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up"))
	capPageDown = key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down"))
	capEnd      = key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end", "follow"))
	capBack     = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the list"))
)

type captureModel struct {
	ctx   context.Context
	feed  *CaptureFeed
	title string
	app   model
	// open: the app's view shows an exchange; else the list shows.
	open bool

	items []CaptureItem
	rows  []captureRow
	bytes int64
	// list is the cursor and the rows shown: all, or the refusals only
	// (its filter is then "refused").
	list filterList
	// follow keeps the cursor on the newest row as rows arrive.
	follow bool
	// gone, dropped and skipped count the exchanges the list dropped to
	// stay bounded, the feed could not hold, and the proxy did not judge.
	gone, dropped, skipped int
	refused                int
	// note is what the last key did (g), shown until the next key.
	note string
	// unseen and unseenRefused count the exchanges that arrived while
	// one was open: the app's header says so, and the focus stays.
	unseen, unseenRefused int
}

// tellNew counts a batch that arrived while an exchange is open, and
// says so in the app's header.
func (c *captureModel) tellNew(n, refused int) {
	c.unseen += n
	c.unseenRefused += refused
	if c.unseen == 0 {
		return
	}
	note := fmt.Sprintf("%d new in the list", c.unseen)
	if c.unseenRefused > 0 {
		note += fmt.Sprintf(" (%d refused)", c.unseenRefused)
	}
	c.app.listNote = note + " · " + capBack.Help().Key
	c.app.header = c.app.headerLine()
}

// RunCapture runs the capture list until the user quits or ctx ends.
func RunCapture(ctx context.Context, opts CaptureOptions) error {
	if opts.App.OpenStore == nil {
		opts.App.OpenStore = defaultStore
	}
	m := newCaptureModel(ctx, opts)
	final, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if fm, ok := final.(captureModel); ok {
		fm.app.shutdown()
	} else {
		m.app.shutdown()
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("running the capture list: %w", err)
	}
	return nil
}

func newCaptureModel(ctx context.Context, opts CaptureOptions) captureModel {
	return captureModel{ctx: ctx, feed: opts.Feed, title: opts.Title, app: newModel(ctx, opts.App), follow: true}
}

func (c captureModel) Init() tea.Cmd {
	return tea.Batch(c.app.Init(), c.feed.next(c.ctx))
}

func (c captureModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case captureBatchMsg:
		refused := c.add(msg)
		if c.open {
			c.tellNew(len(msg.items), refused)
		}
		return c, c.feed.next(c.ctx)
	case tea.KeyPressMsg:
		if key.Matches(msg, c.app.keys.Quit) {
			next, cmd := c.app.Update(msg) // it cancels what it runs
			c.app = next.(model)
			return c, cmd
		}
		if c.open {
			if key.Matches(msg, capBack) && !c.app.escTaken() {
				c.open = false
				c.unseen, c.unseenRefused = 0, 0
				c.app.listNote = ""
				c.app.header = c.app.headerLine()
				return c, nil
			}
			break
		}
		c.note = ""
		return c, c.listKey(msg)
	case tea.MouseWheelMsg:
		if !c.open {
			if msg.Button == tea.MouseWheelUp {
				c.move(-3)
			} else if msg.Button == tea.MouseWheelDown {
				c.move(3)
			}
			return c, nil
		}
	case tea.MouseClickMsg, tea.PasteMsg:
		if !c.open {
			return c, nil
		}
	case tea.KeyReleaseMsg:
		if !c.open {
			return c, nil
		}
	}
	// Everything else is the app's, shown or not: its sends, its store,
	// the window's size and colours.
	next, cmd := c.app.Update(msg)
	c.app = next.(model)
	if r, ok := msg.(tea.KeyPressMsg); ok && key.Matches(r, c.app.keys.Reveal) {
		c.remake()
	}
	return c, cmd
}

// escTaken reports whether esc means something where the app is: a
// dialog, a send, experiments or a bisection to cancel, a search, a
// check's details, a header being edited, the History tab's diff or
// bisection to leave for its list. Otherwise esc goes back to the
// capture list.
func (m *model) escTaken() bool {
	histView := m.focus == paneResponse && m.resp.tab == tabHistory && m.hc.view != viewList
	return m.overlay != nil || m.busy() || m.resp.searching || m.resp.query != "" ||
		m.chk.detail || m.req.editing || histView
}

func (c *captureModel) listKey(k tea.KeyPressMsg) tea.Cmd {
	rows := c.listRows()
	switch {
	case key.Matches(k, capUp):
		c.move(-1)
	case key.Matches(k, capDown):
		c.move(1)
	case key.Matches(k, capPageUp):
		c.move(-rows)
	case key.Matches(k, capPageDown):
		c.move(rows)
	case key.Matches(k, capEnd):
		c.list.at = max(0, len(c.list.shown)-1)
		c.follow = true
	case key.Matches(k, capRefused):
		at := c.selected()
		if c.list.filter == "" {
			c.list.filter = "refused"
		} else {
			c.list.filter = ""
		}
		c.refilter(at)
	case key.Matches(k, c.app.keys.Reveal):
		next, cmd := c.app.Update(k)
		c.app = next.(model)
		c.remake()
		return cmd
	case key.Matches(k, c.app.keys.MarkGood):
		if i := c.selected(); i >= 0 {
			c.note = c.app.markCapturedGood(c.items[i])
		}
	case key.Matches(k, capOpen):
		if i := c.selected(); i >= 0 {
			it := c.judgeLate(i)
			cmd := c.app.openCaptured(it.Captured)
			if g := c.app.hc.capGood; g != nil && g.id != it.ID {
				c.app.setNotice(c.app.notice+" · "+c.app.keys.Bisect.Help().Key+" bisects it against "+escape.Line(g.label), false)
			}
			c.open = true
			return cmd
		}
	}
	return nil
}

// move moves the cursor by d rows; following stops unless it lands on
// the newest.
func (c *captureModel) move(d int) {
	c.list.at = max(0, min(len(c.list.shown)-1, c.list.at+d))
	c.follow = c.list.at >= len(c.list.shown)-1
}

// selected is the index in items of the row under the cursor, -1 when
// none is shown.
func (c *captureModel) selected() int {
	if c.list.at < 0 || c.list.at >= len(c.list.shown) {
		return -1
	}
	return c.list.shown[c.list.at]
}

// refilter shows the rows the filter keeps and puts the cursor back on
// item at (an index in items), or on the newest when following.
func (c *captureModel) refilter(at int) {
	c.list.refilter(len(c.rows), func(i int) bool { return c.rows[i].refused })
	switch {
	case c.follow || at < 0:
		c.list.at = max(0, len(c.list.shown)-1)
	default:
		// the row kept, or the nearest one before it
		c.list.at = 0
		for j, i := range c.list.shown {
			if i > at {
				break
			}
			c.list.at = j
		}
	}
}

// add appends a batch in the order it came, and drops the oldest rows
// past the bounds. It returns how many of the batch were refused.
func (c *captureModel) add(b captureBatchMsg) (refusedNew int) {
	c.dropped += b.dropped
	c.skipped += b.skipped
	at := c.selected()
	for _, it := range b.items {
		r := makeRow(it, c.app.reveal)
		c.items = append(c.items, it)
		c.rows = append(c.rows, r)
		c.bytes += itemBytes(it)
		if r.refused {
			c.refused++
			refusedNew++
		}
	}
	n := 0
	for len(c.items)-n > maxCaptureRows || (c.bytes > maxCaptureBytes && len(c.items)-n > 1) {
		c.bytes -= itemBytes(c.items[n])
		if c.rows[n].refused {
			c.refused--
		}
		n++
	}
	if n > 0 {
		c.items = append(c.items[:0:0], c.items[n:]...)
		c.rows = append(c.rows[:0:0], c.rows[n:]...)
		c.gone += n
		at -= n
	}
	c.refilter(at)
	return refusedNew
}

func itemBytes(it CaptureItem) int64 {
	n := int64(len(it.Request.Body) + len(it.Exchange.Request.Body))
	if r := it.Exchange.Response; r != nil {
		n += int64(len(r.Body))
	}
	return n + 1024 // the heads and the rest, roughly
}

// remake words every row again (ctrl+r reveals or masks).
func (c *captureModel) remake() {
	for i, it := range c.items {
		c.rows[i] = makeRow(it, c.app.reveal)
	}
}

func (c captureModel) View() tea.View {
	if c.open {
		return c.app.View()
	}
	v := tea.NewView(c.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "why403 proxy"
	return v
}

// listRows is how many rows of exchanges fit: the window less the
// title, the box's edges, the column heads and the footer.
func (c captureModel) listRows() int {
	return max(1, c.app.height-5)
}

func (c captureModel) render() string {
	m := c.app
	s := m.styles
	w, h := m.width, m.height
	if w < minWidth || h < minHeight {
		line := fmt.Sprintf("why403 needs at least %d×%d; this window is %d×%d", minWidth, minHeight, w, h)
		return ansi.Truncate(line, max(1, w), "…")
	}
	top := " " + s.Brand.Render("why403 proxy") + "  " + escape.Line(c.title)
	counts := fmt.Sprintf("%d exchanges · %d refused", len(c.items)+c.gone, c.refused)
	if c.gone > 0 {
		counts += fmt.Sprintf(" · %d oldest dropped from the list", c.gone)
	}
	if c.skipped > 0 {
		counts += " · " + s.Warn.Render(fmt.Sprintf("%d forwarded but not judged (judging fell behind a burst)", c.skipped))
	}
	if c.dropped > 0 {
		counts += " · " + s.Warn.Render(fmt.Sprintf("%d judged but not shown (the list fell behind)", c.dropped))
	}
	top = ansi.Truncate(top+"  "+s.Dim.Render(counts), w, "…")

	iw := max(1, w-3)
	// with a good mark, every row has a gutter for its ✓
	good, gutter := c.app.capturedGoodID(), ""
	if good != 0 {
		gutter = "  "
		iw = max(1, iw-2)
	}
	rows := c.listRows()
	var lines []string
	lines = append(lines, s.Dim.Render(gutter+captureLine(captureRow{when: "time", method: "method", target: "path", status: "status", size: "size", took: "took", verdict: "why refused"}, iw)))
	switch {
	case len(c.items) == 0:
		lines = append(lines, s.Dim.Render("Waiting for the app's first request…"))
	case len(c.list.shown) == 0:
		lines = append(lines, s.Dim.Render("No refusal yet; r shows every exchange."))
	}
	for j := c.list.first(rows); j < len(c.list.shown) && len(lines) < rows+1; j++ {
		r := c.rows[c.list.shown[j]]
		line := captureLine(r, iw)
		switch {
		case good != 0 && c.items[c.list.shown[j]].ID == good:
			line = "✓ " + line
		default:
			line = gutter + line
		}
		switch {
		case j == c.list.at:
			line = s.Selected.Render(line)
		case r.refused:
			line = s.Fail.Render(line)
		}
		lines = append(lines, line)
	}
	title := "Exchanges"
	if c.list.filter != "" {
		title = fmt.Sprintf("Refusals only · %d of %d", len(c.list.shown), len(c.items))
	}
	if !c.follow {
		title += " · end follows the newest"
	}
	if g := c.app.hc.capGood; g != nil {
		title += " · ✓ good: " + escape.Line(g.label)
	}
	body := box(s, title, lines, w, h-2, true)
	markGood := m.keys.MarkGood
	markGood.SetHelp(markGood.Help().Key, "mark good")
	keys := []key.Binding{capOpen, capRefused, markGood, capUp, capDown, capEnd, m.keys.Reveal, m.keys.Quit}
	hm := help.New()
	hm.Styles = m.help.Styles
	foot := ansi.Truncate(" "+hm.ShortHelpView(keys), w, "…")
	if c.note != "" {
		foot = ansi.Truncate(" "+escape.Line(c.note), w, "…")
	}
	return top + "\n" + body + "\n" + foot
}

// defaultStore is the user's store, as Run opens it.
func defaultStore() (*store.Store, error) { return store.OpenWith(store.Options{}) }
