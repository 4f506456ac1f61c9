package checks

import (
	"net/http"
	"testing"
)

// RFC 9110 §9.3.6: CONNECT asks the proxy to open a tunnel; a refusal of
// it is the proxy's (curl: "Received HTTP code 403 from proxy after
// CONNECT"), whatever it carries.
func TestRefusedConnectIsTheProxy(t *testing.T) {
	for _, c := range []struct {
		name  string
		lines []string
	}{
		// Claude Cowork's sandbox egress proxy: its own marker header.
		{"sandbox egress proxy", []string{"X-Proxy-Error: blocked-by-allowlist"}},
		// A proxy that names nothing (Squid's http_access deny with its
		// page turned off): curl reports the 403 "from proxy after CONNECT".
		{"bare 403", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := get("https://files.example.test/path/to/file")
			req.Method = http.MethodConnect
			rep := Run(exchange(req, resp(403, "", c.lines...)))
			if len(rep.Likely) == 0 || rep.Likely[0] != ProxyDenied {
				t.Fatalf("likely %v, want %s first", rep.Likely, ProxyDenied)
			}
		})
	}
	t.Run("a tunnel opened", func(t *testing.T) {
		req := get("https://files.example.test/")
		req.Method = http.MethodConnect
		rep := Run(exchange(req, resp(200, "")))
		if f, _ := findingOf(rep, ProxyDenied); f.Status == Fail {
			t.Fatalf("a 200 to CONNECT read as a refusal: %s", f.Title)
		}
	})
}
