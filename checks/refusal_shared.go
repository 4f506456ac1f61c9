package checks

import (
	"slices"
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

// alternativeKinds are the kinds of reason a server lists as alternatives
// about a credential; the words of each kind, folded as lexWords folds.
var alternativeKinds = [][]string{
	{"expired", "expire", "expires", "expiry", "lapsed"},
	{"revoked"},
	{"malformed"},
	{"invalid", "incorrect", "wrong"},
	{"unauthorized", "unauthorised"},
	{"permission", "permissions", "scope", "scopes", "privilege", "privileges"},
	{"disabled", "suspended", "deactivated", "inactive"},
}

// hedgeWords offer a reason as a possibility, not as what happened.
var hedgeWords = []string{"may", "might", "could", "possibly", "perhaps", "either"}

// alternativesAt reports an "or" at words[k] that joins alternatives: three
// or more kinds of reason around it ("is invalid, has expired, or does not
// have permission"; RFC 6750's "expired, revoked, malformed, or invalid"),
// or two offered as possibilities ("you may be unauthorized ... or your
// key may be expired"). A pair said flatly ("invalid or expired") is not:
// servers say it of an expired credential.
func alternativesAt(words []string, k int) bool {
	if words[k] != "or" {
		return false
	}
	// A flat list sits close around its "or"; a hedged one spans two
	// clauses. The narrow span keeps an error code before the words
	// ("invalid_grant: Token has been expired or revoked") out of the list.
	near := words[max(0, k-4):min(len(words), k+5)]
	wide := words[max(0, k-lexWindow):min(len(words), k+lexWindow+1)]
	hedged := false
	for _, w := range wide {
		hedged = hedged || contains(hedgeWords, w)
	}
	return kindsIn(near) >= 3 || hedged && kindsIn(wide) >= 2
}

// kindsIn counts the kinds of reason among words.
func kindsIn(words []string) int {
	kinds := 0
	for _, kind := range alternativeKinds {
		for _, w := range words {
			if contains(kind, w) {
				kinds++
				break
			}
		}
	}
	return kinds
}

// dropListedAlternatives leaves out the readings of a credential's fate
// (expired, refused, lacking a permission, malformed) whose deciding words
// lie in a clause that lists alternatives: a list names none of them, and
// the first word listed must not decide. The status's default reading
// then does. Clauses end at sentence and field punctuation (not at
// commas, which separate a list's items), so that an error code and its
// description ("PERMISSION_DENIED: Invalid or Revoked Token") are not
// read as one list.
func dropListedAlternatives(text string, hits []lexHit) []lexHit {
	if len(hits) == 0 || !strings.Contains(text, " or ") && !strings.Contains(text, " OR ") && !strings.Contains(text, " Or ") {
		return hits // no list to read: a large page costs nothing more
	}
	var lists [][]string
	for _, clause := range strings.FieldsFunc(text, func(c rune) bool { return strings.ContainsRune(".;:!?\"{}[]()\n", c) }) {
		words := lexWords(clause)
		for k := range words {
			if alternativesAt(words, k) {
				lists = append(lists, words)
				break
			}
		}
	}
	if len(lists) == 0 {
		return hits
	}
	out := hits[:0:0]
	for _, h := range hits {
		switch h.m.Cause {
		case AuthExpired, AuthInvalid, PermissionScope, AuthMalformed:
			if listedIn(lists, h.Words) {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// listedIn reports deciding words that all lie in one listing clause.
func listedIn(lists [][]string, decided []string) bool {
	for _, clause := range lists {
		all := true
		for _, d := range decided {
			for _, w := range strings.Fields(d) {
				all = all && slices.Contains(clause, w)
			}
		}
		if all {
			return true
		}
	}
	return false
}
