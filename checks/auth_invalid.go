package checks

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// invalidSignal is server wording that refuses a credential as such.
type invalidSignal struct {
	Title    string
	Evidence []string
	Fix      string
	Strength Strength
	// Generic wording is also what servers say about an expired token.
	Generic bool
	// Shared wording names no reason at all (refusal_shared.go).
	Shared bool
}

const renewFix = "The credential is wrong, revoked or for another environment: get a valid one for this API (check which account and environment issued it) and send again."

// serverSaysInvalid reads RFC 6750 invalid_token (without expiry wording:
// that is auth.expired), GitHub's "Bad credentials", AWS key errors, an API
// Gateway authorizer's explicit deny, Google UNAUTHENTICATED and the
// generic wording.
func serverSaysInvalid(f *facts) (invalidSignal, bool) {
	if c, ok := bearerError(f.challenges); ok && c.Param("error") == "invalid_token" &&
		(!strings.Contains(strings.ToLower(c.Param("error_description")), "expir") || listsAlternatives(c.Param("error_description"))) {
		title := "The server refused the token: invalid_token (RFC 6750)"
		if d := c.Param("error_description"); d != "" {
			title += ": " + clip(d, 120)
		}
		return invalidSignal{title, []string{f.h.line("www-authenticate")}, renewFix, Named, true, true}, true
	}
	if _, ex, ok := f.body.find([]string{"user is not authorized to access this resource with an explicit deny"}); ok {
		return invalidSignal{"The API Gateway authorizer denied this token (explicit deny)", []string{bodyLine(ex)},
			"The Lambda or Cognito authorizer returned Deny for this token: check the token's claims against its rules. Authorizer caching can apply one Deny to other paths for the cache TTL.", Named, false, false}, true
	}
	for _, code := range []string{"InvalidAccessKeyId", "UnrecognizedClientException", "InvalidClientTokenId", "InvalidToken"} {
		if strings.Contains(f.h.get("x-amzn-errortype"), code) || f.body.xml != nil && f.body.xml.Code == code || f.body.json.hasReason(code) {
			ev := []string{}
			if f.h.has("x-amzn-errortype") {
				ev = append(ev, f.h.line("x-amzn-errortype"))
			}
			if f.body.xml != nil {
				ev = append(ev, "error "+f.body.xml.Code+": "+f.body.xml.Message)
			} else if s := f.body.json.summary(); s != "" {
				ev = append(ev, bodyLine(s))
			}
			return invalidSignal{"AWS does not recognise the access key or token (" + code + ")", ev,
				"Check the access key ID belongs to this account and partition, and that a session token (X-Amz-Security-Token) is sent with temporary credentials.", Named, false, false}, true
		}
	}
	if j := f.body.json; j != nil && strings.EqualFold(j.ErrStatus, "UNAUTHENTICATED") && f.req.hasCredential() {
		return invalidSignal{"Google: the credential was not accepted (UNAUTHENTICATED)", []string{bodyLine(j.summary())},
			"Send a valid OAuth access token (gcloud auth print-access-token) or API key for this project.", Named, true, false}, true
	}
	if f.status >= 400 {
		phrases := invalidPhrases
		if len(signingParts(f)) > 0 {
			// the signature refused is the request's (signature.mismatch)
			phrases = slices.DeleteFunc(slices.Clone(phrases), func(p string) bool { return slices.Contains(signatureRefused, p) })
		}
		if p, ex, ok := f.body.find(phrases); ok && !strings.Contains(p, "explicit deny") {
			s := Named
			if f.status != 401 && f.status != 403 {
				s = Indicated
			}
			title := fmt.Sprintf("The server refused the credential: %q", p)
			if p == "bad credentials" {
				title = "Bad credentials: the token is wrong, revoked or expired (GitHub does not say which)"
			}
			return invalidSignal{title, []string{bodyLine(ex)}, renewFix, s, p != "bad credentials", sharedRefusal(p)}, true
		}
	}
	return invalidSignal{}, false
}

// resourceWords finds the server's words about the credential's access to
// this resource (lexicon's ThisResource meanings).
func resourceWords(f *facts) (lexHit, bool) {
	for _, h := range f.said {
		if h.m.ThisResource {
			return h, true
		}
	}
	return lexHit{}, false
}

// audienceMismatch compares the token's aud and iss with the host it was
// sent to. Only host-like audiences are compared (a client ID cannot be),
// and an environment word (staging, dev, ...) in the token that the host
// lacks is reported.
func audienceMismatch(t *tokenInfo, host string) string {
	if t == nil || host == "" {
		return ""
	}
	var hostAuds []string
	for _, a := range t.Aud {
		if h := hostOf(a); h != "" {
			hostAuds = append(hostAuds, h)
		}
	}
	if len(hostAuds) > 0 && len(hostAuds) == len(t.Aud) {
		fits := false
		for _, a := range hostAuds {
			if sameSite(a, host) {
				fits = true
			}
		}
		if !fits {
			return fmt.Sprintf("the token's audience (aud %s) does not name %s", strings.Join(t.Aud, " "), host)
		}
	}
	if isLoopback(host) {
		return ""
	}
	hostEnv := envOf(host)
	for _, claim := range append([]string{t.Iss}, t.Aud...) {
		if env := envOf(claim); env != "" && env != hostEnv {
			return fmt.Sprintf("the token comes from a %s environment (%s) but the request goes to %s", env, claim, host)
		}
	}
	return ""
}

// hostOf is the host of a URL or host-like audience, "" for a client ID.
func hostOf(a string) string {
	if strings.Contains(a, "://") {
		if u, err := url.Parse(a); err == nil {
			return strings.ToLower(u.Hostname())
		}
		return ""
	}
	if strings.Count(a, ".") >= 1 && !strings.ContainsAny(a, " /:@") && strings.IndexFunc(a, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0 {
		return strings.ToLower(a)
	}
	return ""
}

// sameSite reports hosts sharing their last two labels (api.example.com
// and example.com), a loose stand-in for the registrable domain.
func sameSite(a, b string) bool {
	if a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a) {
		return true
	}
	la, lb := strings.Split(a, "."), strings.Split(b, ".")
	if len(la) < 2 || len(lb) < 2 {
		return false
	}
	return la[len(la)-1] == lb[len(lb)-1] && la[len(la)-2] == lb[len(lb)-2]
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// envOf is the first environment word among the labels of s.
func envOf(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, w := range words {
		for _, e := range envWords {
			if w == e {
				return e
			}
		}
	}
	return ""
}

func checkAuthInvalid(f *facts) Finding {
	if f.resp == nil {
		return skip(AuthInvalid, f.noResponse(), f.noResponseEvidence()...)
	}
	r := &f.req
	if !r.hasCredential() {
		if len(r.unknownPlaces) > 0 {
			// The server's words may still find it refused (wording.go).
			return skip(AuthInvalid, "No credential was recognised, so none could be refused", r.unknownPlaceLines()...)
		}
		return skip(AuthInvalid, "No credential was sent, so none could be refused")
	}
	aud := audienceMismatch(r.Token, r.Host)
	e := expiryOf(f)
	expired := e.Expired || e.NotYet || e.Named
	if s, ok := serverSaysInvalid(f); ok {
		ev := append(s.Evidence, r.credentialLines()...)
		if s.Generic && expired {
			return pass(AuthInvalid, "The refusal is explained by the credential's lifetime (see auth.expired), not by another fault", ev...)
		}
		if aud != "" {
			ev = append(ev, aud)
		}
		g := fail(AuthInvalid, s.Strength, s.Title, ev, s.Fix)
		if refusedWithoutWhy(f) {
			// The words say the credential was refused, not why: the
			// likeliest cause, not a sure one.
			g.Evidence = append(g.Evidence, "these words say the credential was refused, not why: servers say the same of an expired, revoked or malformed one")
			g.wordsOnly = true
		}
		if h, ok := resourceWords(f); ok {
			// The same words also say the key may only lack access here.
			g.Evidence = append(g.Evidence, h.evidence(f.saidFrom)+": it may be a key valid elsewhere (see permission.scope)")
			g.wordsOnly = true
			if refusedWithoutWhy(f) {
				// The refusal names no reason ("invalid_token") and the
				// other words give one: the credential is not good here.
				g.Strength = Inferred
			}
		}
		if h, ok := f.saysCause(IPAllowlist); ok {
			// "Invalid API key. The IP you provided does not match", "This
			// key does not allow access from this IP": the words give the
			// refusal a reason, the address the key is bound to. The key
			// was read; the refusal alone is the weaker reading.
			g.Evidence = append(g.Evidence, h.evidence(f.saidFrom)+": the words give the address as the reason (see ip.allowlist)")
			g.Strength, g.wordsOnly = Inferred, true
		}
		return g
	}
	if f.status == 401 && !expired && r.malformedStatus() != Fail {
		d := credentialDemand(f)
		if !(d.Explicit && !d.Anonymous) {
			ev := append([]string{f.statusLine()}, r.credentialLines()...)
			if len(f.challenges) > 0 {
				ev = append(ev, f.h.line("www-authenticate"))
			}
			title := "The server refused a well-formed, unexpired credential (401)"
			if r.Token == nil && r.URLExpires == nil {
				// An opaque credential's lifetime is not in the request:
				// never claim what was not measured.
				title = "The server refused a well-formed credential (401); it is opaque, so whether it expired cannot be read"
			}
			fix := renewFix
			if aud != "" {
				ev = append(ev, aud)
				title = "The server refused the token (401); " + aud
				fix = "Get a token issued for this API and environment (the audience and issuer must match it)."
			}
			if r.Token != nil {
				ev = append(ev, r.Token.claimsLine(f.ref))
			}
			if words, ok := genericPermissionAt401(f); ok {
				// The status refuses the credential; the words' generic
				// permission does not say it was accepted. Still a guess:
				// some APIs answer a missing permission with 401.
				g := fail(AuthInvalid, Indicated, title, append(ev, words+": generic permission words, which a 401 does not turn into a missing permission"), fix)
				g.wordsOnly = true
				return g
			}
			g := fail(AuthInvalid, Inferred, title, ev, fix)
			g.statusDefault = aud == "" // a token for another host is evidence of its own
			return g
		}
	}
	if aud != "" {
		return warn(AuthInvalid, "The token may be for another API: "+aud, []string{r.Token.claimsLine(f.ref)},
			"Use a token issued for this host and environment.")
	}
	if f.success() {
		return pass(AuthInvalid, "The credential was accepted ("+f.statusLine()+")", r.credentialLines()...)
	}
	ev := append([]string{f.statusLine()}, r.credentialLines()...)
	switch {
	case f.status == 401 && expired:
		return pass(AuthInvalid, "The 401 is explained by the credential's lifetime (see auth.expired), not by another fault", ev...)
	case f.status == 401 && r.malformedStatus() == Fail:
		return pass(AuthInvalid, "The 401 is explained by the malformed credential (see auth.malformed), not by the credential itself", ev...)
	case f.status == 401:
		return pass(AuthInvalid, "The 401 asks for a credential the server did not find rather than refusing the one sent (see auth.missing)", ev...)
	}
	return pass(AuthInvalid, "The server did not reject the credential itself (no 401, no invalid-credential wording)", ev...)
}
