package cli

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
	"github.com/why403/why403/probe/testnet"
	"github.com/why403/why403/ui/report"
)

// failedChecks is what a document holds that a verdict is made of: the
// likely causes, the failed phase and the checks that failed.
func failedChecks(d report.Document) (likely []string, phase string, failed []string) {
	if d.Error != nil {
		phase = d.Error.Phase
	}
	for _, c := range d.Checks {
		if c.Status == "fail" {
			failed = append(failed, c.ID)
		}
	}
	slices.Sort(failed)
	return d.Likely, phase, failed
}

// When the upstream fails, the app gets a 502 naming the phase, and the
// exchange is judged as `check` judges the same request to the same
// upstream: the same phase, the same likely cause, the same failed checks.
func TestProxy502JudgedAsCheck(t *testing.T) {
	ca, err := certgen.NewAuthority("why403 test CA")
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	mtls := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	mtls.TLS = &tls.Config{Certificates: []tls.Certificate{leaf.TLS}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: ca.Pool()}
	mtls.StartTLS()
	defer mtls.Close()

	deadAddr := testnet.RefusedAddr(t, "127.0.0.1")
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for range 16 {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				io.Copy(io.Discard, c)
			}()
		}
	}()

	for _, tc := range []struct {
		name, upstream, phase string
		args                  []string
	}{
		{"down", "http://" + deadAddr, "connect", nil},
		{"not TLS", "https://" + strings.TrimPrefix(plain.URL, "http://"), "tls", nil},
		{"client certificate", mtls.URL, "tls", []string{"--cacert", caFile}},
		{"timeout", "http://" + silent.Addr().String(), "timeout", []string{"-m", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb lockedBuffer
			env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			Main(context.Background(), append(append([]string{"check", "--json"}, tc.args...), tc.upstream+"/v1/x"), env)
			var want report.Document
			if err := json.Unmarshal([]byte(out.String()), &want); err != nil {
				t.Fatalf("check --json: %v\n%s%s", err, out.String(), errb.String())
			}

			p := startProxy(t, false, append(append([]string{"--json"}, tc.args...), tc.upstream)...)
			resp, err := (&http.Client{Timeout: 10 * time.Second}).Get("http://" + p.addr + "/v1/x")
			if err != nil {
				t.Fatalf("the app got no answer: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 502 || !strings.Contains(string(b), "("+tc.phase+")") {
				t.Errorf("the app got %d %q, want a 502 naming %s", resp.StatusCode, b, tc.phase)
			}
			got := p.lines(t, 1)[0]
			gl, gp, gf := failedChecks(got.Document)
			wl, wp, wf := failedChecks(want)
			if wp != tc.phase {
				t.Errorf("check's phase is %q, want %q (the test's upstream is not what it means)", wp, tc.phase)
			}
			if gp != wp || !slices.Equal(gl, wl) || !slices.Equal(gf, wf) {
				t.Errorf("proxy: phase %q likely %v failed %v\ncheck: phase %q likely %v failed %v", gp, gl, gf, wp, wl, wf)
			}
		})
	}
}
