package experiment

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// counter is a loopback test server that counts requests by method and
// path and measures how many handlers run at once.
type counter struct {
	srv *httptest.Server

	mu       sync.Mutex
	byKey    map[string]int // "POST /x"
	total    int
	inFlight int
	maxIn    int

	// answer writes the response; it may block, but must honour r's
	// context (every wait is bounded).
	answer func(w http.ResponseWriter, r *http.Request)
	// delay is how long each handler holds the request.
	delay time.Duration
}

func newCounter(t testing.TB, delay time.Duration, answer func(w http.ResponseWriter, r *http.Request)) *counter {
	t.Helper()
	c := &counter{byKey: map[string]int{}, answer: answer, delay: delay}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(c.serve)}}
	c.srv.Start()
	t.Cleanup(c.srv.Close)
	return c
}

func (c *counter) serve(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.byKey[r.Method+" "+r.URL.Path]++
	c.total++
	c.inFlight++
	if c.inFlight > c.maxIn {
		c.maxIn = c.inFlight
	}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	if c.delay > 0 {
		t := time.NewTimer(c.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	c.answer(w, r)
}

func (c *counter) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byKey[key]
}

func (c *counter) counts() (total, maxIn int, by map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	by = map[string]int{}
	for k, v := range c.byKey {
		by[k] = v
	}
	return c.total, c.maxIn, by
}

func refuse(status int, headers ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, h := range headers {
			n, v, _ := strings.Cut(h, ": ")
			w.Header().Set(n, v)
		}
		w.WriteHeader(status)
		fmt.Fprintln(w, http.StatusText(status))
	}
}

// request is a loopback request that never goes through a proxy.
func request(url string) probe.Request {
	r := probe.NewRequest(url)
	r.NoProxy = "*"
	return r
}

// baseOf sends req once (counted at the server) and judges it.
func baseOf(t testing.TB, req probe.Request) (checks.Evidence, checks.Report) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ex := probe.Send(ctx, req)
	if ex.Response == nil {
		t.Fatalf("base request got no answer: %+v", ex.Err)
	}
	ev := checks.Evidence{Request: req, Exchange: ex, Now: time.Now()}
	return ev, checks.Run(ev)
}

// getVariants is a plan of n GET variants, each to its own path.
func getVariants(base string, n int) checks.Plan {
	var p checks.Plan
	for i := range n {
		r := request(fmt.Sprintf("%s/v%d", base, i))
		p.Variants = append(p.Variants, checks.Variant{Name: "browser-user-agent", Change: fmt.Sprintf("variant %d", i), Request: r, Causes: []string{checks.WAFBlock}})
	}
	return p
}

// runBounded is Run under a test-level deadline: a hung Run fails the test.
func runBounded(t testing.TB, ev checks.Evidence, rep checks.Report, p checks.Plan, opt Options) ([]checks.Experiment, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan []checks.Experiment, 1)
	start := time.Now()
	go func() { done <- Run(ctx, ev, rep, p, opt) }()
	select {
	case xs := <-done:
		return xs, time.Since(start)
	case <-time.After(8 * time.Second):
		t.Fatal("Run did not return within 8s")
		return nil, 0
	}
}

func TestAtMostTwoInFlight(t *testing.T) {
	c := newCounter(t, 40*time.Millisecond, refuse(403))
	ev, rep := baseOf(t, request(c.srv.URL+"/base"))
	p := getVariants(c.srv.URL, 8)
	var calls, concurrent, maxConcurrent atomic.Int32
	seen := make([]atomic.Int32, len(p.Variants))
	xs, took := runBounded(t, ev, rep, p, Options{Deadline: 5 * time.Second, OnResult: func(i int, x checks.Experiment) {
		if n := concurrent.Add(1); n > maxConcurrent.Load() {
			maxConcurrent.Store(n)
		}
		calls.Add(1)
		seen[i].Add(1)
		time.Sleep(time.Millisecond)
		concurrent.Add(-1)
	}})
	total, maxIn, by := c.counts()
	if maxIn > InFlight || InFlight != 2 {
		t.Errorf("%d requests in flight at once at the server, want at most 2", maxIn)
	}
	if maxIn < 2 {
		t.Errorf("never 2 in flight (max %d): the run is serial", maxIn)
	}
	if total != 1+8 {
		t.Errorf("%d requests at the server, want 9 (base and 8 variants): %v", total, by)
	}
	for i := range 8 {
		if n := by[fmt.Sprintf("GET /v%d", i)]; n != 1 {
			t.Errorf("variant %d sent %d times", i, n)
		}
	}
	if len(xs) != 8 {
		t.Fatalf("%d results", len(xs))
	}
	for i, x := range xs {
		if !x.Sent || x.Status != 403 || x.Name != p.Variants[i].Name || x.Change != p.Variants[i].Change {
			t.Errorf("result %d out of order or not sent: %+v", i, x)
		}
		if n := seen[i].Load(); n != 1 {
			t.Errorf("OnResult called %d times for %d", n, i)
		}
	}
	if calls.Load() != 8 || maxConcurrent.Load() > 1 {
		t.Errorf("OnResult: %d calls, %d at once", calls.Load(), maxConcurrent.Load())
	}
	// 8 variants of 40 ms two at a time: about 160 ms; serially 320 ms or more
	if took > 2*time.Second {
		t.Errorf("run took %v, more than two at a time would", took)
	}
}

// unsafePOST is a POST with enough wrong with it for many variants.
func unsafePOST(url string) probe.Request {
	r := request(url)
	r.Method = "POST"
	r.Body = []byte(`{"rating":5}`)
	r.SetHeader("Content-Type", "application/x-www-form-urlencoded")
	r.SetHeader("User-Agent", "python-requests/2.31.0")
	r.SetHeader("Cookie", "session=abc")
	r.SetHeader("Origin", "https://app.example")
	r.SetHeader("Authorization", "Bearer abcdefghijklmnopqrstuvwxyz")
	return r
}

// shortPauses keeps the repeat variant but makes it quick.
func shortPauses(p checks.Plan) checks.Plan {
	for i := range p.Variants {
		if p.Variants[i].Pause > 0 {
			p.Variants[i].Pause = 20 * time.Millisecond
		}
	}
	return p
}

// refusedPOST is a server that refuses POST /api/feedback with 403 and
// answers OPTIONS with an Allow, the refused POST judged, and its plan.
func refusedPOST(t *testing.T) (*counter, checks.Evidence, checks.Report, checks.Plan) {
	t.Helper()
	c := newCounter(t, 0, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "OPTIONS" {
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			w.WriteHeader(204)
			return
		}
		refuse(403)(w, r)
	})
	ev, rep := baseOf(t, unsafePOST(c.srv.URL+"/api/feedback"))
	return c, ev, rep, shortPauses(checks.PlanExperiments(ev, rep))
}

func TestPOSTIsSentOnceWithoutConsent(t *testing.T) {
	c, ev, rep, p := refusedPOST(t)
	if p.Blocked != "" || p.Unsafe() < 3 {
		t.Fatalf("plan: blocked %q, %d unsafe of %d", p.Blocked, p.Unsafe(), len(p.Variants))
	}
	xs, _ := runBounded(t, ev, rep, p, Options{Deadline: 3 * time.Second})
	total, _, by := c.counts()
	if n := c.count("POST /api/feedback"); n != 1 {
		t.Fatalf("POST sent %d times without consent, want exactly once (the user's own): %v", n, by)
	}
	if n := c.count("OPTIONS /api/feedback"); n != 1 {
		t.Errorf("OPTIONS sent %d times, want once", n)
	}
	if total != 2 {
		t.Errorf("%d requests in all, want 2 (the POST and one OPTIONS): %v", total, by)
	}
	for i, x := range xs {
		v := p.Variants[i]
		if v.Unsafe {
			if x.Sent || !strings.Contains(x.NotSent, "consent") || !strings.Contains(x.NotSent, "POST") {
				t.Errorf("unsafe %s: sent %v, not sent %q", v.Name, x.Sent, x.NotSent)
			}
		} else if !x.Sent || x.Method != "OPTIONS" {
			t.Errorf("safe %s: %+v", v.Name, x)
		}
	}
}

func TestPOSTVariantsWithConsent(t *testing.T) {
	c, ev, rep, p := refusedPOST(t)
	xs, _ := runBounded(t, ev, rep, p, Options{Deadline: 3 * time.Second, AllowUnsafe: true})
	_, _, by := c.counts()
	if n, want := c.count("POST /api/feedback"), 1+p.Unsafe(); n != want {
		t.Errorf("POST sent %d times with consent, want %d (the user's and %d variants): %v", n, want, p.Unsafe(), by)
	}
	for i, x := range xs {
		if !x.Sent {
			t.Errorf("%s not sent with consent: %s", p.Variants[i].Name, x.NotSent)
		}
	}
}

// A re-sent POST that succeeds ends the run: nothing more is sent.
func TestSucceedingUnsafeVariantStops(t *testing.T) {
	c := newCounter(t, 30*time.Millisecond, refuse(201))
	base := unsafePOST(c.srv.URL + "/api/feedback")
	ev, rep := baseOf(t, base)
	// judge as refused, whatever the server said for the base
	ev.Exchange.Response.Status = 403
	var p checks.Plan
	for i := range 6 {
		r := base
		r.URL = fmt.Sprintf("%s/p%d", c.srv.URL, i)
		p.Variants = append(p.Variants, checks.Variant{Name: "content-type-fit", Change: "x", Request: r, Unsafe: true})
	}
	xs, _ := runBounded(t, ev, rep, p, Options{Deadline: 3 * time.Second, AllowUnsafe: true})
	sent := 0
	for _, x := range xs {
		if x.Sent {
			sent++
		} else if !strings.Contains(x.NotSent, "succeeded") {
			t.Errorf("not sent for %q", x.NotSent)
		}
	}
	_, _, by := c.counts()
	if sent > InFlight || sent < 1 {
		t.Errorf("%d POST variants sent after one succeeded (at most the %d in flight): %v", sent, InFlight, by)
	}
}

func TestPushBackStopsTheRest(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request)
		word   string
	}{
		{"429", refuse(429), "429"},
		{"503", refuse(503), "503"},
		{"Retry-After", refuse(403, "Retry-After: 60"), "Retry-After"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int32
			c := newCounter(t, 20*time.Millisecond, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/base" {
					refuse(403)(w, r)
					return
				}
				hits.Add(1)
				tc.answer(w, r)
			})
			ev, rep := baseOf(t, request(c.srv.URL+"/base"))
			p := getVariants(c.srv.URL, 8)
			xs, _ := runBounded(t, ev, rep, p, Options{Deadline: 3 * time.Second})
			if n := hits.Load(); n < 1 || n > InFlight {
				t.Errorf("%d variants reached the server after a %s, want at most the %d already in flight", n, tc.name, InFlight)
			}
			notSent := 0
			for _, x := range xs {
				if !x.Sent {
					notSent++
					if !strings.Contains(x.NotSent, tc.word) {
						t.Errorf("not sent because %q, want it to name %s", x.NotSent, tc.word)
					}
				}
			}
			if notSent != 8-int(hits.Load()) {
				t.Errorf("%d not sent, %d sent", notSent, hits.Load())
			}
		})
	}
}

func TestDeadlineEndsSlowServer(t *testing.T) {
	c := newCounter(t, 0, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/base" {
			refuse(403)(w, r)
			return
		}
		t := time.NewTimer(3 * time.Second) // bounded, and ends with the request
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
		refuse(403)(w, r)
	})
	ev, rep := baseOf(t, request(c.srv.URL+"/base"))
	p := getVariants(c.srv.URL, 6)
	p.Variants = append(p.Variants, checks.Variant{Name: "repeat-after-pause", Change: "again", Request: request(c.srv.URL + "/again"), Pause: 2 * time.Second})
	xs, took := runBounded(t, ev, rep, p, Options{Deadline: 200 * time.Millisecond})
	if took > time.Second {
		t.Errorf("a 200 ms deadline let the run take %v", took)
	}
	_, _, by := c.counts()
	if n := c.count("GET /again"); n != 0 {
		t.Errorf("the paused variant was sent after the deadline")
	}
	var sent, unsent int
	for i, x := range xs {
		switch {
		case x.Sent:
			sent++
			if x.Status != 0 || x.Error == "" {
				t.Errorf("%d: a timed-out variant has status %d, error %q", i, x.Status, x.Error)
			}
		case strings.Contains(x.NotSent, "deadline"):
			unsent++
		default:
			t.Errorf("%d: neither sent nor stopped by the deadline: %+v", i, x)
		}
	}
	if sent > InFlight {
		t.Errorf("%d sent into a slow server (%v), want at most %d", sent, by, InFlight)
	}
	if sent+unsent != len(p.Variants) {
		t.Errorf("%d results accounted for", sent+unsent)
	}
}

// The pause of the repeat variant does not hold a slot: the others go on.
func TestPauseHoldsNoSlot(t *testing.T) {
	c := newCounter(t, 10*time.Millisecond, refuse(403))
	ev, rep := baseOf(t, request(c.srv.URL+"/base"))
	p := checks.Plan{Variants: []checks.Variant{
		{Name: "repeat-after-pause", Change: "again", Request: request(c.srv.URL + "/again"), Pause: 300 * time.Millisecond},
		{Name: "repeat-after-pause", Change: "again", Request: request(c.srv.URL + "/again2"), Pause: 300 * time.Millisecond},
	}}
	p.Variants = append(p.Variants, getVariants(c.srv.URL, 4).Variants...)
	start := time.Now()
	var mu sync.Mutex
	done := map[int]time.Duration{}
	xs, _ := runBounded(t, ev, rep, p, Options{Deadline: 3 * time.Second, OnResult: func(i int, x checks.Experiment) {
		mu.Lock()
		done[i] = time.Since(start)
		mu.Unlock()
	}})
	for i, x := range xs {
		if !x.Sent {
			t.Errorf("%d not sent: %s", i, x.NotSent)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for i := 2; i < len(p.Variants); i++ {
		// were the pauses holding both slots, none could end before 300 ms
		if done[i] >= 250*time.Millisecond {
			t.Errorf("variant %d ended at %v, after the others' pause: a pause holds a slot", i, done[i])
		}
	}
	for i := range 2 {
		if done[i] < 300*time.Millisecond {
			t.Errorf("paused variant %d ended at %v, before its pause", i, done[i])
		}
	}
}

// Canceling the caller's context ends the run too.
func TestCancelEndsRun(t *testing.T) {
	c := newCounter(t, 2*time.Second, refuse(403))
	ev := checks.Evidence{Request: request(c.srv.URL + "/base"), Exchange: probe.Exchange{Response: &probe.Response{Status: 403}}}
	p := getVariants(c.srv.URL, 5)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	xs := Run(ctx, ev, checks.Report{}, p, Options{Deadline: 5 * time.Second})
	if took := time.Since(start); took > time.Second {
		t.Errorf("cancel let the run go on for %v", took)
	}
	if len(xs) != 5 {
		t.Errorf("%d results", len(xs))
	}
}

// The stop rule reads an answer while any variant may still be sent, a
// paused one included: a 429 during the repeat variant's pause keeps it
// off the wire.
func TestPushBackStopsAPausedVariant(t *testing.T) {
	c := newCounter(t, 0, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v0" {
			refuse(429)(w, r)
			return
		}
		refuse(403)(w, r)
	})
	ev, rep := baseOf(t, request(c.srv.URL+"/base"))
	p := checks.Plan{Variants: []checks.Variant{
		{Name: "repeat-after-pause", Change: "again", Request: request(c.srv.URL + "/again"), Pause: 150 * time.Millisecond},
	}}
	p.Variants = append(p.Variants, getVariants(c.srv.URL, 1).Variants...)
	xs, _ := runBounded(t, ev, rep, p, Options{Deadline: 3 * time.Second})
	if n := c.count("GET /again"); n != 0 {
		t.Errorf("the paused variant was sent %d times after a 429", n)
	}
	if xs[0].Sent || !strings.Contains(xs[0].NotSent, "429") {
		t.Errorf("paused variant: sent %v, not sent %q; want it stopped by the 429", xs[0].Sent, xs[0].NotSent)
	}
	if !xs[1].Sent || xs[1].Status != 429 {
		t.Errorf("the variant that met the 429: %+v", xs[1])
	}
}

// A slow variant before the repeat variant does not hold back its pause:
// the pause starts with the run, not when the slow answer is in.
func TestPauseStartsWithTheRun(t *testing.T) {
	c := newCounter(t, 0, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v0" {
			t := time.NewTimer(400 * time.Millisecond) // bounded, and ends with the request
			defer t.Stop()
			select {
			case <-t.C:
			case <-r.Context().Done():
				return
			}
		}
		refuse(403)(w, r)
	})
	ev, rep := baseOf(t, request(c.srv.URL+"/base"))
	p := getVariants(c.srv.URL, 1)
	p.Variants = append(p.Variants, checks.Variant{Name: "repeat-after-pause", Change: "again", Request: request(c.srv.URL + "/again"), Pause: 50 * time.Millisecond})
	start := time.Now()
	var mu sync.Mutex
	done := map[int]time.Duration{}
	xs, _ := runBounded(t, ev, rep, p, Options{Deadline: 3 * time.Second, OnResult: func(i int, x checks.Experiment) {
		mu.Lock()
		done[i] = time.Since(start)
		mu.Unlock()
	}})
	for i, x := range xs {
		if !x.Sent {
			t.Errorf("%d not sent: %s", i, x.NotSent)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if done[1] >= 350*time.Millisecond {
		t.Errorf("the repeat variant ended at %v, after the slow variant's 400 ms: its pause waited for it", done[1])
	}
}
