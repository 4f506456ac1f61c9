package cli

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/probe/relay"
	"github.com/why403/why403/ui/app"
	"github.com/why403/why403/ui/report"
)

// An exchange opened from the list re-sends where the proxy's requests
// go: the proxy's CA file, --connect-to and timeouts, over HTTP/1.1; the
// proxy's notes and a cut request body are said in it.
func TestProxyListItemCarriesTransport(t *testing.T) {
	up, _ := url.Parse("https://api.test")
	s := newProxySession(Env{}, curlargs.Options{}, up, proxyFlags{})
	s.base = probe.Request{TLS: probe.TLSOptions{CAFile: "/tmp/ca.pem"}, ConnectTo: []string{"api.test:443:127.0.0.1:8443"},
		Timeouts: probe.Timeouts{Total: 7 * time.Second}}
	c := &relay.Capture{ID: 9, Start: time.Now(), End: time.Now(),
		Request:  probe.Request{Method: "POST", URL: "https://api.test/v1/orders", Body: []byte("abc")},
		Exchange: probe.Exchange{Request: probe.WireRequest{Method: "POST", URL: "/v1/orders", Body: []byte("abc"), BodySize: 10}}}
	it := s.listItem(c, checks.Report{}, []string{"the proxy answered the app 502 itself"})
	r := it.Request
	if r.TLS.CAFile != "/tmp/ca.pem" || len(r.ConnectTo) != 1 || r.Timeouts.Total != 7*time.Second || r.HTTPVersion != "1.1" {
		t.Errorf("the re-send lacks the proxy's transport: %+v", r)
	}
	if r.Method != "POST" || r.URL != "https://api.test/v1/orders" || it.Target != "/v1/orders" {
		t.Errorf("request %s %s, target %q", r.Method, r.URL, it.Target)
	}
	w := strings.Join(it.Exchange.Warnings, "\n")
	if !strings.Contains(w, "502 itself") || !strings.Contains(w, "the request body was 10 bytes") {
		t.Errorf("warnings: %q", w)
	}
}

// With the list, the relay's offer still never waits: a burst of 500
// exchanges with judging and the list behind is forwarded at once, and
// what was not judged is counted.
func TestProxyListBurstNeverBlocksRelay(t *testing.T) {
	var errb lockedBuffer
	s := newProxySession(Env{Stdout: &lockedBuffer{}, Stderr: &errb}, curlargs.Options{}, nil, proxyFlags{})
	s.feed = app.NewCaptureFeed(16) // nobody takes from it
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range proxyQueue + 500 {
			s.offer(&relay.Capture{ID: uint64(i + 1), Start: time.Now(), End: time.Now()})
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("offer blocked with the list behind")
	}
	go s.judge()
	finished := make(chan struct{})
	go func() { s.finish(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(20 * time.Second):
		t.Fatal("judging into a full list blocked")
	}
	if !strings.Contains(errb.String(), "500 forwarded but not judged") {
		t.Errorf("stderr: %q", errb.String())
	}
}

// An exchange judging had no room for goes to the list unjudged, and is
// judged (its body decoded, its checks run) when the list opens it.
func TestProxyListUnjudgedItemJudgesLater(t *testing.T) {
	up, _ := url.Parse("http://api.test")
	s := newProxySession(Env{}, curlargs.Options{}, up, proxyFlags{})
	now := time.Now()
	c := &relay.Capture{ID: 3, Start: now, End: now,
		Request: probe.Request{Method: "GET", URL: "http://api.test/v1/export"},
		Exchange: probe.Exchange{
			Request:  probe.WireRequest{Method: "GET", URL: "/v1/export", Proto: "HTTP/1.1"},
			Response: &probe.Response{Status: 429, Reason: "Too Many Requests", Proto: "HTTP/1.1", Headers: []probe.Header{{Name: "Retry-After", Value: "3600"}}, Body: []byte("slow down"), BodySize: 9},
			Attempts: 1}}
	c.Exchange.Timing.Start = now
	it := s.unjudgedItem(c)
	if it.Judge == nil || len(it.Report.Likely) != 0 || it.Target != "/v1/export" {
		t.Fatalf("unjudged item: judge %v, likely %v, target %q", it.Judge != nil, it.Report.Likely, it.Target)
	}
	j := it.Judge()
	if j.Judge != nil || len(j.Report.Likely) == 0 || j.Report.Likely[0] != checks.RateLimit || j.Request.HTTPVersion != "1.1" {
		t.Errorf("judged later: judge %v, likely %v", j.Judge != nil, j.Report.Likely)
	}
}

// The proxy answered the app itself after the upstream's head arrived
// (a 101 the app did not ask for): the app got a 502, so the text line,
// like the capture list's row, shows it refused, with the proxy's note.
func TestProxyTextLineProxyAnswerIsARefusal(t *testing.T) {
	now := time.Now()
	c := &relay.Capture{ID: 4, Start: now, End: now, Answered: 502, AnsweredWhy: "the upstream switched protocols (101) though the app did not ask to",
		Request:  probe.Request{Method: "GET", URL: "https://api.test/v1/feed"},
		Exchange: probe.Exchange{Request: probe.WireRequest{Method: "GET", URL: "/v1/feed"}, Response: &probe.Response{Status: 101, Proto: "HTTP/1.1"}}}
	rep := checks.Report{}
	notes := proxyNotes(c, rep)
	doc := report.Build(c.Request, c.Exchange, rep, report.Options{Redactor: probe.NewRedactor(c.Request, false), Time: now})
	line := proxyTextLine(c, doc, notes)
	if !strings.Contains(line, "502 (proxy)") || !strings.Contains(line, "the proxy answered the app 502 itself") {
		t.Errorf("the proxy's own 502 is not shown as a refusal:\n%s", line)
	}
	if !app.CaptureRefused(c.Exchange, c.Answered, rep.Likely) {
		t.Error("the capture list does not count it refused")
	}
}
