package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

// Wording classes added for batches 9–11, each on two vendors' real
// wording (issue 14 §2: by meaning, at any status).
func TestLexiconRateAccountClockCSRFWording(t *testing.T) {
	cases := []struct {
		vendor string
		status int
		text   string
		cause  string
	}{
		// request frequency, at 403 and at a 200 note
		{"TomTom", 403, "<h1>Developer Over Qps</h1>", RateLimit},
		{"TomTom (X-Error-Detail-Header)", 403, "Account Over Queries Per Second Limit", RateLimit},
		{"Alpha Vantage", 200, "Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.", RateLimit},
		// over the limit
		{"MalShare", 200, "ERROR! => Over Request Limit. Please contact admin@malshare.com if you need this increased", RateLimit},
		// the account restricted or not enrolled
		{"Notion", 401, "This user's account is restricted from accessing the public API.", AccountState},
		{"Spotify", 403, "User not registered in the Developer Dashboard", AccountState},
		{"Twitter API v2", 403, "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. client-not-enrolled", AccountState},
		// a switch to turn on in the dashboard or console
		{"Stytch", 401, "The project owner has not authorized the SDK to call this endpoint. Please enable it in the dashboard to continue.", AccountState},
		{"Firebase Auth", 400, "The provided sign-in provider is disabled for your Firebase project. Enable it from the Firebase console, under sign-in method tab of the Auth section.", AccountState},
		// testing-only sending
		{"Resend", 403, "You can only send testing emails to your own email address.", AccountState},
		{"Mailgun", 403, "Rejected: 'This is a test email' Sandbox subdomains are for test purposes only. Please add your own domain or add the address to authorized recipients in Account Settings.", AccountState},
		// the request's timestamp refused
		{"KuCoin", 400, `{"code":"400002","msg":"Invalid KC-API-TIMESTAMP"}`, ClockSkew},
		{"OKX", 400, `{"code":"50112","msg":"Invalid OK-ACCESS-TIMESTAMP"}`, ClockSkew},
		// an anti-forgery token looked for and absent
		{"Spring WebFlux", 403, "An expected CSRF token cannot be found", CSRF},
		{"Spring MVC", 403, "Expected CSRF token not found. Has your session expired?", CSRF},
		{"Django", 403, "Forbidden (CSRF cookie not set.)", CSRF},
	}
	for _, c := range cases {
		if got := firstCause(c.text, c.status); got != c.cause {
			t.Errorf("%s: %q read as %q first, want %s", c.vendor, c.text, got, c.cause)
		}
	}
}

// Near misses of those classes keep their own meaning.
func TestLexiconRateAccountClockNearMisses(t *testing.T) {
	for _, c := range []struct {
		text, not string
	}{
		{"Your IP address is not registered", AccountState},
		{"Invalid date format", ClockSkew},
		{"The timestamp format is invalid: could not parse", ClockSkew},
		{"Insufficient credits: 5 calls per minute need a paid plan with credit", RateLimit},
		{"This client is restricted to the following scopes: read", AccountState},
		{"Client not registered", AccountState},
		{"See our Frequently Asked Questions about usage limits", RateLimit},
		{"Your account is over the usage limit of its plan: upgrade to continue", RateLimit},
	} {
		if got := firstCause(c.text, 403); got == c.not {
			t.Errorf("%q read as %s", c.text, got)
		}
	}
}

// A 200 whose whole body is a rate limit's note is a refusal, and a guess;
// a 200 whose message says nothing of a refusal is not.
func TestNoteInPlaceOfDataIsARefusal(t *testing.T) {
	ev := exchange(get("https://api.quotes.example/query?function=QUOTE"),
		resp(200, `{"Note":"Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency."}`, "Content-Type: application/json"))
	rep := Run(ev)
	if len(rep.Likely) == 0 || rep.Likely[0] != RateLimit {
		t.Fatalf("likely %v, want %s first", rep.Likely, RateLimit)
	}
	if !rep.Guess {
		t.Errorf("guess = false: a note at 200 read from words alone must stay a guess")
	}
	for _, body := range []string{`{"message":"Hello, world"}`, `{"access_token":"key-bad-invalid-xyz","token_type":"bearer"}`} {
		ok := exchange(get("https://api.quotes.example/hello"), resp(200, body, "Content-Type: application/json"))
		if rep := Run(ok); len(rep.Likely) != 0 {
			t.Errorf("a 200 success %s read as %v", body, rep.Likely)
		}
	}
}

// A header naming a WAF's action is the WAF's verdict, whatever the status:
// AWS WAF answers its CAPTCHA with 405 and x-amzn-waf-action, Cloudflare
// its challenge with cf-mitigated. Neither is a method refused.
func TestWAFActionHeaderOutranksA405(t *testing.T) {
	for _, c := range []struct {
		vendor string
		status int
		header string
	}{
		{"AWS WAF", 405, "x-amzn-waf-action: captcha"},
		{"Cloudflare", 403, "cf-mitigated: challenge"},
	} {
		rep := Run(exchange(get("https://www.example.com/"), resp(c.status, "", "Content-Type: text/html; charset=UTF-8", c.header)))
		if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
			t.Errorf("%s: likely %v, want %s first", c.vendor, rep.Likely, WAFBlock)
		}
	}
}

// A file server's own 403 page (bare, or signed by the server) for a
// directory is the server refusing the path, not a missing credential.
func TestFileServersOwn403IsTheServersRefusal(t *testing.T) {
	lighttpd := `<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en"><head><title>403 - Forbidden</title></head><body><h1>403 - Forbidden</h1></body></html>`
	litespeed := `<!DOCTYPE html><html style="height:100%"><head><title> 403 Forbidden
</title></head><body><div><div><h1>403</h1><h2>Forbidden
</h2><p>Access to this resource on the server is denied!</p></div></div><div><br/>Proudly powered by  <a href="http://www.litespeedtech.com/error-page">LiteSpeed Web Server</a><p>Please be advised that LiteSpeed Technologies Inc. is not a web hosting company and, as such, has no control over content found elsewhere on this site.</p></div></body></html>`
	for _, c := range []struct{ vendor, server, page string }{
		{"lighttpd", "lighttpd/1.4.45", lighttpd},
		{"LiteSpeed", "LiteSpeed", litespeed},
	} {
		rep := Run(exchange(get("http://localhost/admin/"), resp(403, c.page, "Content-Type: text/html", "Server: "+c.server)))
		if len(rep.Likely) == 0 || rep.Likely[0] != ResourceDenied {
			t.Errorf("%s: likely %v, want %s first", c.vendor, rep.Likely, ResourceDenied)
		}
	}
}

// A 406 to a request that accepts any type is no content negotiation
// (RFC 9110 §12.5.1): with a library's default User-Agent, the client is
// what is refused. An Accept the server may not serve keeps content.type.
func TestA406ToAnyTypeRefusesTheClient(t *testing.T) {
	for _, c := range []struct {
		name string
		req  Evidence
		want string
	}{
		{"python-httpx, no Accept", exchange(get("https://api.example.com/v0/app/table?api_key=keyXXX", "User-Agent: python-httpx/0.27.0"), resp(406, "")), UserAgentRequired},
		{"python-requests, Accept */*", exchange(get("https://hub.example.com/v2/repositories/x/y/", "User-Agent: python-requests/2.18.4", "Accept: */*"), resp(406, "")), UserAgentRequired},
		{"an Accept of one type", exchange(get("https://api.example.com/report", "User-Agent: python-requests/2.18.4", "Accept: application/xml"), resp(406, "")), ContentType},
	} {
		rep := Run(c.req)
		if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
			t.Errorf("%s: likely %v, want %s first", c.name, rep.Likely, c.want)
		}
		if c.want == UserAgentRequired && !rep.Guess {
			t.Errorf("%s: a 406 read from the request's shape must stay a guess", c.name)
		}
	}
}

// A purge refused by a cache is decided by the client's address (Varnish's
// acl purge answers 405, Squid's PURGE rule and nginx's cache purge 403):
// the address comes first, as a guess beside the method.
func TestRefusedPurgeIsTheCachesAddressACL(t *testing.T) {
	for _, c := range []struct {
		name string
		r    *probe.Response
	}{
		{"Varnish", resp(405, "", "Server: Varnish", "X-Varnish: 1245412", "Content-Type: text/html; charset=utf-8", "Retry-After: 5")},
		{"nginx cache purge", resp(403, "<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n", "Server: nginx", "Content-Type: text/html")},
	} {
		req := get("http://cache.example.com/")
		req.Method = "PURGE"
		rep := Run(exchange(req, c.r))
		if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
			t.Errorf("%s: likely %v, want %s first", c.name, rep.Likely, IPAllowlist)
		}
		if !rep.Guess {
			t.Errorf("%s: a purge refused is a guess between the ACL and the method", c.name)
		}
	}
}

// A User-Agent that declares an automated client (a link checker) refused
// by a bare page is a bot rule's guess before a credential's absence.
func TestDeclaredBotAgentOnABareRefusal(t *testing.T) {
	for _, ua := range []string{"link-check/5.3.0", "W3C-checklink/5.0.0 libwww-perl/6.68", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"} {
		req := get("https://docs.example.org/what-is/", "User-Agent: "+ua)
		req.Method = "HEAD"
		rep := Run(exchange(req, resp(403, "")))
		if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
			t.Errorf("%s: likely %v, want %s first", ua, rep.Likely, WAFBlock)
		}
		if !rep.Guess {
			t.Errorf("%s: a bare 403 read from the User-Agent must stay a guess", ua)
		}
	}
}

// A phone whose model name holds "bot" is no bot.
func TestPhoneModelIsNoBotAgent(t *testing.T) {
	r := requestFacts{HasUserAgent: true, UserAgent: "Mozilla/5.0 (Linux; Android 11; CUBOT X30 Build/RP1A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0 Mobile Safari/537.36"}
	r.readAttacks(nil)
	if r.UABot != "" {
		t.Errorf("a phone's browser read as a bot (%q)", r.UABot)
	}
}
