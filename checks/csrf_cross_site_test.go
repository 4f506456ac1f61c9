package checks

import "testing"

// A framework's cross-site request protection names the site or origin of
// the request, not a token: SvelteKit's "Cross-site POST form submissions
// are forbidden", Go's http.CrossOriginProtection "cross-origin request
// detected from Sec-Fetch-Site header". Both are the CSRF guard; the fix is
// the trusted origin, not CORS headers.
func TestCrossSiteRequestRefusedIsCSRF(t *testing.T) {
	cases := []struct{ vendor, ctype, body string }{
		{"SvelteKit", "application/json", `{"message":"Cross-site POST form submissions are forbidden"}`},
		{"Go net/http", "text/plain; charset=utf-8", "cross-origin request detected from Sec-Fetch-Site header\n"},
	}
	for _, c := range cases {
		t.Run(c.vendor, func(t *testing.T) {
			req := post("http://app.localhost/signup", "username=a&password=b",
				"Content-Type: application/x-www-form-urlencoded", "Origin: http://app.localhost", "Sec-Fetch-Site: cross-site")
			rep := Run(exchange(req, resp(403, c.body, "Content-Type: "+c.ctype)))
			if len(rep.Likely) == 0 || rep.Likely[0] != CSRF {
				t.Fatalf("likely %v, want %s first", rep.Likely, CSRF)
			}
		})
	}
	// A WAF naming the cross-site scripting it detected is no CSRF guard
	// (WatchGuard's IPS page, ModSecurity's CRS rule message).
	for _, body := range []string{
		`<p>Request denied by WatchGuard Firewall.</p><p><b> Reason: </b> IPS detected for "WEB Cross-site Scripting -9/Web threats" </p>`,
		"Access denied: XSS Attack Detected via libinjection (cross-site scripting)",
	} {
		if got := firstCause(body, 403); got == CSRF {
			t.Errorf("cross-site scripting read as CSRF: %q", body)
		}
	}
	// A browser's CORS message is no CSRF guard.
	if got := firstCause("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource (Reason: CORS header 'Access-Control-Allow-Origin' missing).", 403); got == CSRF {
		t.Errorf("a CORS message read as CSRF")
	}
}
