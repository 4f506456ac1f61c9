package app

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
)

// capturedAs is a captured exchange of req, answered status.
func capturedAs(t *testing.T, id uint64, req probe.Request, status int) CaptureItem {
	t.Helper()
	it := captured(t, id, req.Method, "", req.URL, status, "x")
	it.Request, it.Target = req, req.URL
	return it
}

// capBisect feeds a bisection's messages back through the capture list
// until it is done or the time is up.
func capBisect(t *testing.T, c captureModel, cmd tea.Cmd, within time.Duration) captureModel {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	runAsync(cmd, msgs)
	deadline := time.After(within)
	for {
		select {
		case msg := <-msgs:
			switch msg.(type) {
			case bisSentMsg, bisDoneMsg:
				next, cmd := c.Update(msg)
				c = next.(captureModel)
				runAsync(cmd, msgs)
				if _, done := msg.(bisDoneMsg); done {
					return c
				}
			}
		case <-deadline:
			t.Fatalf("the bisection did not end within %v", within)
			return c
		}
	}
}

// capGoodAndBad puts a captured good and a captured bad exchange in the
// list, marks the good one with g, and opens the bad one.
func capGoodAndBad(t *testing.T, good, bad probe.Request) captureModel {
	t.Helper()
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 160, 40)
	c.app.getenv = func(string) string { return "" }
	feed.Push(capturedAs(t, 1, good, 200))
	feed.Push(capturedAs(t, 2, bad, 403))
	c = feedTake(t, c)
	c = capPress(t, c, "up", "g")
	s := capPlain(c)
	if row := lineWith(s, "page=1"); !strings.HasPrefix(strings.TrimLeft(row, "│ "), "✓ ") {
		t.Errorf("the good row is not marked: %q\n%s", row, s)
	}
	if !strings.Contains(s, "✓ good: exchange #1 from the app") || !strings.Contains(s, "marked good") {
		t.Errorf("the list does not say which exchange is good:\n%s", s)
	}
	c = capPress(t, c, "down", "enter")
	if !c.open || !strings.Contains(c.app.notice, "b bisects it against exchange #1") {
		t.Fatalf("open %v, notice %q", c.open, c.app.notice)
	}
	if h := historyText(c.app); !strings.Contains(h, "✓ good: exchange #1 from the app (marked in the capture list") {
		t.Errorf("the History tab does not name the captured good:\n%s", h)
	}
	return c
}

// g in the capture list marks a captured exchange good; b on an opened
// refused one bisects it against it, through the History tab's
// bisection: two changes needed together are found, within the budget,
// and nothing is sent by marking or opening.
func TestCaptureGoodBisectsOpenedExchange(t *testing.T) {
	srv := startCounting(t, 0, needsBoth)
	c := capGoodAndBad(t, curlGood(srv.URL), dartBad(srv.URL))
	if n := srv.all.Load(); n != 0 {
		t.Fatalf("marking and opening sent %d requests", n)
	}
	next, cmd := c.Update(keyMsg("b"))
	c = next.(captureModel)
	if !c.app.hc.running() {
		t.Fatalf("b did not start a bisection; notice %q", c.app.notice)
	}
	// esc during the run is the bisection's (it cancels), not the list's
	if !c.app.escTaken() {
		t.Error("esc during a bisection would leave for the list")
	}
	c = capBisect(t, c, cmd, 20*time.Second)
	res := c.app.hc.res
	if !res.Confirmed || !res.Complete || len(res.Minimal) != 2 {
		t.Fatalf("result: confirmed %v complete %v minimal %v stopped %q", res.Confirmed, res.Complete, res.Minimal, res.Stopped)
	}
	if n := srv.all.Load(); n > 16 || n != int64(len(res.Sent)) {
		t.Errorf("%d requests reached the server, %d shown; want equal and at most 16", n, len(res.Sent))
	}
	text := historyText(c.app)
	for _, want := range []string{"GOOD: exchange #1 from the app: GET", "Refused because of: User-Agent (Dart/3.5 (dart:io) → curl/8.5.0) and the missing X-App-Version"} {
		if !strings.Contains(text, want) {
			t.Errorf("the bisection lacks %q:\n%s", want, text)
		}
	}
	if s := ansi.Strip(c.View().Content); !strings.Contains(s, "Bisection done") {
		t.Errorf("the opened exchange's view does not show the bisection:\n%s", s)
	}
	// enter loads the minimal change into the editor, and stays open
	c = capPress(t, c, "enter")
	req := c.app.req.Request()
	var ua, ver string
	for _, h := range req.Headers {
		switch h.Name {
		case "User-Agent":
			ua = h.Value
		case "X-App-Version":
			ver = h.Value
		}
	}
	if !c.open || ua != "curl/8.5.0" || ver != "3.1" || !strings.HasSuffix(req.URL, "page=2") {
		t.Errorf("enter: open %v, loaded %+v; want BAD with the User-Agent and X-App-Version changed", c.open, req)
	}
}

// The captured good and the History mark are one mark: g on a History
// send clears the captured one.
func TestCaptureGoodIsTheHistoryMark(t *testing.T) {
	srv := startCounting(t, 0, needsBoth)
	c := capGoodAndBad(t, curlGood(srv.URL), dartBad(srv.URL))
	// opening made the bad exchange History #1; g there replaces the mark
	c.app.resp.SetTab(tabHistory)
	c = capPress(t, c, "g")
	if c.app.hc.capGood != nil || c.app.hc.good != 1 {
		t.Fatalf("g in History: captured good %v, send good #%d", c.app.hc.capGood, c.app.hc.good)
	}
	c = capPress(t, c, "esc")
	if s := capPlain(c); strings.Contains(s, "✓") {
		t.Errorf("the list still shows a captured good:\n%s", s)
	}
}

// A captured POST pair: b asks first, naming the method and the budget;
// n sends nothing at all.
func TestCaptureGoodBisectPOSTAsksFirst(t *testing.T) {
	srv := startCounting(t, 0, needsBoth)
	good, bad := curlGood(srv.URL), dartBad(srv.URL)
	good.Method, bad.Method = "POST", "POST"
	good.Body, bad.Body = []byte(`{"a":1}`), []byte(`{"a":2}`)
	c := capGoodAndBad(t, good, bad)
	next, cmd := c.Update(keyMsg("b"))
	c = next.(captureModel)
	if d, ok := c.app.overlay.(consentDialog); !ok || !d.bisect || cmd != nil {
		t.Fatalf("b did not ask before sending POST: overlay %T", c.app.overlay)
	}
	if s := ansi.Strip(c.View().Content); !strings.Contains(s, "Bisect sends POST: up to 16 requests? y/n") {
		t.Errorf("the question does not name the method and the most requests:\n%s", s)
	}
	next, cmd = c.Update(keyMsg("n"))
	c = next.(captureModel)
	c = capBisect(t, c, cmd, 10*time.Second)
	if n := srv.all.Load(); n != 0 {
		t.Errorf("%d requests (%d POSTs) reached the server without consent", n, srv.posts.Load())
	}
	if text := historyText(c.app); !strings.Contains(text, "It would send:") {
		t.Errorf("the tab does not say what would be sent:\n%s", text)
	}
}

// With a good mark the rows keep within the window at every size.
func TestCaptureGoodMarkFitsWindow(t *testing.T) {
	feed := NewCaptureFeed(64)
	c := testCapture(t, feed, 140, 30)
	for i := range 30 {
		feed.Push(captured(t, uint64(i+1), "GET", "http://api.test", fmt.Sprintf("/p/%d/%s", i, strings.Repeat("x", 80)), 403, "no"))
	}
	c = feedTake(t, c)
	c = capPress(t, c, "g")
	for _, sz := range [][2]int{{140, 30}, {80, 24}, {61, 13}} {
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
		if row := lineWith(capPlain(c), "/p/29/"); !strings.Contains(row, "✓ ") {
			t.Errorf("%dx%d: the good row lost its mark: %q", sz[0], sz[1], row)
		}
	}
}

// A server that starts rate-limiting midway stops the capture's
// bisection at the first 429, as in the History tab.
func TestCaptureGoodBisectStopsAtRateLimit(t *testing.T) {
	var n atomic.Int64
	srv := startCounting(t, 0, needsBoth)
	limited := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) > 3 {
			w.Header().Set("Retry-After", "60")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		srv.Config.Handler.ServeHTTP(w, r)
	}))
	t.Cleanup(limited.Close)
	c := capGoodAndBad(t, curlGood(limited.URL), dartBad(limited.URL))
	next, cmd := c.Update(keyMsg("b"))
	c = next.(captureModel)
	c = capBisect(t, c, cmd, 20*time.Second)
	if got := n.Load(); got != 4 {
		t.Errorf("%d requests reached the server; want 4 (3 of the bisection, the 429)", got)
	}
	if text := historyText(c.app); !strings.Contains(text, "Stopped at the first sign of pushback") {
		t.Errorf("the tab does not say why it stopped:\n%s", text)
	}
}
