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

// A binary body (an upload, an encrypted push message) is the data itself,
// not a place a credential lives: words refusing a credential to such a
// request with no header, query or cookie credential say the credential
// never reached the server. Two vendors' real wording.
func TestRefusedWordsToBinaryBodyWithoutCredential(t *testing.T) {
	cases := []struct {
		name, url, ctype, said string
		status                 int
	}{
		{"an encrypted web push", "https://updates.push.example/wpush/v2/abc", "application/octet-stream",
			`{ "errno": 102, "message": "Request did not validate invalid token" }`, 404},
		{"a release asset upload", "https://uploads.example.com/repos/o/r/releases/1/assets?name=app.bin", "application/octet-stream",
			`{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`, 401},
		{"an image upload", "https://uploads.example.com/v1/images", "image/png",
			`{"message":"Bad credentials"}`, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(post(c.url, "\x89PNG binary bytes", "Content-Type: "+c.ctype), resp(c.status, c.said, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("likely %v, want %s first", rep.Likely, AuthMissing)
			}
		})
	}
}
