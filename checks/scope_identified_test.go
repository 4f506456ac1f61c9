package checks

import "testing"

// A 403 that names the scope answers a token the server read (RFC 6750
// §3.1), even where the recording left the session or token out: the
// permission, not an anonymous caller. At a 401 the words stay behind the
// credential's absence.
func TestScopeAt403PresupposesToken(t *testing.T) {
	for _, c := range []struct{ name, body string }{
		// hapi's Boom error for a route's scope the session lacks.
		{"hapi", `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope"}`},
		// Cloud Foundry UAA's answer to a token without the scope.
		{"UAA", `{"error":"insufficient_scope","error_description":"Insufficient scope for this resource","scope":"uaa.admin scim.read zones.uaa.admin"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://app.example.com/account"), resp(403, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
				t.Fatalf("likely %v, want %s first", rep.Likely, PermissionScope)
			}
		})
	}
	t.Run("a 401 naming a guest's missing scope", func(t *testing.T) {
		// Appwrite's words to a request without a session.
		rep := Run(exchange(get("https://cloud.appwrite.io/v1/account"),
			resp(401, `{"message":"User (role: guests) missing scope (account)","code":401,"type":"general_unauthorized_scope","version":"1.4.13"}`, "Content-Type: application/json")))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
			t.Fatalf("likely %v, want %s first", rep.Likely, AuthMissing)
		}
	})
}
