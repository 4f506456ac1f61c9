package checks

import "testing"

// AWS answers a signature past its time with InvalidSignatureException
// and "Signature expired: ... is now earlier than ...": the code is
// documented for both causes (errorcodes.go), and the message says the
// clock. The signature check must not read the code alone as a sure
// mismatch beside the clock's sure answer.
func TestInvalidSignatureExceptionExpiredIsTheClock(t *testing.T) {
	req := get("https://dynamodb.us-east-1.amazonaws.com/",
		"Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261207/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789",
		"X-Amz-Date: 20261207T230000Z")
	body := `{"__type":"InvalidSignatureException","message":"Signature expired: 20261207T230000Z is now earlier than 20261207T231000Z (20261207T231500Z - 5 min.)"}`
	rep := Run(exchange(req, resp(400, body, "Content-Type: application/x-amz-json-1.0")))
	if len(rep.Likely) == 0 || rep.Likely[0] != ClockSkew {
		t.Fatalf("likely %q, want %s first", rep.Likely, ClockSkew)
	}
	if f, ok := findingOf(rep, SignatureMismatch); ok && f.Status == Fail && f.Strength >= Named {
		t.Errorf("signature mismatch read as sure: %s %q", f.Title, f.Evidence)
	}
}
