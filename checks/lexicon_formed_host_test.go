package checks

import "testing"

// "Improperly formed" (and its synonyms) said of a credential is a fault of
// its form: auth.malformed, as "malformed" is.
func TestImproperlyFormedCredentialIsMalformed(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
	}{
		{"Have I Been Pwned key header", exchange(get("https://haveibeenpwned.com/api/v3/breachedaccount/a%40example.com", "hibp-api-key: 0123456789abcdef"),
			resp(401, `{ "statusCode": 401, "message": "Access denied due to improperly formed hibp-api-key." }`, "Content-Type: application/json"))},
		{"a Django REST view's bearer check", exchange(get("https://api.example.com/api/token/", "Authorization: Bearer abc.def"),
			resp(401, `"Improperly formed token"`, "Content-Type: application/json"))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMalformed {
				t.Fatalf("likely %v, want auth.malformed first\n%s", rep.Likely, reportText(rep))
			}
		})
	}
}

// A server that checks the Host header against its own list says so in
// words of a host header or of its allowed hosts: host.mismatch.
func TestHostNotAllowedWordsAreHostMismatch(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
	}{
		{"Vite allowedHosts", 403, "Blocked request. This host (\"dev.example.com\") is not allowed.\nTo allow this host, add \"dev.example.com\" to `server.allowedHosts` in vite.config.js."},
		{"webpack-dev-server", 403, "Invalid Host header"},
		{"Django ALLOWED_HOSTS", 400, "Invalid HTTP_HOST header: 'dev.example.com'. You may need to add 'dev.example.com' to ALLOWED_HOSTS."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://dev.example.com/"), resp(c.status, c.body, "Content-Type: text/plain")))
			if len(rep.Likely) == 0 || rep.Likely[0] != HostMismatch {
				t.Fatalf("likely %v, want host.mismatch first\n%s", rep.Likely, reportText(rep))
			}
		})
	}
}

// Words of allowed hosts said of an address, an Origin or a URL in the
// request are not about the Host header.
func TestAllowedHostsOfAnotherThingAreNoHostMismatch(t *testing.T) {
	for _, text := range []string{
		"Host 203.0.113.7 is not an allowed host: IP address not permitted",
		"Invalid redirect_uri: the URL host is not in the allowed hosts",
	} {
		for _, h := range readWords(lexWords(text), 403) {
			if h.m.Cause == HostMismatch {
				t.Errorf("%q read as %s (%s)", text, h.m.Cause, h.m.Class)
			}
		}
	}
}
