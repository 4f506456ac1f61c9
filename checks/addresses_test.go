package checks

import "testing"

// A word inside a URL or an e-mail address is not the server's wording:
// Reddit's block page gives mailto:ratelimit@reddit.com as its contact,
// and an error's documentation link names every error the API has.
func TestWordsInsideAddressesDoNotCount(t *testing.T) {
	cases := []struct {
		name, body, ct string
		notCause       string
	}{
		{"reddit contact address", `<p>Make sure your User-Agent is not empty.</p>
<p>please contact us at <a href=mailto:ratelimit@reddit.com? (Request ID: 1447547869-LGB)>this email address</a>.</p>`, "text/html", RateLimit},
		{"plain-text contact address", "Access denied. Questions: ratelimit@example.org.", "text/plain", RateLimit},
		{"documentation link in JSON", `{"error":{"message":"Request refused.","doc_url":"https://docs.example.com/errors/rate-limit-exceeded"}}`, "application/json", RateLimit},
		{"escaped documentation link in JSON", `{"error":"forbidden","doc":"https:\/\/docs.example.com\/errors\/rate-limit-exceeded"}`, "application/json", RateLimit},
		{"documentation link naming an expired token", `{"error":"forbidden","more_info":"https://developer.example.com/errors#token-expired"}`, "application/json", AuthExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example.com/v1/x", "Authorization: Bearer abc.def"), resp(403, c.body, "Content-Type: "+c.ct)))
			if f, ok := findingOf(rep, c.notCause); ok && f.Status == Fail {
				t.Errorf("%s fails on a word inside an address: %s %v (likely %v)", c.notCause, f.Title, f.Evidence, rep.Likely)
			}
		})
	}
}

func TestDropAddresses(t *testing.T) {
	for in, want := range map[string]string{
		"write to ratelimit@reddit.com.":               "write to  ",
		"see https://x.example/token-expired for more": "see   for more",
		"(www.example.com/a)":                          "( )",
		"no address @here":                             "no address @here",
	} {
		if got := dropAddresses(in); got != want {
			t.Errorf("dropAddresses(%q) = %q, want %q", in, got, want)
		}
	}
}
