package checks

import "testing"

// A token in a body that names a device, push channel, captcha or app
// integrity verdict is the request's data, not the caller's credential: a
// bare 401 to such a request, with nothing else carrying a credential, asks
// for one (auth.missing), as Google's Play Integrity and Apple's
// DeviceCheck APIs answer a call made without their OAuth or JWT token.
func TestDataTokenInBodyIsNoCredential(t *testing.T) {
	cases := []struct{ name, url, body string }{
		{"an integrity verdict to decode", "https://playintegrity.googleapis.com/v1/com.example.app:decodeIntegrityToken", `{"integrityToken":"integrityTokenfffffffffffff"}`},
		{"a device's token to query", "https://api.devicecheck.apple.com/v1/query_two_bits", `{"device_token":"AgAAAGxvbmctZGV2aWNlLXRva2VuLWhlcmU=","transaction_id":"5b737ca6-a4c7-488e-b928-8452960c4be9","timestamp":1487716472000}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(post(c.url, c.body, "Content-Type: application/json"), resp(401, "")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthMissing)
			}
		})
	}
	// A login's password is the caller's credential: refused, not missing.
	rep := Run(exchange(post("https://api.example.com/login", `{"email":"a@example.com","password":"hunter22"}`, "Content-Type: application/json"), resp(401, "")))
	if len(rep.Likely) > 0 && rep.Likely[0] == AuthMissing {
		t.Errorf("login: likely %v, want the password read as sent", rep.Likely)
	}
}
