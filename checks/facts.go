package checks

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/why403/why403/probe"
)

// headerIndex finds response headers by lower-case name, keeping the lines
// as received for evidence.
type headerIndex map[string][]probe.Header

func indexHeaders(hs []probe.Header) headerIndex {
	h := make(headerIndex, len(hs))
	for _, x := range hs {
		n := strings.ToLower(x.Name)
		h[n] = append(h[n], x)
	}
	return h
}

func (h headerIndex) has(name string) bool { return len(h[name]) > 0 }

// get is the first value of name.
func (h headerIndex) get(name string) string {
	if vs := h[name]; len(vs) > 0 {
		return vs[0].Value
	}
	return ""
}

// joined is every value of name, comma-joined as HTTP allows.
func (h headerIndex) joined(name string) string {
	vs := h[name]
	if len(vs) == 1 {
		return vs[0].Value
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Value
	}
	return strings.Join(parts, ", ")
}

// line is "Name: value" as received (masked if it carries a secret).
func (h headerIndex) line(name string) string {
	vs := h[name]
	if len(vs) == 0 {
		return ""
	}
	return responseLine(vs[0].Name, clip(h.joined(name), 300))
}

// responseLine renders a response header. Challenges (WWW-Authenticate)
// are evidence, not secrets; Set-Cookie and token-bearing headers are
// masked.
func responseLine(name, value string) string {
	ln := strings.ToLower(name)
	if !probe.IsCredentialHeader(ln) {
		if hasControl(value) {
			value = strconv.Quote(value)
		}
		return name + ": " + value
	}
	return headerLine(name, value)
}

// contains reports a header whose value contains sub (lower case).
func (h headerIndex) contains(name, sub string) bool {
	for _, v := range h[name] {
		if strings.Contains(strings.ToLower(v.Value), sub) {
			return true
		}
	}
	return false
}

// values is every value of name.
func (h headerIndex) values(name string) []string {
	vs := h[name]
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Value
	}
	return out
}

// facts is the exchange read once: every check judges from it.
type facts struct {
	now time.Time
	req requestFacts
	// reqHeaders are the request headers judged (as sent, when recorded).
	reqHeaders []probe.Header
	// reqUnknown: only the response was recorded (Evidence.RequestUnknown),
	// so a credential the request lacks may only be unrecorded.
	reqUnknown bool
	// userCredentials reports that the user's request (before redirects)
	// carried a credential, to tell a dropped credential from a forgotten one.
	userCredentials []string
	hops            []probe.Hop

	resp   *probe.Response
	err    *probe.Error
	status int
	h      headerIndex

	// date is the server's Date; ref is the clock judgements use: the
	// server's Date when there is one, else the local clock.
	date    time.Time
	hasDate bool
	ref     time.Time
	// badDate says why a Date header the response has is not used:
	// dateUnreadable or dateBroken; empty otherwise.
	badDate string

	body       bodyFacts
	challenges []challenge
	rl         rateLimit

	stack     []string
	reference string
	// cloudflare reports Cloudflare in front; cfCode its 1xxx code, if any.
	cloudflare bool
	cfCode     int
	// generic names a page that gives no reason: "nginx", "Apache", "empty"
	// or "short" (a bare "Forbidden").
	generic string
	waf     *wafHit
	// said is what the server's words mean (wording.go), saidFrom where
	// they were read.
	said     []lexHit
	saidFrom string
	// spoken holds serverSays' text, source and folded words once the
	// facts they read are all set: a dozen checks read them, and on a
	// large page each reading cost a pass over it.
	spoken *serverWords

	tls                        *probe.TLSInfo
	local, remote, proxyUsed   string
	certOffered                *probe.CertInfo
	tlsAlert, errPhase, errMsg string
	serverCertRejected         bool // this client refused the server's certificate
}

func newFacts(ev Evidence) *facts {
	x := &ev.Exchange
	f := &facts{now: ev.Now, ref: ev.Now, hops: x.Hops, resp: x.Response, err: x.Err, tls: x.TLS,
		local: x.LocalAddr, remote: x.RemoteAddr, proxyUsed: x.Proxy}
	in := wireInput(ev)
	f.req, f.reqHeaders, f.reqUnknown = analyzeRequest(in), in.Headers, ev.RequestUnknown
	for _, h := range ev.Request.EffectiveHeaders() {
		if probe.IsOriginCredential(h.Name) {
			f.userCredentials = append(f.userCredentials, headerLine(h.Name, h.Value))
		}
	}
	f.certOffered = x.Request.ClientCert
	if f.certOffered == nil && x.TLS != nil {
		f.certOffered = x.TLS.ClientCert
	}
	if x.Err != nil {
		f.tlsAlert, f.errPhase, f.errMsg = strings.ToLower(x.Err.TLSAlert), x.Err.Phase, x.Err.Message
		f.serverCertRejected = x.Err.ServerCertRejected
	}
	if f.resp == nil {
		f.h = headerIndex{}
		return f
	}
	f.status = f.resp.Status
	f.h = indexHeaders(f.resp.Headers)
	switch d, ok := f.resp.Date(); {
	case ok && d.Before(earliestDate):
		f.badDate = dateBroken
	case ok:
		f.date, f.hasDate, f.ref = d, true, d
	case strings.TrimSpace(f.h.get("date")) != "":
		f.badDate = dateUnreadable
	}
	f.body = newBodyFacts(f.resp.Body, f.resp.BodySize, f.resp.Truncated, f.req.secrets)
	f.challenges = parseChallenges(f.h.values("www-authenticate"))
	if ev.RequestUnknown && !f.req.hasCredential() {
		// An RFC 6750 error answers a request that carried a token
		// (section 3.1): the recording left the token out, not the client.
		if c, ok := bearerError(f.challenges); ok && c.Param("error") != "" && c.Param("error") != "invalid_request" {
			f.req.Creds = append(f.req.Creds, credential{Kind: "header", Name: "Authorization", Line: "a Bearer token (not recorded; the server's " + c.Param("error") + " error says one was sent)"})
		}
	}
	f.rl = parseRateLimit(f.h, f.ref)
	f.stack, f.reference = detectStack(f.h, &f.body)
	for _, s := range f.stack {
		if s == "Cloudflare" {
			f.cloudflare = true
		}
	}
	if f.body.cfCode != 0 && (f.cloudflare || f.body.has("cloudflare") || f.body.has("cf-error-code") || f.body.isCloudflarePlainError()) {
		f.cfCode = f.body.cfCode
		if !f.cloudflare {
			// The plain-text page alone, as a client library quotes it.
			f.cloudflare = true
			f.stack = append(f.stack, "Cloudflare")
		}
	}
	if !f.cloudflare && f.body.isCloudflarePage() {
		// Cloudflare's page quoted without its headers (a client
		// library's error text).
		f.cloudflare = true
		f.stack = append(f.stack, "Cloudflare")
	}
	f.generic = genericPage(f)
	if f.generic == "HAProxy" && !contains(f.stack, "HAProxy") {
		f.stack = append(f.stack, "HAProxy")
	}
	f.waf = wafMarkers(f)
	if f.waf == nil {
		f.waf = blockPage(f)
	}
	if f.waf == nil {
		f.waf = unregisteredStatusBlock(f)
	}
	text, src := serverSays(f)
	f.spoken = &serverWords{text: text, from: src, words: lexWords(text)}
	if text != "" {
		f.said, f.saidFrom = readWords(f.spoken.words, f.status), src
		f.said = dropListedAlternatives(text, f.said)
	}
	f.keyFieldNamed()
	f.unknownHeaderNamed()
	return f
}

// wireInput is the request as sent when the probe recorded it, else the
// user's request with its effective headers.
func wireInput(ev Evidence) requestInput {
	w := ev.Exchange.Request
	in := requestInput{CertFile: ev.Request.TLS.CertFile}
	if w.URL != "" || w.FullURL != "" || len(w.Headers) > 0 {
		in.Method, in.URL, in.Headers, in.Body, in.BodySize = w.Method, wireURL(w, ev.Request.URL), w.Headers, w.Body, w.BodySize
		in.CertOffered = w.ClientCert != nil
	} else {
		in.Method, in.URL, in.Headers, in.Body = ev.Request.Method, ev.Request.URL, ev.Request.EffectiveHeaders(), ev.Request.Body
		in.BodySize, in.BodyFile = int64(len(ev.Request.Body)), ev.Request.BodyFile
	}
	if ev.Exchange.TLS != nil && ev.Exchange.TLS.ClientCert != nil {
		in.CertOffered = true
	}
	return in
}

// wireURL is the absolute URL of the request as sent: FullURL, else the
// request-target, resolved against the user's URL when it is in origin
// form ("/path?q").
func wireURL(w probe.WireRequest, userURL string) string {
	if w.FullURL != "" {
		return w.FullURL
	}
	if strings.HasPrefix(w.URL, "/") && userURL != "" {
		base, err1 := url.Parse(userURL)
		ref, err2 := url.Parse(w.URL)
		if err1 == nil && err2 == nil {
			return base.ResolveReference(ref).String()
		}
	}
	return w.URL
}

// reqHeader is the first request header of this name as judged (as sent,
// when recorded), and whether there is one.
func (f *facts) reqHeader(name string) (string, bool) {
	for _, h := range f.reqHeaders {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// noResponse is the skip reason when nothing came back.
func (f *facts) noResponse() string {
	phase := f.errPhase
	if phase == "" {
		phase = "unknown"
	}
	return "no response: " + phase + " error"
}

// noResponseEvidence is the error, for a skip.
func (f *facts) noResponseEvidence() []string {
	if f.err == nil {
		return nil
	}
	ev := []string{f.err.Message}
	if f.err.TLSAlert != "" {
		ev = append(ev, "TLS alert: "+f.err.TLSAlert)
	}
	return ev
}

// refused reports a refusal: a 4xx/5xx, a block page served with any
// status (F5 answers 200), or a JSON envelope that says it failed (Slack
// answers "ok": false with 200), or a message in place of data whose words
// name a refusal (a rate limit's note served with 200).
func (f *facts) refused() bool {
	return f.resp != nil && (f.status >= 400 || f.waf != nil && f.waf.page || f.body.json != nil && f.body.json.Failed ||
		f.body.json != nil && f.body.json.Notice && len(f.said) > 0 || f.body.textNotice() && len(f.said) > 0 && !deniesADenial(f.body.lower))
}

// success reports a 2xx or 3xx that is not a block page.
func (f *facts) success() bool { return f.resp != nil && !f.refused() }

// statusLine is "HTTP 403 Forbidden" for evidence.
func (f *facts) statusLine() string {
	if f.resp == nil {
		return ""
	}
	s := "HTTP " + strconv.Itoa(f.status)
	if f.resp.Reason != "" {
		s += " " + f.resp.Reason
	} else if t := statusText(f.status); t != "" {
		s += " " + t
	}
	return s
}

// clockLine says which clock a time judgement used.
func (f *facts) clockLine() string {
	switch {
	case f.badDate == dateUnreadable:
		return "judged against your clock: the response's Date header cannot be read"
	case f.badDate == dateBroken:
		return "judged against your clock: the server's Date is wrong (" + f.h.line("date") + ")"
	case !f.hasDate:
		return "judged against your clock: the response has no Date header"
	}
	skew := f.now.Sub(f.date).Round(time.Second)
	switch {
	case f.now.IsZero():
		return "judged against the server's Date header"
	case skew > -2*time.Second && skew < 2*time.Second:
		return "judged against the server's Date header; your clock agrees"
	case skew > 0:
		return "judged against the server's Date header; your clock is " + human(skew) + " ahead"
	default:
		return "judged against the server's Date header; your clock is " + human(skew) + " behind"
	}
}

// refName names the reference clock for a title.
func (f *facts) refName() string {
	if f.hasDate {
		return "server Date " + clock(f.ref, f.ref)
	}
	return "your clock " + clock(f.ref, f.ref)
}

// addresses is the connection's ends, for IP and geo judgements.
func (f *facts) addresses() []string {
	var out []string
	switch {
	case f.local != "" && f.remote != "":
		out = append(out, "you connected from "+f.local+" to "+f.remote)
	case f.remote != "":
		out = append(out, "you connected to "+f.remote)
	}
	if f.proxyUsed != "" {
		out = append(out, "through the proxy "+f.proxyUsed+": the server sees the proxy's address, not yours")
	}
	return out
}

// bodyLine quotes a body excerpt for evidence.
func bodyLine(excerpt string) string { return "body: " + excerpt }

// genericPage recognises pages that give no reason at all.
func genericPage(f *facts) string {
	b := &f.body
	switch {
	case strings.TrimSpace(b.raw) == "":
		return "empty"
	case b.has("<center>nginx") || b.has("<center>openresty") || strings.EqualFold(b.title, "503 Service Temporarily Unavailable"):
		// nginx alone says "Temporarily" in its 503 page, which some
		// deployments serve without the footer naming nginx.
		return "nginx"
	case b.has("request forbidden by administrative rules") && !b.has("user-agent"):
		// HAProxy's built-in page for http-request deny (GitHub uses the
		// same words, asking for a User-Agent).
		return "HAProxy"
	case b.has("<address>apache") || b.has("you don't have permission to access this resource") && !b.has("reference"):
		return "Apache"
	}
	if len(b.raw) > 2048 {
		return ""
	}
	t := b.text()
	if len(t) <= 60 {
		l := strings.ToLower(t)
		for _, w := range []string{"forbidden", "unauthorized", "access denied", "denied", "not allowed"} {
			if strings.Contains(l, w) {
				return "short"
			}
		}
	}
	return ""
}

// statusText is the standard reason phrase of a status code.
func statusText(code int) string { return http.StatusText(code) }
