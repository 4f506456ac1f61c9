package checks

import (
	"strings"
	"testing"
)

// "Invalid JWT" to a Bearer value that is no JWT at all: a key sent where
// the API reads a JWT, a credential in the wrong form (auth.malformed).
func TestInvalidJWTToAKeyIsTheWrongForm(t *testing.T) {
	cases := []struct {
		vendor, url, auth, body string
	}{
		{"Portainer", "http://192.168.0.100:9000/api/stacks", "Authorization: bearer ptr_0123456789abcdefABCDEF0123456789abcdefAB",
			`{"message":"Invalid JWT token","details":"Unauthorized"}`},
		{"Supabase Edge Functions", "https://example.supabase.co/functions/v1/hello-world", "Authorization: Bearer sb_publishable_0123456789abcdefABCDEF",
			`{"code":"UNAUTHORIZED_INVALID_JWT_FORMAT","message":"Invalid JWT"}`},
	}
	for _, c := range cases {
		rep := Run(exchange(get(c.url, c.auth), resp(401, c.body, "Content-Type: application/json")))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthMalformed {
			t.Errorf("%s: likely %v, want %s first", c.vendor, rep.Likely, AuthMalformed)
			continue
		}
		f, _ := findingOf(rep, AuthMalformed)
		if !strings.Contains(f.Title, "not one") || !rep.Guess {
			t.Errorf("%s: title %q, guess %v; want the JWT named, as a guess", c.vendor, f.Title, rep.Guess)
		}
	}
	// A JWT that the server refuses is refused, not malformed.
	rep := Run(exchange(get(cases[1].url, "Authorization: Bearer "+validJWT(t, nil)), resp(401, cases[1].body, "Content-Type: application/json")))
	if f, _ := findingOf(rep, AuthMalformed); f.Status == Fail && strings.Contains(f.Title, "not one") {
		t.Errorf("a JWT sent read as no JWT: %q", f.Title)
	}
}
