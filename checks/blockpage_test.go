package checks

import (
	"slices"
	"testing"
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
				if slices.Contains(rep.Likely, WAFBlock) {
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
