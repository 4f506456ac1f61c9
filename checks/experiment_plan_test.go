package checks

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// planOf judges ev and plans its experiments, failing the test instead of
// panicking when the planner trips its own bypass guard.
func planOf(t *testing.T, ev Evidence) (p Plan, rep Report) {
	t.Helper()
	rep = Run(ev)
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("PlanExperiments panicked: %v", r)
		}
	}()
	return PlanExperiments(ev, rep), rep
}

func variantNames(p Plan) []string {
	out := make([]string, 0, len(p.Variants))
	for _, v := range p.Variants {
		out = append(out, v.Name)
	}
	return out
}

func variantNamed(p Plan, name string) (Variant, bool) {
	for _, v := range p.Variants {
		if v.Name == name {
			return v, true
		}
	}
	return Variant{}, false
}

// withProto sets the recorded response's protocol ("HTTP/2.0").
func withProto(proto string) func(*Evidence) {
	return func(ev *Evidence) { ev.Exchange.Response.Proto = proto }
}

func method(r probe.Request, m string) probe.Request {
	r.Method = m
	return r
}

// Which variants are planned for which request and response.
func TestPlanChoosesVariants(t *testing.T) {
	const u = "https://api.example.com/v1/items"
	cases := []struct {
		name    string
		req     probe.Request
		resp    *probe.Response
		mod     func(*Evidence)
		want    []string // must be planned
		notWant []string // must not be planned
	}{
		{name: "bearer ignored (401 Bearer)",
			req:     get(u, "Authorization: Bearer abcdefghijklmnop"),
			resp:    resp(401, "", `WWW-Authenticate: Bearer realm="x"`),
			want:    []string{"no-credential"},
			notWant: []string{"options-allow", "content-type-fit", "no-origin", "no-cookies", "http1.1", "token-trimmed"}},
		{name: "bearer via --oauth2-bearer",
			req: func() probe.Request {
				r := get(u)
				r.Auth.Bearer = "abcdefghijklmnop"
				return r
			}(),
			resp: resp(401, "", `WWW-Authenticate: Bearer realm="x"`),
			want: []string{"no-credential"}},
		{name: "library User-Agent",
			req:     get(u, "User-Agent: python-requests/2.31.0"),
			resp:    resp(403, "Forbidden"),
			want:    []string{"browser-user-agent"},
			notWant: []string{"no-credential", "options-allow"}},
		{name: "no User-Agent",
			req:  get(u, "User-Agent:"),
			resp: resp(403, "Request forbidden by administrative rules."),
			want: []string{"browser-user-agent"}},
		{name: "scanner User-Agent gets no browser disguise",
			req:     get(u, "User-Agent: sqlmap/1.7"),
			resp:    resp(403, "Forbidden"),
			notWant: []string{"browser-user-agent"}},
		{name: "JSON sent as form",
			req:     post(u, `{"rating":5}`, "Content-Type: application/x-www-form-urlencoded"),
			resp:    resp(415, "Unsupported Media Type"),
			want:    []string{"options-allow", "content-type-fit"},
			notWant: []string{"no-credential", "no-cookies"}},
		{name: "Origin refused",
			req:  get(u, "Origin: https://evil.example"),
			resp: resp(403, "Invalid CORS request"),
			want: []string{"no-origin"}},
		{name: "Cookie sent",
			req:  post(u, "a=1", "Content-Type: application/x-www-form-urlencoded", "Cookie: session=abc"),
			resp: resp(403, "CSRF token missing or incorrect."),
			want: []string{"no-cookies", "options-allow"}},
		{name: "doubled Bearer scheme",
			req:  get(u, "Authorization: Bearer Bearer abcdefghijklmnop"),
			resp: resp(401, "", `WWW-Authenticate: Bearer realm="x", error="invalid_token"`),
			want: []string{"token-trimmed", "no-credential"}},
		{name: "405 with Allow",
			req:  method(get("https://api.example.com/catalog/products"), "DELETE"),
			resp: resp(405, "", "Allow: GET, HEAD, OPTIONS"),
			want: []string{"options-allow"}},
		{name: "HTTP/2 refusal",
			req:  get(u),
			resp: resp(403, nginx403),
			mod:  withProto("HTTP/2.0"),
			want: []string{"http1.1"}},
		{name: "HTTP/2 prior knowledge keeps HTTP/2",
			req: func() probe.Request {
				r := get(u)
				r.HTTPVersion = "2-prior-knowledge"
				return r
			}(),
			resp:    resp(403, nginx403),
			mod:     withProto("HTTP/2.0"),
			notWant: []string{"http1.1"}},
		{name: "HTTP/1.1 refusal has no protocol variant",
			req:     get(u),
			resp:    resp(403, nginx403),
			notWant: []string{"http1.1"}},
		{name: "directory 403",
			req:  get("https://www.example.com/static/"),
			resp: resp(403, nginx403),
			want: []string{"trailing-slash"}},
		{name: "guess repeats after a pause",
			req:  get(u),
			resp: resp(403, nginx403),
			want: []string{"repeat-after-pause"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := exchange(c.req, c.resp)
			if c.mod != nil {
				c.mod(&ev)
			}
			p, rep := planOf(t, ev)
			if p.Blocked != "" {
				t.Fatalf("blocked: %s", p.Blocked)
			}
			names := variantNames(p)
			for _, w := range c.want {
				if !slices.Contains(names, w) {
					t.Errorf("no %s variant; planned %v (likely %v)", w, names, rep.Likely)
				}
			}
			for _, w := range c.notWant {
				if slices.Contains(names, w) {
					t.Errorf("unexpected %s variant; planned %v (likely %v)", w, names, rep.Likely)
				}
			}
			seen := map[string]bool{}
			for _, v := range p.Variants {
				if seen[v.Name] {
					t.Errorf("variant %s planned twice", v.Name)
				}
				seen[v.Name] = true
				if v.Change == "" || len(v.Causes) == 0 {
					t.Errorf("variant %s lacks a Change or Causes: %+v", v.Name, v)
				}
				if v.Request.FollowRedirects {
					t.Errorf("variant %s follows redirects off the origin", v.Name)
				}
			}
		})
	}
}

// What each variant changes, and only that.
func TestPlanVariantsChangeOneThing(t *testing.T) {
	base := post("https://api.example.com/v1/items", `{"a":1}`,
		"Content-Type: text/plain", "Authorization: Bearer  Bearer abcdefghijklmnop ",
		"Origin: https://evil.example", "Cookie: s=1", "User-Agent: curl/8.0")
	ev := exchange(base, resp(403, "Forbidden"))
	p, _ := planOf(t, ev)
	checkOneChange(t, base, p)
	want := map[string]string{
		"content-type-fit":   "application/json",
		"browser-user-agent": "Mozilla/5.0",
	}
	if v, ok := variantNamed(p, "content-type-fit"); !ok {
		t.Errorf("no content-type-fit in %v", variantNames(p))
	} else if ct, _ := v.Request.Header("Content-Type"); ct != want["content-type-fit"] {
		t.Errorf("content-type-fit sends %q", ct)
	}
	if v, ok := variantNamed(p, "browser-user-agent"); !ok {
		t.Errorf("no browser-user-agent in %v", variantNames(p))
	} else if ua, _ := v.Request.Header("User-Agent"); !strings.HasPrefix(ua, want["browser-user-agent"]) {
		t.Errorf("browser-user-agent sends %q", ua)
	}
	if v, ok := variantNamed(p, "token-trimmed"); !ok {
		t.Errorf("no token-trimmed in %v", variantNames(p))
	} else if a, _ := v.Request.Header("Authorization"); a != "Bearer abcdefghijklmnop" {
		t.Errorf("token-trimmed sends %q", a)
	} else if strings.Contains(v.Change, "abcdefghijklmnop") {
		t.Errorf("token-trimmed's change shows the secret: %q", v.Change)
	}
	if v, ok := variantNamed(p, "repeat-after-pause"); ok && v.Pause <= 0 {
		t.Errorf("repeat-after-pause has no pause")
	}
	// the user's request is untouched by planning
	if a, _ := base.Header("Authorization"); a != "Bearer  Bearer abcdefghijklmnop " {
		t.Errorf("planning changed the base request's Authorization to %q", a)
	}
	if _, ok := ev.Request.Header("Cookie"); !ok {
		t.Errorf("planning removed the base request's Cookie")
	}

	// no User-Agent: any User-Agent, why403's own, not a browser's
	nb := get("https://api.example.com/v1/items", "User-Agent:")
	p2, _ := planOf(t, exchange(nb, resp(403, "Request forbidden by administrative rules.")))
	if v, ok := variantNamed(p2, "browser-user-agent"); !ok {
		t.Errorf("no User-Agent variant for a request without one: %v", variantNames(p2))
	} else if ua, _ := v.Request.Header("User-Agent"); ua != probe.UserAgent {
		t.Errorf("a request without User-Agent gets %q, want why403's own %q", ua, probe.UserAgent)
	}
}

// aspects lists what differs between a and b: method, url, body, auth,
// http version, and each header name (lower case) whose values differ.
func aspects(a, b probe.Request) []string {
	var out []string
	if !strings.EqualFold(methodOf(a), methodOf(b)) {
		out = append(out, "method")
	}
	if a.URL != b.URL {
		out = append(out, "url")
	}
	if string(a.Body) != string(b.Body) || a.BodyFile != b.BodyFile {
		out = append(out, "body")
	}
	if a.Auth != b.Auth {
		out = append(out, "auth")
	}
	if a.HTTPVersion != b.HTTPVersion {
		out = append(out, "httpversion")
	}
	if a.Proxy != b.Proxy || a.NoProxy != b.NoProxy || a.TLS != b.TLS || !slices.Equal(a.ConnectTo, b.ConnectTo) || a.Compressed != b.Compressed {
		out = append(out, "transport")
	}
	vals := func(r probe.Request) map[string][]string {
		m := map[string][]string{}
		for _, h := range r.Headers {
			n := strings.ToLower(h.Name)
			m[n] = append(m[n], h.Value)
		}
		return m
	}
	va, vb := vals(a), vals(b)
	names := map[string]bool{}
	for n := range va {
		names[n] = true
	}
	for n := range vb {
		names[n] = true
	}
	for n := range names {
		if !slices.Equal(va[n], vb[n]) {
			out = append(out, "header:"+n)
		}
	}
	sort.Strings(out)
	return out
}

// allowedChange is what each variant may change.
var allowedChange = map[string][]string{
	"options-allow":      {"method", "body", "header:content-type", "header:content-length"},
	"no-credential":      {"auth", "header:authorization", "header:proxy-authorization", "header:x-api-key", "header:api-key", "header:private-token", "header:x-auth-token"},
	"token-trimmed":      {"header:authorization"},
	"content-type-fit":   {"header:content-type"},
	"no-origin":          {"header:origin"},
	"browser-user-agent": {"header:user-agent"},
	"no-cookies":         {"header:cookie"},
	"trailing-slash":     {"url"},
	"http1.1":            {"httpversion"},
	"repeat-after-pause": {},
}

func checkOneChange(t *testing.T, base probe.Request, p Plan) {
	t.Helper()
	for _, v := range p.Variants {
		allowed, known := allowedChange[v.Name]
		if !known {
			t.Errorf("unknown variant name %q", v.Name)
			continue
		}
		diff := aspects(base, v.Request)
		for _, d := range diff {
			ok := slices.Contains(allowed, d)
			if v.Name == "no-credential" && strings.HasPrefix(d, "header:") {
				// any origin credential header may go, never be added
				_, inVariant := v.Request.Header(strings.TrimPrefix(d, "header:"))
				ok = !inVariant && probe.IsOriginCredential(strings.TrimPrefix(d, "header:"))
			}
			if !ok {
				t.Errorf("%s changes %s, beyond what it says (%s); all changes %v", v.Name, d, v.Change, diff)
			}
		}
		if v.Name != "repeat-after-pause" && len(diff) == 0 {
			t.Errorf("%s changes nothing", v.Name)
		}
		if v.Name == "repeat-after-pause" && v.Pause <= 0 {
			t.Errorf("repeat-after-pause without a pause")
		}
	}
}

// At most MaxExperiments variants, even when every one would apply.
func TestPlanCapsAtEight(t *testing.T) {
	if MaxExperiments != 8 {
		t.Fatalf("MaxExperiments = %d, want 8", MaxExperiments)
	}
	base := post("https://api.example.com/v1/items/", `{"a":1}`,
		"Content-Type: text/plain", "Authorization: Bearer  Bearer abcdefghijklmnop ",
		"Origin: https://evil.example", "Cookie: s=1", "User-Agent: curl/8.0")
	ev := exchange(base, resp(405, "Method Not Allowed", "Allow: GET"))
	ev.Exchange.Response.Proto = "HTTP/2.0"
	p, rep := planOf(t, ev)
	if p.Blocked != "" {
		t.Fatalf("blocked: %s", p.Blocked)
	}
	if len(p.Variants) != MaxExperiments {
		t.Fatalf("%d variants %v (likely %v), want exactly the cap of %d", len(p.Variants), variantNames(p), rep.Likely, MaxExperiments)
	}
	if p.Variants[0].Name != "options-allow" {
		t.Errorf("first variant %s, want options-allow (the most telling for a 405)", p.Variants[0].Name)
	}
	checkOneChange(t, base, p)
}

// Every rate-limit form blocks all variants, and says why.
func TestPlanBlockedByRateLimit(t *testing.T) {
	const u = "https://api.example.com/v1/items"
	cases := []struct {
		name string
		resp *probe.Response
		word string // in Blocked
	}{
		{"429", resp(429, "Too Many Requests"), "429"},
		{"429 with Retry-After", resp(429, "", "Retry-After: 30"), "429"},
		{"403 with Retry-After", resp(403, "Forbidden", "Retry-After: 30"), "Retry-After"},
		{"503 with Retry-After", resp(503, nginx503, "Retry-After: 120"), "Retry-After"},
		{"X-RateLimit-Remaining 0 (GitHub 403)", resp(403, `{"message":"API rate limit exceeded for 203.0.113.7."}`,
			"Content-Type: application/json", "X-RateLimit-Limit: 60", "X-RateLimit-Remaining: 0", "X-RateLimit-Reset: 1741968314"), "nothing left"},
		{"RateLimit-Remaining 0", resp(403, "Forbidden", "RateLimit-Limit: 100", "RateLimit-Remaining: 0"), "nothing left"},
		{"structured RateLimit remaining 0", resp(403, "Forbidden", `RateLimit: "default";r=0;t=30`), "nothing left"},
		{"few requests left", resp(403, "Forbidden", "X-RateLimit-Limit: 1000", "X-RateLimit-Remaining: 5"), "5 requests left"},
		{"16 left is still too few", resp(403, "Forbidden", "X-RateLimit-Limit: 1000", "X-RateLimit-Remaining: 16"), "16 requests left"},
		{"Cloudflare 1015", resp(429, cloudflarePage("1015", "Access denied | example.com used Cloudflare to restrict access", "You are being rate limited"),
			cloudflareHeaders...), ""},
		{"Cloudflare 1015 as 403", resp(403, cloudflarePage("1015", "Access denied | example.com used Cloudflare to restrict access", "You are being rate limited"),
			cloudflareHeaders...), "1015"},
		{"rate-limit wording", resp(403, `{"error":"rate limit exceeded, slow down"}`, "Content-Type: application/json"), "rate limit"},
		{"Google quota reason", resp(403, `{"error":{"code":403,"message":"Quota exceeded","errors":[{"reason":"rateLimitExceeded"}]}}`, "Content-Type: application/json"), "rate limit"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, req := range []probe.Request{get(u), post(u, `{"a":1}`, "Content-Type: application/json")} {
				p, rep := planOf(t, exchange(req, c.resp))
				if p.Blocked == "" {
					t.Fatalf("%s not blocked; planned %v (likely %v)", req.Method, variantNames(p), rep.Likely)
				}
				if len(p.Variants) != 0 {
					t.Errorf("blocked (%s) and still %d variants", p.Blocked, len(p.Variants))
				}
				if !strings.Contains(p.Blocked, c.word) {
					t.Errorf("Blocked = %q, want it to mention %q", p.Blocked, c.word)
				}
			}
		})
	}
	// plenty left is not a block
	p, _ := planOf(t, exchange(get(u), resp(403, nginx403, "X-RateLimit-Limit: 1000", "X-RateLimit-Remaining: 900")))
	if p.Blocked != "" {
		t.Errorf("900 requests left blocked experiments: %s", p.Blocked)
	}
}

// Nothing to compare with, or nothing refused: nothing planned.
func TestPlanBlockedWithoutRefusal(t *testing.T) {
	p, _ := planOf(t, exchange(get("https://api.example.com/"), resp(200, "ok")))
	if p.Blocked == "" || len(p.Variants) != 0 {
		t.Errorf("a 200 planned %v, blocked %q", variantNames(p), p.Blocked)
	}
	p = PlanExperiments(Evidence{Request: get("https://api.example.com/")}, Report{})
	if p.Blocked == "" || len(p.Variants) != 0 {
		t.Errorf("no response planned %v, blocked %q", variantNames(p), p.Blocked)
	}
	// a 200 block page is a refusal
	p, _ = planOf(t, exchange(get("https://api.example.com/", "User-Agent: python-requests/2.31.0"),
		resp(200, "<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890123456789</body></html>", "Content-Type: text/html")))
	if p.Blocked != "" {
		t.Errorf("an F5 block page (200) was not treated as a refusal: %s", p.Blocked)
	}
}

// A POST's (PUT's, DELETE's) variants need consent, all but OPTIONS; a
// GET's never do.
func TestPlanUnsafeMethods(t *testing.T) {
	const u = "https://api.example.com/v1/items/"
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE", "post"} {
		t.Run(m, func(t *testing.T) {
			req := post(u, `{"a":1}`, "Content-Type: text/plain", "Authorization: Bearer abcdefghijklmnop", "Origin: https://a.example", "Cookie: s=1", "User-Agent: python-requests/2.31.0")
			req.Method = m
			p, _ := planOf(t, exchange(req, resp(403, "Forbidden")))
			if len(p.Variants) < 2 {
				t.Fatalf("only %v planned", variantNames(p))
			}
			if _, ok := variantNamed(p, "options-allow"); !ok {
				t.Errorf("no options-allow for %s: %v", m, variantNames(p))
			}
			for _, v := range p.Variants {
				isOptions := v.Request.Method == "OPTIONS"
				if isOptions != (v.Name == "options-allow") {
					t.Errorf("%s sends %s", v.Name, v.Request.Method)
				}
				if v.Unsafe == isOptions {
					t.Errorf("%s %s: Unsafe = %v", v.Name, v.Request.Method, v.Unsafe)
				}
				if isOptions && (len(v.Request.Body) > 0 || v.Request.BodyFile != "") {
					t.Errorf("OPTIONS variant carries the body")
				}
			}
			if got, want := p.Unsafe(), len(p.Variants)-1; got != want {
				t.Errorf("Plan.Unsafe() = %d, want %d", got, want)
			}
		})
	}
	for _, m := range []string{"GET", "HEAD", "OPTIONS", ""} {
		req := get(u, "Authorization: Bearer abcdefghijklmnop", "Origin: https://a.example", "Cookie: s=1")
		req.Method = m
		p, _ := planOf(t, exchange(req, resp(403, "Forbidden")))
		if p.Unsafe() != 0 {
			t.Errorf("%q: %d unsafe variants", m, p.Unsafe())
		}
	}
	if !SafeMethod("get") || !SafeMethod("") || SafeMethod("TRACE") || SafeMethod("POST") {
		t.Errorf("SafeMethod disagrees with RFC 9110 safe methods")
	}
}

// bypassNames are headers 403-bypass tools add; no variant may add or
// change one.
var bypassNames = []string{"X-Forwarded-For", "X-Real-IP", "X-Client-IP", "X-Originating-IP", "X-Remote-IP", "X-Remote-Addr",
	"True-Client-IP", "Cluster-Client-IP", "X-Custom-IP-Authorization", "Forwarded", "X-ProxyUser-Ip", "X-Original-URL",
	"X-Rewrite-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Forwarded-Host", "X-Host",
	"X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Forwarded-Port", "X-Forwarded-Server", "X-Originating-URL", "X-Override-URL",
	"Client-IP", "X-Cluster-Client-IP", "Via", "Referer", "Host"}

// Over many plans, no variant adds a bypass header, rewrites the path
// beyond a trailing slash or changes the method other than to OPTIONS.
func TestPlanNeverBypasses(t *testing.T) {
	urls := []string{"https://api.example.com/admin/", "https://api.example.com/a/b?x=1&y=%2F"}
	methods := []string{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}
	headerSets := [][]string{
		nil,
		{"User-Agent:"},
		{"User-Agent: python-requests/2.31.0"},
		{"User-Agent: Go-http-client/1.1", "Accept: text/html"},
		{"Authorization: Bearer abcdefghijklmnop"},
		{"Authorization:  bearer bearer abcdefghijklmnop\\n"},
		{"Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Cookie: s=1; csrf=2"},
		{"X-API-Key: 1234567890abcdef", "Origin: https://evil.example"},
		{"Origin: null", "Cookie: session=1", "Content-Type: application/json"},
		{"X-Forwarded-For: 10.0.0.1"}, // the user's own: kept as is, never changed
	}
	responses := []*probe.Response{
		resp(401, "", `WWW-Authenticate: Bearer realm="x", error="invalid_token"`),
		resp(403, nginx403),
		resp(403, apache403),
		resp(403, "Request forbidden by administrative rules."),
		resp(403, cloudflarePage("1020", "Access denied", "The site owner has blocked you"), cloudflareHeaders...),
		resp(403, "Invalid CORS request"),
		resp(403, "CSRF token missing or incorrect."),
		resp(404, "Not Found"),
		resp(405, "", "Allow: GET, HEAD"),
		resp(415, "Unsupported Media Type"),
		resp(400, "Bad Request"),
		resp(451, "Unavailable For Legal Reasons"),
		resp(500, "oops"),
	}
	bodies := []string{"", `{"a":1}`, "a=1&b=2"}
	plans, variants := 0, 0
	for _, u := range urls {
		for _, m := range methods {
			for _, hs := range headerSets {
				for bi, body := range bodies {
					if bi > 0 && SafeMethod(m) && m != "" {
						continue
					}
					for ri, r := range responses {
						// both protocols, alternately, to keep the matrix fast
						for _, proto := range []string{[]string{"HTTP/1.1", "HTTP/2.0"}[(plans+ri)%2]} {
							req := get(u, hs...)
							req.Method = m
							if body != "" {
								req.Body = []byte(body)
							}
							rc := *r
							rc.Proto = proto
							ev := exchange(req, &rc)
							name := fmt.Sprintf("%s %s %v body%d resp%d %s", m, u, hs, bi, ri, proto)
							rep := Run(ev)
							var p Plan
							func() {
								defer func() {
									if x := recover(); x != nil {
										t.Errorf("%s: planner panicked: %v", name, x)
									}
								}()
								p = PlanExperiments(ev, rep)
							}()
							plans++
							variants += len(p.Variants)
							if len(p.Variants) > MaxExperiments {
								t.Errorf("%s: %d variants", name, len(p.Variants))
							}
							for _, v := range p.Variants {
								assertNoBypass(t, name, req, v)
							}
						}
					}
				}
			}
		}
	}
	if plans < 500 || variants < plans {
		t.Fatalf("only %d plans with %d variants: the matrix does not exercise the planner", plans, variants)
	}
	t.Logf("%d plans, %d variants, none bypasses", plans, variants)
}

func assertNoBypass(t *testing.T, name string, base probe.Request, v Variant) {
	t.Helper()
	for _, h := range bypassNames {
		bv, bok := base.Header(h)
		vv, vok := v.Request.Header(h)
		if vok && (!bok || bv != vv) {
			t.Errorf("%s: variant %s sends %s: %q (base had %v %q)", name, v.Name, h, vv, bok, bv)
		}
	}
	for _, h := range v.Request.Headers {
		if bypassHeader(h.Name) {
			if bv, ok := base.Header(h.Name); !ok || bv != h.Value {
				t.Errorf("%s: variant %s adds bypass header %s", name, v.Name, h.Name)
			}
		}
		if _, had := base.Header(h.Name); !had && !strings.EqualFold(h.Name, "User-Agent") && !strings.EqualFold(h.Name, "Content-Type") {
			t.Errorf("%s: variant %s adds %s, which the user did not send", name, v.Name, h.Name)
		}
	}
	if vm := methodOf(v.Request); vm != "OPTIONS" && !strings.EqualFold(vm, methodOf(base)) {
		t.Errorf("%s: variant %s changes the method to %s", name, v.Name, vm)
	}
	if v.Request.URL != base.URL {
		if v.Name != "trailing-slash" {
			t.Errorf("%s: variant %s changes the URL to %s", name, v.Name, v.Request.URL)
		} else if strings.TrimSuffix(strings.SplitN(v.Request.URL, "?", 2)[0], "/") != strings.TrimSuffix(strings.SplitN(base.URL, "?", 2)[0], "/") {
			t.Errorf("%s: trailing-slash rewrites the path: %s → %s", name, base.URL, v.Request.URL)
		}
	}
	if v.Request.Proxy != base.Proxy || !slices.Equal(v.Request.ConnectTo, base.ConnectTo) {
		t.Errorf("%s: variant %s changes where the request goes", name, v.Name)
	}
	if v.Request.Method != "OPTIONS" && string(v.Request.Body) != string(base.Body) {
		t.Errorf("%s: variant %s changes the body", name, v.Name)
	}
	if v.Unsafe != (!SafeMethod(base.Method) && v.Request.Method != "OPTIONS") {
		t.Errorf("%s: variant %s %s of a %s: Unsafe = %v", name, v.Name, v.Request.Method, base.Method, v.Unsafe)
	}
}

// The guard itself: a variant that adds a spoofing header or changes the
// method panics before anything is sent.
func TestMustNotBypassPanics(t *testing.T) {
	base := get("https://api.example.com/admin")
	mustPanic := func(name string, v probe.Request) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		mustNotBypass(base, v)
	}
	for _, h := range []string{"X-Forwarded-For", "x-real-ip", "X-Original-URL", "X-HTTP-Method-Override", "X-Rewrite-URL", "True-Client-IP", "Forwarded", "X-Forwarded-Host"} {
		v := clonedRequest(base)
		v.SetHeader(h, "127.0.0.1")
		mustPanic("adds "+h, v)
	}
	v := clonedRequest(base)
	v.Method = "POST"
	mustPanic("GET to POST", v)
	v = clonedRequest(base)
	v.Method = "TRACE"
	mustPanic("GET to TRACE", v)

	// allowed: OPTIONS, User-Agent, the user's own X-Forwarded-For
	ok := clonedRequest(base)
	ok.Method = "OPTIONS"
	ok.SetHeader("User-Agent", "x")
	mustNotBypass(base, ok)
	own := get("https://api.example.com/admin", "X-Forwarded-For: 10.0.0.1")
	mustNotBypass(own, clonedRequest(own))
}

// The repeat variant's Change says how long it really waits.
func TestPlanRepeatSaysItsPause(t *testing.T) {
	p, _ := planOf(t, exchange(get("https://api.example.com/v1/items"), resp(403, nginx403)))
	v, ok := variantNamed(p, "repeat-after-pause")
	if !ok {
		t.Fatalf("no repeat-after-pause in %v", variantNames(p))
	}
	if v.Pause < time.Second || v.Pause > 5*time.Second {
		t.Errorf("pause %v", v.Pause)
	}
	if want := strings.TrimSuffix(fmt.Sprintf("%.1fs", v.Pause.Seconds()), ".0s"); !strings.Contains(v.Change, want) {
		t.Errorf("the variant waits %v but its Change says %q", v.Pause, v.Change)
	}
}
