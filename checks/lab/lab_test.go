package lab

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/why403/why403/checks/cause"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func startLab(t *testing.T, opts Options) *Lab {
	t.Helper()
	l, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := l.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return l
}

// outcome is what a request got: a response, or the error that ended it.
type outcome struct {
	status int
	header http.Header
	body   string
	err    error
}

func send(t *testing.T, args []string) outcome {
	t.Helper()
	in := interpret(t, args)
	resp, err := in.client.Do(in.req)
	if err != nil {
		return outcome{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return outcome{err: err}
	}
	return outcome{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

var cfRay = regexp.MustCompile(`^[0-9a-f]{16}-[A-Z]{3}$`)

// expectation is what a scenario's server must answer.
type expectation struct {
	status int
	// headers: name → substring the value must hold ("" only requires the
	// header to be present).
	headers map[string]string
	// exactHeaders: name → the whole value.
	exactHeaders map[string]string
	body         []string
	exactBody    string
	bodyRe       *regexp.Regexp
	// handshake: the request fails in TLS with an error holding this text.
	handshake string
}

var expectations = map[string]expectation{
	"ok": {status: 200, body: []string{`"orders"`, `"subject":"ada@lab"`}},
	"auth-missing": {status: 401, exactHeaders: map[string]string{"WWW-Authenticate": `Bearer realm="lab"`},
		body: []string{"Authentication required"}},
	"k8s-anonymous": {status: 403, headers: map[string]string{"Audit-Id": ""},
		body: []string{`"kind":"Status"`, `"reason":"Forbidden"`, `User \"system:anonymous\" cannot list resource \"pods\"`}},
	"jwt-expired": {status: 401, headers: map[string]string{"WWW-Authenticate": `error="invalid_token", error_description="The access token expired"`}},
	"bearer-doubled": {status: 400, headers: map[string]string{"WWW-Authenticate": `error="invalid_request"`},
		body: []string{`"error":"invalid_request"`}},
	"token-escaped-newline": {status: 400, headers: map[string]string{"WWW-Authenticate": `error="invalid_request"`}},
	"aws-iam-bearer": {status: 403,
		exactHeaders: map[string]string{"X-Amzn-ErrorType": "IncompleteSignatureException"},
		headers:      map[string]string{"X-Amzn-RequestId": "", "X-Amz-Apigw-Id": ""},
		body:         []string{`Authorization header requires 'Credential' parameter.`, `Authorization=Bearer eyJ`}},
	"jwt-wrong-key": {status: 401, headers: map[string]string{"WWW-Authenticate": `error="invalid_token", error_description="signature is invalid"`}},
	"github-bad-credentials": {status: 401, headers: map[string]string{"X-GitHub-Request-Id": ""},
		body: []string{`"message":"Bad credentials"`}},
	"ip-allowlist": {status: 403, body: []string{"Your IP 127.0.0.1 is not in the allow list"}},
	"cloudflare-1006": {status: 403, exactHeaders: map[string]string{"Server": "cloudflare"},
		exactBody: "error code: 1006"},
	"scope-insufficient": {status: 403,
		headers: map[string]string{"WWW-Authenticate": `error="insufficient_scope"`},
		body:    []string{`"scope":"orders:write"`}},
	"google-scope": {status: 403, headers: map[string]string{"WWW-Authenticate": `error="insufficient_scope"`},
		body: []string{`"status":"PERMISSION_DENIED"`, `"reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"`, `"@type":"type.googleapis.com/google.rpc.ErrorInfo"`}},
	"k8s-rbac": {status: 403, body: []string{`User \"ada@lab\" cannot list resource \"secrets\" in API group \"\" in the namespace \"kube-system\"`}},
	"ratelimit-429": {status: 429,
		exactHeaders: map[string]string{"Retry-After": "3600", "RateLimit-Policy": `"export";q=1;w=3600`, "RateLimit": `"export";r=0;t=3600`},
		body:         []string{"Too many requests"}},
	"github-ratelimit": {status: 403,
		exactHeaders: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "60"},
		headers:      map[string]string{"X-RateLimit-Reset": ""},
		body:         []string{"API rate limit exceeded for 127.0.0.1"}},
	"geo-451": {status: 451, headers: map[string]string{"Link": `rel="blocked-by"`},
		body: []string{"not available in your country (AQ)"}},
	"cloudfront-geo": {status: 403,
		exactHeaders: map[string]string{"X-Cache": "Error from cloudfront"},
		headers:      map[string]string{"X-Amz-Cf-Id": "", "Via": "(CloudFront)"},
		body:         []string{"The Amazon CloudFront distribution is configured to block access from your country.", "<title>ERROR: The request could not be satisfied</title>"}},
	"cloudflare-1009": {status: 403, exactHeaders: map[string]string{"Server": "cloudflare"},
		body: []string{`<span class="cf-error-code">1009</span>`, "used Cloudflare to restrict access", "banned the country or region"}},
	"json-as-form": {status: 415,
		exactBody: `{"error":"Content-Type application/x-www-form-urlencoded is not supported; send application/json"}` + "\n"},
	"elasticsearch-406": {status: 406, body: []string{`"error":"Content-Type header [text/plain] is not supported"`}},
	"cloudflare-1020": {status: 403, exactHeaders: map[string]string{"Server": "cloudflare"},
		body: []string{"<title>Attention Required! | Cloudflare</title>", `<span class="cf-error-code">1020</span>`}},
	"library-user-agent": {status: 403, exactHeaders: map[string]string{"Server": "AkamaiGHost"},
		body: []string{"<TITLE>Access Denied</TITLE>"}, bodyRe: regexp.MustCompile(`Reference #18\.[0-9a-f]{8}\.\d+\.[0-9a-f]{8}`)},
	"f5-rejected": {status: 200, body: []string{"The requested URL was rejected. Please consult with your administrator."},
		bodyRe: regexp.MustCompile(`Your support ID is: \d{19}`)},
	"mtls-ok":       {status: 200, body: []string{`"status":"accepted"`, `"client":"lab-client"`}},
	"mtls-missing":  {status: 400, exactHeaders: map[string]string{"Server": "nginx"}, body: []string{"<title>400 No required SSL certificate was sent</title>"}},
	"mtls-expired":  {handshake: "expired certificate"},
	"mtls-required": {handshake: "certificate required"},
}

// checkScenario sends the scenario and holds the answer to its expectation.
func checkScenario(t *testing.T, s Scenario, date string) {
	t.Helper()
	want, ok := expectations[s.Name]
	if !ok {
		t.Fatalf("scenario %q has no expectation in the test", s.Name)
	}
	got := send(t, s.Args)
	if want.handshake != "" {
		if got.err == nil {
			t.Fatalf("want the TLS handshake to fail (%s), got status %d", want.handshake, got.status)
		}
		if !strings.Contains(got.err.Error(), want.handshake) {
			t.Fatalf("want a failure with %q, got %v", want.handshake, got.err)
		}
		return
	}
	if got.err != nil {
		t.Fatalf("request failed: %v", got.err)
	}
	if got.status != want.status {
		t.Errorf("status %d, want %d; body %q", got.status, want.status, got.body)
	}
	for name, sub := range want.headers {
		v, present := got.header[http.CanonicalHeaderKey(name)]
		if !present || !strings.Contains(strings.Join(v, ", "), sub) {
			t.Errorf("header %s = %q, want it holding %q", name, v, sub)
		}
	}
	for name, exact := range want.exactHeaders {
		if v := got.header.Get(name); v != exact {
			t.Errorf("header %s = %q, want %q", name, v, exact)
		}
	}
	for _, sub := range want.body {
		if !strings.Contains(got.body, sub) {
			t.Errorf("body lacks %q:\n%s", sub, got.body)
		}
	}
	if want.exactBody != "" && got.body != want.exactBody {
		t.Errorf("body %q, want %q", got.body, want.exactBody)
	}
	if want.bodyRe != nil && !want.bodyRe.MatchString(got.body) {
		t.Errorf("body does not match %s:\n%s", want.bodyRe, got.body)
	}
	if got.header.Get("Server") == "cloudflare" && !cfRay.MatchString(got.header.Get("CF-RAY")) {
		t.Errorf("cf-ray %q is not <16 hex>-<colo>", got.header.Get("CF-RAY"))
	}
	if date != "" && got.header.Get("Date") != date {
		t.Errorf("Date %q, want the lab clock's %q", got.header.Get("Date"), date)
	}
}

func TestScenariosAnswerAsDescribed(t *testing.T) {
	clock := &testClock{t: time.Date(2031, 5, 14, 9, 30, 0, 0, time.UTC)}
	l := startLab(t, Options{Now: clock.Now})
	date := clock.Now().Format(http.TimeFormat)
	for _, s := range l.Scenarios() {
		t.Run(s.Name, func(t *testing.T) { checkScenario(t, s, date) })
	}
}

func TestCatalogueTokensVerifyAgainstARunningLab(t *testing.T) {
	l := startLab(t, Options{})
	list := Catalogue(l.HTTPURL, l.OptionalCertURL, l.Dir)
	if len(list) != len(l.Scenarios()) {
		t.Fatalf("Catalogue has %d scenarios, the lab %d", len(list), len(l.Scenarios()))
	}
	for _, s := range list {
		t.Run(s.Name, func(t *testing.T) { checkScenario(t, s, "") })
	}
	// Directly too: a token minted without a lab verifies with its key.
	tok := mintTokens(time.Now()).Read
	if _, problem := verifyToken(tok, l.now); problem != nil {
		t.Fatalf("a Catalogue token does not verify: %+v", problem)
	}
}

func TestEveryCauseHasAScenario(t *testing.T) {
	list := Catalogue("http://127.0.0.1:8080", "https://127.0.0.1:8443", "/lab")
	causes := map[string]int{}
	names := map[string]bool{}
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	for _, s := range list {
		causes[s.Cause]++
		if names[s.Name] {
			t.Errorf("scenario name %q twice", s.Name)
		}
		names[s.Name] = true
		if !kebab.MatchString(s.Name) {
			t.Errorf("scenario name %q is not kebab-case", s.Name)
		}
		if s.Title == "" || strings.ContainsAny(s.Title, "\n\r\t") {
			t.Errorf("scenario %q: title %q is not one line", s.Name, s.Title)
		}
		last := s.Args[len(s.Args)-1]
		if i := indexOf(s.Args, "-x"); i >= 0 {
			// Through the lab's own proxy, to a name that cannot exist.
			if s.Args[i+1] != "http://127.0.0.1:8080" || !strings.HasPrefix(last, "http://") || !strings.Contains(last, ".test/") {
				t.Errorf("scenario %q: a proxy scenario must use -x http://127.0.0.1:8080 and a .test URL: %q", s.Name, s.Args)
			}
		} else if i := indexOf(s.Args, "--connect-to"); i >= 0 {
			// A .test name sent to the lab's own address.
			if !strings.HasSuffix(s.Args[i+1], "::127.0.0.1:") || !strings.HasPrefix(last, "http://") || !strings.Contains(last, ".test:8080/") {
				t.Errorf("scenario %q: a --connect-to scenario must send a .test name to 127.0.0.1: %q", s.Name, s.Args)
			}
		} else if !strings.HasPrefix(last, "http://127.0.0.1:8080/") && !strings.HasPrefix(last, "https://127.0.0.1:8443/") && !strings.HasPrefix(last, "https://localhost:8443/") {
			t.Errorf("scenario %q: the last argument %q is not a lab URL", s.Name, last)
		}
		for i := 0; i < len(s.Args)-1; i++ {
			takes, ok := allowedFlags[s.Args[i]]
			if !ok {
				t.Errorf("scenario %q: %q is not an allowed flag", s.Name, s.Args[i])
			}
			if takes {
				i++
			}
		}
		if strings.HasPrefix(last, "https://") {
			if i := indexOf(s.Args, "--cacert"); i < 0 || s.Args[i+1] != filepath.Join("/lab", "ca.pem") {
				t.Errorf("scenario %q: an HTTPS scenario must pass --cacert /lab/ca.pem: %q", s.Name, s.Args)
			}
		}
	}
	for _, c := range append(cause.Common(), cause.Further()...) {
		if causes[c] == 0 {
			t.Errorf("no scenario for %s", c)
		}
	}
	for _, s := range list {
		common := s.Cause == "" || indexOf(cause.Common(), s.Cause) >= 0
		if s.Further == common {
			t.Errorf("scenario %q (cause %q): Further = %v", s.Name, s.Cause, s.Further)
		}
	}
	for _, accepted := range []string{"ok", "mtls-ok"} {
		if !names[accepted] {
			t.Errorf("no accepted scenario %q", accepted)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// The allow list judges the connection's address: headers that claim
// another address change nothing, and an address inside the list passes.
func TestAllowListJudgesTheRealRemoteAddress(t *testing.T) {
	l := startLab(t, Options{})
	for _, h := range []string{"X-Forwarded-For: 10.20.0.5", "X-Real-IP: 10.20.0.5", "Forwarded: for=10.20.0.5"} {
		got := send(t, []string{"-H", h, l.HTTPURL + "/admin/"})
		if got.err != nil || got.status != 403 || !strings.Contains(got.body, "Your IP 127.0.0.1 ") {
			t.Errorf("with %s: status %d, body %q, err %v; want 403 naming 127.0.0.1", h, got.status, got.body, got.err)
		}
	}
	handler := l.middleware(l.routes())
	for _, tc := range []struct {
		remote string
		path   string
		status int
	}{
		{"10.20.3.4:5555", "/admin/", 200},
		{"10.21.0.1:5555", "/admin/", 403},
		{"127.0.0.1:5555", "/admin/", 403},
		{"10.20.3.4:5555", "/cf/ipban/", 200},
		{"127.0.0.1:5555", "/cf/ipban/", 403},
		{"10.20.3.4:5555", "/cf/geo/", 200},
		{"10.20.3.4:5555", "/media/films/42", 200},
		{"10.20.3.4:5555", "/cloudfront/video/42.ts", 200},
	} {
		req := httptest.NewRequest(http.MethodGet, "http://lab"+tc.path, nil)
		req.RemoteAddr = tc.remote
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("%s from %s: status %d, want %d", tc.path, tc.remote, rec.Code, tc.status)
		}
	}
}

// The token bucket limits for real: a burst of searchBurst passes, the next
// is refused until the bucket refills on the lab's clock.
func TestTokenBucketLimitsABurst(t *testing.T) {
	clock := &testClock{t: time.Date(2031, 5, 14, 9, 30, 0, 0, time.UTC)}
	l := startLab(t, Options{Now: clock.Now})
	url := l.HTTPURL + "/api/search?q=coats"
	for i := 1; i <= searchBurst; i++ {
		got := send(t, []string{url})
		if got.err != nil || got.status != 200 {
			t.Fatalf("request %d of the burst: status %d, err %v", i, got.status, got.err)
		}
		want := fmt.Sprintf(`"search";r=%d;`, searchBurst-i)
		if !strings.HasPrefix(got.header.Get("RateLimit"), want) {
			t.Errorf("request %d: RateLimit %q, want it starting %q", i, got.header.Get("RateLimit"), want)
		}
	}
	got := send(t, []string{url})
	if got.status != 429 {
		t.Fatalf("request %d: status %d, want 429", searchBurst+1, got.status)
	}
	// 5 per minute refills one token every 12 s.
	if ra := got.header.Get("Retry-After"); ra != "12" {
		t.Errorf("Retry-After %q, want 12", ra)
	}
	clock.Advance(11 * time.Second)
	if got := send(t, []string{url}); got.status != 429 {
		t.Errorf("after 11 s: status %d, want still 429", got.status)
	}
	clock.Advance(time.Second)
	if got := send(t, []string{url}); got.status != 200 {
		t.Errorf("after 12 s: status %d, want 200", got.status)
	}

	// The spent quotas stay spent however often one asks.
	for i := 0; i < 3; i++ {
		if got := send(t, []string{l.HTTPURL + "/api/export"}); got.status != 429 {
			t.Errorf("export %d: status %d, want 429", i, got.status)
		}
	}
	clock.Advance(time.Hour)
	if got := send(t, []string{l.HTTPURL + "/api/export"}); got.status != 200 {
		t.Errorf("export after an hour: status %d, want 200", got.status)
	}
}

// The strict host fails the handshake without a certificate and accepts
// the lab's client certificate.
func TestStrictHostRequiresAClientCertificate(t *testing.T) {
	l := startLab(t, Options{})
	pem, err := os.ReadFile(l.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	pair, err := tls.LoadX509KeyPair(l.ClientCert, l.ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.MTLSURL, "https://localhost:") {
		t.Fatalf("MTLSURL %q", l.MTLSURL)
	}
	addr := strings.TrimPrefix(l.OptionalCertURL, "https://")

	dial := func(certs []tls.Certificate) error {
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr,
			&tls.Config{RootCAs: pool, ServerName: "localhost", Certificates: certs})
		if err != nil {
			return err
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		// In TLS 1.3 the server judges the client's certificate after the
		// client has finished: the refusal arrives on the first read.
		if _, err := io.WriteString(conn, "GET /mtls/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); err != nil {
			return err
		}
		b, err := io.ReadAll(conn)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(b, []byte("HTTP/1.1 200 ")) {
			return fmt.Errorf("unexpected answer %q", b)
		}
		return nil
	}
	if err := dial(nil); err == nil || !strings.Contains(err.Error(), "certificate required") {
		t.Errorf("without a certificate: %v, want alert certificate required", err)
	}
	if err := dial([]tls.Certificate{pair}); err != nil {
		t.Errorf("with the lab's client certificate: %v", err)
	}
	// The optional host asks for a certificate but lets the handshake end
	// without one; the location then refuses.
	got := send(t, []string{"--cacert", l.CAFile, l.OptionalCertURL + "/mtls/"})
	if got.err != nil || got.status != 400 {
		t.Errorf("optional host without a certificate: %d %v, want 400", got.status, got.err)
	}
	got = send(t, []string{"--cacert", l.CAFile, "--cert", l.ClientCert, "--key", l.ClientKey, l.MTLSURL + "/mtls/"})
	if got.err != nil || got.status != 200 {
		t.Errorf("strict host through the HTTP client with a certificate: %d %v, want 200", got.status, got.err)
	}
}

func TestHTTPSServesHTTP2(t *testing.T) {
	l := startLab(t, Options{})
	for _, args := range [][]string{
		{"--cacert", l.CAFile, "-H", "Authorization: Bearer " + l.tokens.Read, l.HTTPSURL + "/api/orders"},
		{"--cacert", l.CAFile, "--cert", l.ClientCert, "--key", l.ClientKey, l.OptionalCertURL + "/mtls/"},
	} {
		in := interpret(t, args)
		in.client.Transport.(*http.Transport).ForceAttemptHTTP2 = true
		resp, err := in.client.Do(in.req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.ProtoMajor != 2 || resp.StatusCode != 200 {
			t.Errorf("%s: %s %d, want HTTP/2 200", in.req.URL, resp.Proto, resp.StatusCode)
		}
	}
}

// The HTTPS listener asks for no client certificate, so that a request to
// it meets no certificate request (the cause tls.client_cert); the mTLS
// listener asks for one under either name.
func TestOnlyTheMTLSListenerAsksForACertificate(t *testing.T) {
	l := startLab(t, Options{})
	pem, err := os.ReadFile(l.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	asked := func(rawURL, serverName string) (bool, string) {
		t.Helper()
		addr := strings.TrimPrefix(strings.TrimPrefix(rawURL, "https://"), "localhost")
		if strings.HasPrefix(addr, ":") {
			addr = "127.0.0.1" + addr
		}
		var called bool
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", addr, &tls.Config{
			RootCAs: pool, ServerName: serverName, NextProtos: []string{"h2", "http/1.1"},
			GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
				called = true
				return &tls.Certificate{}, nil
			},
		})
		if err != nil {
			// The strict host refuses the empty answer after the handshake;
			// the question was asked all the same.
			return called, ""
		}
		defer conn.Close()
		return called, conn.ConnectionState().NegotiatedProtocol
	}
	if got, proto := asked(l.HTTPSURL, "127.0.0.1"); got || proto != "h2" {
		t.Errorf("HTTPS listener by address: certificate asked for %v, ALPN %q; want false, h2", got, proto)
	}
	if got, _ := asked(l.HTTPSURL, "localhost"); got {
		t.Errorf("HTTPS listener by name: a client certificate was asked for")
	}
	if got, _ := asked(l.OptionalCertURL, "127.0.0.1"); !got {
		t.Errorf("mTLS listener by address: no client certificate asked for")
	}
	if got, _ := asked(l.MTLSURL, "localhost"); !got {
		t.Errorf("mTLS listener by name: no client certificate asked for")
	}
	if l.HTTPSURL == l.OptionalCertURL || strings.TrimPrefix(l.OptionalCertURL, "https://127.0.0.1") != strings.TrimPrefix(l.MTLSURL, "https://localhost") {
		t.Errorf("HTTPS %s, mTLS %s and %s: want the mTLS names on their own port", l.HTTPSURL, l.OptionalCertURL, l.MTLSURL)
	}
}

// The plain HTTP listener speaks h2c to a client that knows it in advance
// (curl's --http2-prior-knowledge), and HTTP/1.1 to the others.
func TestHTTPServesH2C(t *testing.T) {
	l := startLab(t, Options{})
	var protos http.Protocols
	protos.SetUnencryptedHTTP2(true)
	tr := &http.Transport{Protocols: &protos}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := client.Get(l.HTTPURL + "/api/orders")
	if err != nil {
		t.Fatalf("h2c: %v", err)
	}
	resp.Body.Close()
	if resp.ProtoMajor != 2 || resp.StatusCode != 401 {
		t.Errorf("h2c: %s %d, want HTTP/2 401", resp.Proto, resp.StatusCode)
	}
	if got := send(t, []string{l.HTTPURL + "/api/orders"}); got.status != 401 {
		t.Errorf("HTTP/1.1: %d %v, want 401", got.status, got.err)
	}
}

// Remove the cause and the same server accepts: the refusals come from
// rules applied to the request, not from fixed answers per path.
func TestFixingTheRequestIsAccepted(t *testing.T) {
	l := startLab(t, Options{})
	tok := l.tokens
	h := l.HTTPURL
	for _, tc := range []struct {
		name   string
		args   []string
		status int
	}{
		{"json with its media type", []string{"-H", "Content-Type: application/json", "-d", `{"rating":5}`, h + "/api/feedback"}, 201},
		{"json+suffix", []string{"-H", "Content-Type: application/problem+json", "-d", `{"rating":5}`, h + "/api/feedback"}, 201},
		{"json but not utf-8", []string{"-H", "Content-Type: application/json; charset=latin1", "-d", `{}`, h + "/api/feedback"}, 415},
		{"not json at all", []string{"-H", "Content-Type: application/json", "-d", `rating=5`, h + "/api/feedback"}, 400},
		{"write scope deletes", []string{"-X", "DELETE", "-H", "Authorization: Bearer " + tok.Write, h + "/api/orders/1001"}, 204},
		{"write scope creates", []string{"-H", "Authorization: Bearer " + tok.Write, "-H", "Content-Type: application/json", "-d", `{"item":"flask","qty":2}`, h + "/api/orders"}, 201},
		{"lower-case scheme is still Bearer", []string{"-H", "Authorization: bearer " + tok.Read, h + "/api/orders"}, 200},
		{"not a JWT", []string{"-H", "Authorization: Bearer abc.def", h + "/api/orders"}, 401},
		{"Basic is no Bearer", []string{"-u", "ada:secret", h + "/api/orders"}, 401},
		{"harmless query", []string{"-H", "Accept: text/html", h + "/cf/waf/search?q=lab+coats"}, 200},
		{"harmless form", []string{"-d", "comment=nice lab", h + "/f5/comments"}, 200},
		{"honest User-Agent", []string{"-A", "myapp/1.2 (+https://example.com/contact)", h + "/akamai/products"}, 200},
		{"curl's default User-Agent, as a bot rule refuses it", []string{h + "/akamai/products"}, 403},
		{"browser User-Agent", []string{"-A", "Mozilla/5.0 (X11; Linux x86_64)", h + "/akamai/products"}, 200},
		{"Go default User-Agent", []string{"-A", "Go-http-client/1.1", h + "/akamai/products"}, 403},
		{"elasticsearch with json", []string{"-H", "Content-Type: application/json", "--data-binary", `{"query":{"match_all":{}}}`, h + "/es/products/_search"}, 200},
		{"known GitHub token", []string{"-H", "Authorization: Bearer " + tok.GitHub, h + "/github/user"}, 200},
		{"GitHub without token", []string{h + "/github/user"}, 401},
		{"GitHub issues with a token", []string{"-H", "Authorization: token " + tok.GitHub, h + "/github/repos/why403/lab/issues"}, 200},
		{"GitHub without User-Agent", []string{"-A", "", h + "/github/user"}, 403},
		{"kubernetes allowed", []string{"-H", "Authorization: Bearer " + tok.Read, h + "/k8s/api/v1/namespaces/default/pods"}, 200},
		{"kubernetes expired", []string{"-H", "Authorization: Bearer " + tok.Expired, h + "/k8s/api/v1/namespaces/default/pods"}, 401},
		{"aws without credentials", []string{h + "/aws/iam/items"}, 403},
		{"google without a token", []string{h + "/google/storage/v1/b/lab-bucket/o"}, 401},
		{"method not allowed", []string{"-X", "PUT", h + "/api/orders"}, 405},
		{"plain HTTP to the mTLS location", []string{h + "/mtls/"}, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := send(t, tc.args)
			if got.err != nil || got.status != tc.status {
				t.Errorf("status %d (err %v), want %d; body %q", got.status, got.err, tc.status, got.body)
			}
		})
	}
}

func TestGitHubRateLimitHeaders(t *testing.T) {
	clock := &testClock{t: time.Date(2031, 5, 14, 9, 30, 0, 0, time.UTC)}
	l := startLab(t, Options{Now: clock.Now})
	got := send(t, []string{l.HTTPURL + "/github/repos/why403/lab/issues"})
	reset, err := strconv.ParseInt(got.header.Get("X-RateLimit-Reset"), 10, 64)
	if err != nil {
		t.Fatalf("X-RateLimit-Reset %q: %v", got.header.Get("X-RateLimit-Reset"), err)
	}
	// 60 an hour: the next request is allowed a minute later.
	if wait := reset - clock.Now().Unix(); wait < 60 || wait > 61 {
		t.Errorf("reset in %d s, want about 60", wait)
	}
}

func TestAWSComplaints(t *testing.T) {
	for _, tc := range []struct {
		auth, date, want string
	}{
		{"Bearer eyJx.eyJy.sig", "", "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer eyJx.eyJy.sig"},
		{"AWS4-HMAC-SHA256 Credential=AKIDLAB/20310514/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature", "20310514T093000Z", "'Signature' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKIDLAB/20310514/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature'."},
		{"AWS4-HMAC-SHA256 Credential=AKIDLAB/20310514/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00ff", "20310514T093000Z", ""},
	} {
		h := http.Header{}
		if tc.date != "" {
			h.Set("X-Amz-Date", tc.date)
		}
		if got := sigV4Complaint(tc.auth, h); got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.auth, got, tc.want)
		}
	}
}

func TestInspectFindsAttackText(t *testing.T) {
	for _, tc := range []struct {
		url, body, kind string
	}{
		{"/s?q=%27%20OR%201%3D1--", "", "SQL injection"},
		{"/s?q=1+UNION+SELECT+password+FROM+users", "", "SQL injection"},
		{"/s?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "", "cross-site scripting"},
		{"/s", "comment=%3Cscript%3Ealert(1)%3C/script%3E", "cross-site scripting"},
		{"/s", "comment=<img src=x onerror=alert(1)>", "cross-site scripting"},
		{"/s?file=..%2F..%2Fetc%2Fpasswd", "", "path traversal"},
		{"/s?q=${jndi:ldap://x}", "", "JNDI lookup"},
		{"/s?q=lab+coats&size=2", "", ""},
		{"/s?q=o'reilly", "", ""},
		{"/s", "comment=nice lab, or not", ""},
	} {
		var body io.Reader
		if tc.body != "" {
			body = strings.NewReader(tc.body)
		}
		req := httptest.NewRequest(http.MethodPost, "http://lab"+tc.url, body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		got, err := inspect(req)
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind != tc.kind {
			t.Errorf("%s %q: kind %q (%q), want %q", tc.url, tc.body, got.Kind, got.Match, tc.kind)
		}
		if tc.body != "" {
			rest, _ := io.ReadAll(req.Body)
			if string(rest) != tc.body {
				t.Errorf("the body was consumed: %q left of %q", rest, tc.body)
			}
		}
	}
}

func TestLibraryAgents(t *testing.T) {
	for ua, want := range map[string]bool{
		"python-requests/2.31.0": true, "Go-http-client/2.0": true, "okhttp/4.12.0": true, "curl/8.5.0": true,
		"axios/1.6.0": true, "Dart/3.2 (dart:io)": true, "why403/0.1": false, "": false,
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15": false,
	} {
		if got := isLibraryAgent(ua); got != want {
			t.Errorf("isLibraryAgent(%q) = %v, want %v", ua, got, want)
		}
	}
}

func TestBearerTokenSyntax(t *testing.T) {
	for _, tc := range []struct {
		header  string
		present bool
		problem bool
	}{
		{"", false, false},
		{"Basic YWRhOnNlY3JldA==", false, false},
		{"Bearer abc.def-ghi_jkl~+/==", true, false},
		{"bearer abc", true, false},
		{"Bearer", true, true},
		{"Bearer Bearer abc", true, true},
		{`Bearer abc\n`, true, true},
		{`Bearer "abc"`, true, true},
		{"Bearer abc=def", true, true},
	} {
		req := httptest.NewRequest(http.MethodGet, "http://lab/", nil)
		if tc.header != "" {
			req.Header.Set("Authorization", tc.header)
		}
		_, present, problem := bearerToken(req)
		if present != tc.present || (problem != nil) != tc.problem {
			t.Errorf("%q: present %v problem %+v; want present %v problem %v", tc.header, present, problem, tc.present, tc.problem)
		}
		if problem != nil && (problem.Status != 400 || problem.Code != "invalid_request") {
			t.Errorf("%q: problem %+v, want 400 invalid_request", tc.header, problem)
		}
	}
}

func TestTokensAreStableAndRelativeToTheClock(t *testing.T) {
	at := time.Date(2031, 5, 14, 9, 30, 0, 0, time.UTC)
	a, b := mintTokens(at), mintTokens(at)
	if a != b {
		t.Fatal("the same instant gave different tokens")
	}
	now := func() time.Time { return at.Add(time.Minute) }
	if _, p := verifyToken(a.Read, now); p != nil {
		t.Errorf("read token: %+v", p)
	}
	if _, p := verifyToken(a.Expired, now); p == nil || p.Description != "The access token expired" {
		t.Errorf("expired token: %+v", p)
	}
	if _, p := verifyToken(a.Foreign, now); p == nil || p.Description != "signature is invalid" {
		t.Errorf("foreign token: %+v", p)
	}
	late := func() time.Time { return at.Add(tokenLifetime + time.Second) }
	if _, p := verifyToken(a.Read, late); p == nil {
		t.Error("the read token outlived its lifetime")
	}
	if !strings.HasPrefix(a.GitHub, "ghp_") || len(a.GitHub) != 40 || a.GitHub == a.GitHubUnknown {
		t.Errorf("GitHub tokens %q %q", a.GitHub, a.GitHubUnknown)
	}
}

func TestCloseReleasesThePortsAndTheTemporaryDirectory(t *testing.T) {
	l, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := send(t, []string{l.HTTPURL + "/"}); got.status != 200 {
		t.Fatalf("index: %d %v", got.status, got.err)
	}
	dir := l.Dir
	addrs := []string{strings.TrimPrefix(l.HTTPURL, "http://"), strings.TrimPrefix(l.HTTPSURL, "https://"), strings.TrimPrefix(l.OptionalCertURL, "https://")}
	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for _, a := range addrs {
		ln, err := net.Listen("tcp4", a)
		if err != nil {
			t.Errorf("%s still taken after Close: %v", a, err)
			continue
		}
		ln.Close()
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("temporary directory %s still there: %v", dir, err)
	}
}

func TestGivenDirectoryIsKeptWithTheFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lab")
	l := startLab(t, Options{Dir: dir})
	for _, name := range []string{"ca.pem", "client.pem", "client-key.pem", "expired-client.pem", "expired-client-key.pem",
		"tokens/read.jwt", "tokens/expired.jwt", "tokens/foreign.jwt", "tokens/write.jwt", "tokens/github.txt"} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if strings.Contains(name, "key") && info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, info.Mode().Perm())
		}
	}
	tok, err := os.ReadFile(filepath.Join(dir, "tokens", "read.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := send(t, []string{"-H", "Authorization: Bearer " + strings.TrimSpace(string(tok)), l.HTTPURL + "/api/orders"}); got.status != 200 {
		t.Errorf("the token file's token: status %d", got.status)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ca.pem")); err != nil {
		t.Errorf("a given directory must stay: %v", err)
	}
}

func TestStartListensOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::1]:0", "192.0.2.1:0", "nonsense"} {
		opts := Options{HTTPAddr: addr}
		if addr == ":0" {
			// An empty host would mean every interface to net.Listen; the
			// lab reads it as 127.0.0.1.
			l := startLab(t, opts)
			if !strings.HasPrefix(l.HTTPURL, "http://127.0.0.1:") {
				t.Errorf("%q: listening at %s", addr, l.HTTPURL)
			}
			continue
		}
		if l, err := Start(opts); err == nil {
			l.Close()
			t.Errorf("Start accepted %q", addr)
		}
	}
}

func TestIndexListsTheScenarios(t *testing.T) {
	l := startLab(t, Options{})
	got := send(t, []string{l.HTTPURL + "/"})
	if got.status != 200 || !strings.HasPrefix(got.header.Get("Content-Type"), "text/html") {
		t.Fatalf("index: %d %q", got.status, got.header.Get("Content-Type"))
	}
	for _, s := range l.Scenarios() {
		if !strings.Contains(got.body, "<td>"+s.Name+"</td>") {
			t.Errorf("index lacks %s", s.Name)
		}
	}
	if got := send(t, []string{l.HTTPURL + "/nothing-here"}); got.status != 404 || got.header.Get("Date") == "" {
		t.Errorf("unknown path: %d, Date %q", got.status, got.header.Get("Date"))
	}
}

func TestLogWritesOneLinePerRequest(t *testing.T) {
	var buf syncBuffer
	l := startLab(t, Options{Log: &buf})
	send(t, []string{l.HTTPURL + "/api/orders"})
	if s := buf.String(); !strings.Contains(s, "GET /api/orders → 401") {
		t.Errorf("log %q", s)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestScenariosReturnsACopy(t *testing.T) {
	l := startLab(t, Options{})
	a := l.Scenarios()
	a[0].Args[0] = "changed"
	if l.Scenarios()[0].Args[0] == "changed" {
		t.Error("Scenarios shares its slices with the lab")
	}
}

func TestBytesStreamsTheAskedSize(t *testing.T) {
	l, err := Start(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	resp, err := http.Get(l.HTTPURL + "/bytes?size=300000")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n != 300000 || resp.ContentLength != 300000 {
		t.Fatalf("got %d bytes (Content-Length %d), err %v", n, resp.ContentLength, err)
	}
	bad, err := http.Get(l.HTTPURL + "/bytes?size=-1")
	if err != nil {
		t.Fatal(err)
	}
	bad.Body.Close()
	if bad.StatusCode != http.StatusBadRequest {
		t.Errorf("size=-1 gave %d", bad.StatusCode)
	}
}
