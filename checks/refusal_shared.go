package checks

import (
	"strings"
	"sync"
)

// Some refusal words say that the credential was refused, not why.
// RFC 6750 §3.1 defines invalid_token as a token "expired, revoked,
// malformed, or invalid for other reasons", and servers answer an expired
// token, a credential in the wrong form, or a request over its plan's
// limit with the same "authentication failed" (Istio, 3scale). Read alone,
// such words make auth.invalid the likeliest cause, not a sure one; with
// words that say what was wrong (a password, a key, the audience, a
// signature that does not verify) they are sure again.

// sharedRefusalPhrases are the words that name no reason.
var sharedRefusalPhrases = []string{"authentication failed", "invalid token", "invalid_token", "token is invalid", "invalid access token"}

// refusalReasons are the words that say why a credential was refused: a
// named part of a login or key refused, or a check of the token that
// failed (its audience, issuer or signature, a revocation).
var refusalReasons = []meaning{
	{Class: "a part of the credential refused", Families: [][]string{
		{"username*", "user name", "password*", "passphrase*", "key", "keys", "apikey*", "secret*", "client id"},
		{"invalid", "wrong", "incorrect", "not valid", "mismatch*", "not match", "does not match", "unknown", "unrecogni*", "not recogni*"}}},
	{Class: "a check of the token", Families: [][]string{
		{"audience*", "aud", "issuer*", "iss", "signature*", "revoked", "revocation"}}},
	// "Jwt verification fails", not "please verify your token".
	{Class: "a verification that failed", Families: [][]string{
		{"verification", "verify", "verified"}, {"fail*", "not", "unable", "could not", "cannot"}}},
}

var refusalReasonParts = sync.OnceValue(func() []meaningParts {
	out := make([]meaningParts, len(refusalReasons))
	for i := range refusalReasons {
		out[i] = refusalReasons[i].split()
	}
	return out
})

// sharedRefusal reports that phrase is one of the words every kind of
// refused credential gets.
func sharedRefusal(phrase string) bool {
	return contains(sharedRefusalPhrases, strings.ToLower(phrase))
}

// refusalSaysWhy reports that the server's words (any of them: body,
// error_description, reason phrase) say what was wrong with the
// credential, and returns those words.
func refusalSaysWhy(f *facts) (string, bool) {
	words := saysWords(f)
	parts := refusalReasonParts()
	for i := range refusalReasons {
		if h, ok := refusalReasons[i].find(words, parts[i]); ok && !listsAlternatives(h.Excerpt) {
			return strings.Join(h.Words, " + "), true
		}
	}
	return "", false
}

// listReasons are the reasons a list of alternatives names (RFC 6750
// §3.1: "expired, revoked, malformed, or invalid for other reasons").
var listReasons = []string{"expired", "revoked", "malformed", "invalid"}

// listsAlternatives reports words that join three or more reasons with
// "or": the server lists what may be wrong with the credential (RFC 6750's
// description of invalid_token, quoted as the message) and names none of
// them. A pair ("invalid or expired") is left to the other readings:
// servers say it of an expired credential.
func listsAlternatives(text string) bool {
	words := lexWords(text)
	for i, w := range words {
		if w != "or" {
			continue
		}
		seen := map[string]bool{}
		for _, v := range words[max(0, i-lexWindow):min(len(words), i+lexWindow)] {
			if contains(listReasons, v) {
				seen[v] = true
			}
		}
		if len(seen) >= 3 {
			return true
		}
	}
	return false
}

// refusedWithoutWhy reports a credential refused in words that name no
// reason (sharedRefusalPhrases) and nothing else in the response or the
// token naming one: auth.invalid is the likeliest cause, not a sure one,
// and an expired credential is the next.
func refusedWithoutWhy(f *facts) bool {
	if !f.req.hasCredential() {
		return false
	}
	s, ok := serverSaysInvalid(f)
	if !ok || !s.Shared || audienceMismatch(f.req.Token, f.req.Host) != "" {
		return false
	}
	_, why := refusalSaysWhy(f)
	return !why
}

// passwordSent reports a password among the request's credentials (Basic,
// or a login's password field): a password has no lifetime a server
// hides behind these words.
func passwordSent(r *requestFacts) bool {
	if strings.EqualFold(r.AuthScheme, "basic") {
		return true
	}
	for _, c := range r.Creds {
		if c.Kind == "body" && contains(lexWords(c.Name), "password") {
			return true
		}
	}
	return false
}
