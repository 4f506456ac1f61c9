package checks

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/why403/why403/probe"
)

// Conclude reads a variant's answer against the original refusal (base,
// judged as baseReport) and says what it shows. Two refusals are the same
// only when their status and their diagnosis agree: a 403 for a rate
// limit after a 403 for a missing User-Agent is progress, not the same
// answer. It is pure, as Run is.
func Conclude(base Evidence, baseReport Report, v Variant, ex probe.Exchange) Experiment {
	x := Experiment{Name: v.Name, Change: v.Change, Method: methodOf(v.Request), URL: v.Request.URL, Sent: true, Took: ex.Timing.Total, Exchange: ex}
	if ex.Response == nil {
		x.Error = "no answer"
		if ex.Err != nil {
			x.Error = ex.Err.Message
		}
		x.Conclusion = "no answer (" + x.Error + "): it shows nothing"
		return x
	}
	b, s := base.Exchange.Response.Status, ex.Response.Status
	x.Status = s
	ok := s < 300
	// The variant's own diagnosis (the rules alone: a second opinion reads
	// no experiment) costs a whole judgement, and most answers (a success,
	// the same page again) are read without it: it is made on first use.
	var vr *Report
	likely := func() []string {
		if vr == nil {
			r := run(Evidence{Request: v.Request, Exchange: ex, Now: base.Now}, nil, opinionDefault)
			vr = &r
		}
		return vr.Likely
	}
	// The same answer: the same status and the same body, give or take the
	// IDs and times a server puts in each; or, when the bodies differ, the
	// same diagnosis. The variant's own diagnosis alone is no test: what it
	// removed (a token) changes how its request reads.
	same := s == b && (sameBody(base.Exchange.Response.Body, ex.Response.Body) || firstOf(likely()) == firstOf(baseReport.rulesLikely()))
	word := StatusWord(s)
	if !ok && !same && len(likely()) > 0 {
		word += " (" + likely()[0] + ")"
	}
	// progress: the change got the request past the refusal, to a success
	// or to a different client error with a different diagnosis. A
	// redirect, a rate limit or a server error shows nothing either way.
	progress := ok || s >= 400 && s < 500 && s != 429 && !same
	if s >= 300 && s < 400 || s == 429 || s >= 500 {
		x.Conclusion = fmt.Sprintf("%s%s: a redirect, a rate limit or a server error shows nothing about the change", word, insteadOf(s, b))
		return x
	}
	switch v.Name {
	case "options-allow":
		allow := headerOf(ex.Response.Headers, "Allow")
		m := methodOf(base.Request)
		switch {
		case !ok && s != 405:
			x.Conclusion = "OPTIONS itself was refused (" + word + "): its Allow header, if any, says nothing reliable"
		case allow == "":
			x.Conclusion = "OPTIONS answered " + word + " without an Allow header: it does not say which methods are allowed"
		case tokenListHas(allow, m) || m == "HEAD" && tokenListHas(allow, "GET"):
			x.Conclusion = fmt.Sprintf("Allow: %s lists %s: the method itself is allowed here", allow, m)
			x.RulesOut = []string{MethodDenied}
		default:
			x.Conclusion = fmt.Sprintf("Allow: %s does not list %s: the method is not allowed here", allow, m)
			x.Shows = []string{MethodDenied}
			x.Fix = "Use one of the allowed methods (" + allow + "), or ask the owner to allow " + m + " on this path."
		}
	case "no-credential":
		switch {
		case ok:
			// Not proof of an invalid credential: a token that lacks access
			// to a public resource (an organisation's SSO rule) is refused
			// the same way. It does rule out what judges the client itself.
			x.Conclusion = "allowed without the credential (" + word + "): the credential sent is what the server refuses (not accepted, or not allowed here), not your address or client"
			x.RulesOut = []string{IPAllowlist, GeoBlock, WAFBlock, UserAgentRequired}
		case same && b == 401:
			x.Conclusion = "the same 401 without the credential: the server ignores the one sent, as if none arrived"
			x.Shows = []string{AuthInvalid}
			x.Fix = "The credential is not accepted: check it is for this API and environment, sent where the API reads it (header name, scheme), and still valid."
			// An expired, malformed or mis-timed credential is ignored for
			// that reason: the experiment confirms it, not another cause.
			for _, id := range []string{AuthExpired, AuthMalformed, ClockSkew} {
				if failsAtLeast(baseReport, id, Indicated) {
					x.Conclusion += ", as a credential that is " + map[string]string{AuthExpired: "expired", AuthMalformed: "malformed", ClockSkew: "signed by a clock that is off"}[id] + " is"
					x.Shows, x.Fix = []string{id}, ""
					break
				}
			}
		case same:
			// Only the permission is ruled out: a gateway answers a missing
			// and a wrong key with the same 403.
			x.Conclusion = "the same " + word + " without the credential: the refusal does not depend on who you are (look at the key itself, the address, the path or a WAF)"
			x.RulesOut = []string{PermissionScope}
		case s == 401 && b == 403:
			// Not proof of a permission: gateways such as Tyk answer 403 to
			// a key they do not accept, and 401 to none.
			x.Conclusion = "401 without the credential but 403 with it: the server reads the credential; with it the refusal is a key it does not accept or an identity without the permission"
			x.RulesOut = []string{AuthMissing, AuthMalformed}
		default:
			x.Conclusion = fmt.Sprintf("%s without the credential%s: the server reads the credential", word, insteadOf(s, b))
		}
	case "token-trimmed":
		if progress && s != 400 && s != 401 {
			x.Conclusion = fmt.Sprintf("%s once the Authorization value was cleaned: its form was the problem", word)
			x.Shows = []string{AuthMalformed}
			x.Fix = "Send the credential cleaned: " + v.Change + "."
		} else {
			x.Conclusion = "the same refusal with the value cleaned: its form is not the (only) problem"
		}
	case "content-type-fit":
		if progress && s != 415 && s != 400 {
			x.Conclusion = fmt.Sprintf("%s with %s: the Content-Type was the problem", word, v.Change)
			x.Shows = []string{ContentType}
			x.Fix = "Send " + strings.TrimSuffix(v.Change, " (what the body is)") + "."
		} else {
			x.Conclusion = "the same refusal with a fitting Content-Type: the type is not the problem"
			x.RulesOut = []string{ContentType}
		}
	case "no-origin":
		if progress {
			x.Conclusion = fmt.Sprintf("%s without Origin: the server refuses the Origin", word)
			x.Shows = []string{CORSOrigin}
		} else {
			x.Conclusion = "the same refusal without Origin: CORS is not the cause"
			x.RulesOut = []string{CORSOrigin}
		}
	case "browser-user-agent":
		if progress && s != 400 && !contains(likely(), UserAgentRequired) && !contains(likely(), WAFBlock) {
			id := WAFBlock
			if !hasUserAgent(base.Request) {
				id = UserAgentRequired
			}
			why := "the server refuses the User-Agent sent"
			if id == UserAgentRequired {
				why = "the server requires a User-Agent"
			}
			if !ok {
				why += " (past that rule, it refuses for another reason)"
			}
			x.Conclusion = fmt.Sprintf("%s with %s: %s", word, v.Change, why)
			x.Shows = []string{id}
			x.Fix = "Send a User-Agent that names your application (myapp/1.2 (+contact)); ask the owner to allow it if a bot rule still refuses it."
		} else if same {
			x.Conclusion = "the same refusal with " + v.Change + ": the User-Agent is not the cause"
			x.RulesOut = []string{UserAgentRequired}
		} else {
			x.Conclusion = fmt.Sprintf("%s with %s%s: the server looks at the User-Agent", word, v.Change, insteadOf(s, b))
		}
	case "no-cookies":
		switch {
		case ok:
			x.Conclusion = "allowed without cookies (" + word + "): a cookie sent (a stale session or its CSRF pairing) is what is refused"
			if !SafeMethod(base.Request.Method) {
				x.Shows = []string{CSRF}
			}
		case same:
			x.Conclusion = "the same refusal without cookies: they are not the cause"
			x.RulesOut = []string{CSRF}
		default:
			x.Conclusion = fmt.Sprintf("%s without cookies: the server reads the session cookie", word)
		}
	case "trailing-slash":
		if ok {
			// The URL itself stays out of the text: it may carry a secret
			// (userinfo, an API key in the query); the report shows it masked.
			x.Conclusion = fmt.Sprintf("%s for %s: the server serves that spelling of the path", word, v.Change)
			x.Shows = []string{ResourceDenied}
			x.Fix = "Request " + v.Change + "."
		} else {
			x.Conclusion = fmt.Sprintf("%s for the other spelling: the slash is not the cause", word)
		}
	case "http1.1":
		if same {
			x.Conclusion = "the same refusal over HTTP/1.1: the protocol is not the cause"
		} else {
			x.Conclusion = fmt.Sprintf("%s over HTTP/1.1%s: the refusal depends on the protocol (a proxy or WAF that inspects one of them)", word, insteadOf(s, b))
		}
	case "repeat-after-pause":
		if ok {
			// Not proof of a limit: a flaky backend, or access granted a
			// moment ago, answers the same way.
			x.Conclusion = fmt.Sprintf("%s when sent again after a pause: the refusal was temporary (a short rate limit, a flaky backend, or a change that just took effect)", word)
		} else if same {
			x.Conclusion = "the same refusal after a pause: it is stable, not a momentary limit"
			x.RulesOut = []string{RateLimit}
		} else {
			x.Conclusion = fmt.Sprintf("%s after a pause%s: the server answers differently from one request to the next", word, insteadOf(s, b))
		}
	default:
		x.Conclusion = word
	}
	return x
}

// failsAtLeast reports a failing finding of id with at least strength s.
func failsAtLeast(r Report, id string, s Strength) bool {
	for _, f := range r.Findings {
		if f.ID == id && f.Status == Fail && f.Strength >= s {
			return true
		}
	}
	return false
}

// insteadOf is " instead of 403" when the status changed, and says the
// reason changed when only the diagnosis did.
func insteadOf(s, b int) string {
	if s == b {
		return ", for another reason than before"
	}
	return fmt.Sprintf(" instead of %d", b)
}

// sameBody compares two bodies with every run of digits and hex letters
// that contains a digit (request IDs, ray IDs, timestamps) blanked.
func sameBody(a, b []byte) bool {
	return normalizeIDs(a) == normalizeIDs(b)
}

func normalizeIDs(p []byte) string {
	var out strings.Builder
	for i := 0; i < len(p); {
		j := i
		digit := false
		for j < len(p) && isHexOrDigit(p[j]) {
			digit = digit || '0' <= p[j] && p[j] <= '9'
			j++
		}
		if j > i {
			if digit {
				out.WriteByte('#')
			} else {
				out.Write(p[i:j])
			}
			i = j
			continue
		}
		out.WriteByte(p[i])
		i++
	}
	return out.String()
}

func isHexOrDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func firstOf(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

func headerOf(hs []probe.Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func hasUserAgent(r probe.Request) bool {
	ua, ok := r.Header("User-Agent")
	return ok && strings.TrimSpace(ua) != ""
}

// toggledSlash is the URL with its path's trailing slash added or removed.
func toggledSlash(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(u.Path, "/") {
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawPath = strings.TrimSuffix(u.RawPath, "/")
	} else {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u.String(), nil
}

func slashSaid(raw string) string {
	if u, err := url.Parse(raw); err == nil && strings.HasSuffix(u.Path, "/") {
		return "the path without its trailing slash"
	}
	return "the path with a trailing slash"
}
