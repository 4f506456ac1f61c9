package app

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// The Experiments tab: after a refused send, ctrl+e plans one-change
// variants of it (checks.PlanExperiments), asks before re-sending a
// method that is not safe, sends them in a command (experiment.Run) and
// streams each result in as it arrives; once all are in, the checks are
// judged again with the conclusions.

// expPhase is where the experiments of the last send are.
type expPhase int

const (
	expIdle       expPhase = iota // nothing planned yet
	expBlocked                    // the plan says nothing may be re-sent
	expConfirming                 // waiting for y/n to re-send an unsafe method
	expRunning
	expDone
	expCancelled
)

// Messages of a run; run is the id of the run they belong to, and those of
// a cancelled or superseded run are dropped.
type (
	// expResultMsg is one variant's result, as it arrives.
	expResultMsg struct {
		run   int
		index int
		x     checks.Experiment
	}
	// expDoneMsg ends a run: every result, in plan order, and the send's
	// evidence judged again with them.
	expDoneMsg struct {
		run     int
		results []checks.Experiment
		rep     checks.Report
	}
)

// experiments is the state of the Experiments tab.
type experiments struct {
	// ev and rep are the last send, judged; sendNo is its number in the
	// History; has is false before any send.
	ev     checks.Evidence
	rep    checks.Report
	sendNo int
	has    bool

	phase   expPhase
	plan    checks.Plan
	unsafe  bool // the user agreed to re-send an unsafe method
	results []checks.Experiment
	got     []bool
	cursor  int

	streamRun
}

// running reports a run in flight.
func (e *experiments) running() bool { return e.phase == expRunning }

// reset forgets the experiments (a new send, another scenario); ev and
// rep are the new send's, or has is false.
func (e *experiments) reset(ev checks.Evidence, rep checks.Report, sendNo int, has bool) {
	e.stop()
	run := e.run
	*e = experiments{ev: ev, rep: rep, sendNo: sendNo, has: has, streamRun: streamRun{run: run}}
}

// startExperiments is ctrl+e: plan, then ask, refuse or run.
func (m *model) startExperiments() tea.Cmd {
	e := &m.exp
	if !e.has || m.inflight || e.running() {
		return nil
	}
	e.reset(e.ev, e.rep, e.sendNo, true) // a new run forgets the last one's rows
	e.plan = diagnose.Plan(diagnose.Result{Evidence: e.ev, Report: e.rep}).Plan
	m.resp.SetTab(tabExperiments)
	focus := m.setFocus(paneResponse, false)
	switch {
	case e.plan.Blocked != "":
		e.phase = expBlocked
		m.setNotice("no experiment sent: "+e.plan.Blocked, false)
	case len(e.plan.Variants) == 0:
		e.phase = expBlocked
		e.plan.Blocked = "no variant of this request can tell its possible causes apart"
		m.setNotice("no experiment sent: "+e.plan.Blocked, false)
	case e.plan.Unsafe() > 0:
		e.phase = expConfirming
		m.openDialog(consentDialog{})
		m.refreshExperiments()
		return focus
	default:
		m.refreshExperiments()
		return tea.Batch(focus, m.runExperiments(false))
	}
	m.refreshExperiments()
	return focus
}

// confirmPrompt is the question asked before re-sending an unsafe method.
func (e *experiments) confirmPrompt() string {
	n := e.plan.Unsafe()
	times := "times"
	if n == 1 {
		times = "time"
	}
	return fmt.Sprintf("Re-send %s %d %s? y/n", escape.Line(e.ev.Request.Method), n, times)
}

// confirmKey answers the confirmation: y sends every variant, n only the
// safe ones, esc nothing; any other key leaves the question open.
func (m *model) confirmKey(k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "y", "Y":
		m.closeDialog()
		return m.runExperiments(true)
	case "n", "N":
		m.closeDialog()
		m.setNotice(fmt.Sprintf("%s not re-sent: only the safe variants are sent", escape.Line(m.exp.ev.Request.Method)), false)
		return m.runExperiments(false)
	case "esc":
		m.closeDialog()
		m.exp.phase = expIdle
		m.exp.plan = checks.Plan{}
		m.refreshExperiments()
		m.setNotice("experiments not sent", false)
	}
	return nil
}

// runExperiments sends the plan in a command, each result streamed in as
// it arrives (streamRun), the end of the run, judged again, last.
func (m *model) runExperiments(allowUnsafe bool) tea.Cmd {
	e := &m.exp
	ev, rep, plan, send := e.ev, e.rep, e.plan, m.send
	cmd := e.start(m.ctx, len(plan.Variants), func(ctx context.Context, run int, emit func(tea.Msg)) tea.Msg {
		opts := diagnose.Options{
			Experiments:  diagnose.ExperimentsSafe,
			Send:         send,
			OnExperiment: func(i int, x checks.Experiment) { emit(expResultMsg{run: run, index: i, x: x}) },
		}
		if allowUnsafe {
			opts.Experiments = diagnose.ExperimentsAll
		}
		res := diagnose.RunPlan(ctx, diagnose.Result{Evidence: ev, Report: rep, Plan: plan}, opts)
		return expDoneMsg{run: run, results: res.Evidence.Experiments, rep: res.Report}
	})
	e.phase = expRunning
	e.unsafe = allowUnsafe
	e.results = make([]checks.Experiment, len(plan.Variants))
	e.got = make([]bool, len(plan.Variants))
	m.refreshExperiments()
	return tea.Batch(cmd, m.spin.Tick)
}

// experimentMsg takes a run's messages; stale ones are dropped.
func (m *model) experimentMsg(msg tea.Msg) tea.Cmd {
	e := &m.exp
	switch msg := msg.(type) {
	case expResultMsg:
		if msg.run != e.run || !e.running() || msg.index < 0 || msg.index >= len(e.results) {
			return nil
		}
		e.results[msg.index], e.got[msg.index] = msg.x, true
		m.refreshExperiments()
		return e.wait()
	case expDoneMsg:
		if msg.run != e.run || !e.running() {
			return nil
		}
		e.done()
		e.phase = expDone
		if len(msg.results) == len(e.results) {
			e.results = msg.results
			for i := range e.got {
				e.got[i] = true
			}
		}
		m.showReport(msg.rep, m.chk.noAnswer)
		m.refreshExperiments()
		sent := 0
		for _, x := range e.results {
			if x.Sent {
				sent++
			}
		}
		m.setNotice(fmt.Sprintf("experiments done: %d of %d sent; the checks are judged again with them", sent, len(e.results)), false)
	}
	return nil
}

// cancelExperiments is esc during a run.
func (m *model) cancelExperiments() {
	m.exp.stop()
	m.exp.phase = expCancelled
	m.refreshExperiments()
	m.setNotice("experiments cancelled", false)
}

// loadVariant is enter on a row: the variant's request goes into the
// editor, to be sent with ctrl+s.
func (m *model) loadVariant() tea.Cmd {
	e := &m.exp
	if e.cursor < 0 || e.cursor >= len(e.plan.Variants) {
		return nil
	}
	v := e.plan.Variants[e.cursor]
	req := v.Request
	// the planner keeps a variant on its origin; the user's own send
	// follows redirects as they chose
	req.FollowRedirects = e.ev.Request.FollowRedirects
	m.req.Load(req)
	m.setNotice(fmt.Sprintf("variant %s loaded into the editor · %s sends it", escape.Line(v.Name), keyName(m.keys.Send)), false)
	return nil
}

// moveExperiment moves the row selection.
func (m *model) moveExperiment(d int) {
	n := len(m.exp.plan.Variants)
	if n == 0 {
		return
	}
	m.exp.cursor = min(max(0, m.exp.cursor+d), n-1)
	m.refreshExperiments()
}

// refreshExperiments formats the Experiments tab: after each result, a
// selection or the reveal key, never per frame.
func (m *model) refreshExperiments() {
	lines, sel := experimentLines(&m.exp, probe.NewRedactor(m.exp.ev.Request, m.reveal), &m.keys)
	m.resp.SetExperiments(lines, sel)
}

// experimentLines draws the tab: a heading, then one line per variant
// (change → status → conclusion); sel is the selected variant's line.
// The conclusions quote the server: red is the send's redactor.
func experimentLines(e *experiments, red probe.Redactor, km *keyMap) ([]string, int) {
	clean := func(s string) string { return escape.Line(red.Text(s)) }
	var out []string
	switch e.phase {
	case expIdle:
		return nil, -1
	case expBlocked:
		return []string{"No experiment sent: " + clean(e.plan.Blocked) + "."}, -1
	case expConfirming:
		out = append(out,
			fmt.Sprintf("%d variants of send #%d; %d of them re-send %s, which may change data on the server.",
				len(e.plan.Variants), e.sendNo, e.plan.Unsafe(), escape.Line(e.ev.Request.Method)),
			e.confirmPrompt()+" (n sends only the safe ones, esc none)", "")
	case expRunning:
		done := 0
		for _, g := range e.got {
			if g {
				done++
			}
		}
		out = append(out, fmt.Sprintf("Variants of send #%d: %d of %d in · %s cancels", e.sendNo, done, len(e.plan.Variants), keyName(km.Cancel)), "")
	case expDone:
		sent := 0
		for _, x := range e.results {
			if x.Sent {
				sent++
			}
		}
		out = append(out, fmt.Sprintf("Variants of send #%d: %d sent, %d not · %s loads one into the editor", e.sendNo, sent, len(e.results)-sent, keyName(km.LoadVariant)), "")
	case expCancelled:
		out = append(out, fmt.Sprintf("Variants of send #%d: cancelled · %s tries again", e.sendNo, keyName(km.Experiments)), "")
	}
	sel := -1
	for i, v := range e.plan.Variants {
		mark := "  "
		if i == e.cursor {
			mark, sel = "› ", len(out)
		}
		var status, conclusion string
		switch {
		case i < len(e.got) && e.got[i]:
			x := e.results[i]
			switch {
			case !x.Sent:
				status, conclusion = "not sent", x.NotSent
			case x.Status == 0:
				status, conclusion = "no answer", x.Error
				if x.Conclusion != "" {
					conclusion = x.Conclusion
				}
			default:
				status, conclusion = checks.StatusWord(x.Status), x.Conclusion
			}
		case e.phase == expConfirming && v.Unsafe:
			status = "needs your yes (" + escape.Line(v.Request.Method) + ")"
		case e.phase == expConfirming:
			status = "planned"
		case e.phase == expCancelled:
			status = "cancelled"
		default:
			status = "…"
		}
		line := mark + clean(v.Change) + " → " + clean(status)
		if conclusion != "" {
			line += " → " + clean(conclusion)
		}
		out = append(out, line)
	}
	return out, sel
}

// expHeader is the header line's right side during a run.
func (m *model) expHeader() string {
	done := 0
	for _, g := range m.exp.got {
		if g {
			done++
		}
	}
	return m.spin.View() + fmt.Sprintf(" experiments %d/%d · %s cancels", done, len(m.exp.got), keyName(m.keys.Cancel))
}
