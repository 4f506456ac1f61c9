package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/store"
)

// countingServer is a loopback server that counts the requests it gets,
// by method, and answers with what ok says (200, else 403).
type countingServer struct {
	*httptest.Server
	all, posts atomic.Int64
}

func startCounting(t *testing.T, delay time.Duration, ok func(r *http.Request) bool) *countingServer {
	t.Helper()
	s := &countingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.all.Add(1)
		if r.Method == http.MethodPost {
			s.posts.Add(1)
		}
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
			}
		}
		if ok(r) {
			w.Write([]byte("ok\n"))
			return
		}
		http.Error(w, "refused", http.StatusForbidden)
	}))
	t.Cleanup(s.Close)
	return s
}

// needsBoth accepts only a request with an X-App-Version header and a
// User-Agent that is not Dart's: two changes needed together.
func needsBoth(r *http.Request) bool {
	return r.Header.Get("X-App-Version") != "" && !strings.HasPrefix(r.UserAgent(), "Dart/")
}

func hdrs(kv ...string) []probe.Header {
	var out []probe.Header
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, probe.Header{Name: kv[i], Value: kv[i+1]})
	}
	return out
}

// curlGood is the request that works; dartBad the app's, refused. They
// differ in four more ways that do not matter.
func curlGood(url string) probe.Request {
	return probe.Request{Method: "GET", URL: url + "/api/items?page=1", Headers: hdrs(
		"User-Agent", "curl/8.5.0", "Accept", "*/*", "X-App-Version", "3.1", "X-Trace", "a")}
}

func dartBad(url string) probe.Request {
	return probe.Request{Method: "GET", URL: url + "/api/items?page=2", Headers: hdrs(
		"User-Agent", "Dart/3.5 (dart:io)", "Accept-Encoding", "gzip", "X-Trace", "b", "X-Extra", "1")}
}

// atGood sends good from the editor (History #1), loads bad into the
// editor, and marks #1 good in the History tab.
func atGood(t *testing.T, good, bad probe.Request) model {
	t.Helper()
	m := testModel(t, &good, 120, 40)
	m.getenv = func(string) string { return "" }
	m = sendReal(t, m)
	m.req.Load(bad)
	m.setFocus(paneResponse, false)
	m.resp.SetTab(tabHistory)
	return press(t, m, "g")
}

// runAsync runs commands as Bubble Tea does, each in its own goroutine,
// and hands their messages to msgs.
func runAsync(cmd tea.Cmd, msgs chan<- tea.Msg) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				runAsync(c, msgs)
			}
			return
		}
		if msg != nil {
			msgs <- msg
		}
	}()
}

// feedBisect feeds the bisection's messages back through Update until
// stop says so or the time is up; spinner ticks are left out.
func feedBisect(t *testing.T, m model, msgs chan tea.Msg, within time.Duration, stop func(model, tea.Msg) bool) model {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case msg := <-msgs:
			switch msg.(type) {
			case bisSentMsg, bisDoneMsg:
				next, cmd := m.Update(msg)
				m = next.(model)
				runAsync(cmd, msgs)
				if stop(m, msg) {
					return m
				}
			}
		case <-deadline:
			t.Fatalf("the bisection did not get there within %v; %d requests in", within, len(m.hc.sent))
			return m
		}
	}
}

func keyCmd(t *testing.T, m model, k string) (model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(keyMsg(k))
	return next.(model), cmd
}

func historyText(m model) string { return strings.Join(m.resp.history, "\n") }

// An endpoint that needs two changes together: b in the History tab
// bisects the editor's request to exactly those two, the requests stream
// in one message each, and enter loads BAD with them into the editor.
func TestAppBisectFindsTwoChangesNeededTogether(t *testing.T) {
	srv := startCounting(t, 0, needsBoth)
	m := atGood(t, curlGood(srv.URL), dartBad(srv.URL))
	if !strings.HasPrefix(m.resp.history[0], "✓ ") {
		t.Fatalf("send #1 is not shown marked good:\n%s", historyText(m))
	}
	before := srv.all.Load()
	m, cmd := keyCmd(t, m, "b")
	if !m.hc.running() {
		t.Fatalf("b did not start a bisection; notice %q", m.notice)
	}
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	streamed := 0
	m = feedBisect(t, m, msgs, 20*time.Second, func(m model, msg tea.Msg) bool {
		if _, ok := msg.(bisSentMsg); ok {
			streamed++
			if !strings.Contains(historyText(m), "Requests sent:") {
				t.Errorf("a request came in but the tab does not list it:\n%s", historyText(m))
			}
		}
		_, done := msg.(bisDoneMsg)
		return done
	})
	sent := srv.all.Load() - before
	if sent > 16 || streamed != int(sent) {
		t.Errorf("%d requests reached the server, %d streamed in; want them equal and at most 16", sent, streamed)
	}
	res := m.hc.res
	if !res.Confirmed || !res.Complete || len(res.Minimal) != 2 {
		t.Fatalf("result: confirmed %v complete %v minimal %v stopped %q", res.Confirmed, res.Complete, res.Minimal, res.Stopped)
	}
	text := historyText(m)
	if !strings.Contains(text, "Refused because of: User-Agent (Dart/3.5 (dart:io) → curl/8.5.0) and the missing X-App-Version; with both changed it is accepted") {
		t.Errorf("the minimal change is not worded:\n%s", text)
	}
	m = press(t, m, "enter")
	req := m.req.Request()
	ua, app, extra := "", "", ""
	for _, h := range req.Headers {
		switch h.Name {
		case "User-Agent":
			ua = h.Value
		case "X-App-Version":
			app = h.Value
		case "X-Extra":
			extra = h.Value
		}
	}
	if ua != "curl/8.5.0" || app != "3.1" || extra != "1" || !strings.HasSuffix(req.URL, "page=2") {
		t.Errorf("enter loaded %+v; want BAD with only the User-Agent and X-App-Version changed", req)
	}
}

// A POST pair without consent: b asks first; n sends nothing at all (the
// server counts no POST) and the tab says what would be sent; esc drops
// it.
func TestAppBisectPOSTWithoutConsentSendsNothing(t *testing.T) {
	srv := startCounting(t, 0, needsBoth)
	good, bad := curlGood(srv.URL), dartBad(srv.URL)
	good.Method, bad.Method = "POST", "POST"
	good.Body, bad.Body = []byte(`{"a":1}`), []byte(`{"a":2}`)
	m := atGood(t, good, bad)
	posts := srv.posts.Load() // the send that made History #1

	m, _ = keyCmd(t, m, "b")
	if d, ok := open[consentDialog](m); !ok || !d.bisect {
		t.Fatalf("b did not ask before sending POST; notice %q", m.notice)
	}
	if p := plain(m); !strings.Contains(p, "Bisect sends POST: up to 16 requests? y/n") {
		t.Errorf("the question does not name the method and the most requests:\n%s", p)
	}
	m, _ = keyCmd(t, m, "esc")
	if isOpen[consentDialog](m) || m.hc.running() {
		t.Fatal("esc left the question open or started the bisection")
	}

	m, _ = keyCmd(t, m, "b")
	m, cmd := keyCmd(t, m, "n")
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	m = feedBisect(t, m, msgs, 10*time.Second, func(m model, msg tea.Msg) bool {
		_, done := msg.(bisDoneMsg)
		return done
	})
	if got := srv.posts.Load(); got != posts {
		t.Errorf("%d POSTs reached the server without consent", got-posts)
	}
	if got := srv.all.Load(); got != posts {
		t.Errorf("%d requests reached the server without consent", got-posts)
	}
	text := historyText(m)
	for _, want := range []string{"Compare only: POST is sent only with consent", "It would send:", "GOOD: POST http://127.0.0.1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the tab lacks %q:\n%s", want, text)
		}
	}
}

// esc cancels a bisection in flight: no request leaves after the one
// that was under way, and the run ends at once, not at its budget.
func TestAppBisectCancelStopsSending(t *testing.T) {
	srv := startCounting(t, 100*time.Millisecond, needsBoth)
	m := atGood(t, curlGood(srv.URL), dartBad(srv.URL))
	before := srv.all.Load()
	m, cmd := keyCmd(t, m, "b")
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	m = feedBisect(t, m, msgs, 10*time.Second, func(m model, _ tea.Msg) bool { return len(m.hc.sent) >= 3 })
	events := m.hc.events
	m, _ = keyCmd(t, m, "esc")
	if m.hc.running() || m.hc.phase != bisCancelled {
		t.Fatalf("esc did not cancel; phase %v", m.hc.phase)
	}
	at := srv.all.Load() - before
	start := time.Now()
	// the run ends: it closes its channel (a waiting read may take one)
	for open := true; open; {
		select {
		case _, open = <-events:
		case <-time.After(5 * time.Second):
			t.Fatal("the cancelled run did not end within 5s")
		}
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the cancelled run took %v to end", took)
	}
	for len(msgs) > 0 { // a message of the cancelled run is dropped
		next, _ := m.Update(<-msgs)
		m = next.(model)
	}
	time.Sleep(300 * time.Millisecond)
	if got := srv.all.Load() - before; got > at+1 {
		t.Errorf("%d requests reached the server after cancel was pressed at %d", got-at, at)
	}
	if m.hc.phase != bisCancelled || len(m.hc.sent) != 3 && len(m.hc.sent) != 4 {
		t.Errorf("after cancel: phase %v, %d requests shown", m.hc.phase, len(m.hc.sent))
	}
	if !strings.Contains(historyText(m), "Bisection cancelled") {
		t.Errorf("the tab does not say it was cancelled:\n%s", historyText(m))
	}
}

// ctrl+c quits during a bisection too, and the bisection stops with it.
func TestAppBisectCtrlCQuits(t *testing.T) {
	srv := startCounting(t, 100*time.Millisecond, needsBoth)
	m := atGood(t, curlGood(srv.URL), dartBad(srv.URL))
	m, cmd := keyCmd(t, m, "b")
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	m, quit := keyCmd(t, m, "ctrl+c")
	if quit == nil {
		t.Fatal("ctrl+c during a bisection did not quit")
	}
	if m.hc.running() {
		t.Error("quitting left the bisection running")
	}
}

// One send is good at a time; g on another moves the mark.
func TestAppMarkGoodOneAtATime(t *testing.T) {
	srv := startCounting(t, 0, func(*http.Request) bool { return true })
	m := atGood(t, curlGood(srv.URL), dartBad(srv.URL))
	m = sendReal(t, m) // #2: the editor's request
	if !offered(m, m.keys.MarkGood) || !offered(m, m.keys.Bisect) || !offered(m, m.keys.Compare) {
		t.Error("the help bar does not offer g, b and c in the History tab")
	}
	m = press(t, m, "g")
	var marked []int
	for i, l := range m.resp.history[:2] {
		if strings.HasPrefix(l, "✓ ") {
			marked = append(marked, i+1)
		}
	}
	if len(marked) != 1 || marked[0] != 2 {
		t.Errorf("marked good: %v, want only #2:\n%s", marked, historyText(m))
	}
}

// A server that starts rate-limiting midway: the bisection stops at the
// first 429 and says so; nothing more is sent.
func TestAppBisectStopsAtRateLimit(t *testing.T) {
	var n atomic.Int64
	srv := startCounting(t, 0, func(r *http.Request) bool { return needsBoth(r) })
	limited := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) > 4 {
			w.Header().Set("Retry-After", "60")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		srv.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(limited.Close)
	m := atGood(t, curlGood(limited.URL), dartBad(limited.URL)) // request 1
	m, cmd := keyCmd(t, m, "b")
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	m = feedBisect(t, m, msgs, 20*time.Second, func(m model, msg tea.Msg) bool {
		_, done := msg.(bisDoneMsg)
		return done
	})
	if got := n.Load(); got != 5 {
		t.Errorf("%d requests reached the server; want 5 (the send, 3 of the bisection, the 429)", got)
	}
	if text := historyText(m); !strings.Contains(text, "Stopped at the first sign of pushback") {
		t.Errorf("the tab does not say why it stopped:\n%s", text)
	}
	if m.hc.loadable() {
		t.Error("a stopped bisection with no accepted change offers one to load")
	}
}

// The good mark follows its send when the earlier runs' sends arrive in
// front of it; an earlier run's send whose secrets the store did not keep
// is refused as GOOD before anything is sent.
func TestAppBisectGoodMarkAndEarlierRuns(t *testing.T) {
	srv := startCounting(t, 0, needsBoth)
	good := curlGood(srv.URL)
	m, st := storeModel(t, &good)
	m.getenv = func(string) string { return "" }
	past := curlGood(srv.URL)
	past.Headers = append(past.Headers, probe.Header{Name: "Authorization", Value: "Bearer " + appSecret})
	if err := st.AddHistory(context.Background(), store.Entry{At: fixedNow, Request: past, Status: 200}); err != nil {
		t.Fatal(err)
	}
	m = sendReal(t, m) // this run's #1, before the store answers
	m.setFocus(paneResponse, false)
	m.resp.SetTab(tabHistory)
	m = press(t, m, "g")
	m = feed(t, m, m.saved.openStoreCmd(context.Background()))
	if len(m.history) != 2 || m.hc.good != 2 || !strings.HasPrefix(m.resp.history[1], "✓ ") {
		t.Fatalf("the good mark did not follow its send: good #%d of %d\n%s", m.hc.good, len(m.history), historyText(m))
	}
	sent := srv.all.Load()
	m.req.Load(dartBad(srv.URL))
	m = press(t, m, "up", "g", "b")
	if m.hc.running() || !strings.Contains(m.notice, "earlier run") {
		t.Errorf("an earlier run's send without its secrets was taken as GOOD; notice %q", m.notice)
	}
	if got := srv.all.Load(); got != sent {
		t.Errorf("%d requests sent", got-sent)
	}
}

// Typing goes on while a bisection runs: the editor takes keys between
// its messages, and the run ends with the request it started with.
func TestAppBisectDoesNotBlockTyping(t *testing.T) {
	srv := startCounting(t, 20*time.Millisecond, needsBoth)
	m := atGood(t, curlGood(srv.URL), dartBad(srv.URL))
	m, cmd := keyCmd(t, m, "b")
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	m.setFocus(paneRequest, false)
	typed, done := false, false
	for deadline := time.After(20 * time.Second); !done; {
		select {
		case msg := <-msgs:
			switch msg.(type) {
			case bisSentMsg, bisDoneMsg:
				_, done = msg.(bisDoneMsg)
				next, cmd := m.Update(msg)
				m = next.(model)
				runAsync(cmd, msgs)
				if !typed && !done {
					m = typeText(t, m, "&x=1") // between two answers
					typed = strings.HasSuffix(m.req.url.Value(), "page=2&x=1")
				}
			}
		case <-deadline:
			t.Fatal("the bisection did not end within 20s")
		}
	}
	if !typed {
		t.Error("the URL field did not take keys during the bisection")
	}
	if !m.hc.res.Complete || len(m.hc.res.Minimal) != 2 || !strings.HasSuffix(m.req.url.Value(), "page=2&x=1") {
		t.Errorf("the run did not finish on its own request, or the edit was lost: %v %q", m.hc.res.Minimal, m.req.url.Value())
	}
}
