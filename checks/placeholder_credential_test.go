package checks

import (
	"strings"
	"testing"
)

// A value where the credential belongs that shows the variable was empty
// (JavaScript's "undefined", Python's "None", an unexpanded {{api_key}}) is
// in effect no credential: the server's "invalid credentials" is about nothing sent.
// Wordings are real: WSO2 API Manager (product-apim issue 12620), Mozilla's
// cliquet (issue 182).
func TestPlaceholderCredentialIsMissing(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
	}{
		{
			name: "WSO2 900901 Invalid Credentials to Bearer undefined",
			ev: exchange(get("https://localhost:8243/v3/1.0.11/pet/1", "Authorization: Bearer undefined"),
				resp(401, `{"code":"900901","message":"Invalid Credentials","description":"Access failure for API: /v3/1.0.11, version: 1.0.11 status: (900901) - Invalid Credentials. Make sure you have provided the correct security credentials"}`)),
		},
		{
			name: "cliquet 401 to Bearer None",
			ev: exchange(get("https://readinglist.example.org/v1/articles", "Authorization: Bearer None"),
				resp(401, `{"code":401,"errno":104,"error":"Unauthorized","message":"Please authenticate yourself to use this endpoint."}`,
					"Content-Type: application/json", `WWW-Authenticate: Bearer realm="Realm"`)),
		},
		{
			name: "an API-key header holding an unexpanded {{api_key}}, refused as an invalid key",
			ev: exchange(get("https://api.example.com/v1/items", "X-Api-Key: {{api_key}}"),
				resp(401, `{"message":"Invalid API key"}`, "Content-Type: application/json")),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, AuthMissing, reportText(rep))
			}
			f, _ := findingOf(rep, AuthMissing)
			if !strings.Contains(f.Title, "placeholder") {
				t.Errorf("title %q does not say the credential is a placeholder", f.Title)
			}
		})
	}
}

// A documentation stand-in is also how people redact what they sent: it
// stays a (malformed) credential, not a missing one.
func TestRedactionStandInStaysACredential(t *testing.T) {
	rep := Run(exchange(get("https://app.ticketmaster.com/discovery/v2/events.json?apikey=xxx"),
		resp(401, `{"fault":{"faultstring":"Invalid ApiKey","detail":{"errorcode":"oauth.v2.InvalidApiKey"}}}`, "Content-Type: application/json")))
	if f, _ := findingOf(rep, AuthMissing); f.Status == Fail {
		t.Errorf("auth.missing fails for apikey=xxx: %s", f.Title)
	}
}
