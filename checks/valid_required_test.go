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
			// At 403 as at 401: the words ask for a valid credential, which
			// a bare 403 alone would read as a permission.
			for _, status := range []int{401, 403} {
				rep := Run(exchange(post("https://api.example.com/register/token", `{"userId":"1"}`, c.header, "Content-Type: application/json"),
					resp(status, c.body, "Content-Type: application/json")))
				if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
					t.Fatalf("%d: likely %v, want %s first", status, rep.Likely, AuthInvalid)
				}
			}
			// Without the key, the same words ask for one.
			rep := Run(exchange(post("https://api.example.com/register/token", `{"userId":"1"}`, "Content-Type: application/json"),
				resp(401, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("without a key: likely %v, want %s first", rep.Likely, AuthMissing)
			}
		})
	}
}

// Words that only ask for a valid credential ("You have not provided a
// valid API Key.", "A valid API key is needed to fulfill this request"):
// to a request that sent a key, a refusal of that key even at a bare 403,
// which alone would read as a permission; to one that sent none, a missing
// credential. Two vendors' real wording.
func TestValidCredentialAskedFor(t *testing.T) {
	for _, body := range []string{
		`{"error":"You have not provided a valid API Key."}`,
		"No search results were found. A valid API key is needed to fulfill this request.",
	} {
		rep := Run(exchange(get("https://api.example.com/v1/items", "Authorization: Bearer flb_0123456789abcdef0123"), resp(403, body)))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
			t.Errorf("%q with a key: likely %v, want %s first", body, rep.Likely, AuthInvalid)
		}
		rep = Run(exchange(get("https://api.example.com/v1/items"), resp(403, body)))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
			t.Errorf("%q without a key: likely %v, want %s first", body, rep.Likely, AuthMissing)
		}
	}
}
