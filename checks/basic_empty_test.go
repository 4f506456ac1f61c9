package checks

import (
	"strings"
	"testing"
)

// "Authorization: Basic Og==" is base64 of ":": no user and no password,
// what curl -u "$ID:$SECRET" sends when both variables are empty. It
// carries no credential, so a refusal of it is a credential missing
// (auth.missing), not a credential refused. The server's words and the
// challenge are each vendor's own; the reading holds for both.
func TestBasicWithNothingInItIsNoCredential(t *testing.T) {
	runSureCases(t, []sureCase{
		// Authlib's OAuth 2.0 token endpoint (RFC 6749 §5.2 invalid_client).
		{"Authlib token endpoint: invalid_client", post("https://auth.example.com/oauth/token", "grant_type=client_credentials",
			"Authorization: Basic Og==", "Content-Type: application/x-www-form-urlencoded"),
			resp(401, `{"error": "invalid_client"}`, "Content-Type: application/json", `WWW-Authenticate: Basic error="invalid_client", error_description=""`), AuthMissing, true},
		// Jenkins answers a failed Basic login with its own words.
		{"Jenkins: invalid password/token for user", get("https://ci.example.com/api/json", "Authorization: Basic Og=="),
			resp(401, "<html><body><h2>HTTP ERROR 401 Invalid password/token for user: </h2></body></html>", "Content-Type: text/html", `WWW-Authenticate: Basic realm="Jenkins"`), AuthMissing, true},
		// An empty user with a password is still a credential (a key sent as
		// the password), refused as such.
		{"a password without a user is a credential", get("https://ci.example.com/api/json", "Authorization: Basic OmFiY2RlZjEyMzQ1Njc4OTA="),
			resp(401, `{"error": "invalid_client"}`, "Content-Type: application/json", `WWW-Authenticate: Basic error="invalid_client"`), AuthInvalid, false},
	})
}

// The evidence says what the empty Basic value holds.
func TestEmptyBasicEvidenceSaysWhatItHolds(t *testing.T) {
	rep := Run(exchange(get("https://ci.example.com/api/json", "Authorization: Basic Og=="),
		resp(401, "", `WWW-Authenticate: Basic realm="Jenkins"`)))
	g, _ := findingOf(rep, AuthMissing)
	if !strings.Contains(strings.Join(g.Evidence, "\n"), "no user, no password") {
		t.Errorf("evidence %q does not say the credentials are empty", g.Evidence)
	}
}
