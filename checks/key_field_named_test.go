package checks

import (
	"strings"
	"testing"
)

// A body field named as a key (not a secret by its name) that the server's
// refusal words name is the credential the server read: the key was sent
// and refused (auth.invalid), not absent. Two vendors' real wording: a
// payment API's public_key and a mail API's key field.
func TestKeyFieldNamedByRefusal(t *testing.T) {
	cases := []struct {
		name, body, said string
		status           int
	}{
		{"a payment API's public key", `{"amount":100,"currency":"NGN","public_key":"FLWPUBK_TEST-c84bd5bcd65d1d9693f6cccfa0d94304-X","tx_ref":"157481071"}`,
			`{"status":"error","message":"Invalid public key passed","data":null}`, 401},
		{"a mail API's key field", `{"key":"md-0123456789abcdef"}`,
			`{"status":"error","code":-1,"name":"Invalid_Key","message":"Invalid API key"}`, 500},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(post("https://api.example/v1/send", c.body, "Content-Type: application/json"), resp(c.status, c.said)))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthInvalid)
			}
			if f, ok := findingOf(rep, AuthMissing); ok && f.Status == Fail {
				t.Errorf("auth.missing fails although the key was sent: %s", f.Title)
			}
		})
	}
}

// A key field the words do not name is no credential: "Invalid API key"
// to a body holding only an idempotency_key still reads as no key sent.
func TestKeyFieldNotNamedStaysData(t *testing.T) {
	rep := Run(exchange(post("https://api.example/v1/charges", `{"amount":100,"idempotency_key":"a1b2c3d4e5f6"}`, "Content-Type: application/json"),
		resp(401, `{"message":"Invalid API key"}`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Fatalf("likely %v, want %s first", rep.Likely, AuthMissing)
	}
	for _, f := range rep.Findings {
		if strings.Contains(strings.Join(f.Evidence, " "), "idempotency_key") {
			t.Errorf("%s reads the idempotency_key as a credential: %v", f.ID, f.Evidence)
		}
	}
}

// Field names and words fold alike: snake, camel and kebab case and
// spaced words all give the same words.
func TestNameWords(t *testing.T) {
	for in, want := range map[string]string{
		"public_key": "public key", "publicKey": "public key", "Public-Key": "public key",
		"Invalid public key passed": "invalid public key passed", "PBFPubKey": "pbfpub key", "key": "key",
	} {
		if got := nameWords(in); got != want {
			t.Errorf("nameWords(%q) = %q, want %q", in, got, want)
		}
	}
}
