package checks

import (
	"strings"
	"testing"
)

// "Could not authenticate", "Unable to authenticate you", "Couldn't
// authenticate you": the server tried the credential sent and failed, at
// any status; a 403 with such words is the credential refused, not a
// permission missing. Real wording of a Brazilian bank's Pix API (403),
// DigitalOcean and Zendesk.
func TestCouldNotAuthenticateWords(t *testing.T) {
	cases := []struct {
		name, auth, said string
	}{
		{"a bank's Pix OAuth", "Basic Y2xpZW50OnNlY3JldA==", "Could not authenticate. \nPlease make sure you are using correct credentials and if you are using then in the correct environment."},
		{"a cloud API", "Bearer dop_v1_0123456789abcdef0123456789abcdef", `{"id":"unauthorized","message":"Unable to authenticate you."}`},
		{"a help desk API", "Basic YWdlbnRAZXhhbXBsZS5jb206cGFzcw==", `{"error":"Couldn't authenticate you"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example/v1/items", "Authorization: "+c.auth), resp(403, c.said)))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthInvalid)
			}
			f, _ := findingOf(rep, AuthInvalid)
			if !strings.Contains(strings.ToLower(strings.Join(f.Evidence, " ")), "authenticate") {
				t.Errorf("the evidence does not show the words that decided: %v", f.Evidence)
			}
		})
	}
}

// Words that say authentication could not happen for want of a
// credential stay an absence: "Unable to authenticate: no credentials
// provided" to an anonymous request is not a refused credential.
func TestCouldNotAuthenticateMissingStaysMissing(t *testing.T) {
	rep := Run(exchange(get("https://api.example/v1/items"), resp(401, `{"message":"Unable to authenticate: no credentials provided"}`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Fatalf("likely %v, want %s first", rep.Likely, AuthMissing)
	}
}
