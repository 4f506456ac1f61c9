package checks

import "testing"

// "A valid key is required" to a request that sent the key asks for a good
// one: the key sent was refused (auth.invalid), it did not go missing nor
// lack a part. Two vendors' real wording.
func TestValidCredentialRequiredToOneSent(t *testing.T) {
	cases := []struct{ name, header, body string }{
		{"a passkey service's problem JSON", "ApiSecret: myapp:secret:0123456789abcdef0123456789abcdef",
			`{"type":"https://docs.example.dev/guide/errors.html#ApiSecret","title":"A valid 'ApiSecret' header is required.","status":401,"detail":"The value of your 'ApiSecret' is not valid."}`},
		{"a point-of-sale API", "APIKey: 0123456789abcdef0123456789abcdef",
			`{"ErrorCode":"ERROR_INVALID_APIKEY","Message":"This request requires a valid, not expired APIKey value to be passed in via an \"APIKey\" header value."}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(post("https://api.example.com/register/token", `{"userId":"1"}`, c.header, "Content-Type: application/json"),
				resp(401, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthInvalid)
			}
			// Without the key, the same words ask for one.
			rep = Run(exchange(post("https://api.example.com/register/token", `{"userId":"1"}`, "Content-Type: application/json"),
				resp(401, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("without a key: likely %v, want %s first", rep.Likely, AuthMissing)
			}
		})
	}
}
