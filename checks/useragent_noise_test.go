package checks

import (
	"strings"
	"testing"
)

// A client's default User-Agent (Dart's, curl's) is what most API calls
// carry: it is a warning only where the response points at bot or
// User-Agent blocking, and then the warning names the client.
func TestLibraryUserAgentIsNoiseUnlessTheRefusalPointsAtBots(t *testing.T) {
	agents := map[string]string{
		"Dart/3.5 (dart:io)": "Dart's default User-Agent",
		"curl/7.88.1":        "curl's default User-Agent",
	}
	uaIDs := []string{UserAgentRequired, WAFBlock}
	for ua, name := range agents {
		req := get("http://127.0.0.1:8443/v1/orders", "User-Agent: "+ua)

		// before a send: in the details, not a warning
		for _, f := range Preflight(req, t0) {
			if contains(uaIDs, f.ID) && f.Status != Pass && f.Status != Skip {
				t.Errorf("%s before a send: %s is %s: %s", ua, f.ID, f.Status, f.Title)
			}
		}

		// an ordinary refusal that says why: no User-Agent warning
		rep := Run(exchange(req, resp(401, `{"error":"invalid_token","error_description":"The access token expired"}`,
			"Content-Type: application/json", `WWW-Authenticate: Bearer error="invalid_token"`)))
		for _, id := range uaIDs {
			if f, ok := findingOf(rep, id); ok && f.Status == Warn {
				t.Errorf("%s on an expired-token 401: %s warns: %s", ua, id, f.Title)
			}
		}
		if f, ok := findingOf(rep, UserAgentRequired); !ok || !strings.Contains(strings.Join(f.Evidence, " "), ua) {
			t.Errorf("%s: the User-Agent is not kept in the details: %+v", ua, f)
		}

		// a refusal that speaks of bots: the warning, naming the client
		rep = Run(exchange(req, resp(403, "Access denied: automated traffic is not allowed", "Content-Type: text/plain")))
		f, _ := findingOf(rep, UserAgentRequired)
		if f.Status != Warn && f.Status != Fail {
			t.Errorf("%s on a bot refusal: useragent.required is %s: %s", ua, f.Status, f.Title)
		}
		if !strings.Contains(f.Title, name) {
			t.Errorf("%s on a bot refusal: the title does not name %q: %s", ua, name, f.Title)
		}
	}
}
