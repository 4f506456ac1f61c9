package checks

import (
	"slices"
	"testing"
	"time"
)

// A JWT sent without its scheme may never be read: a server that extracts
// "Bearer <token>" finds no token and refuses before it looks at exp. The
// token's own expiry, which only why403 read, does not outrank the form
// the server could not parse; both stay candidates, and it is a guess.
func TestExpiryOfATokenSentWithoutItsScheme(t *testing.T) {
	expired := mkJWT(t, map[string]any{"id": 1, "iat": t0.Add(-2 * time.Hour).Unix(), "exp": t0.Add(-time.Hour).Unix()})
	cases := []struct{ vendor, body string }{
		// NestJS's JWT guard (passport-jwt) answers a bare 401.
		{"NestJS", `{"statusCode":401,"message":"Unauthorized"}`},
		// Laravel's auth middleware.
		{"Laravel", `{"message":"Unauthenticated."}`},
	}
	for _, c := range cases {
		t.Run(c.vendor, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example.com/api/auth/me", "Authorization: "+expired),
				resp(401, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMalformed {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthMalformed)
			}
			if !slices.Contains(rep.Likely, AuthExpired) {
				t.Errorf("likely %v lacks %s", rep.Likely, AuthExpired)
			}
			if !rep.Guess {
				t.Errorf("a sure answer; the response does not say which")
			}
		})
	}
	// With its scheme, the same token's expiry decides.
	rep := Run(exchange(get("https://api.example.com/api/auth/me", "Authorization: Bearer "+expired),
		resp(401, cases[0].body, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthExpired || rep.Guess {
		t.Errorf("with Bearer: likely %v guess %v, want %s sure", rep.Likely, rep.Guess, AuthExpired)
	}
}
