package checks

import (
	"strings"
	"sync"
)

// A limit whose words invite the caller to identify itself ("Authenticated
// requests get a higher rate limit", "please use API Key for higher rate
// limit", "Please sign up for a free account to continue") is the limit of
// callers without a credential. To a request that carried none it is a
// plain rate limit. To one that carried a credential it says the server
// did not count that credential: it does not read it where or in the form
// it was sent, and that is the fault to fix (waiting only renews the
// anonymous quota).

// identifyInvitation is an invitation to sign up or authenticate, or a
// promise of a higher limit to those who do. It must follow the words of
// the limit ("API limit reached. Please sign up..."): a page's "Sign up"
// link before them is no such invitation. An upgrade of a plan is
// the account's limit, not the anonymous one.
var identifyInvitation = []meaning{
	{Class: "an invitation to sign up", Families: [][]string{
		{"sign up", "signup", "register", "create an account", "log in", "sign in"}},
		Unless: upgradeWords},
	{Class: "a higher limit for identified callers", Families: [][]string{
		{"authenticated", "authenticate", "api key", "apikey", "token"},
		{"higher", "increase*", "raise*", "more requests"}},
		Unless: upgradeWords},
}

var (
	limitFamily = sync.OnceValue(func() splitFam {
		return splitFamily([]string{"limit*", "rate", "rates", "quota*", "throttl*", "too many"})
	})
	upgradeWords = []string{"upgrad*", "paid", "premium", "plan", "plans", "pro", "billing", "subscri*", "tier*"}
)

var identifyInvitationParts = sync.OnceValue(func() []meaningParts {
	out := make([]meaningParts, len(identifyInvitation))
	for i := range identifyInvitation {
		out[i] = identifyInvitation[i].split()
	}
	return out
})

// anonymousLimit returns the words inviting the caller to identify itself
// when the response is a limit (429, or limit words at a refusal) and the
// request carried a credential; ok is false otherwise.
func anonymousLimit(f *facts) (words string, ok bool) {
	if !f.refused() || !f.req.hasCredential() || f.body.title != "" {
		// A page's links ("Log in", "Sign up") are its chrome, not a
		// message about the limit: only a message (text, JSON) counts.
		return "", false
	}
	_, saysLimit := f.saysCause(RateLimit)
	if f.status != 429 && !saysLimit {
		return "", false
	}
	ws := saysWords(f)
	parts := identifyInvitationParts()
	lf := limitFamily()
	for j := range ws {
		if familyAt(ws, j, &lf) == 0 {
			continue
		}
		after := ws[j+1 : min(len(ws), j+1+2*lexWindow)]
		for i := range identifyInvitation {
			if h, found := identifyInvitation[i].find(after, parts[i]); found {
				return strings.Join(h.Words, " + ") + " (\"…" + h.Excerpt + "…\")", true
			}
		}
	}
	return "", false
}
