package probe

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestConnectTarget(t *testing.T) {
	rules := func(specs ...string) []connectRule {
		var rs []connectRule
		for _, s := range specs {
			r, err := parseConnectTo(s)
			if err != nil {
				t.Fatalf("parseConnectTo(%q): %v", s, err)
			}
			rs = append(rs, r)
		}
		return rs
	}
	tests := []struct {
		name       string
		rules      []connectRule
		host, port string
		want       string
	}{
		{"no rules", nil, "api.example.com", "443", "api.example.com:443"},
		{"exact match", rules("api.example.com:443:127.0.0.1:8443"), "api.example.com", "443", "127.0.0.1:8443"},
		{"host is case-insensitive", rules("API.example.com:443:127.0.0.1:8443"), "api.example.com", "443", "127.0.0.1:8443"},
		{"other port untouched", rules("api.example.com:443:127.0.0.1:8443"), "api.example.com", "80", "api.example.com:80"},
		{"empty source matches any", rules("::127.0.0.1:"), "x.test", "8080", "127.0.0.1:8080"},
		{"first match wins", rules("a.test::127.0.0.1:1", "a.test::127.0.0.1:2"), "a.test", "80", "127.0.0.1:1"},
		{"IPv6 target", rules("a.test:443:[::1]:9443"), "a.test", "443", "[::1]:9443"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := connectTarget(tt.rules, tt.host, tt.port); got != tt.want {
				t.Errorf("connectTarget = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSendConnectTo sends to a name that does not resolve and lands on a
// loopback server, with the Host header of the URL, as curl does.
func TestSendConnectTo(t *testing.T) {
	var gotHost string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotHost = r.Host
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	req := NewRequest("http://origin.invalid/x")
	req.ConnectTo = []string{"origin.invalid:80:127.0.0.1:" + port}
	ex := Send(context.Background(), req)
	if ex.Err != nil {
		t.Fatalf("Send: %v", ex.Err)
	}
	if ex.Response.Status != http.StatusForbidden || gotHost != "origin.invalid" {
		t.Fatalf("status %d, Host %q; want 403 and origin.invalid", ex.Response.Status, gotHost)
	}
	if !strings.Contains(strings.Join(ex.Warnings, "\n"), "connected to 127.0.0.1:"+port+" instead of origin.invalid:80") {
		t.Errorf("no --connect-to warning in %q", ex.Warnings)
	}
}
