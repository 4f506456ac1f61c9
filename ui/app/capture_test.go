package app

import (
	"bytes"
	"context"
	"fmt"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/probe"
)

// captured builds a judged exchange as the proxy hands it over: method
// and target against origin, answered status with body.
func captured(t testing.TB, id uint64, method, origin, target string, status int, body string, hs ...probe.Header) CaptureItem {
	t.Helper()
	req := probe.Request{Method: method, URL: origin + target, HTTPVersion: "1.1"}
	start := fixedNow.Add(time.Duration(id) * time.Second)
	ex := probe.Exchange{
		Request:  probe.WireRequest{Method: method, URL: target, FullURL: origin + target, Proto: "HTTP/1.1"},
		Response: &probe.Response{Status: status, Reason: http.StatusText(status), Proto: "HTTP/1.1", Headers: hs, Body: []byte(body), BodySize: int64(len(body))},
		Attempts: 1,
	}
	ex.Timing.Start, ex.Timing.Total = start, 12*time.Millisecond
	res := diagnose.Judge(checks.Evidence{Request: req, Exchange: ex, Now: start})
	return CaptureItem{ID: id, Start: start, End: start.Add(12 * time.Millisecond), Target: target,
		Captured: Captured{Request: req, Exchange: ex, Report: res.Report, At: start, Label: fmt.Sprintf("exchange #%d from the app", id)}}
}

func testCapture(t testing.TB, feed *CaptureFeed, w, h int) captureModel {
	t.Helper()
	c := newCaptureModel(context.Background(), CaptureOptions{Feed: feed, Title: "http://127.0.0.1:8403 → http://api.test"})
	c.app.now = func() time.Time { return fixedNow }
	return capStep(t, c, tea.WindowSizeMsg{Width: w, Height: h})
}

func capStep(t testing.TB, c captureModel, msg tea.Msg) captureModel {
	t.Helper()
	next, _ := c.Update(msg)
	return next.(captureModel)
}

func capPress(t testing.TB, c captureModel, keys ...string) captureModel {
	t.Helper()
	for _, k := range keys {
		c = capStep(t, c, keyMsg(k))
	}
	return c
}

// feedTake waits for the feed's next batch as the runtime would.
func feedTake(t testing.TB, c captureModel) captureModel {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	msg := c.feed.next(ctx)()
	b, ok := msg.(captureBatchMsg)
	if !ok {
		t.Fatalf("the feed gave %T, want a batch", msg)
	}
	return capStep(t, c, b)
}

func capPlain(c captureModel) string { return ansi.Strip(c.render()) }

// Exchanges pushed in appear in the list in the order they came, with
// method, path, status, size and time; a refusal has its cause in words.
func TestCaptureListShowsExchangesInOrder(t *testing.T) {
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 140, 30)
	if s := capPlain(c); !strings.Contains(s, "Waiting for the app's first request") {
		t.Errorf("empty list:\n%s", s)
	}
	feed.Push(captured(t, 1, "GET", "http://api.test", "/v1/first", 200, "ok"))
	feed.Push(captured(t, 2, "POST", "http://api.test", "/v1/second", 429, "slow down", probe.Header{Name: "Retry-After", Value: "3600"}))
	feed.Push(captured(t, 3, "GET", "http://api.test", "/v1/third", 204, ""))
	c = feedTake(t, c)
	s := capPlain(c)
	i1, i2, i3 := strings.Index(s, "/v1/first"), strings.Index(s, "/v1/second"), strings.Index(s, "/v1/third")
	if i1 < 0 || i2 < i1 || i3 < i2 {
		t.Fatalf("rows not in the order pushed (%d %d %d):\n%s", i1, i2, i3, s)
	}
	row := lineWith(s, "/v1/second")
	for _, want := range []string{"POST", "429", "9 B", "12 ms", "09:26:55.000"} {
		if !strings.Contains(row, want) {
			t.Errorf("the refused row lacks %q: %q", want, row)
		}
	}
	if f, ok := findingOf(c.items[1].Report, checks.RateLimit); !ok || !strings.Contains(row, f.Title[:20]) {
		t.Errorf("the refused row does not name its cause (%v): %q", c.items[1].Report.Likely, row)
	}
	if row := lineWith(s, "/v1/first"); strings.Contains(row, "refused") {
		t.Errorf("an accepted row reads as refused: %q", row)
	}
	if !strings.Contains(s, "3 exchanges · 1 refused") {
		t.Errorf("the counts are missing:\n%s", s)
	}
}

func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// r shows the refusals only, and again everything.
func TestCaptureListRefusalFilter(t *testing.T) {
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 140, 30)
	feed.Push(captured(t, 1, "GET", "http://api.test", "/ok-one", 200, "ok"))
	feed.Push(captured(t, 2, "GET", "http://api.test", "/refused-one", 403, "no"))
	feed.Push(captured(t, 3, "GET", "http://api.test", "/ok-two", 200, "ok"))
	c = feedTake(t, c)
	c = capPress(t, c, "r")
	s := capPlain(c)
	if strings.Contains(s, "/ok-one") || strings.Contains(s, "/ok-two") || !strings.Contains(s, "/refused-one") || !strings.Contains(s, "Refusals only · 1 of 3") {
		t.Fatalf("refusals only:\n%s", s)
	}
	// a row arriving while filtered shows only if refused
	feed.Push(captured(t, 4, "GET", "http://api.test", "/ok-three", 200, "ok"))
	feed.Push(captured(t, 5, "DELETE", "http://api.test", "/refused-two", 401, "who"))
	c = feedTake(t, c)
	s = capPlain(c)
	if strings.Contains(s, "/ok-three") || !strings.Contains(s, "/refused-two") {
		t.Fatalf("refusals only after more arrived:\n%s", s)
	}
	c = capPress(t, c, "r")
	s = capPlain(c)
	for _, p := range []string{"/ok-one", "/refused-one", "/ok-two", "/ok-three", "/refused-two"} {
		if !strings.Contains(s, p) {
			t.Errorf("r again does not show %s:\n%s", p, s)
		}
	}
}

// enter opens the exchange under the cursor in the app's view: its
// request in the editor, its verdict and checks judged on what was
// captured, nothing sent; esc comes back to the list.
func TestCaptureListEnterOpensJudgedExchange(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 140, 36)
	feed.Push(captured(t, 1, "GET", srv.URL, "/v1/ok", 200, "ok"))
	feed.Push(captured(t, 2, "GET", srv.URL, "/v1/export?fmt=csv", 429, "slow down", probe.Header{Name: "Retry-After", Value: "3600"}))
	c = feedTake(t, c)
	c = capPress(t, c, "enter") // the cursor follows the newest
	if !c.open {
		t.Fatal("enter did not open the exchange")
	}
	m := c.app
	if got := m.req.Request().URL; got != srv.URL+"/v1/export?fmt=csv" {
		t.Errorf("the request pane holds %q", got)
	}
	if m.last == nil || m.last.status != 429 || len(m.lastRep.Likely) == 0 || m.lastRep.Likely[0] != checks.RateLimit {
		t.Fatalf("opened without its judgement: last %+v likely %v", m.last, m.lastRep.Likely)
	}
	f, _ := findingOf(m.lastRep, checks.RateLimit)
	s := ansi.Strip(c.View().Content)
	if !strings.Contains(strings.Join(strings.Fields(s), " "), strings.Join(strings.Fields(f.Title), " ")[:30]) {
		t.Errorf("the view does not show the verdict %q:\n%s", f.Title, s)
	}
	if m.stale {
		t.Error("the opened exchange reads as stale")
	}
	if got := m.chk.Title(); m.chk.report == nil || !strings.Contains(got, " failed · ") {
		t.Errorf("the checks pane shows %q, not the captured exchange's checks", got)
	}
	if !strings.Contains(s, "slow down") && !strings.Contains(s, "Retry-After") {
		t.Errorf("the captured response is not shown:\n%s", s)
	}
	if hits.Load() != 0 {
		t.Errorf("opening sent %d requests", hits.Load())
	}
	c = capPress(t, c, "esc")
	if c.open {
		t.Fatal("esc did not come back to the list")
	}
	if s := capPlain(c); !strings.Contains(s, "/v1/export") {
		t.Errorf("back on the list:\n%s", s)
	}
	// esc that the app uses (closing a search) stays in the app
	c = capPress(t, c, "enter", "tab", "tab", "tab", "tab", "tab", "tab")
	for c.app.focus != paneResponse {
		c = capPress(t, c, "tab")
	}
	c = capPress(t, c, "/")
	if !c.app.resp.searching {
		t.Fatal("/ did not open the search")
	}
	c = capPress(t, c, "esc")
	if !c.open || c.app.resp.searching {
		t.Errorf("esc in the search: open %v, searching %v", c.open, c.app.resp.searching)
	}
}

// A captured POST is not re-sent without y; a captured GET is, on ctrl+s.
func TestCaptureResendNeedsConsentForUnsafe(t *testing.T) {
	var posts, gets atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		} else {
			gets.Add(1)
		}
		w.WriteHeader(403)
	}))
	defer srv.Close()
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 140, 36)
	c.app.getenv = func(string) string { return "" }
	feed.Push(captured(t, 1, "POST", srv.URL, "/orders", 403, "no"))
	c = feedTake(t, c)
	c = capPress(t, c, "enter")
	next, cmd := c.Update(keyMsg("ctrl+s"))
	c = next.(captureModel)
	if _, ok := c.app.overlay.(resendDialog); !ok || c.app.inflight || cmd != nil {
		t.Fatalf("ctrl+s on a captured POST: overlay %T, in flight %v", c.app.overlay, c.app.inflight)
	}
	if !strings.Contains(ansi.Strip(c.View().Content), "Re-send it? y/n") {
		t.Errorf("no question asked:\n%s", ansi.Strip(c.View().Content))
	}
	c = capPress(t, c, "n")
	if c.app.inflight || c.app.overlay != nil {
		t.Fatal("n sent it or left the question open")
	}
	next, cmd = c.Update(keyMsg("ctrl+s"))
	c = next.(captureModel)
	next, cmd = c.Update(keyMsg("y"))
	c = next.(captureModel)
	if !c.app.inflight || cmd == nil {
		t.Fatal("y did not send")
	}
	for _, msg := range runCmd(cmd) {
		if sm, ok := msg.(sentMsg); ok {
			c = capStep(t, c, sm)
		}
	}
	if n := posts.Load(); n != 1 {
		t.Fatalf("the server got %d POSTs, want 1", n)
	}
	// a second ctrl+s asks again
	next, _ = c.Update(keyMsg("ctrl+s"))
	c = next.(captureModel)
	if _, ok := c.app.overlay.(resendDialog); !ok {
		t.Error("the second re-send of the POST did not ask")
	}
	c = capPress(t, c, "esc", "esc")
	if c.open {
		c = capPress(t, c, "esc")
	}

	// a GET goes at once
	feed.Push(captured(t, 2, "GET", srv.URL, "/orders", 403, "no"))
	c = feedTake(t, c)
	c = capPress(t, c, "end", "enter")
	next, cmd = c.Update(keyMsg("ctrl+s"))
	c = next.(captureModel)
	if c.app.overlay != nil || !c.app.inflight {
		t.Fatalf("ctrl+s on a captured GET: overlay %T, in flight %v", c.app.overlay, c.app.inflight)
	}
	runCmd(cmd)
	if gets.Load() != 1 || posts.Load() != 1 {
		t.Errorf("GETs %d POSTs %d, want 1 and 1", gets.Load(), posts.Load())
	}
}

// A burst of 500 exchanges never waits for the list: pushing them takes
// no time with nobody taking, and what the feed could not hold is
// counted and said.
func TestCaptureFeedBurstDoesNotBlock(t *testing.T) {
	feed := NewCaptureFeed(100)
	it := captured(t, 1, "GET", "http://api.test", "/x", 403, "no")
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		for i := range 500 {
			it.ID = uint64(i + 1)
			feed.Push(it)
		}
		done <- time.Since(start)
	}()
	select {
	case d := <-done:
		if d > time.Second {
			t.Errorf("500 pushes took %s", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("pushing 500 exchanges blocked")
	}
	c := testCapture(t, feed, 140, 30)
	c = feedTake(t, c)
	if len(c.items) != 100 || c.items[0].ID != 1 || c.items[99].ID != 100 {
		t.Fatalf("the list holds %d items", len(c.items))
	}
	if s := capPlain(c); !strings.Contains(s, "400 judged but not shown") {
		t.Errorf("the dropped count is not said:\n%s", s)
	}
}

// A burst while the list runs (teatest): every exchange of 500 pushed at
// once arrives, in order, in a few batches.
func TestCaptureListKeepsUpWithBurst(t *testing.T) {
	feed := NewCaptureFeed(1024)
	c := testCapture(t, feed, 140, 30)
	it := captured(t, 1, "GET", "http://api.test", "/burst", 403, "no")
	start := time.Now()
	for i := range 500 {
		it.ID = uint64(i + 1)
		feed.Push(it)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("500 pushes took %s", d)
	}
	batches := 0
	for deadline := time.Now().Add(5 * time.Second); len(c.items) < 500 && time.Now().Before(deadline); batches++ {
		c = feedTake(t, c)
	}
	if len(c.items) != 500 || batches > 3 {
		t.Fatalf("%d items in %d batches", len(c.items), batches)
	}
	for i, it := range c.items {
		if it.ID != uint64(i+1) {
			t.Fatalf("item %d is #%d", i, it.ID)
		}
	}
}

// The list is bounded: past maxCaptureRows the oldest go, and the header
// says how many.
func TestCaptureListBounded(t *testing.T) {
	feed := NewCaptureFeed(maxCaptureRows + 10)
	c := testCapture(t, feed, 140, 30)
	it := captured(t, 1, "GET", "http://api.test", "/x", 200, "ok")
	for i := range maxCaptureRows + 10 {
		it.ID = uint64(i + 1)
		feed.Push(it)
	}
	c = feedTake(t, c)
	if len(c.items) != maxCaptureRows || c.items[0].ID != 11 {
		t.Fatalf("%d items, first #%d", len(c.items), c.items[0].ID)
	}
	if s := capPlain(c); !strings.Contains(s, "10 oldest dropped") {
		t.Errorf("not said:\n%s", s)
	}
}

// Resizing redraws the list at the new size, every line within it.
func TestCaptureListResizes(t *testing.T) {
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 140, 30)
	for i := range 40 {
		feed.Push(captured(t, uint64(i+1), "GET", "http://api.test", fmt.Sprintf("/p/%d/%s", i, strings.Repeat("x", 80)), 403, "no"))
	}
	c = feedTake(t, c)
	for _, sz := range [][2]int{{140, 30}, {80, 24}, {200, 50}, {61, 13}} {
		c = capStep(t, c, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		lines := strings.Split(c.render(), "\n")
		if len(lines) != sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%dx%d: a line is %d wide: %q", sz[0], sz[1], w, ansi.Strip(l))
			}
		}
		if !strings.Contains(capPlain(c), "/p/39/") {
			t.Errorf("%dx%d: the newest row is not shown", sz[0], sz[1])
		}
	}
}

// What the wire says reaches the screen escaped, and secrets in a
// target are masked unless revealed.
func TestCaptureListInertAndMasked(t *testing.T) {
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 160, 30)
	it := captured(t, 1, "GET", "http://api.test", "/x?api_key=sk_live_SECRET1234&q=\x1b]0;pwned\x07\x1b[2J", 403, "\x1b[2J\x1b]52;c;ZXZpbA==\x07")
	it.Exchange.Err = &probe.Error{Phase: "body", Message: "\x1b[31mred"}
	feed.Push(it)
	c = feedTake(t, c)
	raw := c.render()
	for _, bad := range []string{"\x1b]0;", "\x1b[2J", "\x1b]52", "\x07", "sk_live_SECRET1234"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the list holds %q raw:\n%q", bad, raw)
		}
	}
	c = capPress(t, c, "ctrl+r")
	if !strings.Contains(capPlain(c), "sk_live_SECRET1234") {
		t.Errorf("ctrl+r did not reveal:\n%s", capPlain(c))
	}
}

// The list running as a program (teatest): exchanges pushed while it runs
// are taken, a burst of 500 arrives whole without the pushes waiting,
// enter opens the newest and ctrl+c ends it. The screen is drawn by
// cell diffs, so what arrived is read from the final model.
func TestCaptureListProgram(t *testing.T) {
	feed := NewCaptureFeed(1024)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newCaptureModel(ctx, CaptureOptions{Feed: feed, Title: "proxy"})
	tm := teatest.NewTestModel(t, c, teatest.WithInitialTermSize(140, 30))
	var out bytes.Buffer
	waitText(t, tm, &out, "Waiting for the app's first request")
	feed.Push(captured(t, 1, "GET", "http://api.test", "/first-one", 200, "ok"))
	it := captured(t, 2, "GET", "http://api.test", "/burst", 403, "no")
	start := time.Now()
	for i := range 500 {
		it.ID = uint64(i + 2)
		it.Label = fmt.Sprintf("exchange #%d from the app", it.ID)
		feed.Push(it)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("500 pushes took %s", d)
	}
	drained := func() bool {
		feed.mu.Lock()
		defer feed.mu.Unlock()
		return len(feed.pending) == 0
	}
	for deadline := time.Now().Add(10 * time.Second); !drained() && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the last batch on its way to Update
	tm.Send(keyMsg("enter"))
	tm.Send(keyMsg("ctrl+c"))
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(captureModel)
	defer fm.app.shutdown()
	if len(fm.items) != 501 || fm.items[0].Target != "/first-one" || fm.items[500].ID != 501 {
		t.Fatalf("final: %d items", len(fm.items))
	}
	if !fm.open || fm.app.last == nil || fm.app.last.status != 403 || !strings.Contains(fm.app.notice, "opened exchange #501") {
		t.Errorf("enter did not open the newest: open %v, notice %q", fm.open, fm.app.notice)
	}
}

// Exchanges that arrive while one is open go into the list without
// taking the screen or the focus: the header says how many, esc shows
// them, and the count starts again.
func TestCaptureNewWhileOpenIsSaid(t *testing.T) {
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 160, 36)
	feed.Push(captured(t, 1, "GET", "http://api.test", "/v1/opened", 403, "no"))
	c = feedTake(t, c)
	c = capPress(t, c, "enter", "tab")
	focus, url := c.app.focus, c.app.req.Request().URL
	feed.Push(captured(t, 2, "GET", "http://api.test", "/v1/later-ok", 200, "ok"))
	feed.Push(captured(t, 3, "GET", "http://api.test", "/v1/later-no", 401, "who"))
	feed.Push(captured(t, 4, "GET", "http://api.test", "/v1/later-ok2", 200, "ok"))
	c = feedTake(t, c)
	if !c.open || c.app.focus != focus || c.app.req.Request().URL != url {
		t.Fatalf("new exchanges took the screen: open %v, focus %v→%v, editor %q", c.open, focus, c.app.focus, c.app.req.Request().URL)
	}
	top := strings.SplitN(ansi.Strip(c.View().Content), "\n", 2)[0]
	if !strings.Contains(top, "3 new in the list (1 refused) · esc") {
		t.Errorf("the header does not say what arrived: %q", top)
	}
	c = capPress(t, c, "esc")
	if c.open {
		t.Fatal("esc did not come back to the list")
	}
	if s := capPlain(c); !strings.Contains(s, "/v1/later-no") || !strings.Contains(s, "4 exchanges · 2 refused") {
		t.Errorf("the list lacks what arrived:\n%s", s)
	}
	c = capPress(t, c, "enter")
	if top := strings.SplitN(ansi.Strip(c.View().Content), "\n", 2)[0]; strings.Contains(top, "new in the list") {
		t.Errorf("the count did not start again: %q", top)
	}
}

// An exchange the proxy forwarded but did not judge (a burst) has a row
// that says so, never a blank verdict; enter judges it then and opens it
// judged, and its row then gives the cause.
func TestCaptureUnjudgedRowSaysSo(t *testing.T) {
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 180, 30)
	judged := captured(t, 1, "GET", "http://api.test", "/v1/limited", 429, "slow down", probe.Header{Name: "Retry-After", Value: "3600"})
	calls := 0
	for _, it := range []CaptureItem{
		captured(t, 2, "GET", "http://api.test", "/v1/fine", 200, "ok"),
		judged,
	} {
		it.Report = checks.Report{} // as the proxy hands a skipped one over
		it.Judge = func() CaptureItem { calls++; return judged }
		if it.ID == 2 {
			it.Judge = func() CaptureItem { t.Error("the accepted row was judged"); return it }
		}
		feed.Skip(it)
	}
	c = feedTake(t, c)
	s := capPlain(c)
	for _, p := range []string{"/v1/fine", "/v1/limited"} {
		if row := lineWith(s, p); !strings.Contains(row, "not judged: judging fell behind a burst") {
			t.Errorf("the row of %s does not say it was not judged: %q", p, row)
		}
	}
	if row := lineWith(s, "/v1/limited"); !strings.Contains(row, "✗") || strings.Contains(row, "no known cause") {
		t.Errorf("the refused unjudged row: %q", row)
	}
	if !strings.Contains(s, "2 forwarded but not judged") {
		t.Errorf("the header does not count them:\n%s", s)
	}
	c = capPress(t, c, "enter")
	if calls != 1 || !c.open || len(c.app.lastRep.Likely) == 0 || c.app.lastRep.Likely[0] != checks.RateLimit {
		t.Fatalf("enter: %d judgings, open %v, likely %v", calls, c.open, c.app.lastRep.Likely)
	}
	c = capPress(t, c, "esc")
	f, _ := findingOf(judged.Report, checks.RateLimit)
	if row := lineWith(capPlain(c), "/v1/limited"); strings.Contains(row, "not judged") || !strings.Contains(row, f.Title[:20]) {
		t.Errorf("after judging, the row: %q", row)
	}
	c = capPress(t, c, "enter")
	if calls != 1 {
		t.Errorf("opening again judged it again (%d)", calls)
	}
}

// esc during a bisection started from an opened exchange cancels the
// bisection, as it does in the app, rather than going back to the list
// and leaving it sending out of sight.
func TestCaptureEscCancelsBisection(t *testing.T) {
	srv := startCounting(t, 100*time.Millisecond, needsBoth)
	c := testCapture(t, NewCaptureFeed(4), 120, 40)
	c.app = atGood(t, curlGood(srv.URL), dartBad(srv.URL))
	c.open = true
	next, cmd := c.Update(keyMsg("b"))
	c = next.(captureModel)
	if !c.app.hc.running() {
		t.Fatalf("b did not start a bisection:\n%s", plain(c.app))
	}
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	c = capPress(t, c, "esc")
	if !c.open {
		t.Error("esc during a bisection went back to the list")
	}
	if c.app.hc.running() {
		t.Error("esc left the bisection running")
	}
}

// The proxy's notes on an opened exchange (a Location it rewrote, with
// the token an OAuth redirect carries) are masked unless revealed, as
// the JSON Lines output masks them.
func TestCaptureOpenedNotesMasked(t *testing.T) {
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlX25vdGVz"
	c := testCapture(t, NewCaptureFeed(4), 160, 50)
	it := captured(t, 1, "GET", "http://api.test", "/login", 302, "")
	it.Exchange.Warnings = []string{"Location http://api.test/cb?access_token=" + jwt + " rewritten to http://127.0.0.1:8403/cb?access_token=" + jwt}
	c = capStep(t, c, captureBatchMsg{items: []CaptureItem{it}})
	next, cmd := c.Update(keyMsg("enter"))
	c = next.(captureModel)
	for _, msg := range runCmd(cmd) {
		c = capStep(t, c, msg)
	}
	text := strings.Join(c.app.resp.data.lines[tabResponse], "\n")
	if !strings.Contains(text, "rewritten to") {
		t.Fatalf("the note is not shown:\n%s", text)
	}
	if strings.Contains(text, "c2lnbmF0dXJlX25vdGVz") {
		t.Errorf("the opened exchange shows the token in the proxy's note:\n%s", text)
	}
}

// enter on an exchange with a large body returns at once: the body is
// formatted in a command, as after a send, so that the screen and ctrl+c
// do not wait for it; it shows once formatted.
func TestCaptureOpenFormatsOffTheLoop(t *testing.T) {
	body := "[" + strings.Repeat(`{"a":"x","b":[1,2,3]},`, 8<<20/23) + "1]"
	c := testCapture(t, NewCaptureFeed(4), 120, 40)
	c = capStep(t, c, captureBatchMsg{items: []CaptureItem{captured(t, 1, "GET", "http://api.test", "/big", 403, body)}})
	start := time.Now()
	next, cmd := c.Update(keyMsg("enter"))
	took := time.Since(start)
	c = next.(captureModel)
	if !c.open {
		t.Fatal("enter did not open the exchange")
	}
	if took > 300*time.Millisecond {
		t.Errorf("enter took %v in Update: the body was formatted on the loop", took)
	}
	for _, msg := range runCmd(cmd) {
		if f, ok := msg.(formattedMsg); ok {
			c = capStep(t, c, f)
		}
	}
	if text := strings.Join(c.app.resp.data.lines[tabResponse], "\n"); !strings.Contains(text, `"b"`) {
		t.Errorf("the body is not shown once formatted:\n%.400s", text)
	}
}

// The question before re-sending a captured POST says when its body was
// cut to what the proxy kept: y would send a body the app never sent.
func TestCaptureResendSaysBodyWasCut(t *testing.T) {
	c := testCapture(t, NewCaptureFeed(4), 80, 24)
	it := captured(t, 1, "POST", "http://127.0.0.1:1", "/upload", 413, "too big")
	it.Request.Body = []byte("0123456789")
	it.Exchange.Request.Body, it.Exchange.Request.BodySize = it.Request.Body, 20<<20
	c = capStep(t, c, captureBatchMsg{items: []CaptureItem{it}})
	c = capPress(t, c, "enter", "ctrl+s")
	if _, ok := c.app.overlay.(resendDialog); !ok {
		t.Fatalf("ctrl+s on a captured POST did not ask: %T", c.app.overlay)
	}
	if v := ansi.Strip(c.View().Content); !strings.Contains(v, "first 10 B of 21.0 MB") || !strings.Contains(v, "y/n") {
		t.Errorf("the question does not say the body was cut:\n%s", v)
	}
}

// esc in the History tab's diff of two sends goes back to the History
// list, as in the app, not out of the exchange to the capture list.
func TestCaptureEscLeavesHistoryDiffFirst(t *testing.T) {
	c := testCapture(t, NewCaptureFeed(4), 120, 40)
	c = capStep(t, c, captureBatchMsg{items: []CaptureItem{captured(t, 1, "GET", "http://api.test", "/a", 403, "no")}})
	c = capPress(t, c, "enter")
	c.app.setFocus(paneResponse, false)
	c.app.resp.SetTab(tabHistory)
	c.app.hc.view, c.app.hc.diffA, c.app.hc.diffB = viewDiff, 1, 1
	c = capPress(t, c, "esc")
	if !c.open || c.app.hc.view != viewList {
		t.Errorf("esc in the diff view: open %v, view %v", c.open, c.app.hc.view)
	}
	if c = capPress(t, c, "esc"); c.open {
		t.Error("esc in the History list did not go back to the capture list")
	}
}
