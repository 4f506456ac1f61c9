package checks

import (
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/why403/why403/checks/cause"
)

func TestRank(t *testing.T) {
	f := func(id string, st Status, s Strength) Finding { return Finding{ID: id, Status: st, Strength: s} }
	cases := []struct {
		name      string
		findings  []Finding
		refusal   bool
		want      []string
		wantGuess bool
	}{
		{
			name:     "named before inferred",
			findings: []Finding{f(AuthMissing, Fail, Inferred), f(WAFBlock, Fail, Named), f(ContentType, Fail, Indicated)},
			refusal:  true,
			want:     []string{WAFBlock, ContentType, AuthMissing},
		},
		{
			name:     "a rate limit outranks a stronger permission",
			findings: []Finding{f(PermissionScope, Fail, Named), f(RateLimit, Fail, Indicated), f(AuthInvalid, Fail, Inferred)},
			refusal:  true,
			want:     []string{RateLimit, PermissionScope, AuthInvalid},
		},
		{
			name:     "a rate limit outranks a permission of equal strength",
			findings: []Finding{f(PermissionScope, Fail, Inferred), f(RateLimit, Fail, Inferred)},
			refusal:  true,
			want:     []string{RateLimit, PermissionScope}, wantGuess: true,
		},
		{
			name:     "ties follow the layer order: edge before authentication before payload",
			findings: []Finding{f(ContentType, Fail, Indicated), f(AuthMissing, Fail, Indicated), f(WAFBlock, Fail, Indicated), f(TLSClientCert, Fail, Indicated)},
			refusal:  true,
			want:     []string{TLSClientCert, WAFBlock, AuthMissing, ContentType},
		},
		{
			name:     "inferred: what the request carries before what it lacks",
			findings: []Finding{f(ContentType, Fail, Inferred), f(AuthMissing, Fail, Inferred), f(WAFBlock, Fail, Inferred), f(TLSClientCert, Fail, Inferred)},
			refusal:  true,
			want:     []string{TLSClientCert, WAFBlock, ContentType, AuthMissing}, wantGuess: true,
		},
		{
			name:     "inferred: a DELETE on a bare page is the method before the missing credential",
			findings: []Finding{f(AuthMissing, Fail, Inferred), f(ResourceDenied, Fail, Inferred), f(MethodDenied, Fail, Inferred)},
			refusal:  true,
			want:     []string{MethodDenied, AuthMissing, ResourceDenied}, wantGuess: true,
		},
		{
			name:     "inferred: a body that does not fit its type before the method",
			findings: []Finding{f(MethodDenied, Fail, Inferred), f(ContentType, Fail, Inferred), f(AuthMissing, Fail, Inferred)},
			refusal:  true,
			want:     []string{ContentType, MethodDenied, AuthMissing}, wantGuess: true,
		},
		{
			name:     "only inferred: a guess",
			findings: []Finding{f(AuthMissing, Fail, Inferred), f(IPAllowlist, Warn, 0)},
			refusal:  true,
			want:     []string{AuthMissing}, wantGuess: true,
		},
		{
			name:     "warnings stay out when something failed",
			findings: []Finding{f(AuthExpired, Fail, Named), f(RateLimit, Warn, 0), f(WAFBlock, Warn, 0)},
			refusal:  true,
			want:     []string{AuthExpired},
		},
		{
			name:     "no fail on a refusal: warnings become guesses",
			findings: []Finding{f(AuthMissing, Warn, 0), f(IPAllowlist, Warn, 0), f(WAFBlock, Pass, 0), f(ContentType, Skip, 0)},
			refusal:  true,
			want:     []string{IPAllowlist, AuthMissing}, wantGuess: true,
		},
		{
			name:     "no fail on a success: nothing likely",
			findings: []Finding{f(RateLimit, Warn, 0), f(AuthMalformed, Warn, 0)},
			refusal:  false,
			want:     nil,
		},
		{
			name:     "an unknown extra cause ranks after the catalogue",
			findings: []Finding{f("made.up", Fail, Named), f(ContentType, Fail, Named)},
			refusal:  true,
			want:     []string{ContentType, "made.up"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, guess := rank(c.findings, c.refusal)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("likely %v, want %v", got, c.want)
			}
			if guess != c.wantGuess {
				t.Errorf("guess %v, want %v", guess, c.wantGuess)
			}
		})
	}
}

// End to end: what users meet, ranked.
func TestRunRanking(t *testing.T) {
	reset := strconv.FormatInt(t0.Add(20*time.Minute).Unix(), 10)
	cases := []struct {
		name      string
		ev        Evidence
		first     string
		wantGuess bool
		contains  []string
	}{
		{
			name: "GitHub 403 rate limit with a token: rate limit first",
			ev: exchange(get("https://api.github.com/repos/acme/widget", "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
				resp(403, `{"message":"API rate limit exceeded for user ID 1234."}`, "Server: github.com", "X-RateLimit-Limit: 5000", "X-RateLimit-Remaining: 0", "X-RateLimit-Reset: "+reset)),
			first: RateLimit,
		},
		{
			name: "Google 403 quota error names both PERMISSION_DENIED wording and a rate limit",
			ev: exchange(get("https://www.googleapis.com/youtube/v3/search?part=snippet&q=x", "Authorization: Bearer ya29.a0AfB_byEXAMPLEEXAMPLEEXAMPLE"),
				resp(403, `{"error":{"code":403,"message":"The request cannot be completed because you have exceeded your quota.","errors":[{"message":"The request cannot be completed because you have exceeded your quota.","domain":"youtube.quota","reason":"quotaExceeded"}],"status":"PERMISSION_DENIED"}}`, "Server: ESF")),
			first:    RateLimit,
			contains: []string{RateLimit, PermissionScope},
		},
		{
			name:  "expired token named by RFC 6750: not a guess",
			ev:    exchange(get("https://api.example.com/v1/orders", "Authorization: Bearer "+mkJWT(t, map[string]any{"exp": t0.Add(-time.Hour).Unix()})), resp(401, "", `WWW-Authenticate: Bearer error="invalid_token", error_description="Token expired"`)),
			first: AuthExpired,
		},
		{
			name:  "invalid_token \"token expired\" but no credential sent: missing first, expired not failed",
			ev:    exchange(get("https://api.example.com/v1/orders"), resp(401, "", `WWW-Authenticate: Bearer error="invalid_token", error_description="token expired"`)),
			first: AuthMissing,
		},
		{
			name:      "Azure subscription key sent: it is a credential, so not auth.missing",
			ev:        exchange(get("https://contoso.azure-api.net/orders", "Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef"), resp(401, `{ "statusCode": 401, "message": "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." }`, "Content-Type: application/json")),
			first:     AuthInvalid,
			wantGuess: true,
		},
		{
			name:      "bare nginx 403 to an anonymous script: a guess, the User-Agent alone only suspicious",
			ev:        exchange(get("https://www.example.com/admin/", "User-Agent: curl/8.7.1"), resp(403, nginx403, "Server: nginx")),
			first:     AuthMissing,
			wantGuess: true,
			contains:  []string{AuthMissing, ResourceDenied},
		},
		{
			name:      "bare nginx 403 to attack-like text: the WAF first",
			ev:        exchange(get("https://www.example.com/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "User-Agent: curl/8.7.1"), resp(403, nginx403, "Server: nginx")),
			first:     WAFBlock,
			wantGuess: true,
			contains:  []string{WAFBlock, AuthMissing},
		},
		{
			name:     "a 405 names the method, ahead of a guessed missing credential",
			ev:       exchange(get("https://api.example.com/v1/orders"), resp(405, `{"message":"Method Not Allowed"}`, "Allow: POST")),
			first:    MethodDenied,
			contains: []string{MethodDenied, AuthMissing},
		},
		{
			name:      "bare nginx 403 with a credential: the server refused the path, a guess",
			ev:        exchange(get("https://www.example.com/static/app.js", "Authorization: Bearer "+validJWT(t, nil)), resp(403, nginx403, "Server: nginx")),
			first:     ResourceDenied,
			wantGuess: true,
		},
		{
			name:     "a library User-Agent blocked by Akamai stays a WAF block",
			ev:       exchange(get("https://www.example.com/products", "User-Agent: python-requests/2.31.0"), resp(403, akamaiPage, "Server: AkamaiGHost")),
			first:    WAFBlock,
			contains: []string{WAFBlock},
		},
		{
			name:     "Cloudflare 1010: a User-Agent first, the WAF second",
			ev:       exchange(get("https://www.example.com/", "User-Agent: Go-http-client/1.1"), resp(403, cloudflarePage("1010", "Access denied | www.example.com used Cloudflare to restrict access", "The owner of this website has banned your access based on your browser's signature"), cloudflareHeaders...)),
			first:    UserAgentRequired,
			contains: []string{UserAgentRequired, WAFBlock},
		},
		{
			name:     "credentials dropped on a redirect: that before auth.missing",
			ev:       droppedRedirect(t),
			first:    RedirectAuthDropped,
			contains: []string{RedirectAuthDropped, AuthMissing},
		},
		{
			name:  "Google SERVICE_DISABLED is the account's state, not a permission",
			ev:    exchange(get("https://translation.googleapis.com/language/translate/v2", "Authorization: Bearer ya29.a0AfB_byEXAMPLEEXAMPLEEXAMPLE"), resp(403, googleServiceDisabled, "Server: ESF", "Content-Type: application/json")),
			first: AccountState,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, c.first, reportText(rep))
			}
			if rep.Guess != c.wantGuess {
				t.Errorf("guess %v, want %v", rep.Guess, c.wantGuess)
			}
			for _, id := range c.contains {
				if !contains(rep.Likely, id) {
					t.Errorf("likely %v lacks %s", rep.Likely, id)
				}
			}
		})
	}
}

func TestInferredOrderIsAPermutationOfCauseOrder(t *testing.T) {
	a, b := slices.Clone(causeOrder), slices.Clone(inferredOrder())
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("inferredOrder and causeOrder hold different causes:\n%v\n%v", a, b)
	}
}

func TestCauseOrderHoldsEveryCause(t *testing.T) {
	a, b := slices.Clone(causeOrder), append(cause.Common(), cause.Further()...)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("causeOrder and package cause hold different causes:\n%v\n%v", a, b)
	}
}
