package checks

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/why403/why403/probe"
)

// MaxExperiments caps the variants of one diagnosis.
const MaxExperiments = 8

// repeatPause is how long the repeat variant waits: long enough for a
// per-second limit to refill, short enough to wait for.
const repeatPause = 1500 * time.Millisecond

// browserUserAgent is the one browser User-Agent a variant may send, to
// ask whether the refusal depends on the User-Agent. It is never rotated.
const browserUserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

// Variant is one planned experiment: the request with one thing changed.
type Variant struct {
	Name, Change string
	Request      probe.Request
	// Pause is how long to wait before sending (the repeat variant).
	Pause time.Duration
	// Unsafe marks a variant that sends a method other than GET, HEAD or
	// OPTIONS again; it needs the user's consent.
	Unsafe bool
	// Causes are the causes the variant can tell apart.
	Causes []string
}

// Plan is the experiments chosen for one refusal.
type Plan struct {
	Variants []Variant
	// Blocked says why nothing may be re-sent at all (a rate limit, no
	// refusal); "" when Variants may be sent.
	Blocked string
}

// Unsafe counts the variants that need consent.
func (p Plan) Unsafe() int {
	n := 0
	for _, v := range p.Variants {
		if v.Unsafe {
			n++
		}
	}
	return n
}

// SafeMethod reports GET, HEAD and OPTIONS: the methods re-sent without
// the user's consent (RFC 9110 section 9.2.1; TRACE is left out).
func SafeMethod(m string) bool {
	switch strings.ToUpper(m) {
	case "", "GET", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// PlanExperiments chooses the variants that can tell the report's
// candidate causes apart, at most MaxExperiments, most telling first. It
// never adds a header the user did not send other than a User-Agent or a
// Content-Type, never rewrites the path beyond a trailing slash and never
// changes the method except to OPTIONS: the point is to explain a
// refusal, not to get around it.
func PlanExperiments(ev Evidence, rep Report) Plan {
	return planExperiments(newFacts(ev), ev, rep)
}

// planExperiments is PlanExperiments on the facts already read.
func planExperiments(f *facts, ev Evidence, rep Report) Plan {
	if f.resp == nil {
		return Plan{Blocked: "no response to compare with"}
	}
	if !f.refused() {
		return Plan{Blocked: "the request was not refused"}
	}
	if rep.Outcome != "" {
		return Plan{Blocked: "the server names no refusal (a 404 or a server error): there is no cause to tell apart"}
	}
	if why := resendBlocked(f); why != "" {
		return Plan{Blocked: why}
	}
	candidates := map[string]bool{}
	for _, id := range rep.rulesLikely() {
		candidates[id] = true
	}
	for _, x := range rep.Findings {
		if x.Status == Warn && !x.opinion {
			candidates[x.ID] = true
		}
	}
	any := func(ids ...string) bool {
		for _, id := range ids {
			if candidates[id] {
				return true
			}
		}
		return false
	}
	r := &f.req
	base := ev.Request
	if len(ev.Exchange.Hops) > 0 {
		// Followed redirects (-L): the refusal is the last URL's. Variants
		// go there directly, and only when it is the origin asked.
		last := ev.Exchange.Request.FullURL
		if last == "" || !SameOrigin(base.URL, last) {
			return Plan{Blocked: "the refusal came after a redirect to another origin: experiments stay on the origin you asked for"}
		}
		base = clonedRequest(base)
		base.URL = withUserinfo(last, base.URL)
	}
	unsafe := !SafeMethod(base.Method)
	var out []Variant
	add := func(v Variant) {
		v.Request.FollowRedirects = false // a variant stays on this origin
		if v.Request.Method != "OPTIONS" {
			v.Unsafe = unsafe
		}
		out = append(out, v)
	}

	if !SafeMethod(base.Method) || any(MethodDenied) {
		v := clonedRequest(base)
		v.Method, v.Body, v.BodyFile = "OPTIONS", nil, ""
		v.Headers = withoutHeaders(v.Headers, "Content-Type", "Content-Length")
		add(Variant{Name: "options-allow", Change: "OPTIONS instead of " + methodOf(base) + ", to read Allow",
			Request: v, Causes: []string{MethodDenied}})
	}
	if credHeaders := originCredentialHeaders(base); len(credHeaders) > 0 || base.Auth.Bearer != "" || base.Auth.HasBasic || hasUserinfo(base.URL) {
		v := clonedRequest(base)
		v.Headers = withoutHeaders(v.Headers, credHeaders...)
		v.Auth = probe.Credentials{}
		v.URL = withoutUserinfo(v.URL) // else probe makes Basic auth of it
		names := credHeaders
		if len(names) == 0 {
			names = []string{"Authorization"}
		}
		add(Variant{Name: "no-credential", Change: "without the credential (" + strings.Join(names, ", ") + " removed)",
			Request: v, Causes: []string{AuthInvalid, AuthExpired, PermissionScope, AuthMalformed}})
	}
	if auth, ok := base.Header("Authorization"); ok && r.malformedStatus() != Pass {
		if clean := cleanCredential(auth); clean != auth && clean != "" {
			v := clonedRequest(base)
			v.SetHeader("Authorization", clean)
			add(Variant{Name: "token-trimmed", Change: "the Authorization value cleaned (" + cleaningSaid(auth, clean) + ")",
				Request: v, Causes: []string{AuthMalformed}})
		}
	}
	if fit := fittingContentType(r); fit != "" && any(ContentType) {
		v := clonedRequest(base)
		v.SetHeader("Content-Type", fit)
		add(Variant{Name: "content-type-fit", Change: "Content-Type: " + fit + " (what the body is)",
			Request: v, Causes: []string{ContentType}})
	}
	if _, ok := base.Header("Origin"); ok {
		v := clonedRequest(base)
		v.DelHeader("Origin")
		add(Variant{Name: "no-origin", Change: "without the Origin header", Request: v, Causes: []string{CORSOrigin}})
	}
	if r.UAScanner == "" && (!r.HasUserAgent || strings.TrimSpace(r.UserAgent) == "" || r.UALibrary != "" || any(UserAgentRequired, WAFBlock)) {
		v := clonedRequest(base)
		ua, change := browserUserAgent, "a browser User-Agent"
		if !r.HasUserAgent || strings.TrimSpace(r.UserAgent) == "" {
			ua, change = probe.UserAgent, "a User-Agent ("+probe.UserAgent+")"
		}
		v.SetHeader("User-Agent", ua)
		add(Variant{Name: "browser-user-agent", Change: change, Request: v, Causes: []string{UserAgentRequired, WAFBlock}})
	}
	if _, ok := base.Header("Cookie"); ok {
		v := clonedRequest(base)
		v.DelHeader("Cookie")
		add(Variant{Name: "no-cookies", Change: "without the Cookie header", Request: v, Causes: []string{CSRF, AuthInvalid}})
	}
	if r.u != nil && r.u.Path != "" && r.u.Path != "/" && any(ResourceDenied, MethodDenied) {
		v := clonedRequest(base)
		if u, err := toggledSlash(base.URL); err == nil {
			v.URL = u
			add(Variant{Name: "trailing-slash", Change: slashSaid(base.URL), Request: v, Causes: []string{ResourceDenied}})
		}
	}
	if ev.Exchange.Response.Proto == "HTTP/2.0" && base.HTTPVersion != "2-prior-knowledge" {
		v := clonedRequest(base)
		v.HTTPVersion = "1.1"
		add(Variant{Name: "http1.1", Change: "HTTP/1.1 instead of HTTP/2", Request: v, Causes: []string{WAFBlock}})
	}
	if rep.rulesGuess() || any(RateLimit) {
		add(Variant{Name: "repeat-after-pause", Change: fmt.Sprintf("the same request again after %.1fs", repeatPause.Seconds()),
			Request: clonedRequest(base), Pause: repeatPause, Causes: []string{RateLimit}})
	}
	if len(out) > MaxExperiments {
		out = out[:MaxExperiments]
	}
	for _, v := range out {
		mustNotBypass(base, v.Request)
	}
	return Plan{Variants: out}
}

// ResendBlocked says why nothing more may be sent after this exchange (a
// rate limit in any of its forms), "" when re-sending is polite. The
// experiment runner asks it of every variant's answer too.
func ResendBlocked(ev Evidence) string {
	f := newFacts(ev)
	if f.resp == nil {
		return ""
	}
	return resendBlocked(f)
}

// resendBlocked says why no variant may be sent: a rate limit in any of
// its forms (waiting is the only polite move), or a quota nearly spent.
func resendBlocked(f *facts) string {
	rl := &f.rl
	switch {
	case f.status == 429:
		return "the server answered 429 Too Many Requests: no experiment is sent into a rate limit"
	case rl.HasRetryAfter:
		return "the server sent Retry-After: no experiment is sent before it has passed"
	case rl.exhausted():
		return "the rate limit has nothing left (" + quotaLine(rl) + "): no experiment is sent"
	case rl.HasRemaining && rl.Remaining <= 2*MaxExperiments:
		return fmt.Sprintf("only %d requests left in the rate limit's window: experiments would spend them", rl.Remaining)
	case f.cfCode == 1015:
		return "Cloudflare 1015 (rate limited): no experiment is sent"
	}
	if x := checkRateLimit(f); x.Status == Fail {
		return "the response shows a rate limit (" + x.Title + "): no experiment is sent"
	}
	return ""
}

// originCredentialHeaders names the headers of r that authenticate to the
// origin, less the Cookie, which has a variant of its own.
func originCredentialHeaders(r probe.Request) []string {
	var out []string
	for _, h := range r.Headers {
		if probe.IsOriginCredential(h.Name) && !strings.EqualFold(h.Name, "Cookie") && !slices.Contains(out, h.Name) {
			out = append(out, h.Name)
		}
	}
	return out
}

func withoutHeaders(hs []probe.Header, names ...string) []probe.Header {
	out := hs[:0:0]
	for _, h := range hs {
		drop := false
		for _, n := range names {
			if strings.EqualFold(h.Name, n) {
				drop = true
			}
		}
		if !drop {
			out = append(out, h)
		}
	}
	return out
}

func methodOf(r probe.Request) string {
	if r.Method == "" {
		return "GET"
	}
	return strings.ToUpper(r.Method)
}

// cleanCredential undoes the usual paste damage to an Authorization value:
// surrounding white space or quotes, a literal \n, a doubled scheme.
func cleanCredential(v string) string {
	c := strings.TrimSpace(v)
	c = strings.TrimSuffix(c, `\n`)
	scheme, rest, ok := strings.Cut(c, " ")
	if !ok {
		return c
	}
	rest = strings.TrimSpace(rest)
	for {
		s2, r2, ok := strings.Cut(rest, " ")
		if !ok || !strings.EqualFold(s2, scheme) {
			break
		}
		rest = strings.TrimSpace(r2)
	}
	rest = strings.Trim(strings.TrimSpace(strings.TrimSuffix(rest, `\n`)), `"'`)
	return scheme + " " + rest
}

// cleaningSaid names what cleanCredential changed, without the secret.
func cleaningSaid(before, after string) string {
	switch {
	case strings.Count(strings.ToLower(before), strings.ToLower(strings.Fields(after)[0])+" ") > 1:
		return "the doubled scheme removed"
	case strings.ContainsAny(before, `"'`):
		return "quotes removed"
	default:
		return "white space and line breaks trimmed"
	}
}

// fittingContentType is the Content-Type the body really is, when the one
// sent does not fit it; "" otherwise.
func fittingContentType(r *requestFacts) string {
	ct := strings.ToLower(r.ContentType)
	switch r.BodyKind {
	case "json":
		if !strings.Contains(ct, "json") {
			return "application/json"
		}
	case "form":
		if !strings.Contains(ct, "x-www-form-urlencoded") {
			return "application/x-www-form-urlencoded"
		}
	}
	return ""
}

// mustNotBypass enforces the rule every variant keeps: no header that
// spoofs a client address or rewrites the path, no method override. A
// violation is a bug in the planner, so it panics rather than sends.
func mustNotBypass(base, v probe.Request) {
	for _, h := range v.Headers {
		if _, had := base.Header(h.Name); had {
			continue
		}
		if bypassHeader(h.Name) {
			panic("checks: an experiment must never add " + h.Name)
		}
	}
	if v.Method != "OPTIONS" && !strings.EqualFold(methodOf(v), methodOf(base)) {
		panic("checks: an experiment may only change the method to OPTIONS")
	}
}

// bypassHeader names the headers 403-bypass tools add (FACTS 4.2).
func bypassHeader(name string) bool {
	switch strings.ToLower(name) {
	case "x-forwarded-for", "x-real-ip", "x-client-ip", "x-originating-ip", "x-remote-ip", "x-remote-addr",
		"true-client-ip", "cluster-client-ip", "x-custom-ip-authorization", "forwarded", "x-proxyuser-ip",
		"x-original-url", "x-rewrite-url", "x-http-method-override", "x-http-method", "x-method-override",
		"x-forwarded-host", "x-host":
		return true
	}
	return false
}

func hasUserinfo(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.User != nil
}

func withoutUserinfo(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// withUserinfo is target with the userinfo of from (FullURL carries none),
// so the variant authenticates as the request did.
func withUserinfo(target, from string) string {
	t, err1 := url.Parse(target)
	f, err2 := url.Parse(from)
	if err1 != nil || err2 != nil || f.User == nil {
		return target
	}
	t.User = f.User
	return t.String()
}
