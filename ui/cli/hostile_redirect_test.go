package cli

import (
	"crypto/tls"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
	"github.com/why403/why403/probe/testnet"
	"github.com/why403/why403/ui/internal/hostile"
)

// credentialArgs send a Bearer token, a cookie and an API-key header; the
// token comes from the environment (credentialEnv).
func credentialArgs() []string {
	return []string{"--token-env", "TOKEN", "-b", "session=cookie-secret-1234", "-H", "X-Api-Key: apikey-secret-5678"}
}

func credentialEnv() map[string]string { return map[string]string{"TOKEN": "bearer-secret-abcd"} }

// credentialHeaders are the request headers that carry a credential.
func credentialHeaders() []string {
	return []string{"Authorization", "Cookie", "X-Api-Key", "Proxy-Authorization"}
}

func redirectTo(s *hostile.Server, target string, https bool) string {
	p := hostile.PathRedirectTo + "?url=" + url.QueryEscape(target)
	if https {
		return s.HTTPS(p)
	}
	return s.URL(p)
}

// With -L, a redirect to another port, another host or from https to http
// is followed without the credentials: asserted at the server, on every
// request that reached the other origin. The first request carried them.
func TestHostileRedirectsWithholdCredentials(t *testing.T) {
	ca, err := certgen.NewAuthority("why403 hostile test CA")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.Server("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	a := startHostile(t, hostile.Options{TLS: &tls.Config{Certificates: []tls.Certificate{leaf.TLS}}})
	b := startHostile(t, hostile.Options{})
	cases := []struct {
		name  string
		start string
		// other reports whether a recorded request went to the other origin
		other func(r hostile.Request, on *hostile.Server) bool
	}{
		{"another port", redirectTo(a, b.URL(hostile.PathLanding), false),
			func(r hostile.Request, on *hostile.Server) bool { return on == b }},
		{"another host", redirectTo(a, fmt.Sprintf("http://localhost:%d%s", a.Port(), hostile.PathLanding), false),
			func(r hostile.Request, on *hostile.Server) bool { return strings.HasPrefix(r.Host, "localhost:") }},
		{"https to http", redirectTo(a, a.URL(hostile.PathLanding), true),
			func(r hostile.Request, on *hostile.Server) bool { return on == a && !r.TLS }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			beforeA, beforeB := len(a.Requests()), len(b.Requests())
			for _, m := range outputModes() {
				args := append(append([]string{"check", "-L", "-k", "--no-experiments", "-m", "10"}, m.args...), credentialArgs()...)
				r := runHostile(t, 20*time.Second, credentialEnv(), append(args, c.start)...)
				if r.code == ExitUsage || r.code == ExitNoResponse {
					t.Fatalf("%s: exit %d\n%s%s", m.name, r.code, r.stdout, r.stderr)
				}
				assertInert(t, m.name, r.stdout+r.stderr)
				for _, secret := range []string{"bearer-secret-abcd", "cookie-secret-1234", "apikey-secret-5678"} {
					if strings.Contains(r.stdout+r.stderr, secret) {
						t.Errorf("%s: secret %q printed unmasked", m.name, secret)
					}
				}
			}
			reqs := map[*hostile.Server][]hostile.Request{a: a.Requests()[beforeA:], b: b.Requests()[beforeB:]}
			first := reqs[a][0]
			for _, h := range []string{"Authorization", "Cookie", "X-Api-Key"} {
				if !first.Has(h) {
					t.Errorf("the first request lacks %s: the test proves nothing", h)
				}
			}
			reached := 0
			for _, on := range []*hostile.Server{a, b} {
				for _, r := range reqs[on] {
					if !c.other(r, on) {
						continue
					}
					reached++
					for _, h := range credentialHeaders() {
						if r.Has(h) {
							t.Errorf("%s %s (TLS %v, Host %s) reached the other origin with %s: %q", r.Method, r.Target, r.TLS, r.Host, h, r.Get(h))
						}
					}
				}
			}
			if reached != len(outputModes()) {
				t.Errorf("%d requests reached the other origin, want one per run (%d)", reached, len(outputModes()))
			}
		})
	}
}

// Without -L a redirect is reported, not followed: the other origin sees
// nothing.
func TestHostileRedirectNotFollowedWithoutL(t *testing.T) {
	a := startHostile(t, hostile.Options{})
	b := startHostile(t, hostile.Options{})
	r := runHostile(t, 20*time.Second, credentialEnv(), append(append([]string{"check", "--no-experiments"}, credentialArgs()...), redirectTo(a, b.URL(hostile.PathLanding), false))...)
	if r.code == ExitUsage || r.code == ExitNoResponse {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := b.Conns(); n != 0 {
		t.Errorf("the other origin got %d connections without -L", n)
	}
}

// A redirect loop stops at the hop cap, the report shows the chain, and the
// server sees no more requests than the cap allows.
func TestHostileRedirectLoopStopsAtCap(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	const hops = 4
	for _, m := range outputModes() {
		before := len(s.Requests())
		r := runHostile(t, 20*time.Second, nil, append(append([]string{"check", "-L", "--max-redirs", fmt.Sprint(hops), "--no-experiments", "-m", "10"}, m.args...), s.URL(hostile.PathRedirectLoop+"0"))...)
		if r.code != ExitNoResponse && r.code != ExitRefused {
			t.Errorf("%s: exit %d\n%s%s", m.name, r.code, r.stdout, r.stderr)
		}
		if r.took > 3*time.Second {
			t.Errorf("%s: took %v", m.name, r.took)
		}
		assertInert(t, m.name, r.stdout+r.stderr)
		if n := len(s.Requests()) - before; n > hops+1 {
			t.Errorf("%s: the server saw %d requests for a cap of %d hops", m.name, n, hops)
		}
		switch m.name {
		case "text":
			if !strings.Contains(r.stdout, hostile.PathRedirectLoop+"0") || !strings.Contains(r.stdout, hostile.PathRedirectLoop+"1") {
				t.Errorf("text report does not show the chain:\n%s", r.stdout)
			}
			if !strings.Contains(strings.ToLower(r.stdout), "redirect") {
				t.Errorf("text report does not say redirects stopped it:\n%s", r.stdout)
			}
		case "json":
			d := decodeReport(t, r.stdout)
			if len(d.Redirects) < hops || len(d.Redirects) > hops+1 {
				t.Errorf("json shows %d hops, want %d", len(d.Redirects), hops)
			}
		}
	}
}

// Bad input is a usage error: exit 2, one line on stderr, and nothing sent,
// counted at the hostile server (connections, not only requests).
func TestHostileBadInputSendsNothing(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	u := s.URL(hostile.PathLanding)
	cases := map[string][]string{
		"CR LF in header value": {"check", "-H", "X-A: a\r\nX-Injected: 1", u},
		"LF in header value":    {"check", "-H", "X-A: a\nb", u},
		"CR in header name":     {"check", "-H", "X-\rA: 1", u},
		"LF in header name":     {"check", "-H", "X-\nA: 1", u},
		"ESC in header value":   {"check", "-H", "X-A: \x1b]52;c;eA==\x07", u},
		"malformed URL":         {"check", "http://[127.0.0.1/"},
		"malformed port":        {"check", "http://127.0.0.1:99999/"},
		"unknown scheme":        {"check", "gopher://" + s.Addr() + "/"},
		"no scheme host":        {"check", "http:///path"},
		"unknown flag":          {"check", "--frobnicate", u},
		"unknown short flag":    {"check", "-Z", u},
		"CR LF in URL":          {"check", u + "\r\nX-Injected: 1"},
		"escape in the method":  {"check", "-X", "GET\x1b[2J", u},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			for _, m := range outputModes() {
				a := append([]string{args[0]}, m.args...)
				r := runHostile(t, 10*time.Second, nil, append(a, args[1:]...)...)
				if r.code != ExitUsage {
					t.Errorf("%s: exit %d, want %d; stderr %q", m.name, r.code, ExitUsage, r.stderr)
				}
				if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.HasPrefix(r.stderr, "why403: ") {
					t.Errorf("%s: want one line on stderr, got %q", m.name, r.stderr)
				}
				assertInert(t, m.name, r.stdout+r.stderr)
			}
		})
	}
	if n := s.Conns(); n != 0 {
		t.Fatalf("the server accepted %d connections for bad input", n)
	}
}

// Nothing listening, on an IPv4 or an IPv6 literal: exit 3, a message that
// names the connect phase, and no hang.
func TestHostileConnectionRefused(t *testing.T) {
	for _, network := range []struct{ net, ip string }{{"tcp4", "127.0.0.1"}, {"tcp6", "::1"}} {
		t.Run(network.net, func(t *testing.T) {
			addr := testnet.RefusedAddr(t, network.ip) // skips without that loopback
			r := runHostile(t, 20*time.Second, nil, "check", "--json", "--no-experiments", "-m", "5", "http://"+addr+"/")
			if r.code != ExitNoResponse {
				t.Errorf("exit %d, want %d", r.code, ExitNoResponse)
			}
			if r.took > 3*time.Second {
				t.Errorf("took %v", r.took)
			}
			d := decodeReport(t, r.stdout)
			if d.Error == nil || d.Error.Phase != "connect" {
				t.Errorf("error = %+v, want phase connect", d.Error)
			}
		})
	}
}
