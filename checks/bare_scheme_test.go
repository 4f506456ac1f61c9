package checks

import "testing"

// "Authorization: Bearer" with nothing after it (the token's variable
// empty) carries no credential: the server's missing-token words say so,
// and the scheme word is no secret to mask in them. Wordings are real:
// LINE Notify ("Missing Bearer") and express-jwt ("No authorization token
// was found").
func TestBareSchemeIsNoCredential(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		{"LINE Notify", exchange(post("https://notify-api.line.me/api/notify", "message=hi", "Authorization: Bearer", "Content-Type: application/x-www-form-urlencoded"),
			resp(401, `{"status":401,"message":"Missing Bearer"}`, "Content-Type: application/json"))},
		{"express-jwt", exchange(get("https://api.example.com/v1/profile", "Authorization: Bearer "),
			resp(401, `{"name":"UnauthorizedError","message":"No authorization token was found","code":"credentials_required","status":401}`, "Content-Type: application/json"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthMissing)
			}
		})
	}
}
