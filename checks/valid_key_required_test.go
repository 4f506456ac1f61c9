package checks

import "testing"

// "Valid API key required" to a request that sent a key asks for a good
// one (auth.invalid, the reading of the lexicon's "valid credential asked
// for"): the missing-credential phrase "api key required" inside it must
// not name, for sure, a key sent where the server does not look.
func TestValidKeyRequiredToOneSent(t *testing.T) {
	body := `{"message":"Valid API key required"}`
	rep := Run(exchange(get("https://api.example.com/v1/x", "X-Api-Key: abcdef123456"), resp(401, body, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
		t.Errorf("with a key: likely %v, want %s first", rep.Likely, AuthInvalid)
	}
	rep = Run(exchange(get("https://api.example.com/v1/x"), resp(401, body, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Errorf("without a key: likely %v, want %s first", rep.Likely, AuthMissing)
	}
}
