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

// A 4xx status HTTP does not define is a code a WAF was configured to block
// with: waf.block first, as a guess.
func TestUnregisteredStatusIsWAFGuess(t *testing.T) {
	cases := []struct {
		name  string
		ev    Evidence
		first string
		guess bool
	}{
		{
			name:  "NAXSI's 418 with no body to a POST",
			ev:    exchange(post("http://www.example.com/api/v2.php?r=passport/account", "", "User-Agent: okhttp/3.4.1"), resp(418, "")),
			first: WAFBlock, guess: true,
		},
		{
			name: "Yundun's 461 with its page",
			ev: exchange(get("http://www.example.com/"), resp(461, `<!DOCTYPE html><head><meta charset="utf-8"/><title>小伙伴出错了</title></head><body><div id="main"></div></body>`,
				"Server: WAF/2.4-12.1", "Set-Cookie: waf_cookie=4197350b; Path=/; HttpOnly")),
			// Its Server calls itself a WAF: more than the status alone,
			// a sure (indicated) block (TestServerNamingAWAF).
			first: WAFBlock, guess: false,
		},
		{
			name:  "360's 493",
			ev:    exchange(get("http://www.example.gov.cn/home/more.jsp?code1=019"), resp(493, "<!DOCTYPE html><html><head><title>493</title></head><body></body></html>", "Server: 360wzws")),
			first: WAFBlock, guess: true,
		},
		{
			name:  "Laravel's 419 stays a CSRF refusal",
			ev:    exchange(post("https://app.example.com/login", "email=a%40b.c", "Content-Type: application/x-www-form-urlencoded"), resp(419, "Page Expired")),
			first: CSRF,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first || c.first == WAFBlock && rep.Guess != c.guess {
				t.Errorf("likely %v (guess %v), want %s first (guess %v)", rep.Likely, rep.Guess, c.first, c.guess)
			}
		})
	}
}

// A vendor's marker names the block outright, whatever the status: the
// unregistered status adds nothing and must not make it a guess.
func TestVendorMarkerOutranksUnregisteredStatus(t *testing.T) {
	rep := Run(exchange(get("https://www.example.com/"), resp(418, `<html><head><title>访问被拦截！</title></head><body>x</body></html>`,
		"Server: CloudWAF", "Set-Cookie: HWWAFSESID=46a2176033e40620e2; path=/")))
	if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock || rep.Guess {
		t.Errorf("likely %v (guess %v), want waf.block first and sure", rep.Likely, rep.Guess)
	}
}
