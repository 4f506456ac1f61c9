package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/bisect"
	"github.com/why403/why403/checks/reqdiff"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/difftext"
	"github.com/why403/why403/ui/escape"
)

// Bisecting in the History tab: g marks the selected send as good (one at
// a time), b bisects the editor's request (BAD) against it with
// checks/bisect, as `why403 bisect` does and with its safety: GOOD and
// BAD are confirmed first, a method other than GET, HEAD and OPTIONS is
// sent only after the consent dialog's yes, at most bisect.DefaultMax
// requests, and the first sign of a rate limit stops it. The requests
// stream into the History tab as they are answered, the run in a command
// (never in Update); esc cancels it (ctrl+c quits), and enter loads the
// minimal change (BAD with it applied) into the editor.

// histView is what the History tab shows.
type histView int

const (
	viewList   histView = iota // the sends
	viewBisect                 // the bisection (bisect.go)
	viewDiff                   // the diff of two sends (historydiff.go)
)

// bisPhase is where the bisection is.
type bisPhase int

const (
	bisIdle       bisPhase = iota
	bisConfirming          // waiting for y/n to send an unsafe method
	bisRunning
	bisDone
	bisCancelled
)

// Messages of a run; those of a cancelled or superseded run are dropped.
type (
	bisSentMsg struct {
		run  int
		sent bisect.Sent
	}
	bisDoneMsg struct {
		run int
		res bisect.Result
	}
)

// histCompare is the state of the History tab's marks, diff and
// bisection. good and from are send numbers (#1 is the first), 0 none.
type histCompare struct {
	view histView
	// good is the send marked good; from is the first send picked for a
	// diff (c), waiting for the second; diffA and diffB are the sends the
	// diff view compares.
	good, from   int
	diffA, diffB int
	// capGood is the captured exchange marked good in the capture list
	// (capturegood.go): the same mark as good, so at most one of the two
	// is set.
	capGood *capturedGood

	phase bisPhase
	// goodNo is the good send's number when the run started (goodCap
	// names the captured exchange instead when that is the good); goodReq
	// and badReq are what is bisected; diffs are their comparison,
	// masked and revealed, known before any request goes.
	goodNo          int
	goodCap         string
	goodReq, badReq probe.Request
	diffs           [2]reqdiff.Diff
	unsafe          []string
	sent            []bisect.Sent
	res             bisect.Result

	streamRun
}

func (c *histCompare) running() bool { return c.phase == bisRunning }

// shift renumbers the marks after n sends of earlier runs arrived before
// this run's (the store opened).
func (c *histCompare) shift(n int) {
	for _, p := range []*int{&c.good, &c.from, &c.diffA, &c.diffB, &c.goodNo} {
		if *p > 0 {
			*p += n
		}
	}
}

// markGood is g: the selected send becomes the good one; g on it again
// clears the mark.
func (m *model) markGood() tea.Cmd {
	n := m.histAt + 1
	if m.hc.good == n {
		m.hc.good = 0
		m.setNotice(fmt.Sprintf("send #%d is no longer marked good", n), false)
	} else {
		m.hc.good, m.hc.capGood = n, nil
		m.setNotice(fmt.Sprintf("send #%d marked good · b bisects the editor's request against it", n), false)
	}
	m.refreshHistory()
	return nil
}

// startBisect is b: bisect the editor's request against the good send,
// after asking when a method needs consent.
func (m *model) startBisect() tea.Cmd {
	c := &m.hc
	switch {
	case c.running():
		m.setNotice("a bisection is running ("+keyName(m.keys.Cancel)+" cancels it)", true)
		return nil
	case m.exp.running():
		// one run at a time against a server that is refusing already
		m.setNotice("experiments are running: bisect once they are done ("+keyName(m.keys.Cancel)+" cancels them)", true)
		return nil
	case c.capGood == nil && (c.good == 0 || c.good > len(m.history)):
		m.setNotice("mark a send as good first (g on a History entry or in the capture list), then b bisects the editor's request against it", true)
		return nil
	case m.req.invalid != nil:
		m.setNotice("not bisected: "+m.req.invalid.Error(), true)
		return nil
	}
	var good probe.Request
	c.goodCap = ""
	if c.capGood != nil {
		good, c.goodCap = c.capGood.req, c.capGood.label
	} else {
		var note string
		good, note = m.historyRequest(c.good - 1)
		if note != "" {
			m.setNotice(fmt.Sprintf("send #%d is from an earlier run and its secrets were not kept: restore it, set them again, send it, and mark that send good", c.good), true)
			return nil
		}
	}
	bad := m.req.Request()
	bad.Env = probe.EnvFrom(m.getenv)
	c.stop()
	c.goodNo, c.goodReq, c.badReq = c.good, good, bad
	c.diffs = [2]reqdiff.Diff{
		reqdiff.Compare(reqdiff.Side{Request: good}, reqdiff.Side{Request: bad}, reqdiff.Options{RevealHint: keyName(m.keys.Reveal)}),
		reqdiff.Compare(reqdiff.Side{Request: good}, reqdiff.Side{Request: bad}, reqdiff.Options{Reveal: true}),
	}
	c.sent, c.res, c.unsafe = nil, bisect.Result{}, nil
	for _, meth := range []string{c.diffs[0].A().Method, c.diffs[0].B().Method} {
		if !checks.SafeMethod(meth) && !slices.Contains(c.unsafe, meth) {
			c.unsafe = append(c.unsafe, meth)
		}
	}
	c.view = viewBisect
	m.resp.SetTab(tabHistory)
	if len(c.unsafe) > 0 && !c.diffs[0].Empty() && checks.SameOrigin(good.URL, bad.URL) {
		c.phase = bisConfirming
		m.openDialog(consentDialog{bisect: true})
		m.refreshHistory()
		return nil
	}
	return m.runBisect(false)
}

// bisectPrompt is the question asked before a bisection sends an unsafe
// method: it names the method and the most requests it may send.
func (c *histCompare) bisectPrompt() string {
	return fmt.Sprintf("Bisect sends %s: up to %d requests? y/n", escape.Line(strings.Join(c.unsafe, " and ")), bisect.DefaultMax)
}

// bisectConsentKey answers the question: y sends, n sends nothing and
// shows what would be sent, esc drops the bisection; any other key
// leaves the question open.
func (m *model) bisectConsentKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "y", "Y":
		m.closeDialog()
		return m.runBisect(true)
	case "n", "N":
		m.closeDialog()
		m.setNotice(escape.Line(strings.Join(m.hc.unsafe, " and "))+" not sent: the bisection compares only", false)
		return m.runBisect(false)
	case "esc":
		m.closeDialog()
		m.hc.phase = bisIdle
		m.hc.view = viewList
		m.refreshHistory()
		m.setNotice("bisection not started", false)
	}
	return nil
}

// runBisect runs bisect.Run in a command, each request streamed in as it
// is answered (streamRun), the result last.
func (m *model) runBisect(allowUnsafe bool) tea.Cmd {
	c := &m.hc
	good, bad, send, hint := c.goodReq, c.badReq, m.send, keyName(m.keys.Reveal)
	cmd := c.start(m.ctx, bisect.HardMax, func(ctx context.Context, run int, emit func(tea.Msg)) tea.Msg {
		res := bisect.Run(ctx, good, bad, bisect.Options{
			Send:        send,
			AllowUnsafe: allowUnsafe,
			RevealHint:  hint,
			OnSent:      func(s bisect.Sent) { emit(bisSentMsg{run: run, sent: s}) },
		})
		return bisDoneMsg{run: run, res: res}
	})
	c.phase = bisRunning
	m.refreshHistory()
	return tea.Batch(cmd, m.spin.Tick)
}

// bisectMsg takes a run's messages; stale ones are dropped.
func (m *model) bisectMsg(msg tea.Msg) tea.Cmd {
	c := &m.hc
	switch msg := msg.(type) {
	case bisSentMsg:
		if msg.run != c.run || !c.running() {
			return nil
		}
		c.sent = append(c.sent, msg.sent)
		m.refreshHistory()
		return c.wait()
	case bisDoneMsg:
		if msg.run != c.run || !c.running() {
			return nil
		}
		c.done()
		c.phase, c.res, c.sent = bisDone, msg.res, msg.res.Sent
		m.refreshHistory()
		switch {
		case c.loadable():
			m.setNotice("bisection done · enter in the History tab loads the minimal change into the editor", false)
		default:
			m.setNotice("bisection done: no change to load", false)
		}
	}
	return nil
}

// cancelBisect is esc during a run, and part of quitting.
func (m *model) cancelBisect() {
	m.hc.stop()
	m.hc.phase = bisCancelled
	m.refreshHistory()
	m.setNotice(fmt.Sprintf("bisection cancelled after %d requests", len(m.hc.sent)), false)
}

// loadable: the run found a change that makes BAD accepted, smaller than
// all of GOOD's values (a run stopped early keeps all of them as the
// smallest seen: that is GOOD again, nothing learnt).
func (c *histCompare) loadable() bool {
	r := c.res
	return c.phase == bisDone && r.Confirmed && len(r.Minimal) > 0 && (r.Complete || len(r.Minimal) < len(r.Diff.Testable()))
}

// loadMinimal is enter on a finished bisection: BAD with the minimal
// change applied goes into the editor, to be sent with ctrl+s.
func (m *model) loadMinimal() tea.Cmd {
	c := &m.hc
	if !c.loadable() {
		return nil
	}
	req := c.res.Diff.Apply(c.res.Minimal)
	req.Env = nil
	m.req.Load(req)
	proven := ""
	if !c.res.Complete {
		proven = " (accepted, not proven minimal)"
	}
	m.setNotice("minimal change loaded into the editor"+proven+" · "+keyName(m.keys.Send)+" sends it", false)
	return nil
}

// bisectLines draws the bisection: what is compared, then each request
// as it is answered, then the minimal change in words (ui/difftext, as
// the CLI words it). The diff shown is masked unless revealed.
func (m *model) bisectLines() []string {
	c := &m.hc
	d := c.diffs[0]
	if m.reveal {
		d = c.diffs[1]
	}
	red := func(r probe.Request) string {
		return escape.Line(r.Method + " " + probe.NewRedactor(r, m.reveal).URL(r.URL))
	}
	goodLabel := fmt.Sprintf("send #%d: %s", c.goodNo, red(c.goodReq))
	if c.goodCap != "" {
		goodLabel = escape.Line(c.goodCap) + ": " + red(c.goodReq)
	}
	badLabel := "the editor's request: " + red(c.badReq)
	var head string
	var body string
	switch c.phase {
	case bisConfirming:
		head = c.bisectPrompt() + " (n: send nothing, show what would be sent · esc: none)"
		body = "GOOD: " + goodLabel + "\nBAD: " + badLabel + "\n" + difftext.Units(bisect.Result{Diff: d})
	case bisRunning, bisCancelled:
		head = fmt.Sprintf("Bisecting: %d of at most %d requests sent · %s cancels", len(c.sent), bisect.DefaultMax, keyName(m.keys.Cancel))
		if n := len(c.sent); n > 0 {
			head += "\nLast: " + strings.TrimSpace(difftext.SentLine(n-1, c.sent[n-1]))
		}
		if c.phase == bisCancelled {
			head = fmt.Sprintf("Bisection cancelled after %d requests · b starts again · esc back to the list", len(c.sent))
		}
		var b strings.Builder
		b.WriteString("GOOD: " + goodLabel + "\nBAD: " + badLabel + "\n" + difftext.Units(bisect.Result{Diff: d}))
		b.WriteString("\nRequests sent:\n")
		for i, s := range c.sent {
			b.WriteString(difftext.SentLine(i, s) + "\n")
		}
		body = b.String()
	case bisDone:
		head = "Bisection done · esc back to the list"
		if c.loadable() {
			head = "Bisection done · enter loads the minimal change into the editor · esc back to the list"
		}
		res := c.res
		res.Diff = d
		// the outcome first: the whole story follows, to scroll through
		head += "\n" + difftext.Outcome(res)
		body = difftext.Bisect(goodLabel, badLabel, res, "")
	}
	return append(append(strings.Split(head, "\n"), ""), strings.Split(strings.TrimRight(body, "\n"), "\n")...)
}

// bisectHeader is the header line's right side during a run.
func (m *model) bisectHeader() string {
	return m.spin.View() + fmt.Sprintf(" bisect %d/%d · %s cancels", len(m.hc.sent), bisect.DefaultMax, keyName(m.keys.Cancel))
}

// historyCompareKey handles the History tab's compare keys; ok is false
// for any other key.
func (m *model) historyCompareKey(k tea.KeyPressMsg) (tea.Cmd, bool) {
	km, c := m.keys, &m.hc
	inHistory := m.focus == paneResponse && m.resp.tab == tabHistory
	if c.capGood != nil && !inHistory && !m.typing() && key.Matches(k, km.Bisect) {
		// a captured exchange is good: b bisects from wherever the
		// opened exchange is read, not only in the History tab
		return m.startBisect(), true
	}
	if !inHistory || m.resp.searching {
		return nil, false
	}
	switch {
	case c.view == viewList && len(m.history) > 0 && key.Matches(k, km.MarkGood):
		return m.markGood(), true
	case c.view == viewList && len(m.history) > 0 && key.Matches(k, km.Compare):
		return m.compareKey(), true
	case (c.view == viewList || c.view == viewBisect) && key.Matches(k, km.Bisect):
		return m.startBisect(), true
	case c.view == viewBisect && c.loadable() && key.Matches(k, km.LoadMinimal):
		return m.loadMinimal(), true
	case c.view != viewList && !c.running() && m.resp.query == "" && key.Matches(k, km.BackToList):
		c.view = viewList
		m.refreshHistory()
		return nil, true
	}
	return nil, false
}

// historyKeys is the compare keys that work in the History tab.
func (m *model) historyKeys() []key.Binding {
	km, c := m.keys, &m.hc
	if m.resp.tab != tabHistory && c.capGood != nil && !m.resp.searching {
		return []key.Binding{km.Bisect}
	}
	if m.resp.tab != tabHistory || m.resp.searching {
		return nil
	}
	var out []key.Binding
	switch {
	case c.view == viewList && len(m.history) > 0:
		out = append(out, km.MarkGood)
		if c.good > 0 || c.capGood != nil {
			out = append(out, km.Bisect)
		}
		out = append(out, km.Compare)
	case c.view == viewBisect && c.loadable():
		out = append(out, km.LoadMinimal)
	}
	if c.view != viewList && !c.running() {
		out = append(out, km.BackToList)
	}
	return out
}

// markHistory puts the marks in front of the History list's entry lines
// (historyLines draws one line per send, first): ✓ the good send, A the
// first send picked for a diff. Without marks the list is left as it is.
func markHistory(lines []string, n int, c histCompare) []string {
	if c.capGood != nil {
		// the good is a captured exchange, which has no line here
		lines = append(lines[:len(lines):len(lines)], "✓ good: "+escape.Line(c.capGood.label)+" (marked in the capture list; b bisects the editor's request against it)")
	}
	if c.good == 0 && c.from == 0 {
		return lines
	}
	out := make([]string, 0, len(lines)+1)
	for i, l := range lines {
		if i >= n {
			out = append(out, l)
			continue
		}
		tag := "  "
		switch i + 1 {
		case c.good:
			tag = "✓ "
		case c.from:
			tag = "A "
		}
		out = append(out, tag+l)
	}
	return append(out, "✓ good (g; b bisects the editor's request against it) · A first pick of a diff (c)")
}
