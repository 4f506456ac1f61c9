package checks

import (
	"fmt"
	"strings"
	"time"
)

// expiry is what the request and the response say about a credential's
// lifetime.
type expiry struct {
	// Expired or NotYet, judged against ref; When is exp (or nbf).
	Expired, NotYet bool
	When            time.Time
	What            string // "Token" or "Presigned URL"
	Source          string // the claims or parameters read
	// Named is server wording that says the credential expired.
	Named    bool
	Evidence []string
}

// tokenTimes judges a token's exp and nbf against ref.
func tokenTimes(t *tokenInfo, ref time.Time) (expired, notYet bool, when time.Time) {
	if t == nil {
		return false, false, time.Time{}
	}
	if t.Exp != nil && !t.Exp.After(ref) {
		return true, false, *t.Exp
	}
	if t.Nbf != nil && t.Nbf.After(ref) {
		return false, true, *t.Nbf
	}
	return false, false, time.Time{}
}

// expiryOf reads the credential's lifetime from the JWT, a presigned URL,
// and the server's wording (RFC 6750 invalid_token with an expiry
// description, AWS ExpiredToken, "jwt expired", S3 "Request has expired").
func expiryOf(f *facts) expiry {
	var e expiry
	if c, ok := bearerError(f.challenges); ok && c.Param("error") == "invalid_token" &&
		strings.Contains(strings.ToLower(c.Param("error_description")), "expir") &&
		!listsAlternatives(c.Param("error_description")) {
		e.Named = true
		e.Evidence = append(e.Evidence, f.h.line("www-authenticate"))
	}
	if t := strings.ToLower(f.h.get("x-amzn-errortype")); strings.Contains(t, "expiredtoken") {
		e.Named = true
		e.Evidence = append(e.Evidence, f.h.line("x-amzn-errortype"))
	}
	if x := f.body.xml; x != nil && (x.Code == "ExpiredToken" || x.Code == "AccessDenied" && strings.Contains(x.Message, "expired")) {
		e.Named = true
		e.Evidence = append(e.Evidence, "S3 error "+x.Code+": "+x.Message)
	} else if f.body.json.hasReason("ACCESS_TOKEN_EXPIRED") || f.body.json.hasReason("ExpiredTokenException") {
		e.Named = true
		e.Evidence = append(e.Evidence, bodyLine(f.body.json.summary()))
	} else if p, ex, ok := f.body.find(expiredPhrases); ok && f.status >= 400 && !e.Named &&
		(p != "signature has expired" || f.req.carriesToken()) &&
		!(p == "request has expired" && requestTimeOnly(f) != "") {
		// a request whose only time is its timestamp expired by the
		// server's clock, and a signature over no token: clock.skew reads
		// them
		e.Named = true
		e.Evidence = append(e.Evidence, bodyLine(ex))
	}
	if exp, nyet, when := tokenTimes(f.req.Token, f.ref); exp || nyet {
		e.Expired, e.NotYet, e.When, e.What = exp, nyet, when, "Token"
		e.Source = f.req.Token.claimsLine(f.ref)
	} else if u := f.req.URLExpires; u != nil && !u.After(f.ref) {
		e.Expired, e.When, e.What, e.Source = true, *u, "Presigned URL", f.req.URLExpiresSource
		if f.req.URLExpiresByName {
			e.What = "Signed link"
		}
	}
	return e
}

// carriesToken reports a token the request presents (a JWT anywhere, or
// an Authorization scheme that carries a token): "signature has expired"
// is then the token's own expiry (PyJWT says it of a JWT's exp). A signed
// request carries no token, only a signature over its time, and the same
// words then say that time is outside the server's window (clock.skew).
func (r *requestFacts) carriesToken() bool {
	switch strings.ToLower(r.AuthScheme) {
	case "bearer", "jwt", "token":
		return true
	}
	return r.Token != nil || r.AuthJWT
}

// expiredTitle is "Token expired 2h3m ago (exp 14:02:11 UTC, server Date
// 16:05:14 UTC)" or its nbf twin.
func expiredTitle(e expiry, ref time.Time, refName string) string {
	if e.NotYet {
		return fmt.Sprintf("%s not valid for another %s (nbf %s, %s)", e.What, human(e.When.Sub(ref)), clock(e.When, ref), refName)
	}
	label := "exp"
	if e.What != "Token" {
		label = "expired"
	}
	return fmt.Sprintf("%s expired %s ago (%s %s, %s)", e.What, human(ref.Sub(e.When)), label, clock(e.When, ref), refName)
}

func expiryFix(e expiry) string {
	switch {
	case e.NotYet:
		return "The token's issuer clock is ahead of the server's (or the token was issued for later): wait, or fix the clock that is wrong."
	case e.What == "Presigned URL":
		return "Generate a new presigned URL (with a longer expiry if the transfer takes time) and send again."
	case e.What == "Signed link":
		return "Generate a new signed link (a new token with a later expiry) and send again."
	}
	return "Get a new token (refresh it) and send again."
}

func checkAuthExpired(f *facts) Finding {
	if f.resp == nil {
		return skip(AuthExpired, f.noResponse(), f.noResponseEvidence()...)
	}
	if !f.req.hasCredential() {
		// Wording such as invalid_token "token expired" answers a request
		// without credentials too: what is missing is the credential, and
		// auth.missing says so.
		if e := expiryOf(f); e.Named {
			return skip(AuthExpired, "No credential was sent, so none could expire (the server's expiry wording is generic; see auth.missing)", e.Evidence...)
		}
		return skip(AuthExpired, "No credential was sent, so none could expire")
	}
	e := expiryOf(f)
	tok := f.req.Token
	if e.Expired || e.NotYet {
		ev := []string{e.Source, f.clockLine()}
		if f.hasDate && !f.now.IsZero() {
			// Only a recorded local clock can be said to disagree.
			lexp, lnyet, _ := tokenTimes(tok, f.now)
			if e.What != "Token" {
				lexp = !f.req.URLExpires.After(f.now)
			}
			if (e.Expired && !lexp) || (e.NotYet && !lnyet) {
				ev = append(ev, "by your clock it is still valid: your clock is off (see clock.skew)")
			}
		}
		ev = append(ev, e.Evidence...)
		title := expiredTitle(e, f.ref, f.refName())
		switch {
		case e.Named:
			return fail(AuthExpired, Named, title, ev, expiryFix(e))
		case f.refused() && f.req.malformedStatus() == Fail:
			// A header the server cannot parse (a JWT without its scheme)
			// is refused before the token's times are read: only why403
			// read them, so the expiry is a candidate, not the answer.
			ev = append(ev, "the credential is malformed (see auth.malformed): the server may not have read the token at all")
			return fail(AuthExpired, Inferred, title, ev, expiryFix(e))
		case f.refused() && e.What == "Signed link":
			// The expiry was read from a parameter's name: the likeliest
			// reading of a bare refusal, not a sure one (the link's
			// signature may be refused as well).
			return fail(AuthExpired, Inferred, title, ev, expiryFix(e))
		case f.refused():
			return fail(AuthExpired, Indicated, title, ev, expiryFix(e))
		}
		return warn(AuthExpired, title+", yet the server accepted it", append(ev, f.statusLine()),
			"The server does not check this credential's lifetime here; renew it before another server does.")
	}
	if e.Named {
		title := "The server says the credential expired"
		ev := e.Evidence
		if tok != nil && tok.Exp != nil {
			title += fmt.Sprintf(", though the JWT's exp is %s (%s left by %s)", clock(*tok.Exp, f.ref), human(tok.Exp.Sub(f.ref)), f.refName())
			ev = append(ev, tok.claimsLine(f.ref), "it may mean another credential (a session or refresh token), or its clock is wrong")
		}
		return fail(AuthExpired, Named, title, ev, "Get a new token (refresh it, or log in again) and send again.")
	}
	switch {
	case tok != nil && tok.JWE:
		return skip(AuthExpired, "The token is an encrypted JWT (JWE): its expiry cannot be read, and the response does not mention expiry")
	case tok != nil && tok.Exp != nil:
		return pass(AuthExpired, fmt.Sprintf("Token valid until %s (%s left by %s)", clock(*tok.Exp, f.ref), human(tok.Exp.Sub(f.ref)), f.refName()),
			tok.claimsLine(f.ref), f.clockLine())
	case tok != nil:
		return pass(AuthExpired, "The JWT has no exp claim: it does not expire by itself", tok.claimsLine(f.ref))
	case f.req.URLExpires != nil:
		return pass(AuthExpired, fmt.Sprintf("Presigned URL valid until %s (%s left by %s)", clock(*f.req.URLExpires, f.ref), human(f.req.URLExpires.Sub(f.ref)), f.refName()),
			f.req.URLExpiresSource)
	case f.success():
		return pass(AuthExpired, "The server accepted the credential ("+f.statusLine()+")")
	}
	if f.refused() && refusedWithoutWhy(f) && !passwordSent(&f.req) {
		// An opaque credential refused in words that name no reason
		// (refusal_shared.go): an expired one gets the same words.
		return fail(AuthExpired, Inferred, "The credential is opaque and the server's words do not say why it was refused: an expired one gets the same words",
			append([]string{f.statusLine()}, f.req.credentialLines()...),
			"Get a fresh credential (refresh the token, or sign in again) and send again; if the fresh one is refused the same way, the credential itself is wrong ("+AuthInvalid+").")
	}
	return skip(AuthExpired, "The credential is opaque (not a JWT): its expiry cannot be read, and the response does not mention expiry",
		f.req.credentialLines()...)
}
