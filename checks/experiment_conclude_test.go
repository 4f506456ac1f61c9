package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// concludeCase is a base refusal, one of its planned variants and the
// variant's answer, with what the conclusion must show and rule out.
type concludeCase struct {
	name     string
	base     probe.Request
	baseResp *probe.Response
	variant  string          // name of a planned variant
	answer   *probe.Response // nil: no answer
	shows    []string        // exactly these
	rulesOut []string        // at least these
	notRule  []string        // never these
	words    string          // in the conclusion
	notWords string          // never in the conclusion, change or fix
	fix      bool            // a fix is suggested
	// bug, when set, skips the case: a known defect of Conclude.
	bug string
}

func runConcludeCases(t *testing.T, cases []concludeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.variant+"/"+c.name, func(t *testing.T) {
			if c.bug != "" {
				t.Skip("BUG: " + c.bug)
			}
			base := exchange(c.base, c.baseResp)
			baseRep := Run(base)
			p := PlanExperiments(base, baseRep)
			v, ok := variantNamed(p, c.variant)
			if !ok {
				t.Fatalf("no %s variant planned: %v (blocked %q, likely %v)", c.variant, variantNames(p), p.Blocked, baseRep.Likely)
			}
			var ex probe.Exchange
			if c.answer != nil {
				ex = exchange(v.Request, c.answer).Exchange
				ex.Timing.Total = 12 * time.Millisecond
			} else {
				ex = probe.Exchange{Err: &probe.Error{Message: "connection refused"}}
			}
			x := Conclude(base, baseRep, v, ex)
			show := "\n  conclusion: " + x.Conclusion + "\n  shows: " + strings.Join(x.Shows, ",") + "\n  rules out: " + strings.Join(x.RulesOut, ",") + "\n  base likely: " + strings.Join(baseRep.Likely, ",")
			if x.Name != v.Name || x.Change != v.Change || !x.Sent || x.Method != methodOf(v.Request) || x.URL != v.Request.URL {
				t.Errorf("identity wrong: %+v", x)
			}
			if c.answer != nil && x.Status != c.answer.Status {
				t.Errorf("status %d, want %d", x.Status, c.answer.Status)
			}
			if c.answer == nil && (x.Error == "" || x.Status != 0) {
				t.Errorf("no answer: error %q status %d", x.Error, x.Status)
			}
			if x.Conclusion == "" || strings.Contains(x.Conclusion, "\n") {
				t.Errorf("conclusion not one line%s", show)
			}
			if !slices.Equal(sorted(x.Shows), sorted(c.shows)) {
				t.Errorf("shows %v, want %v%s", x.Shows, c.shows, show)
			}
			for _, id := range c.rulesOut {
				if !slices.Contains(x.RulesOut, id) {
					t.Errorf("does not rule out %s%s", id, show)
				}
			}
			for _, id := range c.notRule {
				if slices.Contains(x.RulesOut, id) {
					t.Errorf("rules out %s%s", id, show)
				}
			}
			for _, id := range x.Shows {
				if slices.Contains(x.RulesOut, id) {
					t.Errorf("both shows and rules out %s", id)
				}
			}
			if c.words != "" && !strings.Contains(x.Conclusion, c.words) {
				t.Errorf("conclusion lacks %q%s", c.words, show)
			}
			if c.notWords != "" && strings.Contains(x.Conclusion+x.Change+x.Fix, c.notWords) {
				t.Errorf("%q shows in the experiment%s", c.notWords, show)
			}
			if c.fix && x.Fix == "" {
				t.Errorf("no fix%s", show)
			}
			if c.answer != nil && x.Took != 12*time.Millisecond {
				t.Errorf("Took %v", x.Took)
			}
			if tok := "abcdefghijklmnop"; strings.Contains(x.Conclusion+x.Change+x.Fix, tok) {
				t.Errorf("the secret shows in the experiment: %+v", x)
			}
		})
	}
}

func sorted(s []string) []string {
	c := append([]string{}, s...)
	slices.Sort(c)
	return c
}

func TestConclude(t *testing.T) {
	const u = "https://api.example.com/v1/items"
	bearer401 := resp(401, `{"error":"unauthorized"}`, `WWW-Authenticate: Bearer realm="x"`, "Content-Type: application/json")
	withToken := get(u, "Authorization: Bearer abcdefghijklmnop")
	plain403 := resp(403, nginx403)
	del := method(get("https://api.example.com/catalog/products"), "DELETE")
	jsonAsForm := post(u, `{"rating":5}`, "Content-Type: application/x-www-form-urlencoded")
	runConcludeCases(t, []concludeCase{
		// options-allow
		{name: "Allow lacks the method", base: del, baseResp: resp(405, "", "Allow: GET, HEAD, OPTIONS"), variant: "options-allow",
			answer: resp(204, "", "Allow: GET, HEAD, OPTIONS"), shows: []string{MethodDenied}, words: "does not list DELETE", fix: true},
		{name: "Allow lists the method", base: del, baseResp: resp(405, "", "Allow: GET, HEAD, OPTIONS"), variant: "options-allow",
			answer: resp(204, "", "Allow: GET, DELETE, OPTIONS"), rulesOut: []string{MethodDenied}, words: "lists DELETE"},
		{name: "no Allow", base: del, baseResp: resp(405, "", "Allow: GET, HEAD, OPTIONS"), variant: "options-allow",
			answer: resp(200, ""), notRule: []string{MethodDenied}, words: "without an Allow header"},
		{name: "POST not in Allow", base: jsonAsForm, baseResp: resp(415, "Unsupported Media Type"), variant: "options-allow",
			answer: resp(204, "", "Allow: GET"), shows: []string{MethodDenied}},

		{name: "HEAD is allowed where GET is", base: method(get("https://api.example.com/catalog/products"), "HEAD"), baseResp: resp(405, ""), variant: "options-allow",
			answer: resp(204, "", "Allow: GET, POST"), rulesOut: []string{MethodDenied}, notWords: "does not list"},
		{name: "a refused OPTIONS says nothing", base: del, baseResp: resp(403, nginx403), variant: "options-allow",
			answer: resp(403, nginx403, "Allow: GET"), shows: nil, notRule: []string{MethodDenied}, words: "refused"},

		// answers that show nothing whatever the variant
		{name: "a 429 shows nothing", base: get(u, "Origin: https://app.example.com"), baseResp: resp(403, "Invalid CORS request", "Vary: Origin"), variant: "no-origin",
			answer: resp(429, "slow down"), shows: nil, words: "shows nothing"},
		{name: "a 503 shows nothing", base: jsonAsForm, baseResp: resp(415, "Unsupported Media Type"), variant: "content-type-fit",
			answer: resp(503, "down"), shows: nil, words: "shows nothing"},
		{name: "a redirect shows nothing", base: get(u, "User-Agent: python-requests/2.31"), baseResp: resp(403, nginx403), variant: "browser-user-agent",
			answer: resp(302, "", "Location: /login"), shows: nil, words: "shows nothing"},

		// no-credential
		{name: "same 401: token ignored", base: withToken, baseResp: bearer401, variant: "no-credential",
			answer: resp(401, `{"error":"unauthorized"}`, `WWW-Authenticate: Bearer realm="x"`, "Content-Type: application/json"),
			shows:  []string{AuthInvalid}, words: "ignores", fix: true},
		{name: "same 401 for an expired token: it confirms the expiry", base: get(u, "Authorization: Bearer "+validJWT(t, map[string]any{"exp": t0.Add(-2 * time.Hour).Unix()})),
			baseResp: bearer401, variant: "no-credential",
			answer: resp(401, `{"error":"unauthorized"}`, `WWW-Authenticate: Bearer realm="x"`, "Content-Type: application/json"),
			shows:  []string{AuthExpired}, notRule: []string{AuthInvalid}, words: "expired"},
		{name: "allowed without", base: withToken, baseResp: bearer401, variant: "no-credential",
			answer: resp(200, "[]"), rulesOut: []string{IPAllowlist, WAFBlock}, notRule: []string{AuthInvalid, PermissionScope}, words: "the credential sent is what the server refuses"},
		{name: "same 403: not the credential", base: withToken, baseResp: plain403, variant: "no-credential",
			answer: resp(403, nginx403), rulesOut: []string{PermissionScope}, notRule: []string{AuthInvalid, AuthExpired}},
		// not proof of a permission: a gateway may answer 403 to a key it
		// does not accept and 401 to none
		{name: "401 without, 403 with: the credential is read", base: withToken, baseResp: resp(403, `{"error":"forbidden"}`, "Content-Type: application/json"), variant: "no-credential",
			answer: bearer401, rulesOut: []string{AuthMissing, AuthMalformed}, notRule: []string{AuthInvalid, PermissionScope}, words: "reads the credential"},
		{name: "no answer", base: withToken, baseResp: bearer401, variant: "no-credential", answer: nil, words: "shows nothing"},

		// token-trimmed
		{name: "cleaned token accepted", base: get(u, "Authorization: Bearer Bearer abcdefghijklmnop"), baseResp: resp(401, "", `WWW-Authenticate: Bearer realm="x", error="invalid_token"`),
			variant: "token-trimmed", answer: resp(200, "[]"), shows: []string{AuthMalformed}, fix: true},
		{name: "cleaned token still 401", base: get(u, "Authorization: Bearer Bearer abcdefghijklmnop"), baseResp: resp(401, "", `WWW-Authenticate: Bearer realm="x", error="invalid_token"`),
			variant: "token-trimmed", answer: resp(401, "", `WWW-Authenticate: Bearer realm="x", error="invalid_token"`), words: "not the (only) problem"},

		// content-type-fit
		{name: "JSON accepted", base: jsonAsForm, baseResp: resp(415, "Unsupported Media Type"), variant: "content-type-fit",
			answer: resp(201, `{"ok":true}`), shows: []string{ContentType}, words: "application/json", fix: true},
		{name: "still 415", base: jsonAsForm, baseResp: resp(415, "Unsupported Media Type"), variant: "content-type-fit",
			answer: resp(415, "Unsupported Media Type"), rulesOut: []string{ContentType}},
		{name: "past the type, another refusal", base: jsonAsForm, baseResp: resp(415, "Unsupported Media Type"), variant: "content-type-fit",
			answer: resp(401, "", `WWW-Authenticate: Bearer realm="x"`), shows: []string{ContentType}},

		// no-origin
		{name: "allowed without Origin", base: get(u, "Origin: https://evil.example"), baseResp: resp(403, "Invalid CORS request"), variant: "no-origin",
			answer: resp(200, "[]"), shows: []string{CORSOrigin}},
		{name: "same without Origin", base: get(u, "Origin: https://evil.example"), baseResp: resp(403, "Invalid CORS request"), variant: "no-origin",
			answer: resp(403, "Invalid CORS request"), rulesOut: []string{CORSOrigin}},

		// browser-user-agent
		{name: "library UA refused, browser allowed", base: get(u, "User-Agent: python-requests/2.31.0"), baseResp: resp(403, "Forbidden"), variant: "browser-user-agent",
			answer: resp(200, "[]"), shows: []string{WAFBlock}, words: "refuses the User-Agent", fix: true},
		{name: "no UA refused, any UA allowed", base: get(u, "User-Agent:"), baseResp: resp(403, "Request forbidden by administrative rules."), variant: "browser-user-agent",
			answer: resp(200, "[]"), shows: []string{UserAgentRequired}, words: "requires a User-Agent", fix: true},
		{name: "same refusal with a browser UA", base: get(u, "User-Agent: python-requests/2.31.0"), baseResp: resp(403, "Forbidden"), variant: "browser-user-agent",
			answer: resp(403, "Forbidden"), rulesOut: []string{UserAgentRequired}},
		{name: "past the UA rule, a 401", base: get(u, "User-Agent:"), baseResp: resp(403, "Request forbidden by administrative rules."), variant: "browser-user-agent",
			answer: resp(401, "", `WWW-Authenticate: Bearer realm="x"`), shows: []string{UserAgentRequired}, words: "another reason"},

		// no-cookies
		{name: "POST allowed without cookies: CSRF", base: post(u, "a=1", "Content-Type: application/x-www-form-urlencoded", "Cookie: session=abc"), baseResp: resp(403, "CSRF token missing or incorrect."),
			variant: "no-cookies", answer: resp(200, "ok"), shows: []string{CSRF}},
		{name: "GET allowed without cookies shows no CSRF", base: get(u, "Cookie: session=abc"), baseResp: resp(403, "Forbidden"),
			variant: "no-cookies", answer: resp(200, "ok"), shows: nil, words: "allowed without cookies"},
		{name: "same without cookies", base: get(u, "Cookie: session=abc"), baseResp: resp(403, "Forbidden"),
			variant: "no-cookies", answer: resp(403, "Forbidden"), rulesOut: []string{CSRF}},

		// trailing-slash
		{name: "other spelling served", base: get("https://www.example.com/static/"), baseResp: resp(403, nginx403), variant: "trailing-slash",
			answer: resp(200, "ok"), shows: []string{ResourceDenied}, words: "without its trailing slash", fix: true},
		{name: "a secret in the URL stays out of the words", base: get("https://bob:hunter2hunter2@www.example.com/static/?api_key=sk_live_SECRETSECRET"), baseResp: resp(403, nginx403), variant: "trailing-slash",
			answer: resp(200, "ok"), shows: []string{ResourceDenied}, notWords: "hunter2"},
		{name: "other spelling refused too", base: get("https://www.example.com/static/"), baseResp: resp(403, nginx403), variant: "trailing-slash",
			answer: resp(404, "Not Found"), words: "not the cause"},

		// repeat-after-pause
		{name: "allowed after a pause", base: get(u), baseResp: plain403, variant: "repeat-after-pause",
			answer: resp(200, "ok"), notRule: []string{RateLimit}, words: "temporary"},
		{name: "same after a pause", base: get(u), baseResp: plain403, variant: "repeat-after-pause",
			answer: resp(403, nginx403), rulesOut: []string{RateLimit}, words: "stable"},
	})
}

// http1.1 needs an HTTP/2 refusal; set up by hand.
func TestConcludeHTTP11(t *testing.T) {
	base := exchange(get("https://api.example.com/v1/items"), resp(403, nginx403))
	base.Exchange.Response.Proto = "HTTP/2.0"
	rep := Run(base)
	v, ok := variantNamed(PlanExperiments(base, rep), "http1.1")
	if !ok {
		t.Fatal("no http1.1 variant")
	}
	if v.Request.HTTPVersion != "1.1" {
		t.Errorf("http1.1 variant asks for %q", v.Request.HTTPVersion)
	}
	same := Conclude(base, rep, v, exchange(v.Request, resp(403, nginx403)).Exchange)
	if !strings.Contains(same.Conclusion, "not the cause") || len(same.Shows) != 0 {
		t.Errorf("same refusal over HTTP/1.1: %+v", same)
	}
	diff := Conclude(base, rep, v, exchange(v.Request, resp(200, "ok")).Exchange)
	if !strings.Contains(diff.Conclusion, "depends on the protocol") {
		t.Errorf("200 over HTTP/1.1: %+v", diff)
	}
}

// A conclusion is evidence: Run folds a shown cause into its finding as a
// Named fail that ranks first, and a ruled-out suspicion passes.
func TestExperimentsFoldIntoFindings(t *testing.T) {
	base := exchange(get("https://api.example.com/v1/items", "User-Agent:"), resp(403, "Request forbidden by administrative rules."))
	rep := Run(base)
	v, ok := variantNamed(PlanExperiments(base, rep), "browser-user-agent")
	if !ok {
		t.Fatal("no browser-user-agent variant")
	}
	x := Conclude(base, rep, v, exchange(v.Request, resp(200, "[]")).Exchange)
	ev := base
	ev.Experiments = []Experiment{x}
	after := Run(ev)
	if len(after.Likely) == 0 || after.Likely[0] != UserAgentRequired {
		t.Fatalf("likely %v after the experiment, want %s first (before: %v)", after.Likely, UserAgentRequired, rep.Likely)
	}
	if after.Guess {
		t.Errorf("a shown cause is still a guess")
	}
	f, _ := findingOf(after, UserAgentRequired)
	if f.Status != Fail || f.Strength != Named || !strings.HasPrefix(f.Title, "Shown by experiment") || len(f.Evidence) == 0 || !strings.Contains(f.Evidence[0], "browser-user-agent") || f.Fix == "" {
		t.Errorf("finding not shown by the experiment: %+v", f)
	}
	if len(after.Experiments) != 1 {
		t.Errorf("report carries %d experiments", len(after.Experiments))
	}

	// ruled out: a repeat gives the same refusal, so a suspected rate
	// limit (if any) passes; never a fail that the server named
	ev2 := exchange(get("https://api.example.com/v1/items"), resp(403, "Forbidden"))
	ev2.Experiments = []Experiment{{Name: "repeat-after-pause", Change: "again", Sent: true, Status: 403, Conclusion: "stable", RulesOut: []string{RateLimit}}}
	if f, _ := findingOf(Run(ev2), RateLimit); f.Status == Fail || f.Status == Warn {
		t.Errorf("ruled-out rate limit is still %s: %s", f.Status, f.Title)
	}
	// a Named fail is never overturned
	ev3 := exchange(get("https://api.example.com/v1/items"), resp(429, "", "Retry-After: 30"))
	ev3.Experiments = []Experiment{{Name: "repeat-after-pause", Sent: true, Status: 429, RulesOut: []string{RateLimit}}}
	if f, _ := findingOf(Run(ev3), RateLimit); f.Status != Fail {
		t.Errorf("a named rate limit was ruled out by an experiment: %s %s", f.Status, f.Title)
	}
	// not sent: no effect
	ev4 := base
	ev4.Experiments = []Experiment{{Name: "browser-user-agent", NotSent: "no", Shows: []string{UserAgentRequired}}}
	if got := Run(ev4); !slices.Equal(got.Likely, rep.Likely) {
		t.Errorf("an unsent experiment changed likely %v → %v", rep.Likely, got.Likely)
	}
}
