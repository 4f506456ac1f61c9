package checks

import "testing"

// An address that does not match the one a key is bound to is the allow
// list's refusal ("Request IP Mismatch", "Unmatched IP, please check your
// API key's bound IP addresses"); a signature that fails validation is a
// signature that does not verify ("Message Signature validation error",
// "Signature Validation Error: signature invalid").
func TestMismatchAndValidationWords(t *testing.T) {
	cases := []struct {
		vendor, text string
		status       int
		want         string
	}{
		{"Phemex", "Request IP Mismatch", 401, IPAllowlist},
		{"Bybit", `{"retCode":10010,"retMsg":"Unmatched IP, please check your API key's bound IP addresses.","result":{},"retExtInfo":{},"time":1722154324869}`, 401, IPAllowlist},
		{"Fiserv", `{"clientRequestId":"4835065","responseType":"Forbidden","error":{"code":"403","message":"Message Signature validation error"}}`, 403, SignatureMismatch},
		{"Beckn (ONDC)", `{"message":{"ack":{"status":"NACK"},"error":{"code":"Unauthorized","message":"Signature Validation Error: signature invalid"}}}`, 401, SignatureMismatch},
	}
	for _, c := range cases {
		if got := firstCause(c.text, c.status); got != c.want {
			t.Errorf("%s: %q read as %q, want %s", c.vendor, c.text, got, c.want)
		}
	}
	// A signature mismatch that names an address is still the signature.
	if got := firstCause("Signature mismatch for the request from IP 203.0.113.7", 403); got != SignatureMismatch {
		t.Errorf("signature mismatch with an address read as %q", got)
	}
	// The recorded Fiserv refusal, judged whole: signed headers, no token.
	rep := Run(exchange(post("https://api.fiserv.example.com/payment-url", `{"amount":1}`,
		"Content-Type: application/json", "Api-Key: k3y0123456789abcdef", "Timestamp: 1741968314000", "Message-Signature: c2lnbmF0dXJlMDEyMzQ1Njc4OWFiY2RlZg=="),
		resp(403, cases[2].text, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != SignatureMismatch {
		t.Errorf("Fiserv: likely %v, want %s first", rep.Likely, SignatureMismatch)
	}
}
