package checks_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/certgen"
	"github.com/why403/why403/probe/curlargs"
)

// whyNginx runs why403's real pipeline on a curl command line: parse,
// send once, judge.
func whyNginx(t *testing.T, args ...string) (probe.Exchange, checks.Report) {
	t.Helper()
	// Loopback only, whatever proxy the environment names.
	parsed, err := curlargs.Parse(append([]string{"--noproxy", "*", "--max-time", "5"}, args...))
	if err != nil {
		t.Fatalf("curlargs.Parse(%q): %v", args, err)
	}
	req := parsed.Request
	if err := probe.CheckFiles(context.Background(), &req); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ex := probe.Send(t.Context(), req)
	return ex, checks.Run(checks.Evidence{Request: req, Exchange: ex, Now: now})
}

// nginxDescribe renders an exchange and its judgement for failure messages.
func nginxDescribe(ex probe.Exchange, rep checks.Report) string {
	var b strings.Builder
	if ex.Err != nil {
		fmt.Fprintf(&b, "error: %v\n", ex.Err)
	}
	if r := ex.Response; r != nil {
		fmt.Fprintf(&b, "%s %d %s\n", r.Proto, r.Status, r.Reason)
		for _, h := range r.Headers {
			fmt.Fprintf(&b, "%s: %s\n", h.Name, h.Value)
		}
		fmt.Fprintf(&b, "\n%s\n", r.Body)
	}
	fmt.Fprintf(&b, "likely %v (guess %v), stack %q\n", rep.Likely, rep.Guess, rep.Stack)
	for _, f := range rep.Findings {
		if f.Status == checks.Fail || f.Status == checks.Warn {
			fmt.Fprintf(&b, "  %s %s [%d] %s\n    evidence %q\n    fix %s\n", f.Status, f.ID, f.Strength, f.Title, f.Evidence, f.Fix)
		}
	}
	return b.String()
}

func nginxFinding(rep checks.Report, id string) checks.Finding {
	for _, f := range rep.Findings {
		if f.ID == id {
			return f
		}
	}
	return checks.Finding{}
}

// TestNginx starts a real nginx (Debian's nginx-light) on loopback with a
// generated configuration and checks why403's first likely cause for each
// way nginx refuses a request.
func TestNginx(t *testing.T) {
	bin := nginxBinary(t)
	dir := t.TempDir()

	// The auth_request backend: refuses everyone.
	auth := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	t.Cleanup(auth.Close)
	_, authPort, _ := net.SplitHostPort(auth.Listener.Addr().String())
	ap, _ := strconv.Atoi(authPort)

	serverCA, err := certgen.NewAuthority("why403 nginx test server CA")
	if err != nil {
		t.Fatal(err)
	}
	clientCA, err := certgen.NewAuthority("why403 nginx test client CA")
	if err != nil {
		t.Fatal(err)
	}
	otherCA, err := certgen.NewAuthority("why403 nginx test other CA")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := serverCA.Server("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	good, err := clientCA.Client("alice", now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := otherCA.Client("alice", now.Add(-time.Hour), now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"server.pem":             srv.CertPEM,
		"server.key":             srv.KeyPEM,
		"server-ca.pem":          serverCA.CertPEM,
		"client-ca.pem":          clientCA.CertPEM,
		"good.pem":               good.CertPEM,
		"good.key":               good.KeyPEM,
		"stranger.pem":           stranger.CertPEM,
		"stranger.key":           stranger.KeyPEM,
		"www/index.html":         []byte("<h1>home</h1>\n"),
		"www/secret.txt":         []byte("secret\n"),
		"www/members/index.html": []byte("<h1>members</h1>\n"),
		"www/upload/item.txt":    []byte("item\n"),
		"www/files/report.txt":   []byte("report\n"),
		"www/limited429.txt":     []byte("limited\n"),
		"www/limited503.txt":     []byte("limited\n"),
	}
	for name, data := range files {
		writeTestFile(t, filepath.Join(dir, name), data)
	}
	c := startNginx(t, bin, nginxConf{Dir: dir, AuthPort: ap})
	base := fmt.Sprintf("http://127.0.0.1:%d", c.HTTPPort)
	tlsBase := fmt.Sprintf("https://127.0.0.1:%d", c.HTTPSPort)
	pem := func(name string) string { return filepath.Join(dir, name) }
	tlsArgs := []string{"--cacert", pem("server-ca.pem")}

	// Every 403 below is nginx's built-in page, the same 153 bytes whatever
	// refused the request; CAUSES.md: rank the candidates with what the
	// request shows and say that the error log decides. So each case checks
	// likely[0] and, where resource.denied is a candidate, that its fix
	// sends the user to the error log and names the line nginx really wrote.
	t.Run("deny", func(t *testing.T) {
		// "location = /secret.txt { deny all; }". The request carries no
		// credential and nothing else, so the catalogue's ranking rule (a
		// generic page: no credential sent makes auth.missing likely) puts
		// auth.missing first, as a guess; resource.denied follows with the
		// error log as the judge. ip.allowlist is only a warning: nginx's page
		// does not say an address rule refused (only the log does).
		ex, rep := whyNginx(t, base+"/secret.txt")
		nginxExpect(t, ex, rep, 403, checks.AuthMissing)
		if !rep.Guess {
			t.Errorf("auth.missing from a bare nginx 403 must be reported as a guess\n%s", nginxDescribe(ex, rep))
		}
		nginxExpectLogFix(t, ex, rep, dir, "access forbidden by rule")
	})

	t.Run("auth_request", func(t *testing.T) {
		// auth_request to a backend answering 403: nginx answers its own 403
		// page. An anonymous request, so auth.missing first (a guess) is
		// what is really going on; resource.denied is the other candidate.
		ex, rep := whyNginx(t, base+"/members/index.html")
		nginxExpect(t, ex, rep, 403, checks.AuthMissing)
		if !rep.Guess {
			t.Errorf("auth.missing from a bare nginx 403 must be reported as a guess\n%s", nginxDescribe(ex, rep))
		}
		nginxExpectLogFix(t, ex, rep, dir, "")
	})

	t.Run("auth_request directory", func(t *testing.T) {
		// The same auth_request refusal for the directory URL: a bare 403 for
		// a path ending in "/" reads as a missing index with listing off
		// (resource.denied, Indicated). Here the index exists and the auth
		// backend refused, which only the error log can show; the fix says so.
		ex, rep := whyNginx(t, base+"/members/")
		nginxExpect(t, ex, rep, 403, checks.ResourceDenied)
		nginxExpectLogFix(t, ex, rep, dir, "")
	})

	t.Run("limit_except DELETE", func(t *testing.T) {
		// "limit_except GET { deny all; }": GET is served, DELETE gets the
		// bare 403. method.denied recognises a non-GET refused by nginx's
		// bare page, and ranks before auth.missing: the method is something
		// the request shows, the missing credential only an absence (rank.go
		// rule 4).
		ex, rep := whyNginx(t, base+"/upload/item.txt")
		if ex.Response == nil || ex.Response.Status != 200 {
			t.Fatalf("GET through limit_except should be served\n%s", nginxDescribe(ex, rep))
		}
		ex, rep = whyNginx(t, "-X", "DELETE", base+"/upload/item.txt")
		if !slices.Contains(rep.Likely, checks.MethodDenied) {
			t.Errorf("method.denied missing from likely\n%s", nginxDescribe(ex, rep))
		}
		nginxExpectLogFix(t, ex, rep, dir, "access forbidden by rule")
		nginxExpect(t, ex, rep, 403, checks.MethodDenied)
	})

	t.Run("autoindex off", func(t *testing.T) {
		// A real directory with a file and no index, listing off: nginx logs
		// "directory index of ... is forbidden".
		ex, rep := whyNginx(t, base+"/files/")
		nginxExpect(t, ex, rep, 403, checks.ResourceDenied)
		if rep.Guess {
			t.Errorf("a bare 403 for a directory is Indicated, not a guess\n%s", nginxDescribe(ex, rep))
		}
		nginxExpectLogFix(t, ex, rep, dir, "directory index of")
	})

	t.Run("limit_req 429", func(t *testing.T) {
		ex, rep := nginxFirstLimited(t, base+"/limited429.txt")
		nginxExpect(t, ex, rep, 429, checks.RateLimit)
		if f := nginxFinding(rep, checks.RateLimit); f.Strength < checks.Indicated {
			t.Errorf("nginx's 429 page is at least Indicated, got %d\n%s", f.Strength, nginxDescribe(ex, rep))
		}
	})

	t.Run("limit_req 503", func(t *testing.T) {
		// limit_req_status left at 503: nginx's bare "503 Service Temporarily
		// Unavailable", no Retry-After, nothing naming a limit. Only the error
		// log says "limiting requests".
		ex, rep := nginxFirstLimited(t, base+"/limited503.txt")
		if !strings.Contains(nginxErrorLog(t, dir), `limiting requests, excess: 1.000 by zone "rl503"`) {
			t.Errorf("nginx's error log should name the limit")
		}
		nginxExpect(t, ex, rep, 503, checks.RateLimit)
	})

	t.Run("ssl_verify_client control", func(t *testing.T) {
		// A certificate from the CA in ssl_client_certificate is accepted:
		// the setup itself is right.
		ex, rep := whyNginx(t, append(tlsArgs, "--cert", pem("good.pem"), "--key", pem("good.key"), tlsBase+"/")...)
		if ex.Response == nil || ex.Response.Status != 200 || len(rep.Likely) != 0 {
			t.Fatalf("a trusted client certificate should be served with nothing likely\n%s", nginxDescribe(ex, rep))
		}
		if f := nginxFinding(rep, checks.TLSClientCert); f.Status != checks.Pass {
			t.Errorf("tls.client_cert = %s, want pass\n%s", f.Status, nginxDescribe(ex, rep))
		}
	})

	t.Run("ssl_verify_client no certificate", func(t *testing.T) {
		ex, rep := whyNginx(t, append(tlsArgs, tlsBase+"/")...)
		nginxExpect(t, ex, rep, 400, checks.TLSClientCert)
		nginxExpectBody(t, ex, "No required SSL certificate was sent")
	})

	t.Run("ssl_verify_client other CA", func(t *testing.T) {
		// nginx 1.22 does not fail the handshake for a certificate it cannot
		// verify: its verify callback lets the handshake finish, and the
		// request then gets the 400 "The SSL certificate error" page (the
		// error log has "client SSL certificate verify error").
		ex, rep := whyNginx(t, append(tlsArgs, "--cert", pem("stranger.pem"), "--key", pem("stranger.key"), tlsBase+"/")...)
		nginxExpect(t, ex, rep, 400, checks.TLSClientCert)
		nginxExpectBody(t, ex, "The SSL certificate error")
		if ex.TLS == nil || !ex.TLS.CertificateRequested || ex.TLS.ClientCert == nil {
			t.Errorf("the handshake should record the CertificateRequest and the offered certificate\n%s", nginxDescribe(ex, rep))
		}
		if !strings.Contains(nginxErrorLog(t, dir), "client SSL certificate verify error") {
			t.Errorf("nginx's error log should record the verify error")
		}
	})
}

// nginxExpect checks the status and the first likely cause.
func nginxExpect(t *testing.T, ex probe.Exchange, rep checks.Report, status int, first string) {
	t.Helper()
	if ex.Response == nil {
		t.Fatalf("no response\n%s", nginxDescribe(ex, rep))
	}
	if ex.Response.Status != status {
		t.Fatalf("status %d, want %d\n%s", ex.Response.Status, status, nginxDescribe(ex, rep))
	}
	if len(rep.Likely) == 0 || rep.Likely[0] != first {
		t.Errorf("likely[0] of %v, want %s\n%s", rep.Likely, first, nginxDescribe(ex, rep))
	}
	if rep.Stack == "" || !strings.Contains(rep.Stack, "nginx") {
		t.Errorf("stack %q, want nginx", rep.Stack)
	}
}

// nginxExpectLogFix checks that resource.denied is a candidate whose fix sends
// the user to nginx's error log, and, when logged is set, that nginx really
// wrote that line and the fix names it.
func nginxExpectLogFix(t *testing.T, ex probe.Exchange, rep checks.Report, dir, logged string) {
	t.Helper()
	f := nginxFinding(rep, checks.ResourceDenied)
	if f.Status != checks.Fail || !slices.Contains(rep.Likely, checks.ResourceDenied) {
		t.Errorf("resource.denied should be a likely candidate\n%s", nginxDescribe(ex, rep))
	}
	if !strings.Contains(f.Fix, "error log") {
		t.Errorf("resource.denied's fix should point at the error log: %q", f.Fix)
	}
	if logged == "" {
		return
	}
	if !strings.Contains(nginxErrorLog(t, dir), logged) {
		t.Errorf("nginx's error log has no %q", logged)
	}
	if !strings.Contains(f.Fix, logged) {
		t.Errorf("resource.denied's fix does not name nginx's log line %q: %q", logged, f.Fix)
	}
}

func nginxExpectBody(t *testing.T, ex probe.Exchange, text string) {
	t.Helper()
	if ex.Response == nil || !strings.Contains(string(ex.Response.Body), text) {
		t.Errorf("nginx's page should say %q", text)
	}
}

// nginxFirstLimited sends GETs (at most 3, zone rate 1r/m, no burst) until nginx
// refuses one.
func nginxFirstLimited(t *testing.T, url string) (probe.Exchange, checks.Report) {
	t.Helper()
	for i := range 3 {
		ex, rep := whyNginx(t, url)
		if ex.Response == nil {
			t.Fatalf("request %d: no response\n%s", i+1, nginxDescribe(ex, rep))
		}
		if ex.Response.Status != 200 {
			if i == 0 {
				t.Errorf("the first request should pass the limit")
			}
			return ex, rep
		}
	}
	t.Fatalf("3 requests to %s and none limited", url)
	return probe.Exchange{}, checks.Report{}
}
