package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe/testnet"
	"github.com/why403/why403/ui/report"
)

// run calls Main in-process and returns its status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, IsTerminal: func(any) bool { return false }}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := Main(ctx, args, env)
	return code, out.String(), errb.String()
}

func startLab(t *testing.T) *lab.Lab {
	t.Helper()
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("starting lab: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// Every lab scenario is diagnosed with its own cause first by
// `why403 check --json --no-experiments`, through the real command, over
// HTTP/1.1 and over HTTP/2 with the same verdict, so that a slip of one
// protocol (an HTTP/2 pseudo-header taken for a credential) shows at once.
func TestEveryLabScenarioIsDiagnosed(t *testing.T) {
	l := startLab(t)
	scenarios := l.Scenarios()
	if len(scenarios) < 11 {
		t.Fatalf("lab has %d scenarios, want at least one per cause", len(scenarios))
	}
	overHTTPS := 0
	for _, sc := range scenarios {
		for _, v := range protocolVariants(l, sc) {
			overHTTPS += strings.Count(v.name, "https")
		}
	}
	if overHTTPS < 11 {
		t.Errorf("only %d scenarios sent to the HTTPS listener", overHTTPS)
	}
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			variants := protocolVariants(l, sc)
			verdicts := map[string]string{}
			for _, v := range variants {
				t.Run(v.name, func(t *testing.T) {
					d := checkScenario(t, sc, v.args)
					if v.h2 && d.Response != nil && d.Response.Proto != "HTTP/2.0" {
						t.Errorf("sent over %s, want HTTP/2", d.Response.Proto)
					}
					noPseudoCredential(t, d)
					verdicts[v.name] = verdict(d)
				})
			}
			want := verdicts[variants[0].name]
			for _, v := range variants[1:] {
				if got, ok := verdicts[v.name]; ok && got != want {
					t.Errorf("over %s:\n%s\nover %s:\n%s", variants[0].name, want, v.name, got)
				}
			}
		})
	}
}

// protocolVariant is a scenario sent over one protocol.
type protocolVariant struct {
	name string
	args []string
	h2   bool // the exchange must be HTTP/2
}

// protocolVariants are the ways a scenario is sent: HTTP/1.1, and HTTP/2
// as curl would (h2c with prior knowledge on http://, h2 by ALPN on
// https://). A scenario of the plain listener whose request does not name
// its port (a signature, a proxy, --connect-to) is also sent to the HTTPS
// listener without a protocol flag, where it negotiates HTTP/2 as most
// real HTTPS APIs do, and meets no certificate request.
func protocolVariants(l *lab.Lab, sc lab.Scenario) []protocolVariant {
	url := sc.Args[len(sc.Args)-1]
	with := func(flags ...string) []string { return append(flags, sc.Args...) }
	out := []protocolVariant{{name: "http1.1", args: with("--http1.1")}}
	switch {
	case strings.HasPrefix(url, "https://"):
		out = append(out, protocolVariant{name: "h2", args: with("--http2"), h2: true})
	case slices.Contains(sc.Args, "-x"):
		// h2c cannot go through an HTTP proxy: the proxy hop is HTTP/1.1.
	default:
		out = append(out, protocolVariant{name: "h2c", args: with("--http2-prior-knowledge"), h2: true})
	}
	path, onPlain := strings.CutPrefix(url, l.HTTPURL+"/")
	if onPlain && !slices.Contains(sc.Args, "-x") && !slices.Contains(sc.Args, "--connect-to") && !portBound(sc) {
		args := append([]string{"--cacert", l.CAFile}, sc.Args[:len(sc.Args)-1]...)
		out = append(out, protocolVariant{name: "https-h2", args: append(args, l.HTTPSURL+"/"+path), h2: true})
	}
	return out
}

// portBound reports a scenario whose request is signed over its host and
// port (SigV4, a presigned URL): sent to another port, its signature no
// longer matches.
func portBound(sc lab.Scenario) bool {
	return strings.Contains(strings.Join(sc.Args, " "), "AWS4-HMAC-SHA256")
}

// checkScenario runs `why403 check --json --no-experiments` and holds
// the report to the scenario's cause.
func checkScenario(t *testing.T, sc lab.Scenario, args []string) report.Document {
	t.Helper()
	code, out, stderr := run(t, append([]string{"check", "--json", "--no-experiments"}, args...)...)
	var d report.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("exit %d, not JSON: %v\nstdout: %s\nstderr: %s", code, err, out, stderr)
	}
	if sc.Cause == "" {
		if len(d.Likely) != 0 || code != ExitOK {
			t.Fatalf("accepted scenario: exit %d, likely %v", code, d.Likely)
		}
		return d
	}
	if len(d.Likely) == 0 || d.Likely[0] != sc.Cause {
		t.Fatalf("likely = %v, want %s first\n%s", d.Likely, sc.Cause, out)
	}
	if code != ExitRefused && code != ExitNoResponse {
		t.Errorf("exit %d for a refusal", code)
	}
	first := findCheck(d, sc.Cause)
	if first == nil || first.Status != "fail" || first.Fix == "" || len(first.Evidence) == 0 {
		t.Errorf("finding for %s lacks fail status, evidence or fix: %+v", sc.Cause, first)
	}
	return d
}

// verdict is what a user reads of a diagnosis: the likely causes and every
// check's status.
func verdict(d report.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "likely %v\n", d.Likely)
	for _, c := range d.Checks {
		fmt.Fprintf(&b, "%s %s\n", c.ID, c.Status)
	}
	return b.String()
}

// noPseudoCredential fails when a pseudo-header (":authority") is masked
// whole in the request or named in a finding, as a credential would be.
// (A secret query parameter in ":path" is masked, as in the URL.)
func noPseudoCredential(t *testing.T, d report.Document) {
	t.Helper()
	for _, h := range d.Request.Headers {
		if strings.HasPrefix(h.Name, ":") && strings.HasPrefix(h.Value, "••••") {
			t.Errorf("pseudo-header masked: %s: %s", h.Name, h.Value)
		}
	}
	for _, c := range d.Checks {
		for _, line := range append([]string{c.Title}, c.Evidence...) {
			if strings.Contains(line, ":authority") {
				t.Errorf("%s names :authority: %s", c.ID, line)
			}
		}
	}
}

func findCheck(d report.Document, id string) *report.CheckDoc {
	for i := range d.Checks {
		if d.Checks[i].ID == id {
			return &d.Checks[i]
		}
	}
	return nil
}

// Bad input is a usage error: one line on stderr, exit 2, and nothing sent,
// as counted at the server.
func TestBadInputSendsNothing(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	cases := map[string][]string{
		"unknown flag":         {"check", "--frobnicate", srv.URL},
		"missing value":        {"check", srv.URL, "-H"},
		"CR LF in header":      {"check", "-H", "X-A: a\r\nInjected: 1", srv.URL},
		"NUL in header":        {"check", "-H", "X-A: a\x00b", srv.URL},
		"bad header name":      {"check", "-H", "Bad Name: 1", srv.URL},
		"unsupported scheme":   {"check", "ftp://127.0.0.1/"},
		"bad URL":              {"check", "http://[::1/"},
		"bad Host override":    {"check", "-H", "Host: a b", srv.URL},
		"two URLs":             {"check", srv.URL, srv.URL + "/b"},
		"unreadable data file": {"check", "-d", "@/nonexistent/why403", srv.URL},
		"missing CA file":      {"check", "--cacert", "/nonexistent/ca.pem", srv.URL},
		"missing client cert":  {"check", "--cert", "/nonexistent/client.pem", srv.URL},
		"space in query":       {"check", srv.URL + "/p?q=a b"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, stderr := run(t, args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, ExitUsage, stderr)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "why403: ") {
				t.Errorf("want one line on stderr, got %q", stderr)
			}
			if out != "" {
				t.Errorf("stdout should be empty, got %q", out)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("server received %d requests for bad input", n)
	}
}

func TestAcceptedRequestExitsZero(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	code, out, _ := run(t, "check", "-H", "Authorization: Bearer abcdefghijklmnop", srv.URL)
	if code != ExitOK || !strings.Contains(out, "200") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if strings.Contains(out, "abcdefghijklmnop") {
		t.Errorf("token leaked into the text report:\n%s", out)
	}
}

func TestNoResponseExitsThree(t *testing.T) {
	url := "http://" + testnet.RefusedAddr(t, "127.0.0.1")
	code, out, _ := run(t, "check", "--connect-timeout", "2", url)
	if code != ExitNoResponse || !strings.Contains(out, "No response") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestLabListJSON(t *testing.T) {
	code, out, stderr := run(t, "lab", "--list", "--json", "--dir", t.TempDir())
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var list []struct {
		Name, Cause string
		Args        []string
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) < 11 {
		t.Fatalf("lab --list --json: %v, %d entries\n%s", err, len(list), out)
	}
	for _, s := range list {
		joined := strings.Join(s.Args, " ")
		// the strict mTLS virtual host is chosen by its name, localhost;
		// --connect-to sends a .test name to the lab's address
		connected := strings.Contains(joined, "::127.0.0.1: ") && strings.Contains(joined, ":PORT/")
		if !strings.Contains(joined, "://127.0.0.1:PORT") && !strings.Contains(joined, "://localhost:PORT") && !connected {
			t.Errorf("%s: args %q do not point at the lab's PORT on loopback", s.Name, joined)
		}
	}
}

func TestDemoDiagnosesEveryScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the lab")
	}
	code, out, stderr := run(t, "demo", "--text")
	if code != ExitOK {
		t.Fatalf("demo exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "scenarios diagnosed with their own cause first") {
		t.Errorf("no summary:\n%s", out)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := run(t, "--help")
	if code != ExitOK || !strings.Contains(out, "why403 check") {
		t.Fatalf("help: %d %s", code, out)
	}
	code, out, _ = run(t, "check", "--help")
	if code != ExitOK || !strings.Contains(out, "--oauth2-bearer") {
		t.Fatalf("check --help: %d %s", code, out)
	}
}

// A 200 whose body never finishes is not "accepted": the report says the
// body is incomplete and the exit status is 3.
func TestBodyCutShortIsNotAccepted(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write([]byte("partial"))
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-time.After(20 * time.Second):
		}
	}))
	defer srv.Close()
	defer close(release)
	code, out, _ := run(t, "check", "-m", "1", srv.URL)
	if code != ExitNoResponse {
		t.Errorf("exit %d, want %d", code, ExitNoResponse)
	}
	if !strings.Contains(out, "Body incomplete (timeout)") || strings.Contains(out, "Accepted") {
		t.Errorf("report hides the cut body:\n%s", out)
	}
}

// The progress line on a terminal masks the URL's secrets like the report.
func TestProgressLineMasksSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(700 * time.Millisecond) // long enough for the progress line to show
	}))
	defer srv.Close()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		IsTerminal: func(w any) bool { return w == &errb }}
	u := strings.Replace(srv.URL, "http://", "http://alice:PASSWORDSECRET@", 1) + "/?access_token=TOKENSECRET123"
	Main(context.Background(), []string{"check", u}, env)
	if !strings.Contains(errb.String(), "why403: GET") {
		t.Fatalf("no progress line shown: %q", errb.String())
	}
	for _, secret := range []string{"PASSWORDSECRET", "TOKENSECRET123"} {
		if strings.Contains(errb.String(), secret) || strings.Contains(out.String(), secret) {
			t.Errorf("%s leaked: stderr %q", secret, errb.String())
		}
	}
}

// `why403 lab` names each listener with what it does, the mTLS names on
// their own port.
func TestLabAddresses(t *testing.T) {
	l := startLab(t)
	out := labAddresses(l)
	for _, want := range []string{
		l.HTTPURL + " ", "h2c",
		l.HTTPSURL + " ", "no client certificate asked for",
		l.OptionalCertURL + " ", "verified when given",
		l.MTLSURL + " ", "required in the handshake",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lab addresses lack %q:\n%s", want, out)
		}
	}
}

// The tester's report: over HTTP/2 the lab's auth-missing request was
// judged auth.invalid, ":authority" taken for a credential and the host
// masked. Over h2 by ALPN (the default on https) and over h2c, the text
// report says auth.missing and masks no host.
func TestHTTP2AuthMissingIsNotACredential(t *testing.T) {
	l := startLab(t)
	for name, args := range map[string][]string{
		"https": {"--cacert", l.CAFile, l.HTTPSURL + "/api/orders"},
		"h2c":   {"--http2-prior-knowledge", l.HTTPURL + "/api/orders"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, stderr := run(t, append([]string{"check", "--no-experiments"}, args...)...)
			if code != ExitRefused {
				t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
			}
			if !strings.Contains(out, "HTTP/2.0 401") || !strings.Contains(out, "\nLikely: auth.missing\n") {
				t.Errorf("want HTTP/2 401 and auth.missing alone:\n%s", out)
			}
			for _, bad := range []string{"Credentials sent", ":authority", "••••", "tls.client_cert        The server asked"} {
				if strings.Contains(out, bad) {
					t.Errorf("report holds %q:\n%s", bad, out)
				}
			}
		})
	}
}
