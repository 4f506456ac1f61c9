package checks

import (
	"strings"
	"testing"
)

// RFC 9209: an intermediary that refused a request itself says so in
// Proxy-Status, error=http_request_denied (or destination_ip_prohibited,
// a destination its policy forbids): the proxy refused, not the server.
func TestProxyStatusNamesTheRefusingProxy(t *testing.T) {
	for _, c := range []struct{ name, header, want string }{
		// An egress boundary proxy: a destination not on its allow list.
		{"egress boundary", "Proxy-Status: boundary; error=http_request_denied; reason=not-on-allowlist", "boundary"},
		// A SPNEGO forward proxy refusing a request by policy.
		{"SPNEGO proxy", "Proxy-Status: spnego-proxy; error=http_request_denied", "spnego-proxy"},
		// A proxy forbidding the destination's address.
		{"destination address", `Proxy-Status: "corp-egress"; error=destination_ip_prohibited`, "corp-egress"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example.test/v1/items"), resp(403, "", c.header)))
			if len(rep.Likely) == 0 || rep.Likely[0] != ProxyDenied || rep.Guess {
				t.Fatalf("likely %v (guess %v), want %s first, sure", rep.Likely, rep.Guess, ProxyDenied)
			}
			f, _ := findingOf(rep, ProxyDenied)
			if !strings.Contains(f.Title, c.want) {
				t.Errorf("title %q does not name %s", f.Title, c.want)
			}
			if !strings.Contains(f.Fix, "gateway") || f.Setting != nil {
				t.Errorf("no forward proxy in use, yet the fix is a proxy setting: %q", f.Fix)
			}
		})
	}
	t.Run("sent to a forward proxy", func(t *testing.T) {
		rep := Run(exchange(get("http://api.example.test/v1/items", "Proxy-Connection: Keep-Alive"),
			resp(403, "", "Proxy-Status: spnego-proxy; error=http_request_denied")))
		f, _ := findingOf(rep, ProxyDenied)
		if f.Status != Fail || f.Setting == nil {
			t.Fatalf("a forward proxy's refusal without the no-proxy setting: %s %q", f.Status, f.Fix)
		}
	})
	t.Run("a rate limit the proxy enforces stays a rate limit", func(t *testing.T) {
		// An ODoH proxy's --max-requests-per-second refusal.
		rep := Run(exchange(get("https://odoh.example.test/dns-query"), resp(429, "", "Proxy-Status: odoh-proxy; error=http_request_denied", "Retry-After: 1")))
		if len(rep.Likely) == 0 || rep.Likely[0] != RateLimit {
			t.Fatalf("likely %v, want %s first", rep.Likely, RateLimit)
		}
	})
	t.Run("an error of the destination is no refusal by policy", func(t *testing.T) {
		rep := Run(exchange(get("https://api.example.test/"), resp(502, "", "Proxy-Status: edge; error=connection_refused")))
		if f, _ := findingOf(rep, ProxyDenied); f.Status == Fail {
			t.Fatalf("a refused connection read as a proxy's refusal: %s", f.Title)
		}
	})
}
