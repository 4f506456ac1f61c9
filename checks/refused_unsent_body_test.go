package checks

import "testing"

// Words that refuse a credential, to a request whose whole body was read
// and carries none (a form or JSON object of data fields, no header, no
// cookie): the credential never reached the server (an unset variable in
// the client), so auth.missing comes first. Two vendors' real wording.
func TestRefusedWordsToBodyWithoutCredential(t *testing.T) {
	cases := []struct {
		name, body, ctype, said string
	}{
		{"a form to an airtime API", "username=myusername\n", "application/x-www-form-urlencoded",
			"The supplied authentication is invalid"},
		{"a JSON mail send", `{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"b@example.com"},"subject":"Hi"}`, "application/json",
			`{"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked","help":null}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(post("https://api.example/v1/send", c.body, "Content-Type: "+c.ctype), resp(401, c.said)))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthMissing)
			}
		})
	}
	// A body that carries a secret field: the words refuse that credential.
	rep := Run(exchange(post("https://api.example/v1/send", "username=me&apiKey=abcdef0123456789", "Content-Type: application/x-www-form-urlencoded"),
		resp(401, "The supplied authentication is invalid")))
	if len(rep.Likely) > 0 && rep.Likely[0] == AuthMissing {
		t.Errorf("likely %v for a body that carries a key", rep.Likely)
	}
}

// A form body with a trailing line end is still a form.
func TestFormWithTrailingNewline(t *testing.T) {
	if got := sniffBody([]byte("username=me&to=%2B254711\n"), true); got != "form" {
		t.Errorf("sniffBody = %q, want form", got)
	}
}
