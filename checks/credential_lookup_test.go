package checks

import "testing"

// A credential the server looked up and does not have ("not found" said of
// the key itself) is refused, not absent; "not found" in a place, or beside
// a word of absence, is still the credential's absence. Two vendors' real
// wording for each.
func TestCredentialNotFoundIsRefused(t *testing.T) {
	for _, text := range []string{
		`{"err": 1, "message": "access token not found: eb2561a52efb4d4bba5a1d4b68be13e8"}`,
		`{"title": "API Key Not Found", "detail": "Please contact API admin for requesting a valid API key. Key wrong_key not found."}`,
	} {
		if got := firstCause(text, 403); got != AuthInvalid {
			t.Errorf("%q read as %q, want %s", text, got, AuthInvalid)
		}
	}
	for _, text := range []string{
		"x-hasura-admin-secret/x-hasura-access-key required, but not found",
		"Authorization header not found",
		"API key not found in request",
	} {
		if got := firstCause(text, 401); got != AuthMissing {
			t.Errorf("%q read as %q, want %s", text, got, AuthMissing)
		}
	}
}

// The same words to a request that sent a key rank the refusal first; to
// one that sent none, the credential never reached the server.
func TestCredentialNotFoundByRequest(t *testing.T) {
	body := `{"title": "API Key Not Found", "detail": "Please contact API admin for requesting a valid API key. Key wrong_key not found."}`
	rep := Run(exchange(get("https://api.example.gov/hazard/genetox/summary", "x-api-key: 0123456789abcdef0123"), resp(401, body, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
		t.Errorf("with a key: likely %v, want %s first", rep.Likely, AuthInvalid)
	}
	rep = Run(exchange(get("https://api.example.gov/hazard/genetox/summary"), resp(401, body, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Errorf("without a key: likely %v, want %s first", rep.Likely, AuthMissing)
	}
}
