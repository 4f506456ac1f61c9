package checks

import "testing"

// A JWT is read from the request, never looked up in a store: "JWT not
// found" to a request that sent Authorization says the server did not
// read it in that form (auth.malformed); to one that sent none, that none
// came (auth.missing).
func TestJWTNotFound(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlc2lnbmF0dXJl"
	for _, c := range []struct{ name, auth, body string }{
		{"Symfony's LexikJWT (Sylius) with a scheme word that is no scheme", "Authorization: Authorization " + jwt, `{"code":401,"message":"JWT Token not found"}`},
		{"an Express middleware that reads only Bearer", "Authorization: Token " + jwt, `{"msg":"JWT not found"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://shop.example/api/v2/admin/channels", c.auth), resp(401, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMalformed {
				t.Fatalf("likely %v, want auth.malformed first", rep.Likely)
			}
		})
	}
	rep := Run(exchange(get("https://shop.example/api/v2/admin/channels"), resp(401, `{"code":401,"message":"JWT Token not found"}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Fatalf("anonymous: likely %v, want auth.missing first", rep.Likely)
	}
}
