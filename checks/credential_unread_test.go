package checks

import "testing"

// A server that says no credential arrived, to a request that carried one,
// sent in Authorization, does not read it in that form: auth.malformed,
// not auth.missing. Wordings are real: pretix (Django REST framework,
// issue 846), passport-jwt (issue 130).
func TestCredentialSentButUnread(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
	}{
		{
			name: "DRF 'Authentication credentials were not provided.' to a Bearer where Token is wanted",
			ev: exchange(get("https://pretix.example.org/api/v1/organizers/o/events/e/items/1/", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d"),
				resp(401, `{"detail":"Authentication credentials were not provided."}`, "Content-Type: application/json")),
		},
		{
			name: "passport-jwt 'No auth token' to Authorization: JWT where another scheme is read",
			ev: exchange(get("https://api.example.com/articles", "Authorization: JWT "+validJWT(t, nil)),
				resp(401, `{"code":"E_UNAUTHORIZED","message":"No auth token"}`, "Content-Type: application/json")),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMalformed {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, AuthMalformed, reportText(rep))
			}
			if contains(rep.Likely, AuthMissing) {
				t.Errorf("likely %v holds auth.missing although a credential was sent", rep.Likely)
			}
			if rep.Guess {
				t.Errorf("a guess, want a sure answer: the server said so")
			}
		})
	}
}

// A credential sent only elsewhere than Authorization is missing from
// where the server looks: Peekaping (issue 232) reads Authorization and
// was sent X-API-Key; Vault (corpus) reads X-Vault-Token and was sent a
// cookie.
func TestCredentialSentElsewhereIsMissing(t *testing.T) {
	for _, ev := range []Evidence{
		exchange(get("https://peekaping.example.org/api/v1/api-keys", "X-API-Key: pk_0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
			resp(401, `{"message":"Authorization header is required","data":null}`, "Content-Type: application/json")),
		exchange(get("https://vault.example.com:8200/v1/secret/test/message", "Cookie: token=0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
			resp(400, `{"errors":["missing client token"]}`, "Content-Type: application/json")),
	} {
		rep := Run(ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
			t.Errorf("likely %v, want %s first\n%s", rep.Likely, AuthMissing, reportText(rep))
		}
	}
}
