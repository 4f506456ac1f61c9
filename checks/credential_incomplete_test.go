package checks

import "testing"

// A server whose words say something is required in the very header the
// request sent its key in has read that header and found the key's form
// wanting (a key:secret pair sent as the key alone): auth.malformed, a
// guess, not a missing credential. Wordings are real: Etsy's Open API v3
// (the corpus case) and ack-nestjs-boilerplate (issue 526, "xApikey is
// required." to an x-api-key without its secret).
func TestKeyHeaderNamedAsIncomplete(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
	}{
		{
			name: "Etsy: shared secret is required in x-api-key header",
			ev: exchange(get("https://openapi.etsy.com/v3/application/openapi-ping", "x-api-key: 0a1b2c3d4e5f60718293a4b5"),
				resp(403, `{"error":"Shared secret is required in x-api-key header."}`, "Content-Type: application/json")),
		},
		{
			name: "NestJS boilerplate: xApikey is required",
			ev: exchange(get("https://api.example.com/api/v1/user/list", "x-api-key: 0a1b2c3d4e5f60718293a4b5"),
				resp(401, `{"statusCode":5021,"message":"xApikey is required."}`, "Content-Type: application/json")),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMalformed {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, AuthMalformed, reportText(rep))
			}
			if !rep.Guess {
				t.Errorf("a sure answer from words alone")
			}
		})
	}
}
