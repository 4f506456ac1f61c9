package checks

import "testing"

// A server that says it could not find or fetch the key to verify the JWT
// with read the token's header (its kid, its issuer): what it refused was a
// JWT. A Bearer value that is none (a transcript's placeholder, a redacted
// token) is then not what was sent, and "the form is wrong" is no reading.
// Vendors: Google's Extensible Service Proxy, Envoy's jwt_authn filter,
// Node's jwks-rsa behind express-jwt.
func TestJWTKeyLookupWordsAreNoWrongForm(t *testing.T) {
	for _, c := range []struct{ vendor, body string }{
		// as the thread quotes it, cut short
		{"ESP", "{\n \"code\": 16,\n \"message\": \"JWT validation failed: Unable to fetch verification key. HTTP response code: 400\",\n \"details"},
		// the JWKS has no key for the token's kid
		{"Envoy jwt_authn", "Jwks doesn't have key to match kid or alg from Jwt"},
		{"jwks-rsa", `{"message":"JWT validation failed: Unable to find a signing key that matches 'NkJCQzIyQzRBMEU4NjhGNUU4MzU4RkY0M0ZDQzkwOUQ0Q0VGNUMwQg'"}`},
	} {
		rep := Run(exchange(get("https://api.example.com/auth/info", "Authorization: Bearer redacted0token0value"), resp(401, c.body, "Content-Type: application/json")))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
			t.Errorf("%s: likely %v, want %s first\n%s", c.vendor, rep.Likely, AuthInvalid, reportText(rep))
		}
	}
}
