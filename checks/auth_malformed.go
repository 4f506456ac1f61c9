package checks

import (
	"fmt"
	"strings"

	"github.com/why403/why403/probe"
)

// problemEvidence flattens problems: their evidence lines once each, then
// the titles of all but the first.
func problemEvidence(ps []problem) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		for _, e := range p.Evidence {
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	for _, p := range ps[1:] {
		out = append(out, "also: "+p.Title)
	}
	return out
}

// worst orders problems Fail first, keeping their order otherwise.
func worst(ps []problem) []problem {
	out := make([]problem, 0, len(ps))
	for _, st := range []Status{Fail, Warn} {
		for _, p := range ps {
			if p.Status == st {
				out = append(out, p)
			}
		}
	}
	return out
}

// serverSaysMalformed reads RFC 6750 invalid_request, SigV4 parser
// complaints and other "malformed" wording.
func serverSaysMalformed(f *facts) (ev []string, sigv4 bool, ok bool) {
	if c, found := bearerError(f.challenges); found && c.Param("error") == "invalid_request" {
		ev = append(ev, f.h.line("www-authenticate"))
		ok = true
	}
	if t := strings.ToLower(f.h.get("x-amzn-errortype")); strings.Contains(t, "incompletesignature") {
		ev = append(ev, f.h.line("x-amzn-errortype"))
		ok, sigv4 = true, true
	}
	if f.status >= 400 {
		if p, ex, found := f.body.find(malformedPhrases); found {
			ev = append(ev, bodyLine(ex))
			ok = true
			sigv4 = sigv4 || strings.Contains(p, "key=value") || strings.Contains(p, "parameter") || strings.Contains(p, "authorization header requires")
		}
	}
	return ev, sigv4, ok
}

func checkAuthMalformed(f *facts) Finding {
	r := &f.req
	ps := worst(r.Malformed)
	if f.resp == nil {
		// A request that could not even be built (Go refuses a header with
		// a line break) is judged on what it holds.
		if f.errPhase == probe.PhaseRequest && len(ps) > 0 && ps[0].Status == Fail {
			return fail(AuthMalformed, Inferred, ps[0].Title,
				append(problemEvidence(ps), "the request was not sent: "+f.errMsg), ps[0].Fix)
		}
		return skip(AuthMalformed, f.noResponse(), f.noResponseEvidence()...)
	}
	sev, sigv4, named := serverSaysMalformed(f)
	if named {
		scheme := strings.ToLower(r.AuthScheme)
		if sigv4 && (scheme == "bearer" || scheme == "basic") {
			return fail(AuthMalformed, Named,
				fmt.Sprintf("A %s credential was sent to a method that expects an AWS SigV4 signature", r.AuthScheme),
				append(sev, r.AuthLine),
				"This API Gateway method uses IAM authorization: sign the request with SigV4 (curl --aws-sigv4 \"aws:amz:REGION:execute-api\" --user KEY:SECRET), or have the owner put a JWT/Cognito/Lambda authorizer on it.")
		}
		title := "The server says the credential is malformed"
		fix := "Send the credential exactly as the API documents: scheme, one space, the token."
		if len(ps) > 0 {
			title += ": " + ps[0].Title
			fix = ps[0].Fix
			sev = append(sev, problemEvidence(ps)...)
		} else if r.AuthLine != "" {
			sev = append(sev, r.AuthLine)
		}
		if sigv4 {
			fix = "The Authorization header is parsed as an AWS SigV4 signature: sign the request with SigV4 (curl --aws-sigv4), or send the credential the method really expects."
		}
		return fail(AuthMalformed, Named, title, sev, fix)
	}
	if m, ok := schemeMismatch(f); ok && (len(ps) == 0 || ps[0].Status != Fail) {
		return m
	}
	if name, words, ok := keyHeaderIncomplete(f); ok {
		g := fail(AuthMalformed, Indicated,
			fmt.Sprintf("The server read the %s header and says something it needs there is missing: the key is not in the form it expects", name),
			append([]string{words.evidence(f.saidFrom)}, r.credentialLines()...),
			"Send the key in the exact form the API documents for "+name+" (some want key:secret or a prefix, not the key alone).")
		g.wordsOnly = true
		return g
	}
	if g, ok := notAJWT(f); ok {
		return g
	}
	if words, ok := anonymousLimit(f); ok && (len(ps) == 0 || ps[0].Status != Fail) {
		g := fail(AuthMalformed, Indicated,
			"The server applied its limit for callers without a credential, though the request carried one: it does not read the credential where or as it was sent",
			append([]string{"the server's words invite the caller to identify itself: " + words}, r.credentialLines()...),
			"Send the credential exactly where and as the API documents it (its header, the name of its query parameter, its scheme): one the server does not read leaves the request anonymous, under the anonymous limit.")
		g.wordsOnly = true
		return g
	}
	if d := credentialDemand(f); sentButUnread(f, d) {
		return fail(AuthMalformed, Named,
			fmt.Sprintf("The server says %q, yet a credential was sent in Authorization: the server does not read it in this form", d.Phrase),
			append(d.Evidence, r.credentialLines()...),
			"Send the credential exactly as the API documents it: its scheme (Token, Bearer, JWT, Basic), or its own header (X-API-Key, X-Auth-Token) instead of Authorization.")
	}
	if len(ps) == 0 {
		if !r.hasCredential() {
			return skip(AuthMalformed, "No credential was sent, so there is none to be malformed")
		}
		return pass(AuthMalformed, wellFormedTitle(r), r.credentialLines()...)
	}
	ev := problemEvidence(ps)
	switch {
	case ps[0].Status == Fail && f.refused():
		return fail(AuthMalformed, Inferred, ps[0].Title, append(ev, f.statusLine()), ps[0].Fix)
	case ps[0].Status == Fail:
		return warn(AuthMalformed, ps[0].Title+" (the server accepted it anyway)", append(ev, f.statusLine()), ps[0].Fix)
	}
	return warn(AuthMalformed, ps[0].Title, ev, ps[0].Fix)
}

// wellFormedTitle says what was checked: "Authorization well formed: Bearer JWT (RS256)".
func wellFormedTitle(r *requestFacts) string {
	switch {
	case r.AuthLine != "" && r.Token != nil && r.Token.Source == "Authorization":
		alg := r.Token.Alg
		if r.Token.JWE {
			alg = "encrypted"
		}
		return fmt.Sprintf("Authorization well formed: %s JWT (%s, %d segments)", r.AuthScheme, alg, map[bool]int{true: 5, false: 3}[r.Token.JWE])
	case r.AuthLine != "" && r.AuthScheme != "":
		return "Authorization well formed: " + r.AuthScheme + " credential"
	}
	return "Credentials well formed: " + r.Creds[0].Line
}

// keyLookupWords reports words of looking up the key that verifies a JWT
// ("Unable to fetch verification key", "Unable to find a signing key that
// matches", "no key to match kid"): the server read the token's header, so
// what it refused was a JWT, whatever value the recording shows.
func keyLookupWords(words []string) bool {
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case w == "kid", w == "jwks", (w == "verification" || w == "signing" || w == "verifying") && (next == "key" || next == "keys"):
			return true
		}
	}
	return false
}

// notAJWT finds the server's words refusing a JWT ("Invalid JWT token",
// "jwt malformed") when the Bearer value sent is not one: an API key or an
// opaque token where the API reads a JWT (Portainer's ptr_ keys, Supabase's
// sb_publishable_ keys belong in their own header). The form is wrong,
// not the value. The words decide, so it stays a guess.
func notAJWT(f *facts) (Finding, bool) {
	r := &f.req
	if !f.refused() || !strings.EqualFold(r.AuthScheme, "bearer") || r.AuthJWT || r.Token != nil || keyLookupWords(saysWords(f)) {
		return Finding{}, false
	}
	for _, h := range f.said {
		if h.m.Cause != AuthInvalid && h.m.Cause != AuthMalformed {
			continue
		}
		for _, w := range h.Words {
			if strings.HasPrefix(w, "jwt") {
				g := fail(AuthMalformed, Indicated,
					"The server refuses a JWT, and the Bearer value sent is not one (no three dot-separated parts)",
					[]string{h.evidence(f.saidFrom), r.AuthLine},
					"Send a JWT where the API reads one (the token its login or auth endpoint returns), and an API key in the header the API documents for keys (often X-API-Key or apikey), not as a Bearer token.")
				g.wordsOnly = true
				return g, true
			}
		}
	}
	return Finding{}, false
}
