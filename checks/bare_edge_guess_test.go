package checks

import "testing"

// A refusal that carries nothing but its status (or names only the layer
// that answered) says what usually causes it, not what caused it: the
// report may rank that cause first, but as a guess, never sure.
func TestBareEdgeRefusalsAreGuesses(t *testing.T) {
	cases := []struct {
		name  string
		ev    Evidence
		first string
		guess bool
	}{
		{
			// Kasada answers 429 to a request without its x-kpsdk headers.
			name:  "a bare 429 to a JSON POST (bot protection answers so too)",
			ev:    exchange(post("https://sdk.example.com/api/generate", `{"prompt":"hi"}`, "Content-Type: application/json"), resp(429, "")),
			first: RateLimit, guess: true,
		},
		{
			name:  "a bare 429 to a registry pull",
			ev:    exchange(get("https://registry-1.example.io/v2/library/alpine/manifests/latest"), resp(429, "")),
			first: RateLimit, guess: true,
		},
		{
			name:  "a 429 with Retry-After stays sure",
			ev:    exchange(get("https://api.example.com/v1/items"), resp(429, "", "Retry-After: 30")),
			first: RateLimit, guess: false,
		},
		{
			name:  "a 429 whose words say the rate stays sure",
			ev:    exchange(get("https://api.example.com/v1/items"), resp(429, "You are making requests too quickly.")),
			first: RateLimit, guess: false,
		},
		{
			// An IP-set allow-list in the load balancer's web ACL answers so.
			name:  "a bare 403 from an AWS load balancer names the WAF, not its rule",
			ev:    exchange(get("https://api.example.com.br/"), resp(403, "", "Server: awselb/2.0")),
			first: WAFBlock, guess: true,
		},
		{
			name: "the same with the load balancer's own 403 page",
			ev: exchange(get("https://shop.example.com/"), resp(403,
				"<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>", "Server: awselb/2.0")),
			first: WAFBlock, guess: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first || rep.Guess != c.guess {
				t.Errorf("likely %v (guess %v), want %s first (guess %v)", rep.Likely, rep.Guess, c.first, c.guess)
			}
		})
	}
}
