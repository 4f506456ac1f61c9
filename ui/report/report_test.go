package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"

// hostileExchange is a refusal whose every server-controlled string tries
// to act on the terminal, and whose request carries secrets.
func hostileExchange() (probe.Request, probe.Exchange, checks.Report) {
	req := probe.NewRequest("https://api.test/v1?access_token=SECRETQUERY123")
	req.SetHeader("Authorization", "Bearer "+jwt)
	req.SetHeader("Cookie", "sid=SECRETCOOKIE42")
	ex := probe.Exchange{
		Request: probe.WireRequest{Method: "GET", URL: req.URL, Proto: "HTTP/1.1", Headers: req.EffectiveHeaders()},
		Response: &probe.Response{
			Status: 403, Reason: "Forbidden\x1b]2;pwned\x07", Proto: "HTTP/1.1",
			Headers: []probe.Header{
				{Name: "Set-Cookie", Value: "session=SETCOOKIESECRET; Path=/"},
				{Name: "X-Evil", Value: "a\u009b2Jb\u202egnp.exe\x7f"},
			},
			Body:     []byte("denied \x1b[8mhidden\x1b[0m token " + jwt + " \u202eevil\u202c"),
			BodySize: 60,
		},
		Timing: probe.Timing{Total: 182 * time.Millisecond},
	}
	rep := checks.Report{
		Findings: []checks.Finding{
			{ID: checks.AuthExpired, Status: checks.Fail, Title: "Token expired \x1b[2J", Evidence: []string{"exp \u009b2J"}, Fix: "Get a new token", Strength: checks.Named},
			{ID: checks.TLSClientCert, Status: checks.Skip, Title: "server did not ask"},
		},
		Likely: []string{checks.AuthExpired},
	}
	return req, ex, rep
}

func assertInert(t *testing.T, out string) {
	t.Helper()
	for _, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == '\u202e' || r == '\u202c' {
			t.Fatalf("terminal-active rune %U in output:\n%s", r, out)
		}
	}
}

func assertMasked(t *testing.T, out string) {
	t.Helper()
	for _, secret := range []string{"SECRETQUERY123", "SECRETCOOKIE42", "SETCOOKIESECRET", jwt} {
		if strings.Contains(out, secret) {
			t.Errorf("secret %q leaked into output:\n%s", secret, out)
		}
	}
}

func TestTextReportIsInertAndMasked(t *testing.T) {
	req, ex, rep := hostileExchange()
	var buf bytes.Buffer
	if err := WriteText(&buf, Build(req, ex, rep, Options{}), TextOptions{Verbose: true}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	assertInert(t, out)
	assertMasked(t, out)
	for _, want := range []string{`HTTP/1.1 403 Forbidden\x1b]2;pwned\x07`, "✗ auth.expired", "Likely: auth.expired", "Fix: Get a new token", "–"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
}

func TestJSONReportIsInertMaskedAndExact(t *testing.T) {
	req, ex, rep := hostileExchange()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Build(req, ex, rep, Options{})); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	assertInert(t, out)
	assertMasked(t, out)
	var back Document
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("report is not valid JSON: %v\n%s", err, out)
	}
	// The escaping is JSON's own: a script decoding the report gets the
	// server's bytes exactly.
	if got := back.Response.Headers[1].Value; got != "a\u009b2Jb\u202egnp.exe\x7f" {
		t.Errorf("header value after decoding = %q", got)
	}
	if back.Likely[0] != checks.AuthExpired || back.Checks[0].Status != "fail" || back.Experiments == nil {
		t.Errorf("checks/likely/experiments wrong: %+v", back)
	}
}

func TestRevealShowsSecrets(t *testing.T) {
	req, ex, rep := hostileExchange()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Build(req, ex, rep, Options{Redactor: probe.NewRedactor(req, true)})); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "SECRETCOOKIE42") || !strings.Contains(buf.String(), jwt) {
		t.Errorf("--reveal did not reveal:\n%s", buf.String())
	}
}

func TestNoResponseReport(t *testing.T) {
	req := probe.NewRequest("https://127.0.0.1:1/")
	ex := probe.Exchange{Err: &probe.Error{Phase: probe.PhaseConnect, Message: "connection refused: nothing listens on 127.0.0.1:1"}}
	var buf bytes.Buffer
	d := Build(req, ex, checks.Report{}, Options{})
	if err := WriteText(&buf, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "No response: connect error") || d.Response != nil || d.Request.Method != "GET" {
		t.Errorf("no-response report:\n%s", buf.String())
	}
	// Without an answer there is no marker to miss: the report must not
	// send the reader to the server's logs for a refusal that never came.
	if strings.Contains(buf.String(), "carries no marker") || !strings.Contains(buf.String(), "the connect error above is the problem") {
		t.Errorf("no-response verdict:\n%s", buf.String())
	}
}

// An error read from a transcript may carry no phase: the verdict still
// reads as a sentence.
func TestNoResponseVerdictWithoutPhase(t *testing.T) {
	ex := probe.Exchange{Err: &probe.Error{Message: "the transcript ends before the answer"}}
	var buf bytes.Buffer
	if err := WriteText(&buf, Build(probe.NewRequest("https://127.0.0.1:1/"), ex, checks.Report{}, Options{}), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Likely: no HTTP answer to judge; the error above is the problem.") {
		t.Errorf("verdict:\n%s", buf.String())
	}
}

// A failed handshake records a TLS block without a version; the
// connection line must not end in a dangling separator.
func TestFailedHandshakeConnectionLine(t *testing.T) {
	req := probe.NewRequest("https://127.0.0.1:1/")
	ex := probe.Exchange{
		Err:       &probe.Error{Phase: probe.PhaseTLS, Message: "the server's certificate expired"},
		TLS:       &probe.TLSInfo{},
		LocalAddr: "127.0.0.1:5000", RemoteAddr: "127.0.0.1:1",
	}
	d := Build(req, ex, checks.Report{}, Options{})
	var text, md bytes.Buffer
	if err := WriteText(&text, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "127.0.0.1:1") && strings.HasSuffix(strings.TrimSpace(line), "·") {
				t.Errorf("%s: dangling separator in %q", name, line)
			}
		}
	}
}

func TestSkipsSharingAReasonAreSaidOnce(t *testing.T) {
	req := probe.NewRequest("https://127.0.0.1:1/")
	ex := probe.Exchange{Err: &probe.Error{Phase: probe.PhaseTLS, Message: "handshake failed"}}
	rep := checks.Report{Findings: []checks.Finding{
		{ID: checks.AuthMissing, Status: checks.Skip, Title: "no response: tls error"},
		{ID: checks.RateLimit, Status: checks.Skip, Title: "no response: tls error"},
		{ID: checks.GeoBlock, Status: checks.Skip, Title: "no response: tls error"},
		{ID: checks.TLSClientCert, Status: checks.Fail, Title: "certificate required", Evidence: []string{"alert"}},
	}, Likely: []string{checks.TLSClientCert}}
	var buf bytes.Buffer
	if err := WriteText(&buf, Build(req, ex, rep, Options{}), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Count(out, "no response: tls error") != 1 || !strings.Contains(out, "3 checks not judged") ||
		!strings.Contains(out, "auth.missing, ratelimit, geo.block") {
		t.Errorf("shared skips not grouped:\n%s", out)
	}
}

// The JSON report masks with probe's one secrets API: the challenge stays
// (it is the evidence), Azure's subscription key and the body's secrets
// go, and the URL keeps its order and encoding.
func TestReportMasksWithProbeSecrets(t *testing.T) {
	const challenge = `Bearer error="invalid_token", error_description="token expired"`
	u := "https://api.test/v1?z=1&api_key=SECRETKEY0123456&q=a%20b&sig=SECRETSIG987654"
	req := probe.NewRequest(u)
	ex := probe.Exchange{
		Request: probe.WireRequest{Method: "POST", URL: "/v1?z=1&api_key=SECRETKEY0123456&q=a%20b&sig=SECRETSIG987654", FullURL: u, Proto: "HTTP/1.1",
			Headers: []probe.Header{
				{Name: "Ocp-Apim-Subscription-Key", Value: "SUBSCRIPTIONKEY1234"},
				{Name: "Content-Type", Value: "application/x-www-form-urlencoded"},
			},
			Body: []byte("user=bob&password=FORMPASSWORD99&x=1"), BodySize: 36},
		Response: &probe.Response{
			Status: 401, Proto: "HTTP/1.1",
			Headers: []probe.Header{{Name: "WWW-Authenticate", Value: challenge}, {Name: "Content-Type", Value: "application/json"}},
			Body:    []byte(`{"error":"expired","refresh_token":"JSONREFRESHTOKEN77"}`),
		},
	}
	d := Build(req, ex, checks.Report{}, Options{})
	var buf bytes.Buffer
	if err := WriteJSON(&buf, d); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, secret := range []string{"SECRETKEY0123456", "SECRETSIG987654", "SUBSCRIPTIONKEY1234", "FORMPASSWORD99", "JSONREFRESHTOKEN77"} {
		if strings.Contains(out, secret) {
			t.Errorf("secret %q leaked:\n%s", secret, out)
		}
	}
	if got := d.Response.Headers[0].Value; got != challenge {
		t.Errorf("WWW-Authenticate masked: %q", got)
	}
	if want := "https://api.test/v1?z=1&api_key=••••3456&q=a%20b&sig=••••7654"; d.Request.URL != want {
		t.Errorf("URL %q, want %q", d.Request.URL, want)
	}
	if want := "/v1?z=1&api_key=••••3456&q=a%20b&sig=••••7654"; d.Request.Target != want {
		t.Errorf("target %q, want %q", d.Request.Target, want)
	}
	if d.Request.BodyExcerpt != "user=bob&password=••••RD99&x=1" || !strings.Contains(d.Response.BodyExcerpt, `"error":"expired"`) {
		t.Errorf("bodies %q %q", d.Request.BodyExcerpt, d.Response.BodyExcerpt)
	}
}

// The reason phrase and the warnings are the server's words: a secret of
// the request that the server sends back in them is masked in every
// format, the API-key header's too when its name is given.
func TestReasonAndWarningsMasked(t *testing.T) {
	const query, key = "qq9Zx4Cv7Bn1Mq8Wl5", "kk7Hq2Lx9Vw4Rt8Nz3"
	req := probe.NewRequest("http://127.0.0.1:1/v1?api_key=" + query)
	req.Headers = append(req.Headers, probe.Header{Name: "X-Team", Value: key})
	ex := probe.Exchange{
		Response: &probe.Response{Status: 403, Reason: "Forbidden " + query, Proto: "HTTP/1.1"},
		Warnings: []string{"redirected to http://127.0.0.1:2/?key=" + key},
	}
	req.SecretHeaders = []string{"X-Team"}
	d := Build(req, ex, checks.Report{}, Options{Redactor: probe.NewRedactor(req, false)})
	var text, md, js bytes.Buffer
	if err := WriteText(&text, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, d); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String(), "json": js.String()} {
		for _, secret := range []string{query, key} {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows %s:\n%s", name, secret, out)
			}
		}
	}
}
