package checks

import "testing"

// RFC 6749 §5.2: unauthorized_client is a known client not allowed the
// grant type it used, a permission of its registration. Wordings are real:
// RingCentral (OAU-251 "Unauthorized for this grant type", 400) and Okta
// ("The client is not authorized to use the provided grant type.").
func TestOAuthUnauthorizedClientIsAPermission(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		{"RingCentral", exchange(post("https://platform.devtest.ringcentral.com/restapi/oauth/token", "grant_type=password&username=%2B15551234567&password=hunter2hunter2",
			"Content-Type: application/x-www-form-urlencoded", "Authorization: Basic Y2xpZW50aWQ6Y2xpZW50c2VjcmV0"),
			resp(400, `{"error":"unauthorized_client","errors":[{"errorCode":"OAU-251","message":"Unauthorized for this grant type"}],"error_description":"Unauthorized for this grant type"}`, "Content-Type: application/json"))},
		{"Okta", exchange(post("https://example.okta.com/oauth2/default/v1/token", "grant_type=client_credentials&scope=custom",
			"Content-Type: application/x-www-form-urlencoded", "Authorization: Basic MG9hMWIyYzNkNGU1ZjZnN2g4aTk6c2VjcmV0c2VjcmV0"),
			resp(400, `{"error":"unauthorized_client","error_description":"The client is not authorized to use the provided grant type. Configured grant types: [authorization_code]."}`, "Content-Type: application/json"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
				t.Fatalf("likely %v, want %s first", rep.Likely, PermissionScope)
			}
		})
	}
}
