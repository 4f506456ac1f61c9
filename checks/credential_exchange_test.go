package checks

import "testing"

// A bare 401 to a POST at a credential exchange (a token or login
// endpoint) whose body was not recorded does not show that no credential
// was sent: the body is where such a request carries it. Keystone's
// /v3/auth/tokens (corpus: the password in JSON, left out of the
// recording) and Spring Security OAuth's /oauth/token (issue 441: a
// password grant with wrong credentials answered 401 with an empty body).
func TestCredentialExchangeBare401IsAGuess(t *testing.T) {
	for _, ev := range []Evidence{
		exchange(post("http://keystone.example:5000/v3/auth/tokens", "", "Content-Type: application/json"), resp(401, "")),
		exchange(post("https://api.example.com/oauth/token", "", "Content-Type: application/x-www-form-urlencoded"), resp(401, "")),
	} {
		rep := Run(ev)
		if !rep.Guess {
			t.Errorf("%s: sure of %v, want a guess: the body where the credential goes was not read\n%s", ev.Request.URL, rep.Likely, reportText(rep))
		}
	}
	// Elsewhere a bare 401 to an anonymous POST still asks for a credential.
	rep := Run(exchange(post("https://logs.example.com/loki/api/v1/push", "", "Content-Type: application/json"), resp(401, "")))
	if rep.Guess || len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Errorf("push endpoint: likely %v (guess %v), want auth.missing, sure\n%s", rep.Likely, rep.Guess, reportText(rep))
	}
}
