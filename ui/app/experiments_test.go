package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
)

// drive runs cmd as the runtime would, feeding the experiments' messages
// back through Update (each returns the command reading the next one)
// until the run has ended; it returns the model and the messages seen.
func drive(t testing.TB, m model, cmd tea.Cmd) (model, []tea.Msg) {
	t.Helper()
	var seen []tea.Msg
	queue := runCmd(cmd)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		switch msg.(type) {
		case expResultMsg, expDoneMsg:
			seen = append(seen, msg)
			next, c := m.Update(msg)
			m = next.(model)
			queue = append(queue, runCmd(c)...)
		}
	}
	return m, seen
}

// finding is the checks pane's finding id.
func finding(m model, id string) (checks.Finding, bool) {
	for _, f := range m.chk.findings {
		if f.ID == id {
			return f, true
		}
	}
	return checks.Finding{}, false
}

// Against the lab: a library User-Agent refused by a bot rule. ctrl+e
// sends the variants; the browser User-Agent gets through, its row says
// so, and the checks pane turns the cause into a shown one.
func TestExperimentsProveAUserAgentBlockAtTheLab(t *testing.T) {
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	m := testModel(t, nil, 120, 40)
	m.now = time.Now // the lab's tokens and Date are real time
	found := false
	for _, sc := range l.Scenarios() {
		if sc.Name == "library-user-agent" {
			m.loadScenario(sc)
			found = true
		}
	}
	if !found {
		t.Fatal("the lab has no library-user-agent scenario")
	}
	m = sendReal(t, m)
	if m.last.status != 403 {
		t.Fatalf("first send: %d", m.last.status)
	}
	if !offered(m, m.keys.Experiments) {
		t.Fatal("ctrl+e is not offered after a refusal")
	}
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	if m.exp.phase != expRunning || m.focus != paneResponse || m.resp.tab != tabExperiments {
		t.Fatalf("ctrl+e: phase %v, focus %v, tab %d", m.exp.phase, m.focus, m.resp.tab)
	}
	if !strings.Contains(plain(m), "experiments 0/") {
		t.Errorf("the header does not show the run:\n%s", plain(m))
	}
	m, seen := drive(t, m, cmd)
	if m.exp.phase != expDone {
		t.Fatalf("phase %v after the run", m.exp.phase)
	}
	if n := len(seen); n != len(m.exp.plan.Variants)+1 {
		t.Errorf("%d messages for %d variants: want one per result, then done", n, len(m.exp.plan.Variants))
	}
	if _, ok := seen[len(seen)-1].(expDoneMsg); !ok {
		t.Error("the done message is not last")
	}
	view := plain(m)
	if !strings.Contains(view, "User-Agent") || !strings.Contains(view, "→ 200 OK →") {
		t.Errorf("no row shows the User-Agent variant getting a 200:\n%s", view)
	}
	shown := false
	for _, id := range []string{checks.UserAgentRequired, checks.WAFBlock} {
		if f, ok := finding(m, id); ok && shownByExperiment(f) {
			shown = true
		}
	}
	if !shown {
		t.Errorf("the checks were not judged again with the experiments: %s", m.chk.Title())
	}
	if offered(m, m.keys.Cancel) {
		t.Error("esc is still offered after the run")
	}
}

// counter is a loopback server that refuses a body sent as a form (415)
// and takes it as JSON, counting the requests by method.
type counter struct {
	mu  sync.Mutex
	got map[string]int
}

func (c *counter) count(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.got[method]
}

func newCounter(t *testing.T) (*counter, *httptest.Server) {
	c := &counter{got: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		c.mu.Lock()
		c.got[r.Method]++
		c.mu.Unlock()
		if r.Method == http.MethodOptions {
			w.Header().Set("Allow", "POST, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnsupportedMediaType)
			io.WriteString(w, `{"error":"Unsupported Media Type: Content-Type must be application/json"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return c, srv
}

func jsonAsForm(url string) probe.Request {
	r := probe.NewRequest(url + "/api/feedback")
	r.Method = "POST"
	r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"})
	r.Body = []byte(`{"rating":5}`)
	return r
}

// A POST is re-sent only after an explicit yes that names the method and
// the count; other keys leave the question open, n sends only the safe
// variants, esc sends nothing.
func TestUnsafeExperimentsNeedAYes(t *testing.T) {
	c, srv := newCounter(t)
	r := jsonAsForm(srv.URL)
	m := testModel(t, &r, 120, 40)
	m.now = time.Now
	m = sendReal(t, m)
	if c.count("POST") != 1 || m.last.status != 415 {
		t.Fatalf("first send: %d POSTs, status %d", c.count("POST"), m.last.status)
	}

	ask := func() model {
		t.Helper()
		next, cmd := m.Update(keyMsg("ctrl+e"))
		mm := next.(model)
		if mm.exp.phase != expConfirming {
			t.Fatalf("ctrl+e on a POST: phase %v, want the question", mm.exp.phase)
		}
		runCmd(cmd) // whatever it returns must not send
		n := mm.exp.plan.Unsafe()
		if n == 0 {
			t.Fatal("no unsafe variant planned for a POST")
		}
		want := "Re-send POST " + strconv.Itoa(n) + " time"
		if s := plain(mm); !strings.Contains(s, want) || !strings.Contains(s, "y/n") {
			t.Fatalf("the question does not name the method and count (%q):\n%s", want, s)
		}
		return mm
	}

	// esc: nothing at all
	m = ask()
	m = press(t, m, "x", "enter", "?")
	if m.exp.phase != expConfirming || isOpen[helpDialog](m) {
		t.Fatalf("a key other than y/n/esc answered the question: phase %v", m.exp.phase)
	}
	next, cmd := m.Update(keyMsg("esc"))
	m = next.(model)
	m, _ = drive(t, m, cmd)
	if m.exp.phase != expIdle || c.count("POST") != 1 || c.count("OPTIONS") != 0 {
		t.Fatalf("esc: phase %v, %d POSTs, %d OPTIONS", m.exp.phase, c.count("POST"), c.count("OPTIONS"))
	}

	// n: the safe variants only; the POSTs show as not sent
	m = ask()
	next, cmd = m.Update(keyMsg("n"))
	m = next.(model)
	m, _ = drive(t, m, cmd)
	if m.exp.phase != expDone {
		t.Fatalf("n: phase %v", m.exp.phase)
	}
	if got := c.count("POST"); got != 1 {
		t.Fatalf("n: the POST was re-sent (%d POSTs in all)", got)
	}
	notSent := 0
	for i, x := range m.exp.results {
		if m.exp.plan.Variants[i].Unsafe && !x.Sent {
			notSent++
		}
	}
	if notSent != m.exp.plan.Unsafe() || !strings.Contains(plain(m), "not sent") {
		t.Errorf("n: %d of %d unsafe variants shown as not sent:\n%s", notSent, m.exp.plan.Unsafe(), plain(m))
	}

	// y: every variant; the fitting Content-Type is shown to be the cause
	m = ask()
	unsafe := m.exp.plan.Unsafe()
	next, cmd = m.Update(keyMsg("y"))
	m = next.(model)
	m, _ = drive(t, m, cmd)
	if got := c.count("POST"); got < 2 || got > 1+unsafe {
		t.Fatalf("y: %d POSTs in all, want 2..%d", got, 1+unsafe)
	}
	if f, ok := finding(m, checks.ContentType); !ok || !shownByExperiment(f) {
		t.Errorf("content.type after the experiments: %+v", f)
	}
	if !strings.Contains(plain(m), "Content-Type: application/json") {
		t.Errorf("no row for the Content-Type variant:\n%s", plain(m))
	}
}

// cannedSender answers every request with refused(req), counting them.
func cannedSender(n *atomic.Int32) sendFunc {
	return func(_ context.Context, req probe.Request) probe.Exchange {
		n.Add(1)
		return refused(req)
	}
}

// Results of a run that a new send or esc has superseded change nothing.
func TestStaleExperimentResultsAreDropped(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	var sent atomic.Int32
	m = sendWith(t, m, refused(r))
	m.send = cannedSender(&sent)

	// a run, then a new send before its results come in
	next, old := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	if m.exp.phase != expRunning {
		t.Fatalf("phase %v", m.exp.phase)
	}
	m = sendWith(t, m, refused(r))
	m.send = cannedSender(&sent)
	title := m.chk.Title()
	report := m.chk.report
	m, seen := drive(t, m, old)
	if len(seen) == 0 {
		t.Fatal("the old run sent no message")
	}
	if m.exp.phase != expIdle || m.exp.results != nil || m.chk.report != report || m.chk.Title() != title {
		t.Fatalf("a stale run changed the state: phase %v, results %v, title %q", m.exp.phase, m.exp.results, m.chk.Title())
	}

	// esc cancels a run: its context ends and its results are dropped
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	ctx := m.exp.cancel
	if !offered(m, m.keys.Cancel) {
		t.Fatal("esc is not offered during a run")
	}
	m = press(t, m, "esc")
	if m.exp.phase != expCancelled || m.exp.cancel != nil || ctx == nil {
		t.Fatalf("esc: phase %v", m.exp.phase)
	}
	m, _ = drive(t, m, cmd)
	if m.exp.phase != expCancelled || m.chk.report != report {
		t.Fatalf("results of a cancelled run were taken: phase %v", m.exp.phase)
	}
	if !strings.Contains(plain(m), "cancelled") {
		t.Errorf("the tab does not say the run was cancelled:\n%s", plain(m))
	}

	// a message carrying an older run's id, during a run
	next, _ = m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	m = step(t, m, expResultMsg{run: m.exp.run - 1, index: 0, x: checks.Experiment{Sent: true, Status: 200, Conclusion: "stale"}})
	m = step(t, m, expDoneMsg{run: m.exp.run - 1})
	if m.exp.got[0] || m.exp.phase != expRunning || strings.Contains(plain(m), "stale") {
		t.Fatal("an older run's message was taken")
	}
	m.exp.stop()
}

// A rate-limited refusal: the tab says why no experiment is sent, and none is.
func TestBlockedExperimentsSayWhy(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	ex := refused(r)
	ex.Response.Status, ex.Response.Reason = 429, "Too Many Requests"
	ex.Response.Headers = append(ex.Response.Headers, probe.Header{Name: "Retry-After", Value: "60"})
	m = sendWith(t, m, ex)
	m, sent := pressCtrlE(t, m)
	if m.exp.phase != expBlocked || sent != 0 {
		t.Fatalf("phase %v, %d sent", m.exp.phase, sent)
	}
	if s := plain(m); !strings.Contains(s, "No experiment sent") || !strings.Contains(s, "429") {
		t.Errorf("the tab does not say why:\n%s", s)
	}
}

// Before any send, ctrl+e does nothing (and no longer opens the editor);
// the body editor moved to ctrl+x.
func TestCtrlENeedsARefusal(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	m = press(t, m, "tab", "tab", "tab") // body
	if offered(m, m.keys.Experiments) {
		t.Error("ctrl+e offered before a send")
	}
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(editorReadyMsg); ok {
			t.Fatal("ctrl+e still opens the editor")
		}
	}
	if m.exp.phase != expIdle {
		t.Fatalf("phase %v", m.exp.phase)
	}
	if !offered(m, m.keys.EditBody) || m.keys.EditBody.Help().Key != "ctrl+x" {
		t.Errorf("the editor key is %q", m.keys.EditBody.Help().Key)
	}
}

// runExperimentsCanned sends sampleRequest, then runs its experiments
// against cannedSender.
func runExperimentsCanned(t *testing.T, w, h int) model {
	t.Helper()
	r := sampleRequest()
	m := testModel(t, &r, w, h)
	m = sendWith(t, m, refused(r))
	var sent atomic.Int32
	m.send = cannedSender(&sent)
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	m, _ = drive(t, m, cmd)
	if m.exp.phase != expDone {
		t.Fatalf("phase %v", m.exp.phase)
	}
	return m
}

// The Experiments tab at the smallest size; enter on a row loads that
// variant into the editor.
func TestExperimentsTabGoldenAndEnterLoadsAVariant(t *testing.T) {
	m := runExperimentsCanned(t, 80, 24)
	golden(t, "experiments_80x24.golden", plain(m))
	if s := plain(m); strings.Contains(s, "abcdefghijklmnop") {
		t.Errorf("the token shows:\n%s", s)
	}
	at := -1
	for i, v := range m.exp.plan.Variants {
		if v.Name == "no-credential" {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("no no-credential variant")
	}
	for range at {
		m = press(t, m, "down")
	}
	if m.exp.cursor != at || !offered(m, m.keys.LoadVariant) {
		t.Fatalf("cursor %d, want %d", m.exp.cursor, at)
	}
	m = press(t, m, "enter")
	b := built(m)
	if _, ok := b.Header("Authorization"); ok || b.Auth.Bearer != "" || m.req.token.Value() != "" {
		t.Fatalf("enter did not load the variant without the credential: %+v", b)
	}
	if v, _ := b.Header("X-Debug"); v != "1" {
		t.Error("the variant lost the other headers")
	}
	if !strings.Contains(m.notice, "no-credential") {
		t.Errorf("notice %q", m.notice)
	}
}

// What a run brings in is escaped and masked like the other tabs.
func TestExperimentRowsAreEscapedAndMasked(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 160, 40)
	m = sendWith(t, m, refused(r))
	next, _ := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	defer m.exp.stop()
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlc2lnbmF0dXJl"
	m = step(t, m, expResultMsg{run: m.exp.run, index: 0, x: checks.Experiment{
		Sent: true, Status: 403, Conclusion: "A\x1b]52;c;aGFja2Vk\x07B \u202eevil " + jwt,
	}})
	v := m.View().Content
	if strings.Contains(v, "\x1b]52") || strings.ContainsRune(v, '\u202e') {
		t.Fatal("a raw control or format character from a result reached the output")
	}
	s := plain(m)
	if !strings.Contains(s, `A\x1b]52;c;aGFja2Vk\x07B`) {
		t.Errorf("the result is not shown escaped:\n%s", s)
	}
	if strings.Contains(s, "c2lnbmF0dXJlc2lnbmF0dXJl") {
		t.Errorf("a JWT in a result is not masked:\n%s", s)
	}
	m = press(t, m, "ctrl+r")
	if !strings.Contains(plain(m), "c2lnbmF0dXJlc2lnbmF0dXJl") {
		t.Error("ctrl+r does not reveal it")
	}
}

// The full help lists ctrl+e and ctrl+x (with their alt twins:
// "ctrl/alt+x"), whichever field it opens from.
func TestHelpListsTheExperimentsAndEditorKeys(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = press(t, m, "tab", "tab", "tab", "tab") // checks
	m = press(t, m, "?")
	s := plain(m)
	for _, want := range []string{"ctrl/alt+e", "experiments", "ctrl/alt+x", "body in $EDITOR"} {
		if !strings.Contains(s, want) {
			t.Errorf("the help does not list %q:\n%s", want, s)
		}
	}
	if offered(m, m.keys.EditBody) {
		t.Error("showing the help enabled ctrl+x outside the body field")
	}
}

// A refusal no variant can tell apart (a 451 naming the country, no
// credential to leave out): ctrl+e says why nothing is sent.
func TestNoVariantSaysWhy(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1/orders")
	m := testModel(t, &r, 120, 40)
	ex := refused(r)
	ex.Response.Status, ex.Response.Reason = 451, "Unavailable For Legal Reasons"
	ex.Response.Body = []byte("not available in your country")
	m = sendWith(t, m, ex)
	m, sent := pressCtrlE(t, m)
	if sent != 0 || m.notice != "no experiment sent: no variant of this request can tell its possible causes apart" {
		t.Errorf("%d sent, notice %q", sent, m.notice)
	}
}

// After a send that got no answer there is nothing to compare a variant
// with: ctrl+e is not offered and does nothing.
func TestCtrlENeedsAnAnswer(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	m = sendWith(t, m, probe.Exchange{Request: refused(r).Request, Err: &probe.Error{Phase: probe.PhaseConnect, Message: "connection refused"}})
	if offered(m, m.keys.Experiments) {
		t.Error("ctrl+e offered after a send without an answer")
	}
	m, sent := pressCtrlE(t, m)
	if sent != 0 || m.exp.phase != expIdle {
		t.Errorf("%d sent, phase %v", sent, m.exp.phase)
	}
}

// pressCtrlE presses ctrl+e with a sender that counts, runs what it
// returns, and says how many requests went out.
func pressCtrlE(t *testing.T, m model) (model, int32) {
	t.Helper()
	var sent atomic.Int32
	m.send = cannedSender(&sent)
	next, cmd := m.Update(keyMsg("ctrl+e"))
	runCmd(cmd)
	return next.(model), sent.Load()
}

// shownByExperiment: the finding failed as Named because an experiment
// showed it (its title stays its own when that is the more specific one;
// the experiment is then in the evidence).
func shownByExperiment(f checks.Finding) bool {
	if f.Status != checks.Fail || f.Strength != checks.Named {
		return false
	}
	if strings.HasPrefix(f.Title, "Shown by experiment") {
		return true
	}
	for _, e := range f.Evidence {
		if strings.HasPrefix(e, "experiment ") || strings.HasPrefix(e, "shown by experiment") {
			return true
		}
	}
	return false
}

// The Experiments tab wraps each line once, hanging its continuation
// rows under the text, and scrolls the selected line's rows into view.
func TestExperimentsTabWrapsEachLineOnce(t *testing.T) {
	km := newKeyMap()
	r := newResponsePane(&km)
	r.SetSize(40, 8)
	r.SetTab(tabExperiments)
	long := "  remove the X-Forwarded-For header → 200 OK → the header was what the firewall refused"
	lines := []string{"Variants of send #1: 6 of 6 in", ""}
	for range 6 {
		lines = append(lines, long)
	}
	r.SetExperiments(lines, 7)
	rows, starts := r.wrapped[tabExperiments], r.starts[tabExperiments]
	if len(starts) != len(lines) {
		t.Fatalf("%d starts for %d lines", len(starts), len(lines))
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, strings.TrimRight(rows[starts[i]], " ")) {
			t.Errorf("line %d starts at row %q", i, rows[starts[i]])
		}
	}
	if !strings.HasPrefix(rows[starts[2]+1], "    ") {
		t.Errorf("a continuation row is not indented: %q", rows[starts[2]+1])
	}
	first, last, ok := r.expSpan()
	if !ok || first != starts[7] || last != len(rows)-1 {
		t.Errorf("span %d..%d, want %d..%d", first, last, starts[7], len(rows)-1)
	}
	if view := strings.Join(visibleRows(model{resp: r}), "\n"); !strings.Contains(view, "firewall refused") {
		t.Errorf("the selected line's end is not in view:\n%s", view)
	}
}
