package cli

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
)

// TestTLSProblemsExplained: why403 check against servers with each TLS
// problem names it in words: a self-signed certificate, the untrusted issuer, the expiry date, the names the
// certificate holds, the client certificate asked for, the stalled
// handshake; and a good server with --cacert is simply accepted.
func TestTLSProblemsExplained(t *testing.T) {
	ca, err := certgen.NewAuthority("why403 test CA")
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	good, err := ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	other, err := ca.Server("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	expired, err := ca.ServerValid(time.Now().Add(-40*24*time.Hour), time.Now().Add(-10*24*time.Hour), "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	self, err := certgen.SelfSigned("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	selfFile := filepath.Join(t.TempDir(), "self.pem")
	if err := os.WriteFile(selfFile, self.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	serve := func(cert tls.Certificate, clientAuth tls.ClientAuthType) string {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }))
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, ClientAuth: clientAuth, ClientCAs: ca.Pool()}
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv.URL
	}
	// accepts TCP and never speaks TLS; every connection is closed when
	// the test ends, and the accept loop ends with the listener
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() })
	go func() {
		for range 16 {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()

	cases := []struct {
		name  string
		args  []string
		code  int
		words []string
		not   []string // what the report must not say
	}{
		{"self-signed", []string{serve(self.TLS, tls.NoClientCert)}, ExitNoResponse,
			[]string{"self-signed", "CN=127.0.0.1", "--cacert"}, nil},
		{"self-signed, passed with --cacert as the message advises", []string{"--cacert", selfFile, serve(self.TLS, tls.NoClientCert)}, ExitOK,
			[]string{"200"}, nil},
		{"untrusted issuer, the server sending its root too", []string{serve(withRoot(good.TLS, ca), tls.NoClientCert)}, ExitNoResponse,
			[]string{"issued by an authority you do not trust", "why403 test CA"}, []string{"self-signed"}},
		{"untrusted issuer", []string{serve(good.TLS, tls.NoClientCert)}, ExitNoResponse,
			[]string{"issued by an authority you do not trust", "why403 test CA", "--cacert"}, nil},
		{"wrong host", []string{"--cacert", caFile, serve(other.TLS, tls.NoClientCert)}, ExitNoResponse,
			[]string{"not valid for 127.0.0.1", "api.example.test"}, nil},
		{"expired", []string{"--cacert", caFile, serve(expired.TLS, tls.NoClientCert)}, ExitNoResponse,
			[]string{"expired on " + expired.Cert.NotAfter.UTC().Format(time.RFC3339), "10 days ago", "renew"}, nil},
		{"expired, while the server also asks for a client certificate", []string{"--cacert", caFile, serve(expired.TLS, tls.RequireAndVerifyClientCert)}, ExitNoResponse,
			[]string{"expired on", "stopped at the server's certificate"}, []string{"Likely: tls.client_cert"}},
		{"client certificate required", []string{"--http1.1", "--cacert", caFile, serve(good.TLS, tls.RequireAndVerifyClientCert)}, ExitNoResponse,
			[]string{"client certificate", "tls.client_cert"}, nil}, // HTTP/1.1: over h2 a TLS 1.3 alert is sometimes lost (session 1 note)
		{"never speaks TLS", []string{"-m", "1", "https://" + silent.Addr().String() + "/"}, ExitNoResponse,
			[]string{"TLS handshake", "did not get as far as a certificate request"}, []string{"did not ask for a client certificate"}},
		{"good server with --cacert", []string{"--cacert", caFile, serve(good.TLS, tls.NoClientCert)}, ExitOK,
			[]string{"200"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			code, out, stderr := run(t, append([]string{"check", "--no-experiments"}, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, c.code, out, stderr)
			}
			t.Logf("why403 check %s:\n%s", strings.Join(c.args, " "), out)
			for _, w := range c.words {
				if !strings.Contains(out, w) {
					t.Errorf("the report does not say %q:\n%s", w, out)
				}
			}
			for _, w := range c.not {
				if strings.Contains(out, w) {
					t.Errorf("the report says %q:\n%s", w, out)
				}
			}
			if el := time.Since(start); el > 5*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
}

// withRoot is leaf's certificate followed by the root that signed it, as
// servers of a private CA often send their chain.
func withRoot(leaf tls.Certificate, root *certgen.Authority) tls.Certificate {
	leaf.Certificate = append(leaf.Certificate[:1:1], root.Cert.Raw)
	return leaf
}
