package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
)

// Block pages from protections the WAF check has no rule for are read by
// their kind of evidence: a marker of the protection (Server, header,
// cookie) or the page's words (blocked + security, in English or Chinese).
func TestBlockPageByKindOfEvidence(t *testing.T) {
	cases := []struct {
		name string
		body string
		st   int
		hdr  []string
		want string // first likely cause; "" for none
	}{
		{"a Server header of a bot protection", "<html><head><title>Please wait</title></head><body>checking</body></html>", 403,
			[]string{"Server: ddos-guard", "Content-Type: text/html"}, WAFBlock},
		{"a protection's cookie on a refusal", "<html><head><title>Access to this page has been denied.</title></head><body>Press and hold</body></html>", 403,
			[]string{"Set-Cookie: _pxhd=abc:def; path=/", "Retry-After: 0", "Content-Type: text/html"}, WAFBlock},
		{"blocked for security with a support ID", "<table><tr><td>Invalid Request: Support ID 9444410544491160312</td></tr><tr><td>Your request has been blocked for security purposes.</td></tr></table>", 403,
			[]string{"Content-Type: text/html"}, WAFBlock},
		{"a 200 block page with an error code", "<html><title> Blocked Notification Page </title><body>You have been blocked in view of security concerns.<br>Error Code = 1770-PPE1</body></html>", 200,
			[]string{"Content-Type: text/html"}, WAFBlock},
		{"Chinese wording: intercepted by the firewall", "<html><head><title>访问被拦截！</title></head><body>您的请求疑似攻击行为</body></html>", 418,
			[]string{"Content-Type: text/html"}, WAFBlock},
		{"a 200 page about firewalls is no block", "<html><title>How a WAF works</title><body>A firewall blocks suspicious requests.</body></html>", 200,
			[]string{"Content-Type: text/html"}, ""},
		{"a rejected security token is authentication, not a firewall", "The security token included in the request was rejected.", 403,
			[]string{"Content-Type: text/plain", "Authorization: x"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://shop.example/"), resp(c.st, c.body, c.hdr...)))
			if c.want == "" {
				// the rules' reading; a second opinion may still name it
				// after them, marked as one (opinion.go)
				if slices.Contains(rep.rulesLikely(), WAFBlock) {
					t.Fatalf("likely %v: a WAF block read where the page names none", rep.Likely)
				}
				return
			}
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
}

// A 403 with "Retry-After: 0" (a CDN's default on error pages) asks for
// no wait: it is no rate limit.
func TestRetryAfterZeroIsNoRateLimit(t *testing.T) {
	rep := Run(exchange(get("https://shop.example/"), resp(403, "Forbidden", "Retry-After: 0", "Content-Type: text/plain")))
	if g, _ := findingOf(rep, RateLimit); g.Status == Fail {
		t.Fatalf("rate limit read from Retry-After: 0: %s", g.Title)
	}
}

// The lab's index page (200) lists every scenario, quoting the refusals
// it reproduces (GitHub's "Request forbidden by administrative rules",
// Kubernetes' system:anonymous): it is no refusal, and no check fails.
func TestTheLabIndexIsNoRefusal(t *testing.T) {
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	req := probe.NewRequest(l.HTTPURL + "/")
	ex := probe.Send(context.Background(), req)
	if ex.Err != nil || ex.Response == nil || ex.Response.Status != 200 {
		t.Fatalf("index: %+v", ex.Err)
	}
	rep := Run(Evidence{Request: req, Exchange: ex, Now: time.Now()})
	for _, f := range rep.Findings {
		if f.Status == Fail {
			t.Errorf("the lab's index fails %s: %s", f.ID, f.Title)
		}
	}
	if len(rep.Likely) > 0 {
		t.Errorf("likely %v for the lab's index", rep.Likely)
	}
}

// A long page that quotes a block phrase is no block page; a short 200
// page, or a long one whose title says it, still is.
func TestALongPageQuotingABlockPhraseIsNoBlockPage(t *testing.T) {
	listing := "<html><title>%s</title><body><h1>Scenarios</h1>" + strings.Repeat("<p>A scenario the lab reproduces, with its command and what the server answers.</p>", 40) +
		"<p>github: Request forbidden by administrative rules. Please make sure your request has a User-Agent header</p>" +
		"<p>f5: The requested URL was rejected. Please consult with your administrator.</p></body></html>"
	for _, c := range []struct {
		name, body string
		want       bool
	}{
		{"a long listing", fmt.Sprintf(listing, "Lab"), false},
		{"a long page whose title is the block", fmt.Sprintf(listing, "Request Rejected: the requested URL was rejected"), true},
		{"a short page", "<html><title>Request Rejected</title><body>The requested URL was rejected. Please consult with your administrator.<br>Your support ID is: 1234567890123456789</body></html>", true},
	} {
		rep := Run(exchange(get("https://shop.example/"), resp(200, c.body, "Content-Type: text/html")))
		if got := slices.Contains(rep.Likely, WAFBlock); got != c.want {
			t.Errorf("%s: WAF block read %v, want %v (likely %v)", c.name, got, c.want, rep.Likely)
		}
	}
}
