package checks

import (
	"slices"
	"testing"
)

// Words that say a credential was refused but not why ("authentication
// failed", "invalid token", RFC 6750 invalid_token) are what servers say of
// an expired, revoked or malformed credential too: auth.invalid stays first,
// as a guess. Words that say what was wrong make it sure again.
func TestSharedRefusalWordsAreAGuess(t *testing.T) {
	bearer := "Authorization: Bearer opaque0token0value0123"
	runSureCases(t, []sureCase{
		// Istio answers an expired JWT this way (istio/istio#22610).
		{"Istio: origin authentication failed", get("https://api.example.com/", bearer),
			resp(401, "Origin authentication failed.", "Content-Type: text/plain", "Server: istio-envoy"), AuthInvalid, false},
		// Okta's E0000011, also given for an expired state token.
		{"Okta: invalid token provided", post("https://example.okta.com/api/v1/authn", `{"stateToken":"00abcdefabcdef"}`, "Content-Type: application/json"),
			resp(401, `{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oae1","errorCauses":[]}`, "Content-Type: application/json"), AuthInvalid, false},
		// PayPal: an expired access token is "not found in cache".
		{"PayPal: invalid_token, not found", get("https://api-m.paypal.com/v2/checkout/orders", bearer),
			resp(401, `{"error":"invalid_token","error_description":"Access Token not found in cache"}`, "Content-Type: application/json"), AuthInvalid, false},
		{"bare RFC 6750 challenge", get("https://api.example.com/", bearer),
			resp(401, "", `WWW-Authenticate: Bearer realm="api", error="invalid_token"`), AuthInvalid, false},
		// Words that say why keep it sure.
		{"DocuSign: username and password invalid", get("https://demo.docusign.net/restapi/v2/login_information", "Authorization: Basic dXNlcjpwYXNz"),
			resp(401, `{"errorCode":"USER_AUTHENTICATION_FAILED","message":"One or both of Username and Password are invalid."}`, "Content-Type: application/json"), AuthInvalid, true},
		{"PostHog: the key is invalid", get("https://app.posthog.com/api/projects/", "Authorization: Bearer phc_0123456789abcdef"),
			resp(401, `{"type":"authentication_error","code":"authentication_failed","detail":"Personal API key found in request Authorization header is invalid.","attr":null}`, "Content-Type: application/json"), AuthInvalid, true},
		{"challenge naming the audience", get("https://api.example.com/", bearer),
			resp(401, `{"message":"Unauthorized"}`, `WWW-Authenticate: Bearer error="invalid_token" error_description="the token does not have a valid audience"`), AuthInvalid, true},
		{"Envoy: JWT verification fails", get("https://api.example.com/", bearer),
			resp(401, "Jwt verification fails", `WWW-Authenticate: Bearer realm="api", error="invalid_token"`), AuthInvalid, true},
		{"a request to verify names no reason", get("https://api.example.com/", bearer),
			resp(401, `{"message":"Invalid token. Please verify your token and try again."}`, "Content-Type: application/json"), AuthInvalid, false},
		{"an invalid API key is not a shared phrase", get("https://api.openai.com/v1/models", "Authorization: Bearer sk-0123456789abcdef"),
			resp(401, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`, "Content-Type: application/json"), AuthInvalid, true},
	})
}

// An opaque credential refused in words that name no reason has an
// expired credential as its next candidate; a password has none.
func TestSharedRefusalNamesExpiryNext(t *testing.T) {
	bearer := "Authorization: Bearer opaque0token0value0123"
	for _, c := range []struct {
		name   string
		ev     Evidence
		expiry bool
	}{
		{"Istio: origin authentication failed", exchange(get("https://api.example.com/", bearer),
			resp(401, "Origin authentication failed.", "Content-Type: text/plain", "Server: istio-envoy")), true},
		{"PayPal: invalid_token, not found", exchange(get("https://api-m.paypal.com/v2/checkout/orders", bearer),
			resp(401, `{"error":"invalid_token","error_description":"Access Token not found in cache"}`, "Content-Type: application/json")), true},
		{"a password login", exchange(post("https://example.okta.com/api/v1/authn", `{"username":"dade@example.com","password":"Zer0Cool!!"}`, "Content-Type: application/json"),
			resp(401, `{"errorCode":"E0000004","errorSummary":"Authentication failed","errorCauses":[]}`, "Content-Type: application/json")), false},
		{"words that say why", exchange(get("https://api.example.com/", bearer),
			resp(401, "Jwt verification fails", `WWW-Authenticate: Bearer realm="api", error="invalid_token"`)), false},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
			t.Errorf("%s: likely %v, want auth.invalid first", c.name, rep.Likely)
			continue
		}
		if got := slices.Contains(rep.Likely, AuthExpired); got != c.expiry {
			t.Errorf("%s: auth.expired a candidate %v, want %v (likely %v)", c.name, got, c.expiry, rep.Likely)
		}
	}
}
