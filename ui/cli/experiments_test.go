package cli

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/ui/report"
)

// lineCounter counts the lab's log lines: one per request it served.
type lineCounter struct {
	mu    sync.Mutex
	lines []string
	part  string
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.part + string(p)
	parts := strings.Split(s, "\n")
	c.part = parts[len(parts)-1]
	c.lines = append(c.lines, parts[:len(parts)-1]...)
	return len(p), nil
}

// requests are the logged request lines ("→" marks one; handshake errors
// are not requests).
func (c *lineCounter) requests() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, l := range c.lines {
		if strings.Contains(l, " → ") {
			out = append(out, l)
		}
	}
	return out
}

// countedLab is a lab whose served requests are counted.
func countedLab(t *testing.T) (*lab.Lab, *lineCounter) {
	t.Helper()
	lc := &lineCounter{}
	l, err := lab.Start(lab.Options{Dir: t.TempDir(), Log: lc})
	if err != nil {
		t.Fatalf("starting lab: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l, lc
}

func scenarioArgs(t *testing.T, l *lab.Lab, name string) []string {
	t.Helper()
	for _, sc := range l.Scenarios() {
		if sc.Name == name {
			return sc.Args
		}
	}
	t.Fatalf("no lab scenario %s", name)
	return nil
}

// checkJSON runs `why403 check --json args...` and decodes the report.
func checkJSON(t *testing.T, args ...string) report.Document {
	t.Helper()
	code, out, stderr := run(t, append([]string{"check", "--json"}, args...)...)
	var d report.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("exit %d, not JSON: %v\nstdout: %s\nstderr: %s", code, err, out, stderr)
	}
	return d
}

func experimentNamed(d report.Document, name string) *report.ExperimentDoc {
	for i := range d.Experiments {
		if d.Experiments[i].Name == name {
			return &d.Experiments[i]
		}
	}
	return nil
}

// showing is the first sent experiment that shows id.
func showing(d report.Document, id string) *report.ExperimentDoc {
	for i := range d.Experiments {
		if d.Experiments[i].Sent && slices.Contains(d.Experiments[i].Shows, id) {
			return &d.Experiments[i]
		}
	}
	return nil
}

func describe(d report.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "likely %v, skipped %q\n", d.Likely, d.ExperimentsSkipped)
	for _, x := range d.Experiments {
		fmt.Fprintf(&b, "  %s sent=%v %s %d %q shows=%v rules_out=%v not_sent=%q\n", x.Name, x.Sent, x.Method, x.Status, x.Conclusion, x.Shows, x.RulesOut, x.NotSent)
	}
	return b.String()
}

// counting is a loopback server that counts requests by method and path.
type counting struct {
	URL string
	mu  sync.Mutex
	by  map[string]int
	all int
}

func countingServer(t *testing.T, h http.HandlerFunc) *counting {
	t.Helper()
	c := &counting{by: map[string]int{}}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.by[r.Method+" "+r.URL.Path]++
		c.all++
		c.mu.Unlock()
		h(w, r)
	})}}
	srv.Start()
	t.Cleanup(srv.Close)
	c.URL = srv.URL
	return c
}

func (c *counting) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.by[key]
}

func (c *counting) total() (int, map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	by := map[string]int{}
	for k, v := range c.by {
		by[k] = v
	}
	return c.all, by
}

// A User-Agent block is proven by an experiment, in 2–9 requests in all.
func TestExperimentsProveUserAgentBlock(t *testing.T) {
	l, lc := countedLab(t)
	for _, tc := range []struct{ scenario, cause string }{
		{"library-user-agent", "waf.block"},
		{"github-no-user-agent", "useragent.required"},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			before := len(lc.requests())
			d := checkJSON(t, scenarioArgs(t, l, tc.scenario)...)
			n := len(lc.requests()) - before
			if n < 2 || n > 9 {
				t.Errorf("%d requests at the lab, want 2–9\n%s", n, describe(d))
			}
			if len(d.Likely) == 0 || d.Likely[0] != tc.cause {
				t.Fatalf("likely %v, want %s first\n%s", d.Likely, tc.cause, describe(d))
			}
			x := showing(d, d.Likely[0])
			if x == nil {
				t.Fatalf("no experiment shows %s\n%s", d.Likely[0], describe(d))
			}
			// accepted, or past the User-Agent rule refused for another
			// reason (the lab's GitHub answers its rate limit next)
			if x.Name != "browser-user-agent" || x.Status >= 400 && !strings.Contains(x.Conclusion, "another reason") {
				t.Errorf("shown by %s (%d): %s", x.Name, x.Status, x.Conclusion)
			}
			if d.Guess {
				t.Errorf("a cause shown by experiment is still a guess")
			}
			f := findCheck(d, tc.cause)
			if f == nil || f.Status != "fail" || !strings.Contains(strings.Join(f.Evidence, "\n"), "experiment browser-user-agent") {
				t.Errorf("the finding does not carry the experiment as evidence: %+v", f)
			}
			sent := 0
			for _, e := range d.Experiments {
				if e.Sent {
					sent++
				}
			}
			if sent != n-1 {
				t.Errorf("report says %d experiments sent, the lab saw %d requests besides the first", sent, n-1)
			}
		})
	}
}

// The same 401 with and without the token: the token is ignored, and an
// experiment shows auth.invalid.
func TestExperimentsIgnoredTokenIsInvalid(t *testing.T) {
	c := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="x"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintln(w, `{"message":"Unauthorized"}`)
	})
	d := checkJSON(t, "-H", "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0", c.URL+"/api/orders")
	n, by := c.total()
	if n < 2 || n > 9 {
		t.Errorf("%d requests, want 2–9: %v", n, by)
	}
	x := experimentNamed(d, "no-credential")
	if x == nil || !x.Sent || x.Status != 401 {
		t.Fatalf("no no-credential experiment sent\n%s", describe(d))
	}
	if len(d.Likely) == 0 || d.Likely[0] != "auth.invalid" {
		t.Errorf("likely %v, want auth.invalid first\n%s", d.Likely, describe(d))
	}
	if !slices.Contains(x.Shows, "auth.invalid") {
		t.Errorf("the same 401 without the token does not show auth.invalid; conclusion: %s", x.Conclusion)
	}
	if f := findCheck(d, "auth.invalid"); f == nil || f.Status != "fail" || !strings.HasPrefix(f.Title, "Shown by experiment") {
		t.Errorf("auth.invalid not shown by the experiment: %+v", f)
	}
}

// A POST is sent exactly once without consent: only OPTIONS goes out
// again, and the report says why each POST variant was not sent.
func TestExperimentsNeverResendPOSTWithoutConsent(t *testing.T) {
	c := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions {
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintln(w, "Forbidden")
	})
	for _, mode := range [][]string{nil, {"--experiments=safe"}} {
		before := c.count("POST /api/feedback")
		args := append(append([]string{}, mode...), "-d", `{"rating":5}`, "-A", "python-requests/2.31.0",
			"-H", "Cookie: session=abc", "-H", "Origin: https://app.example", c.URL+"/api/feedback")
		d := checkJSON(t, args...)
		if n := c.count("POST /api/feedback") - before; n != 1 {
			t.Fatalf("%v: POST sent %d times without consent, want exactly once\n%s", mode, n, describe(d))
		}
		unsent := 0
		for _, x := range d.Experiments {
			if x.Sent && x.Method != "OPTIONS" {
				t.Errorf("%s sent with %s", x.Name, x.Method)
			}
			if !x.Sent {
				unsent++
				if !strings.Contains(x.NotSent, "consent") {
					t.Errorf("%s not sent because %q", x.Name, x.NotSent)
				}
			}
		}
		if unsent == 0 {
			t.Errorf("no POST variant was planned, so nothing was tested\n%s", describe(d))
		}
	}
	if n := c.count("OPTIONS /api/feedback"); n != 2 {
		t.Errorf("OPTIONS sent %d times in two runs, want 2", n)
	}
}

// A rate-limited endpoint gets exactly one request, and the report says
// why no experiment ran.
func TestExperimentsSkippedOnRateLimit(t *testing.T) {
	l, lc := countedLab(t)
	t.Run("lab ratelimit-429", func(t *testing.T) {
		before := len(lc.requests())
		d := checkJSON(t, scenarioArgs(t, l, "ratelimit-429")...)
		if n := len(lc.requests()) - before; n != 1 {
			t.Errorf("%d requests to a rate-limited endpoint, want 1: %v", n, lc.requests()[before:])
		}
		if len(d.Experiments) != 0 || !strings.Contains(d.ExperimentsSkipped, "429") {
			t.Errorf("experiments %d, skipped %q\n%s", len(d.Experiments), d.ExperimentsSkipped, describe(d))
		}
	})
	for _, tc := range []struct {
		name    string
		status  int
		headers []string
		word    string
	}{
		{"remaining 0", 403, []string{"X-RateLimit-Limit: 60", "X-RateLimit-Remaining: 0"}, "nothing left"},
		{"Retry-After", 503, []string{"Retry-After: 120"}, "Retry-After"},
		{"few left", 403, []string{"X-RateLimit-Limit: 5000", "X-RateLimit-Remaining: 3"}, "3 requests left"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				for _, h := range tc.headers {
					n, v, _ := strings.Cut(h, ": ")
					w.Header().Set(n, v)
				}
				w.WriteHeader(tc.status)
				fmt.Fprintln(w, "Forbidden")
			})
			d := checkJSON(t, "-A", "python-requests/2.31.0", c.URL+"/api/items")
			if n, by := c.total(); n != 1 {
				t.Errorf("%d requests, want 1: %v", n, by)
			}
			if len(d.Experiments) != 0 || !strings.Contains(d.ExperimentsSkipped, tc.word) {
				t.Errorf("experiments %d, skipped %q, want it to mention %q", len(d.Experiments), d.ExperimentsSkipped, tc.word)
			}
		})
	}
}

// A Content-Type refusal is proven with --experiments=all: content.type
// first, shown by the content-type-fit variant.
func TestExperimentsProveContentTypeWithConsent(t *testing.T) {
	l, lc := countedLab(t)
	args := append([]string{"--experiments=all"}, scenarioArgs(t, l, "json-as-form")...)
	before := len(lc.requests())
	d := checkJSON(t, args...)
	n := len(lc.requests()) - before
	if n < 2 || n > 9 {
		t.Errorf("%d requests at the lab, want 2–9: %v", n, lc.requests()[before:])
	}
	if len(d.Likely) == 0 || d.Likely[0] != "content.type" {
		t.Fatalf("likely %v, want content.type first\n%s", d.Likely, describe(d))
	}
	x := experimentNamed(d, "content-type-fit")
	if x == nil || !x.Sent || x.Method != "POST" || !slices.Contains(x.Shows, "content.type") {
		t.Fatalf("content-type-fit did not show content.type\n%s", describe(d))
	}
	if x.Status == 415 {
		t.Errorf("the fitting Content-Type was still refused with 415")
	}
	if f := findCheck(d, "content.type"); f == nil || f.Status != "fail" || !strings.Contains(strings.Join(f.Evidence, "\n"), "experiment content-type-fit") {
		t.Errorf("content.type finding lacks the experiment: %+v", f)
	}
	// without consent the same scenario re-sends no POST
	before = len(lc.requests())
	d = checkJSON(t, scenarioArgs(t, l, "json-as-form")...)
	for _, line := range lc.requests()[before+1:] {
		if strings.Contains(line, " POST ") {
			t.Errorf("a POST re-sent without consent: %s", line)
		}
	}
	if x := experimentNamed(d, "content-type-fit"); x == nil || x.Sent {
		t.Errorf("content-type-fit without consent: %+v", x)
	}
}

// --no-experiments sends one request and says so.
func TestNoExperimentsFlag(t *testing.T) {
	l, lc := countedLab(t)
	before := len(lc.requests())
	d := checkJSON(t, append([]string{"--no-experiments"}, scenarioArgs(t, l, "library-user-agent")...)...)
	if n := len(lc.requests()) - before; n != 1 {
		t.Errorf("%d requests with --no-experiments", n)
	}
	if len(d.Experiments) != 0 || !strings.Contains(d.ExperimentsSkipped, "--no-experiments") {
		t.Errorf("experiments %d, skipped %q", len(d.Experiments), d.ExperimentsSkipped)
	}
}
