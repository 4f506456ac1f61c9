package checks

import "testing"

// A limit whose words invite the caller to sign up or authenticate is the
// anonymous callers' limit: to a request without a credential it is a rate
// limit; to one with a credential, the credential was not read
// (auth.malformed first, a guess).
func TestAnonymousLimitWithACredential(t *testing.T) {
	runSureCases(t, []sureCase{
		// Finnhub reads its key from token=; api_key= leaves the request
		// anonymous (finnhubio/Finnhub-API#122).
		{"Finnhub: sign up, to a key in the wrong parameter", get("https://finnhub.io/api/v1/quote?symbol=SPY&api_key=c0ffee0123456789"),
			resp(429, "API limit reached. Please sign up for a free account to continue using the API."), AuthMalformed, false},
		// Etherscan's limit for calls without an API key, to a request
		// whose key went in a parameter it does not read.
		{"Etherscan: use API Key for higher rate limit, to a key sent", get("https://api.etherscan.io/api?module=proxy&action=eth_blockNumber&key=c0ffee0123456789"),
			resp(200, `{"status":"0","message":"NOTOK","result":"Max rate limit reached, please use API Key for higher rate limit"}`, "Content-Type: application/json"), AuthMalformed, false},
		// Without a credential, GitHub's anonymous limit is a rate limit.
		{"GitHub: anonymous limit, nothing sent", get("https://api.github.com/"),
			resp(403, `{"message":"API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)","documentation_url":"https://developer.github.com/v3/#rate-limiting"}`,
				"Content-Type: application/json", "X-RateLimit-Limit: 60", "X-RateLimit-Remaining: 0", "X-RateLimit-Reset: 1741968914"), RateLimit, true},
		// A limit with no invitation, to a request with a key, stays a limit.
		{"plain 429 with a key", get("https://api.example.com/v1/quote?api_key=c0ffee0123456789"),
			resp(429, "Too many requests, slow down.", "Retry-After: 30"), RateLimit, true},
	})
}

// An invitation to upgrade a plan is the account's limit, not the
// anonymous one: a key sent stays read.
func TestUpgradeLimitIsNotAnonymous(t *testing.T) {
	runSureCases(t, []sureCase{
		{"upgrade for higher limits, to a key sent", get("https://api.example.com/v1/quote?api_key=c0ffee0123456789"),
			resp(429, "API limit reached. Upgrade your plan or use a premium API key for higher rate limits.", "Retry-After: 60"), RateLimit, true},
	})
}

// A 429 page whose navigation offers "Sign up" says nothing of the limit's
// callers: a key sent stays read, and the limit sure.
func TestSignUpLinkIsNoInvitation(t *testing.T) {
	page := `<html><head><title>429 Too Many Requests</title></head><body><nav><a href="/login">Log in</a> <a href="/signup">Sign up</a> <a href="/docs">Docs</a> <a href="/pricing">Pricing</a> <a href="/blog">Blog</a></nav><h1>Too Many Requests</h1><p>You have sent too many requests in a given amount of time. Wait a minute and try again.</p></body></html>`
	runSureCases(t, []sureCase{
		{"429 page with a sign-up link", get("https://api.example.com/v1/quote?api_key=c0ffee0123456789"),
			resp(429, page, "Content-Type: text/html", "Retry-After: 60"), RateLimit, true},
	})
}
