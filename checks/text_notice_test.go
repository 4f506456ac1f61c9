package checks

import "testing"

// A 2xx whose whole body is one short line of plain text that the lexicon
// reads as a refusal is that refusal, as a JSON document of messages only
// is (issue 14 §2: the server's words decide at any status). Two
// vendors: webpack-dev-server's host check answers res.send("Invalid Host
// header") with Express's default 200; a URL shortener's API (Lessn More)
// answers a wrong key with 200 and "Invalid API key".
func TestTextNoticeAt200IsRefusal(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
		want string
	}{
		{"webpack-dev-server host check", exchange(get("http://192.0.2.10:8080/"), resp(200, "Invalid Host header")), HostMismatch},
		{"an API key refused at 200", exchange(get("https://short.example.com/-/api?apikey=0123456789abcdef&url=https%3A%2F%2Fexample.org"),
			resp(200, "Invalid API key", "Content-Type: text/html; charset=UTF-8")), AuthInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, c.want, reportText(rep))
			}
			if !rep.Guess {
				t.Errorf("sure of %s from a 200's words alone", rep.Likely[0])
			}
		})
	}
}

// A 2xx whose short text says nothing of a refusal, or whose words are a
// page's and not a notice, stays a success.
func TestTextAt200WithoutRefusalWordsIsSuccess(t *testing.T) {
	for _, body := range []string{"OK", "Hello, world!", "pong", "Token created. It expires in 3600 seconds and can be revoked from your settings page at any time, by you or by an admin of the organization that owns the key, and a new one made in its place with the same scopes as the old one had when made."} {
		rep := Run(exchange(get("https://api.example.com/v1/ping"), resp(200, body, "Content-Type: text/plain")))
		if len(rep.Likely) > 0 {
			t.Errorf("%q at 200: likely %v, want none", body, rep.Likely)
		}
	}
}
