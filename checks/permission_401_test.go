package checks

import "testing"

// Permission words at a 401 to a request with a credential: the 401 says
// the credential was refused, the words a missing permission, and APIs
// answer both ways. permission.scope stays first, as a guess.
func TestPermissionWordsAt401AreAGuess(t *testing.T) {
	bearer := "Authorization: Bearer opaque0token0value0123"
	runSureCases(t, []sureCase{
		// Google Frontend's page for a Cloud Run service that refused an
		// ID token of the wrong audience (google/adk-python#3814).
		{"Google Frontend 401 page", get("https://my-service-xxxx.a.run.app/endpoint", bearer),
			resp(401, `<html><head><title>401 Unauthorized</title></head><body text=#000000 bgcolor=#ffffff><h1>Error: Unauthorized</h1><h2>Your client does not have permission to the requested URL <code>/endpoint</code>.</h2><h2></h2></body></html>`, "Content-Type: text/html; charset=UTF-8"),
			PermissionScope, false},
		// Redis Cloud's API answers a key without the role with 401
		// "Insufficient permissions" (redis/RedisInsight#5061).
		{"Redis Cloud 401 insufficient permissions", get("https://api.redislabs.com/v1/subscriptions", "x-api-key: 0123456789abcdef", "x-api-secret-key: fedcba9876543210"),
			resp(401, "Insufficient permissions", "Content-Type: text/plain"), PermissionScope, false},
		// The same words at 403 stay sure.
		{"403 insufficient permissions", get("https://api.example.com/v1/users", bearer),
			resp(403, `{"errors":[{"msg":"Insufficient privileges"}]}`, "Content-Type: application/json"), PermissionScope, true},
	})
}
