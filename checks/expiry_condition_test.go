package checks

import "testing"

// "Make sure it has not expired", "a valid, not expired key": the server
// states a condition, it does not say the credential expired.
func TestNotExpiredConditionIsNoExpiry(t *testing.T) {
	cases := []struct{ vendor, text, want string }{
		{"App Store Connect", `{"errors":[{"status":"401","code":"NOT_AUTHORIZED","title":"Authentication credentials are missing or invalid.","detail":"Provide a properly configured and signed bearer token, and make sure that it has not expired. Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens"}]}`, AuthInvalid},
		{"NCR Counterpoint", `{"ErrorCode":"ERROR_INVALID_APIKEY","Message":"No APIKey provided. This request requires a valid, not expired APIKey value to be passed in via an \"APIKey\" header value."}`, AuthMissing},
	}
	for _, c := range cases {
		for _, h := range readWords(lexWords(c.text), 401) {
			if h.m.Cause == AuthExpired {
				t.Errorf("%s: read as expiry: %s", c.vendor, h.evidence("body"))
			}
		}
	}
	// The whole judgement: a 401 whose only expiry word is a condition.
	rep := Run(exchange(get("https://api.appstoreconnect.apple.com/v1/salesReports", "Authorization: Bearer 0123456789abcdef0123"),
		resp(401, cases[0].text, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
		t.Errorf("App Store Connect: likely %v, want %s first", rep.Likely, AuthInvalid)
	}
	// A request without the key: the condition does not make it expired.
	rep = Run(exchange(get("https://api.counterpoint.example/Items"), resp(401, cases[1].text, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != cases[1].want {
		t.Errorf("NCR Counterpoint: likely %v, want %s first", rep.Likely, cases[1].want)
	}
	// A statement of expiry still is one.
	if got := firstCause("The access token has expired; make sure to refresh it.", 401); got != AuthExpired {
		t.Errorf("a stated expiry read as %q", got)
	}
}
