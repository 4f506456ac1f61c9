package checks

import (
	"fmt"
	"time"

	"github.com/why403/why403/probe"
)

// Preflight judges what the request alone shows, before it is sent: the
// credential (present, well formed, in date by your clock), the body
// against its Content-Type, and what WAFs dislike (a library User-Agent,
// attack-like text). It returns one finding for each of auth.missing,
// auth.malformed, auth.expired, content.type and waf.block, in that order,
// passes and skips included; callers that only want problems keep Warn and
// Fail. It is pure and cheap enough for every keystroke: a body is read up
// to its first 64 KiB, and a body in a file (BodyFile) is not read at all.
func Preflight(req probe.Request, now time.Time) []Finding {
	r := analyzeRequest(requestInput{
		Method:   req.Method,
		URL:      req.URL,
		Headers:  req.EffectiveHeaders(),
		Body:     req.Body,
		BodySize: int64(len(req.Body)),
		BodyFile: req.BodyFile,
		CertFile: req.TLS.CertFile,
	})
	return []Finding{
		preflightMissing(&r),
		preflightMalformed(&r),
		preflightExpired(&r, now),
		preflightContent(&r),
		preflightWAF(&r),
	}
}

func preflightMissing(r *requestFacts) Finding {
	if !r.hasCredential() {
		return warn(AuthMissing, "No credentials in the request",
			[]string{"no Authorization, API-key header, cookie, credential in the URL or client certificate"},
			"If the API needs authentication, add it: -H 'Authorization: Bearer <token>', -u user:password, an API-key header, or --cert/--key.").
			with(FixSetting{Option: SetClientCertKey, Words: "--cert/--key"})
	}
	lines := r.credentialLines()
	return pass(AuthMissing, "Credentials: "+lines[0], lines[1:]...)
}

func preflightMalformed(r *requestFacts) Finding {
	ps := worst(r.Malformed)
	switch {
	case len(ps) == 0 && !r.hasCredential():
		return skip(AuthMalformed, "No credential to judge")
	case len(ps) == 0:
		return pass(AuthMalformed, wellFormedTitle(r), r.credentialLines()...)
	case ps[0].Status == Fail:
		return fail(AuthMalformed, Inferred, ps[0].Title, problemEvidence(ps), ps[0].Fix)
	}
	return warn(AuthMalformed, ps[0].Title, problemEvidence(ps), ps[0].Fix)
}

// soonWindow is how close to expiry a token earns a warning before sending.
const soonWindow = time.Minute

func preflightExpired(r *requestFacts, now time.Time) Finding {
	const byClock = "judged against your clock; the server's may differ"
	if t := r.Token; t != nil {
		if exp, nyet, when := tokenTimes(t, now); exp || nyet {
			e := expiry{Expired: exp, NotYet: nyet, When: when, What: "Token"}
			return fail(AuthExpired, Inferred, expiredTitle(e, now, "by your clock"), []string{t.claimsLine(now), byClock}, expiryFix(e))
		}
		switch {
		case t.JWE:
			return skip(AuthExpired, "The token is an encrypted JWT (JWE): its expiry cannot be read")
		case t.Exp == nil:
			return pass(AuthExpired, "The JWT has no exp claim: it does not expire by itself", t.claimsLine(now))
		case t.Exp.Sub(now) < soonWindow:
			return warn(AuthExpired, fmt.Sprintf("Token expires in %s (exp %s, by your clock)", human(t.Exp.Sub(now)), clock(*t.Exp, now)),
				[]string{t.claimsLine(now), byClock}, "Refresh the token first: it may expire before the server reads it.")
		}
		return pass(AuthExpired, fmt.Sprintf("Token valid until %s (%s left by your clock)", clock(*t.Exp, now), human(t.Exp.Sub(now))), t.claimsLine(now))
	}
	if u := r.URLExpires; u != nil {
		if !u.After(now) {
			e := expiry{Expired: true, When: *u, What: "Presigned URL"}
			return fail(AuthExpired, Inferred, expiredTitle(e, now, "by your clock"), []string{r.URLExpiresSource, byClock}, expiryFix(e))
		}
		return pass(AuthExpired, fmt.Sprintf("Presigned URL valid until %s (%s left by your clock)", clock(*u, now), human(u.Sub(now))), r.URLExpiresSource)
	}
	if !r.hasCredential() {
		return skip(AuthExpired, "No credential was sent, so none can expire")
	}
	return skip(AuthExpired, "The credential is opaque (not a JWT): its expiry cannot be read before sending")
}

func preflightContent(r *requestFacts) Finding {
	ps := worst(r.Content)
	switch {
	case len(ps) > 0 && ps[0].Status == Fail:
		return fail(ContentType, Inferred, ps[0].Title, problemEvidence(ps), ps[0].Fix)
	case len(ps) > 0:
		return warn(ContentType, ps[0].Title, problemEvidence(ps), ps[0].Fix)
	case r.BodyFile != "" && r.BodyKind == "":
		return skip(ContentType, "The body is read from "+r.BodyFile+" when sending; it is judged after the send")
	case r.BodyKind == "":
		return pass(ContentType, "No request body")
	}
	return pass(ContentType, fmt.Sprintf("The body fits its Content-Type (%s)", r.ContentType))
}

func preflightWAF(r *requestFacts) Finding {
	if sus := requestSuspicion(r); len(sus) > 0 {
		if libraryAgentOnly(r) {
			// what most API calls carry: a warning only after a refusal
			// that points at bots (waf.block, useragent.required)
			p := pass(WAFBlock, "The User-Agent is "+clientAgentName(r)+": it matters only if a refusal points at bot blocking", sus...)
			p.Fix = libraryAgentFix(r, suspicionFix(r))
			return p
		}
		return warn(WAFBlock, "The request carries what WAF rules and bot protection refuse: "+sus[0], sus, suspicionFix(r))
	}
	return pass(WAFBlock, "User-Agent "+r.UserAgent+"; no attack-like text in the URL or body")
}
