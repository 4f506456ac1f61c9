package checks

import (
	"strings"
	"testing"
)

// Words that refuse a credential ("Invalid API key") to a request that
// carried none anywhere: the credential never reached the server.
func TestRefusedCredentialThatWasNeverSent(t *testing.T) {
	cases := []struct {
		vendor, url string
		status      int
		body        string
	}{
		{"Bitget", "https://api.bitget.com/api/v2/spot/account/assets", 400,
			`{"code":"40006","msg":"Invalid ACCESS_KEY","requestTime":1707473926922,"data":null}`},
		{"OpenWeatherMap", "https://api.openweathermap.org/data/2.5/weather?q=Berlin", 401,
			`{"cod":401, "message": "Invalid API key. Please see http://openweathermap.org/faq#error401 for more info."}`},
	}
	for _, c := range cases {
		rep := Run(exchange(get(c.url), resp(c.status, c.body, "Content-Type: application/json")))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
			t.Errorf("%s: likely %v, want %s first", c.vendor, rep.Likely, AuthMissing)
			continue
		}
		if c.status == 401 {
			continue // a 401 to no credential is auth.missing by the status (RFC 9110 §15.5.2)
		}
		f, _ := findingOf(rep, AuthMissing)
		if !strings.Contains(strings.Join(f.Evidence, "\n"), "decided by") || !rep.Guess {
			t.Errorf("%s: evidence %q, guess %v; want the words shown, as a guess", c.vendor, f.Evidence, rep.Guess)
		}
	}
	// With the key sent, the same words refuse it.
	rep := Run(exchange(get(cases[1].url+"&appid=0123456789abcdef0123456789abcdef"), resp(401, cases[1].body, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
		t.Errorf("OpenWeatherMap with a key: likely %v, want %s first", rep.Likely, AuthInvalid)
	}
}
