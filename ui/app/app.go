// Package app is why403's interactive terminal app: edit a request, send
// it, and watch the checklist of causes turn green or red beside the raw
// response. One root model owns layout and focus; the panes (request,
// checks, response) are small types it sizes and feeds.
package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/store"
)

// Options start the app.
type Options struct {
	// Request is loaded, not sent; nil opens an empty request.
	Request *probe.Request
	// Scenarios starts the lab and returns its scenarios; the app calls it
	// in a command after the first frame, loads the first refused one, and
	// ctrl+o picks another. nil outside the demo. The caller owns the lab
	// and closes it once Run returns.
	Scenarios func() ([]lab.Scenario, error)
	// Reveal shows secrets instead of masking them.
	Reveal bool
	// TokenEnv names the variable the token came from (--token-env):
	// copied commands read it from there instead of a masked $TOKEN.
	TokenEnv string
	// Saved opens on a saved request (why403 open NAME) as ctrl+o opens
	// one: its token read from its reference, the notice naming the send
	// key as bound; Request is ignored then.
	Saved *store.Saved
	// OpenStore opens the history and saved requests (ui/store), in a
	// command after the first frame; nil: none. Run opens the user's.
	OpenStore func() (*store.Store, error)
	// KeysFile rebinds keys (keyconfig.go); "": none. Run reads the one
	// in the user's config directory.
	KeysFile string
	// Captured opens on an exchange already sent and judged (the capture
	// proxy's); Request is ignored then.
	Captured *Captured
}

// Run runs the app until the user quits.
func Run(ctx context.Context, opts Options) error {
	if opts.OpenStore == nil {
		opts.OpenStore = func() (*store.Store, error) { return store.OpenWith(store.Options{}) }
	}
	if opts.KeysFile == "" {
		if cfg, _, err := store.DefaultDirs(nil); err == nil {
			opts.KeysFile = filepath.Join(cfg, KeysFileName)
		}
	}
	m := newModel(ctx, opts)
	// The renderer writes a frame on its ticker: at the default 60 per
	// second the first frame waits for a tick the app's start just misses
	// (1.23x a bare program's first frame; 1.06x at 120). A tick with the
	// view unchanged only compares it with the last, so an idle app costs
	// next to nothing more.
	p := tea.NewProgram(root{&m}, tea.WithContext(ctx), tea.WithFPS(120))
	_, err := p.Run()
	m.shutdown()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("running the app: %w", err)
	}
	return nil
}

// root is the model as the program holds it: a pointer. Bubble Tea calls
// Update and View on the value it is given, and the model (116 KB: every
// Lip Gloss style is a value) copied into each call and boxed on each
// return grew the stack by megabytes and the heap past its first
// collection before the first frame. The model's own Update and View stay
// (the tests drive them); root only calls them in place.
type root struct{ m *model }

func (r root) Init() tea.Cmd                           { return r.m.Init() }
func (r root) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return r, r.m.step(msg) }
func (r root) View() tea.View                          { return r.m.view() }

// pane is a focus target of the root.
type pane int

const (
	paneRequest pane = iota
	paneChecks
	paneResponse
)

// Messages.
type (
	// sentMsg is a send's result, formatted and judged in the command.
	sentMsg struct {
		id   int
		req  probe.Request
		ex   probe.Exchange
		rep  checks.Report
		tabs tabLines
		// at is the clock when the request left, as the checks had it.
		at time.Time
		// reveal is what tabs were formatted with.
		reveal bool
	}
	// formattedMsg re-formats the tabs after the reveal key; one formatted
	// with another reveal setting than the current one is dropped.
	formattedMsg struct {
		id     int
		reveal bool
		tabs   tabLines
	}
	labStartedMsg struct {
		scenarios []lab.Scenario
		err       error
	}
)

// sendFunc is probe.Send; tests may swap it.
type sendFunc func(context.Context, probe.Request) probe.Exchange

// sendSummary is what the header line shows of the last send.
type sendSummary struct {
	method, url string
	status      int
	reason      string
	total       time.Duration
	err         string
}

type historyEntry struct {
	req     probe.Request
	summary sendSummary
	// at and likely are when it was sent and its likely cause; past marks
	// a send of an earlier run, whose request the store kept masked.
	at     time.Time
	likely string
	past   bool
	// change says what changed from the entry before, masked and
	// revealed (diffHistory), worked out once: diffed.
	change [2]string
	diffed bool
}

type model struct {
	ctx  context.Context
	keys keyMap
	// keysFile is where keys are rebound, for the ? view.
	keysFile string
	help     help.Model
	styles   Styles
	noColor  bool
	now      func() time.Time
	send     sendFunc
	// startLab is Options.Scenarios: nil outside the demo.
	startLab func() ([]lab.Scenario, error)

	width, height int
	focus         pane
	req           requestPane
	chk           checksPane
	resp          responsePane
	spin          spinner.Model

	inflight bool
	sendID   int
	cancel   context.CancelFunc
	started  time.Time
	elapsed  time.Duration
	last     *sendSummary
	lastEx   *probe.Exchange
	// lastReq is the last send's request: its redactor masks the tabs.
	lastReq probe.Request
	// lastRep is the last send's judgement, verdict its answer in words
	// (nil before a send) and vlines the verdict wrapped at the window's
	// width, worked out on a send, a resize or the reveal key.
	lastRep checks.Report
	verdict *verdict
	vlines  []string
	// stale: the request in the editor is not the one the verdict,
	// checks and response are of.
	stale    bool
	reveal   bool
	tokenEnv string
	// header is the top line, rebuilt after each message, not per frame.
	header string

	notice    string
	noticeBad bool

	// overlay is the open dialog (dialogs.go); nil when none is.
	overlay dialog

	labUp     bool
	labErr    error
	scenarios []lab.Scenario
	// pickAt is the scenario loaded last; the picker opens on it.
	pickAt int

	history []historyEntry
	histAt  int
	// hc is the History tab's good mark, diff and bisection (bisect.go).
	hc histCompare
	// saved is the store: history across runs, saved requests.
	saved savedState

	// exp is the Experiments tab: variants of the last send (ctrl+e).
	exp experiments

	// tokenIn is what the Token tab was last formatted from.
	tokenIn  tokenInput
	tokenSet bool

	// getenv reads the environment ($EDITOR); tests swap it.
	getenv func(string) string
	// copyDir is where a copy is also written (clipboard.go).
	copyDir func() (string, error)
	// capture is the captured exchange opened (captured.go).
	capture captureState
	// listNote is what the capture list behind says while an exchange is
	// open ("3 new in the list · esc"), at the header's right.
	listNote string
}

func newModel(ctx context.Context, opts Options) model {
	noColor := os.Getenv("NO_COLOR") != ""
	keys, keysWarn := loadKeys(opts.KeysFile)
	// the panes name keys in their text; the keymap never changes after
	// this, so they share one copy
	shared := new(keyMap)
	*shared = keys
	m := model{
		ctx:      ctx,
		keys:     keys,
		keysFile: opts.KeysFile,
		help:     help.New(),
		styles:   newStyles(true, noColor),
		noColor:  noColor,
		now:      time.Now,
		send:     probe.Send,
		startLab: opts.Scenarios,
		req:      newRequestPane(shared),
		chk:      newChecksPane(newStyles(true, noColor), shared),
		resp:     newResponsePane(shared),
		spin:     spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		reveal:   opts.Reveal,
		tokenEnv: opts.TokenEnv,
		width:    80,
		height:   24,
		getenv:   os.Getenv,
		copyDir:  copyDirDefault,
	}
	m.help.Styles = help.DefaultStyles(true)
	if opts.Request != nil {
		m.req.Load(*opts.Request)
	}
	m.req.SetReveal(opts.Reveal)
	m.req.FocusAt(false)
	m.preflight()
	m.layout()
	m.refreshToken()
	m.takeNotes()
	m.saved.open = opts.OpenStore
	if opts.Saved != nil {
		m.openSaved(*opts.Saved)
	}
	if keysWarn != "" {
		m.setNotice(keysWarn, true)
	}
	if opts.Captured != nil {
		// formatted here, before the program starts: no loop to wait
		if f, ok := m.openCaptured(*opts.Captured)().(formattedMsg); ok {
			m.resp.SetData(f.tabs)
		}
	}
	m.header = m.headerLine()
	return m
}

func (m *model) shutdown() {
	if m.cancel != nil {
		m.cancel()
	}
	m.hc.stop()
	if m.saved.st != nil {
		m.saved.st.Close()
	}
}

func (m model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.startLab != nil {
		start := m.startLab
		cmds = append(cmds, func() tea.Msg {
			scenarios, err := start()
			return labStartedMsg{scenarios: scenarios, err: err}
		})
	}
	cmds = append(cmds, m.saved.openStoreCmd(m.ctx))
	return tea.Batch(cmds...)
}

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.step(msg)
	return m, cmd
}

// step is Update on the model in place.
func (m *model) step(msg tea.Msg) tea.Cmd {
	cmd := m.update(msg)
	if d, ok := m.overlay.(consentDialog); ok && !d.asking(m) {
		m.closeDialog() // the plan it asked about is gone (a new request)
	}
	if m.req.dirty {
		m.req.dirty = false
		m.preflight()
		m.refreshToken()
		m.markStale()
	}
	if m.checksHeight() != m.chk.height {
		m.layout() // the checks have more or fewer rows
	}
	m.takeNotes()
	m.header = m.headerLine()
	return cmd
}

// takeNotes shows what the panes have to say: format characters replaced
// in an input, a pasted body kept read-only.
func (m *model) takeNotes() {
	n := m.req.cleaned + m.resp.cleaned
	note := m.req.note
	m.req.cleaned, m.resp.cleaned, m.req.note = 0, 0, ""
	switch {
	case n > 0 && note != "":
		m.setNotice(formatNotice(n)+"; "+note, false)
	case n > 0:
		m.setNotice(formatNotice(n), false)
	case note != "":
		m.setNotice(note, false)
	}
}

func (m *model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return nil
	case tea.BackgroundColorMsg:
		m.styles = newStyles(msg.IsDark(), m.noColor)
		m.chk.SetStyles(m.styles)
		m.help.Styles = help.DefaultStyles(msg.IsDark())
		return nil
	case labStartedMsg:
		return m.labStarted(msg)
	case sentMsg:
		if msg.id != m.sendID || !m.inflight {
			return nil // a cancelled or superseded send
		}
		m.received(msg)
		if msg.reveal != m.reveal {
			// ctrl+r was pressed during the send
			return tea.Batch(m.recordSend(msg), m.reformat())
		}
		return m.recordSend(msg)
	case storeOpenedMsg, historyWrittenMsg, savedListMsg, savedLoadedMsg, savedWrittenMsg:
		return m.storeMsg(msg)
	case formattedMsg:
		if msg.id == m.sendID && !m.inflight && msg.reveal == m.reveal {
			m.resp.SetData(msg.tabs)
		}
		return nil
	case expResultMsg, expDoneMsg:
		return m.experimentMsg(msg)
	case bisSentMsg, bisDoneMsg:
		return m.bisectMsg(msg)
	case spinner.TickMsg:
		if !m.busy() {
			return nil
		}
		m.elapsed = time.Since(m.started)
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		return m.paste(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		return m.mouse(msg)
	case curlImportMsg:
		return m.imported(msg)
	case copyWrittenMsg:
		m.copyWritten(msg)
		return nil
	case optionsCheckedMsg:
		m.optionsChecked(msg)
		return nil
	case editorReadyMsg, editorExitedMsg, bodyEditedMsg:
		return m.editorMsg(msg)
	}
	// cursor blinks and the like
	var c1, c2 tea.Cmd
	m.req, c1 = m.req.Update(msg, m.keys)
	m.resp, c2 = m.resp.Update(msg, m.keys)
	return tea.Batch(c1, c2)
}

// key: quit first, then an open dialog, then global keys, then the
// focused pane.
func (m *model) key(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	if key.Matches(k, km.Quit) {
		// ctrl+c always quits, whatever runs: a send, experiments or a
		// bisection stop with it (esc stops one and stays).
		if m.cancel != nil {
			m.cancel()
		}
		m.exp.stop()
		if m.hc.running() {
			m.cancelBisect()
		}
		return tea.Quit
	}
	m.notice = ""
	if m.overlay != nil {
		return m.overlay.update(m, k)
	}
	return m.globalKey(k)
}

// globalKey handles a key no dialog took: the global keys, then the
// focused pane.
func (m *model) globalKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.Send):
		return m.startSend()
	case key.Matches(k, km.Cancel) && m.inflight:
		m.cancelSend("request cancelled")
		return nil
	case key.Matches(k, km.Cancel) && m.exp.running() && !m.resp.searching:
		// esc in the search line closes the search, not the run
		m.cancelExperiments()
		return nil
	case key.Matches(k, km.Cancel) && m.hc.running() && !m.resp.searching:
		m.cancelBisect()
		return nil
	case key.Matches(k, km.Experiments) && m.canExperiment():
		return m.startExperiments()
	case key.Matches(k, km.Next):
		return m.moveFocus(1)
	case key.Matches(k, km.Prev):
		return m.moveFocus(-1)
	case key.Matches(k, km.Reveal):
		return m.toggleReveal()
	case key.Matches(k, km.Copy):
		return m.copyCurl()
	case key.Matches(k, km.CopyReport) && m.focus == paneChecks && m.exp.has:
		return m.copyReport()
	case key.Matches(k, km.Import):
		m.openImport()
		return nil
	case key.Matches(k, km.SaveAs):
		return m.startSaveAs()
	case key.Matches(k, km.OpenSaved):
		return m.openSavedPicker()
	case key.Matches(k, km.Options):
		return m.openOptions()
	case key.Matches(k, km.Scenarios) && len(m.scenarios) > 0:
		m.openDialog(newScenarioPicker(m))
		return nil
	case key.Matches(k, km.Cycle) && m.focus == paneRequest && m.req.CycleHelp() != "":
		m.req.Cycle()
		return nil
	case key.Matches(k, km.Help) && !m.typing():
		m.openDialog(helpDialog{})
		m.layout()
		return nil
	case key.Matches(k, km.Restore) && m.canRestore():
		return m.restore()
	case key.Matches(k, km.EditBody) && m.focus == paneRequest && m.req.focused && m.req.focus == fieldBody:
		return m.editBody()
	case key.Matches(k, km.LoadVariant) && m.canLoadVariant():
		return m.loadVariant()
	}
	if m.focus == paneRequest && m.req.focused && m.req.focus == fieldURL && k.String() == "enter" {
		v := m.req.url.Value()
		switch {
		case isCurlCommand(v):
			return m.typedCurl(v)
		case isWebURL(v):
			// enter on a URL sends it, as ctrl+s does (with its consent
			// rules); on anything else it does nothing, so that a paste
			// arriving as keys never sends half a command
			return m.startSend()
		}
	}
	if m.focus == paneResponse && m.resp.tab == tabExperiments && !m.resp.searching {
		switch {
		case key.Matches(k, km.Up):
			m.moveExperiment(-1)
			return nil
		case key.Matches(k, km.Down):
			m.moveExperiment(1)
			return nil
		}
	}
	if cmd, ok := m.historyCompareKey(k); ok {
		return cmd
	}
	if m.focus == paneResponse && m.resp.tab == tabHistory && !m.resp.searching && m.hc.view == viewList {
		switch {
		case key.Matches(k, km.Up):
			m.histAt = max(0, m.histAt-1)
			m.refreshHistory()
			return nil
		case key.Matches(k, km.Down):
			m.histAt = min(len(m.history)-1, m.histAt+1)
			m.refreshHistory()
			return nil
		}
	}
	return m.toFocused(k)
}

func (m *model) toFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.focus {
	case paneRequest:
		m.req, cmd = m.req.Update(msg, m.keys)
	case paneChecks:
		m.chk, cmd = m.chk.Update(msg, m.keys)
	case paneResponse:
		m.resp, cmd = m.resp.Update(msg, m.keys)
	}
	return cmd
}

// moveFocus walks the focus ring: the request pane's fields, the checks,
// the response.
func (m *model) moveFocus(d int) tea.Cmd {
	if m.focus == paneRequest && m.req.Move(d) {
		return nil
	}
	next := (int(m.focus) + d + 3) % 3
	return m.setFocus(pane(next), d < 0)
}

func (m *model) setFocus(p pane, last bool) tea.Cmd {
	m.req.Blur()
	m.chk.focused = false
	m.resp.focused = false
	if m.resp.searching {
		m.resp.searching = false
		m.resp.search.Blur()
	}
	m.focus = p
	switch p {
	case paneRequest:
		return m.req.FocusAt(last)
	case paneChecks:
		m.chk.focused = true
	case paneResponse:
		m.resp.focused = true
	}
	return nil
}

// preflight re-judges the edited request: cheap, on every edit.
func (m *model) preflight() {
	req := m.req.Request()
	fs := appFindings(checks.Preflight(req, m.now()), m.optionsKey())
	m.chk.SetPreflight(fs, m.last != nil)
	m.req.hint = ""
	for _, f := range fs {
		if f.ID == checks.ContentType && (f.Status == checks.Fail || f.Status == checks.Warn) {
			m.req.hint = f.Title
		}
	}
}

func (m *model) startSend() tea.Cmd {
	if m.req.invalid != nil {
		m.setNotice("not sent: "+m.req.invalid.Error(), true)
		return nil
	}
	if m.askResend() {
		return nil
	}
	if m.inflight {
		method := m.req.Request().Method
		if !checks.SafeMethod(method) {
			// cancelling does not take back what the server has already
			// got: a second POST needs the consent a re-send needs
			m.setNotice(escape.Line(method)+" is still being sent: not sent again ("+keyName(m.keys.Cancel)+" cancels it; "+keyName(m.keys.Send)+" once it is back sends again)", true)
			return nil
		}
		m.cancelSend("")
		m.setNotice("the send in flight was cancelled; sending again", false)
	}
	if m.cancel != nil {
		m.cancel()
	}
	if m.exp.running() {
		// the variants are of the send this one replaces
		m.exp.stop()
		m.exp.phase = expCancelled
		m.refreshExperiments()
	}
	m.sendID++
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel = cancel
	m.inflight = true
	m.resp.SetSending(true)
	m.started = time.Now()
	m.elapsed = 0
	req := m.req.Request()
	req.Env = probe.EnvFrom(m.getenv)
	id, send, now, reveal := m.sendID, m.send, m.now, m.reveal
	run := func() tea.Msg {
		res := diagnose.Send(ctx, req, diagnose.Options{Send: send, Now: now})
		ex := res.Evidence.Exchange
		return sentMsg{id: id, req: req, ex: ex, rep: res.Report, at: res.Evidence.Now, tabs: formatExchange(ex, probe.NewRedactor(req, reveal)), reveal: reveal}
	}
	return tea.Batch(run, m.spin.Tick)
}

func (m *model) cancelSend(why string) {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.inflight = false
	m.resp.SetSending(false)
	m.sendID++ // whatever the cancelled send returns is stale
	if why != "" {
		m.setNotice(why, false)
	}
}

func (m *model) received(msg sentMsg) {
	m.inflight = false
	m.resp.sending = false
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	ex := msg.ex
	m.lastEx = &ex
	m.lastReq = msg.req
	m.stale, m.resp.outdated = false, false
	s := summarize(msg.req, ex)
	m.last = &s
	m.lastRep = m.showReport(msg.rep, noAnswer(ex))
	m.refreshVerdict()
	m.resp.SetData(msg.tabs)
	likely := ""
	if len(msg.rep.Likely) > 0 {
		likely = msg.rep.Likely[0]
	}
	m.history = append(m.history, historyEntry{req: msg.req, summary: s, at: msg.at, likely: likely})
	diffHistory(m.history)
	m.histAt = len(m.history) - 1
	m.refreshHistory()
	m.exp.reset(checks.Evidence{Request: msg.req, Exchange: ex, Now: msg.at}, msg.rep, len(m.history), true)
	m.refreshExperiments()
	m.refreshToken()
	if t := resultTab(m.resp.tab, ex, msg.rep); t != m.resp.tab {
		m.resp.SetTab(t)
	}
	m.layout()
}

// resultTab is the tab to show after a send: the TLS tab for a TLS
// failure, the response in place of the last run's experiments (which a
// new send forgets), else the tab the user was reading.
func resultTab(cur int, ex probe.Exchange, rep checks.Report) int {
	switch {
	case ex.Err != nil && ex.Err.Phase == probe.PhaseTLS,
		len(rep.Likely) > 0 && rep.Likely[0] == checks.TLSClientCert:
		return tabTLS
	case cur == tabExperiments:
		return tabResponse
	}
	return cur
}

// noAnswer is the phase that failed when ex holds no response.
func noAnswer(ex probe.Exchange) string {
	if ex.Response == nil && ex.Err != nil {
		return ex.Err.Phase
	}
	return ""
}

// summarize is the send's top line; the reason phrase and the error are
// the server's text, so the request's own secrets are masked in them (the
// history stores them as they are here).
func summarize(req probe.Request, ex probe.Exchange) sendSummary {
	s := sendSummary{method: req.Method, url: req.URL, total: ex.Timing.Total}
	red := probe.NewRedactor(req, false)
	if ex.Response != nil {
		s.status, s.reason = ex.Response.Status, red.Text(ex.Response.Reason)
	}
	if ex.Err != nil {
		s.err = ex.Err.Phase + ": " + red.Text(ex.Err.Message)
	}
	return s
}

// markStale compares the request in the editor with the last one sent:
// once they differ, the title, verdict, checks and response are marked as
// of an earlier request; an edit undone gives the diagnosis back.
func (m *model) markStale() {
	was := m.stale
	m.stale = false
	if m.lastEx != nil {
		if sameRequest(m.req.Request(), m.lastReq) {
			m.chk.SetReport(m.lastRep, noAnswer(*m.lastEx))
		} else {
			m.stale = true
		}
	}
	m.resp.outdated = m.stale
	if m.stale != was {
		m.layout()
	}
}

// sameRequest reports whether a and b send the same (the environment
// is read again at each send).
func sameRequest(a, b probe.Request) bool {
	a.Env, b.Env = nil, nil
	return reflect.DeepEqual(a, b)
}

// refreshVerdict words the last send's report again (a send, ctrl+r).
func (m *model) refreshVerdict() {
	if m.lastEx == nil {
		m.verdict = nil
		return
	}
	v := buildVerdict(m.lastRep, *m.lastEx, probe.NewRedactor(m.lastReq, m.reveal), keyName(m.keys.Experiments))
	m.verdict = &v
}

func (m *model) toggleReveal() tea.Cmd {
	m.reveal = !m.reveal
	m.req.SetReveal(m.reveal)
	m.refreshVerdict()
	m.layout()
	m.refreshToken()
	m.refreshHistory()
	m.refreshExperiments()
	if m.reveal {
		m.setNotice("secrets revealed ("+keyName(m.keys.Reveal)+" masks them again)", false)
	} else {
		m.setNotice("secrets masked", false)
	}
	if m.inflight {
		return nil // the send's result is reformatted when it differs
	}
	return m.reformat()
}

// reformat formats the last exchange again with the current reveal
// setting, in a command.
func (m *model) reformat() tea.Cmd {
	if m.lastEx == nil {
		return nil
	}
	ex, id, reveal, red := *m.lastEx, m.sendID, m.reveal, probe.NewRedactor(m.lastReq, m.reveal)
	return func() tea.Msg {
		return formattedMsg{id: id, reveal: reveal, tabs: formatExchange(ex, red)}
	}
}

// copyCurl copies the request as a curl command through OSC 52; secrets
// stay shell variables ($TOKEN, $PASSWORD) unless revealed. The command
// needs no terminal escaping (OSC 52 carries it in base64) and holds no
// control or format character raw (curlargs.Quote writes $'…' words).
func (m *model) copyCurl() tea.Cmd {
	req := m.req.Request()
	cmd := curlargs.QuoteWith(req, curlargs.QuoteOptions{Redactor: probe.NewRedactor(req, m.reveal), TokenEnv: m.tokenEnv})
	var note string
	switch {
	case m.reveal:
		note = "secrets INCLUDED (revealed)"
	case m.tokenEnv != "" && req.Auth.Bearer != "":
		note = "token read from $" + m.tokenEnv
	case req.Auth.HasBasic:
		note = "password masked as $PASSWORD"
	default:
		note = "token masked as $TOKEN"
	}
	return m.copyOut(cmd, "the curl command", "last-copy.sh", note, m.reveal)
}

func (m *model) setNotice(s string, bad bool) {
	m.notice, m.noticeBad = s, bad
}

func (m *model) labStarted(msg labStartedMsg) tea.Cmd {
	if msg.err != nil {
		m.labErr = msg.err
		m.setNotice("starting the lab: "+msg.err.Error(), true)
		return nil
	}
	m.labUp = true
	m.scenarios = msg.scenarios
	i := demoStart(m.scenarios)
	if i >= 0 {
		m.pickAt = i
		m.loadScenario(m.scenarios[i])
	}
	return nil
}

// demoScenario opens the demo: a plain 403, the refusal why403 is named
// after, whose answer names its cause (an IP allow list).
const demoScenario = "ip-allowlist"

// demoStart is the index of the scenario the demo opens on: demoScenario,
// else the first refused one; -1 when there is none.
func demoStart(scenarios []lab.Scenario) int {
	first := -1
	for i, sc := range scenarios {
		if sc.Name == demoScenario {
			return i
		}
		if first < 0 && sc.Cause != "" {
			first = i
		}
	}
	return first
}

func (m *model) loadScenario(sc lab.Scenario) {
	parsed, err := curlargs.Parse(sc.Args)
	if err != nil {
		m.setNotice("scenario "+sc.Name+": "+err.Error(), true)
		return
	}
	m.loadFresh(parsed.Request)
	m.setNotice("scenario "+sc.Name+": "+sc.Title+" · "+keyName(m.keys.Send)+" to send", false)
}

// loadFresh replaces the request with another one (a scenario, a saved
// request) and clears what belonged to the old one: a send in flight, the
// last response, its experiments.
func (m *model) loadFresh(req probe.Request) {
	if m.inflight {
		m.cancelSend("")
	}
	m.req.Load(req)
	m.last, m.lastEx = nil, nil
	m.refreshVerdict()
	m.layout()
	m.exp.reset(checks.Evidence{}, checks.Report{}, 0, false)
	m.refreshExperiments()
	m.resp.has = false
	m.resp.SetData(tabLines{})
	m.resp.show()
}

// restore loads the selected History entry back into the editor.
func (m *model) restore() tea.Cmd {
	if m.histAt < 0 || m.histAt >= len(m.history) {
		return nil
	}
	req, note := m.historyRequest(m.histAt)
	m.req.Load(req)
	m.setNotice(fmt.Sprintf("restored send #%d%s", m.histAt+1, note), false)
	return nil
}

// refreshToken reformats the Token tab when what it shows has changed:
// the token, the server's Date of the last response, or the reveal
// setting. It runs after edits and sends, never per frame.
func (m *model) refreshToken() {
	src, tok := m.req.tokenSource()
	in := tokenInput{source: src, token: tok, ref: serverDate(m.lastEx), reveal: m.reveal}
	if m.tokenSet && in == m.tokenIn {
		return
	}
	m.tokenIn, m.tokenSet = in, true
	m.resp.SetToken(tokenLines(in, m.now()))
}

// refreshHistory reformats the History tab: after a send, a selection or
// the reveal key.
func (m *model) refreshHistory() {
	switch m.hc.view {
	case viewBisect:
		m.resp.SetHistory(m.bisectLines())
	case viewDiff:
		m.resp.SetHistory(historyDiffLines(m.history, m.hc.diffA, m.hc.diffB, m.reveal, keyName(m.keys.Reveal)))
	default:
		m.resp.SetHistory(markHistory(historyLines(m.history, m.histAt, m.reveal, keyName(m.keys.Restore)), len(m.history), m.hc))
	}
}

// typing: the focused field takes printable keys (? is a character).
func (m *model) typing() bool {
	return (m.focus == paneRequest && m.req.Typing()) || m.resp.Typing()
}

// canExperiment: ctrl+e is offered after an answered send, when no send,
// run or question is under way (without an answer there is nothing to
// compare a variant with).
func (m *model) canExperiment() bool {
	answered := m.exp.ev.Exchange.Response != nil
	return m.exp.has && answered && !m.busy() && m.exp.phase != expConfirming
}

// busy reports a send, the experiments or a bisection in flight: one at a
// time against a server that is refusing already.
func (m *model) busy() bool { return m.inflight || m.exp.running() || m.hc.running() }

// available is the keys that work where the focus is, in the order the
// help bar shows them: the root's, with the focused pane's own help
// (each pane says which of its keys apply) after tab. The bar is cut at
// the window's width, so help and quit come early.
func (m *model) available() []key.Binding {
	km := m.keys
	out := []key.Binding{km.Send}
	if m.canExperiment() {
		out = append(out, km.Experiments)
	}
	if !m.typing() {
		out = append(out, km.Help)
	}
	out = append(out, km.Quit)
	switch {
	case m.exp.running():
		c := km.Cancel
		c.SetHelp("esc", "cancel experiments")
		out = append(out, c)
	case m.hc.running():
		c := km.Cancel
		c.SetHelp("esc", "cancel bisection")
		out = append(out, c)
	case m.inflight:
		out = append(out, km.Cancel)
	}
	out = append(out, km.Next)
	switch m.focus {
	case paneRequest:
		out = append(out, m.req.Help(km)...)
	case paneChecks:
		out = append(out, m.chk.Help(km)...)
		if m.exp.has {
			out = append(out, km.CopyReport)
		}
	case paneResponse:
		out = append(out, m.resp.Help(km)...)
		if m.canRestore() {
			out = append(out, km.Restore)
		}
		if m.canLoadVariant() {
			out = append(out, km.LoadVariant)
		}
		out = append(out, m.historyKeys()...)
	}
	out = append(out, km.Copy)
	if len(m.scenarios) > 0 {
		out = append(out, km.Scenarios)
	}
	return append(out, km.Prev, km.Import, km.Options, km.SaveAs, km.OpenSaved, km.Reveal)
}

// canRestore: enter on a History entry restores it.
func (m *model) canRestore() bool {
	return m.focus == paneResponse && !m.resp.searching && m.resp.tab == tabHistory && len(m.history) > 0 && m.hc.view == viewList
}

// canLoadVariant: enter on an experiment loads its variant.
func (m *model) canLoadVariant() bool {
	return m.focus == paneResponse && !m.resp.searching && m.resp.tab == tabExperiments && len(m.exp.plan.Variants) > 0
}

// bodyHeight is the rows of the panes: the window less the title line,
// the verdict and the footer.
func (m *model) bodyHeight() int {
	return max(6, m.height-2-len(m.vlines))
}

// checksHeight is the checks pane's height: the rows it has, up to half
// the panes' height (all of that with a check's details open); the
// response takes the rest.
func (m *model) checksHeight() int {
	half := max(5, m.bodyHeight()/2)
	if m.chk.detail {
		return half
	}
	return max(5, min(m.chk.Rows()+2, half))
}

// layout sizes the verdict and the panes for the window.
func (m *model) layout() {
	m.vlines = m.verdictLines()
	if room := m.height - 2 - 6; len(m.vlines) > room {
		// only a window below 80×24 is this short: the last row says so
		m.vlines = m.vlines[:max(0, room)]
		if room > 0 {
			m.vlines[room-1] = ansi.Truncate(m.vlines[room-1], m.width-1, "") + "…"
		}
	}
	bodyH := m.bodyHeight()
	leftW := min(max(30, m.width*2/5), 64)
	rightW := max(30, m.width-leftW)
	checksH := m.checksHeight()
	m.req.SetSize(leftW, bodyH)
	m.chk.SetSize(rightW, checksH)
	m.resp.SetSize(rightW, bodyH-checksH)
	m.help.SetWidth(m.width)
}

func (m model) View() tea.View { return m.view() }

func (m *model) view() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "why403" // never server data (FACTS 1.3)
	return v
}

// minWidth and minHeight are the smallest window the layout fits.
const minWidth, minHeight = 60, 12

// render draws the whole screen as a string (what golden files hold).
func (m *model) render() string {
	if m.width < minWidth || m.height < minHeight {
		line := fmt.Sprintf("why403 needs at least %d×%d; this window is %d×%d", minWidth, minHeight, m.width, m.height)
		return ansi.Truncate(line, max(1, m.width), "…")
	}
	s := m.styles
	bodyH := m.bodyHeight()
	leftW := m.req.width
	rightW := m.chk.width

	var body string
	pd, isPane := m.overlay.(paneDialog)
	switch {
	case m.overlay == helpDialog{}:
		// the whole screen: four columns of keys do not fit beside the request
		body = box(s, "Keys · ? or esc close", m.helpLines(max(1, m.width-3), max(1, bodyH-2)), m.width, bodyH, true)
	case isPane:
		left := box(s, "Request", m.req.View(s), leftW, bodyH, m.focus == paneRequest)
		right := box(s, pd.title(), pd.lines(*m, max(1, rightW-3), max(1, bodyH-2)), rightW, bodyH, true)
		body = besides(left, leftW, right)
	default:
		left := box(s, "Request", m.req.View(s), leftW, bodyH, m.focus == paneRequest)
		right := box(s, m.chk.Title(), m.chk.View(s), rightW, m.chk.height, m.focus == paneChecks) + "\n" +
			box(s, m.resp.Title(), m.resp.View(s), rightW, m.resp.height, m.focus == paneResponse)
		body = besides(left, leftW, right)
	}
	top := m.header
	if len(m.vlines) > 0 {
		top += "\n" + strings.Join(m.vlines, "\n")
	}
	return top + "\n" + body + "\n" + m.footer()
}

// besides joins two boxes line by line. box draws every line at its full
// width, so nothing needs measuring (lipgloss.JoinHorizontal measures every
// line of both, each frame); a missing left line is leftW spaces.
func besides(left string, leftW int, right string) string {
	l, r := strings.Split(left, "\n"), strings.Split(right, "\n")
	var b strings.Builder
	for i := range max(len(l), len(r)) {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(l) {
			b.WriteString(l[i])
		} else {
			b.WriteString(strings.Repeat(" ", leftW))
		}
		if i < len(r) {
			b.WriteString(r[i])
		}
	}
	return b.String()
}

// helpLines lays the full help's columns out side by side as far as
// width allows, then in further rows, so that every key shows.
func (m model) helpLines(width, height int) []string {
	// Every key, in sections titled with where it works, whether it works
	// here or not; above them, when there is room, the keys that work here.
	km := m.keys
	km.EditBody.SetHelp(km.EditBody.Help().Key, "body in $EDITOR (body field)")
	km.Experiments.SetHelp(km.Experiments.Help().Key, "experiments (after a send)")
	titles := []string{"Anywhere", "Fields", "Header list", "Checks · response"}
	var sections []string
	for i, col := range km.FullHelp() {
		for j := range col {
			col[j] = allKeys(col[j])
		}
		c := m.help.FullHelpView([][]key.Binding{col})
		if i < len(titles) {
			c = m.styles.Bold.Render(titles[i]) + "\n" + c
		}
		sections = append(sections, c)
	}
	here := []string{m.styles.Bold.Render("Works here"), m.help.ShortHelpView(m.available()), m.keysHint(width), ""}
	if lines := packColumns(sections, width, height-len(here)); lines != nil {
		return append(here, lines...)
	}
	if lines := packColumns(sections, width, height); lines != nil {
		return lines
	}
	return strings.Split(strings.Join(sections, "\n\n"), "\n")
}

// packColumns stacks sections into columns no taller than height and
// sets the columns side by side; nil when they are wider than width.
func packColumns(sections []string, width, height int) []string {
	var cols []string
	col := ""
	for _, sec := range sections {
		switch {
		case col == "":
			col = sec
		case lipgloss.Height(col)+1+lipgloss.Height(sec) <= height:
			col += "\n\n" + sec
		default:
			cols = append(cols, col)
			col = sec
		}
	}
	if col != "" {
		cols = append(cols, col)
	}
	row := ""
	for _, c := range cols {
		if lipgloss.Height(c) > height {
			return nil
		}
		if row == "" {
			row = c
		} else {
			row = lipgloss.JoinHorizontal(lipgloss.Top, row, "    ", c)
		}
	}
	if lipgloss.Width(row) > width {
		return nil
	}
	return strings.Split(row, "\n")
}

func (m model) headerLine() string {
	s := m.styles
	u := m.req.redactor().URL(m.req.url.Value())
	left := " " + s.Brand.Render("why403") + "  " + s.Method.Render(escape.Line(m.req.method)) + " " + escape.Line(u)
	var right string
	switch {
	case m.inflight:
		right = m.spin.View() + fmt.Sprintf(" sending… %.1fs · %s cancels", m.elapsed.Seconds(), keyName(m.keys.Cancel))
	case m.exp.running():
		right = m.expHeader()
	case m.hc.running():
		right = m.bisectHeader()
	case m.last != nil && m.last.status != 0 && m.stale:
		st := fmt.Sprintf("%d %s", m.last.status, escape.Line(m.last.reason))
		right = s.Warn.Render("stale:") + " " + s.Dim.Render(strings.TrimSpace(st)+" · "+ms(m.last.total))
	case m.last != nil && m.last.status != 0:
		st := fmt.Sprintf("%d %s", m.last.status, escape.Line(m.last.reason))
		right = s.statusStyle(m.last.status).Render(strings.TrimSpace(st)) + " · " + ms(m.last.total)
	case m.last != nil && m.last.err != "" && m.stale:
		right = s.Warn.Render("stale:") + " " + s.Dim.Render("no response")
	case m.last != nil && m.last.err != "":
		right = s.Fail.Render("no response") + " · " + escape.Line(m.last.err)
	case m.startLab != nil && !m.labUp && m.labErr == nil:
		right = s.Dim.Render("starting the lab…")
	}
	if m.listNote != "" {
		right = strings.TrimSpace(s.Warn.Render(m.listNote) + "  " + right)
	}
	rw := ansi.StringWidth(right)
	room := max(0, m.width-rw-2)
	left = ansi.Truncate(left, room, "…")
	gap := max(1, m.width-ansi.StringWidth(left)-rw-1)
	return ansi.Truncate(left+strings.Repeat(" ", gap)+right, m.width, "…")
}

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func (m model) footer() string {
	if p, ok := m.overlay.(promptDialog); ok {
		return ansi.Truncate(" "+p.prompt(m), m.width, "…")
	}
	if m.notice != "" {
		st := m.styles.Notice
		if m.noticeBad {
			st = m.styles.Error
		}
		return ansi.Truncate(" "+st.Render(escape.Line(m.notice)), m.width, "…")
	}
	if m.overlay != nil {
		return ansi.Truncate(" "+m.help.ShortHelpView(m.overlay.help()), m.width, "…")
	}
	return ansi.Truncate(" "+m.help.ShortHelpView(m.available()), m.width, "…")
}

// box draws lines in a rounded border of exactly w×h cells with title in
// the top edge; lines are cut to the inner width, never wrapped.
func box(s Styles, title string, lines []string, w, h int, focused bool) string {
	bs, ts := s.Border, s.Title
	if focused {
		bs, ts = s.BorderOn, s.TitleOn
	}
	iw := max(0, w-3) // one space of padding on the left
	title = ansi.Truncate(escape.Line(title), max(0, w-5), "…")
	fill := max(0, w-4-ansi.StringWidth(title))
	var b strings.Builder
	b.WriteString(bs.Render("╭ ") + ts.Render(title) + bs.Render(" "+strings.Repeat("─", fill)+"╮"))
	// rendered once, not twice a row: Render is the costly part of a frame
	left, right := "\n"+bs.Render("│")+" ", bs.Render("│")
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(lines) {
			line = ansi.Truncate(lines[i], iw, "…")
		}
		pad := max(0, iw-ansi.StringWidth(line))
		b.WriteString(left + line + strings.Repeat(" ", pad) + right)
	}
	b.WriteString("\n" + bs.Render("╰"+strings.Repeat("─", max(0, w-2))+"╯"))
	return b.String()
}

// isWebURL reports an absolute http or https URL with a host: what enter
// in the URL field sends.
func isWebURL(s string) bool {
	u, err := url.Parse(strings.TrimSpace(s))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
