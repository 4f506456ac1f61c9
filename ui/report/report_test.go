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
	if err := WriteJSON(&buf, Build(req, ex, rep, Options{Reveal: true})); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "SECRETCOOKIE42") || !strings.Contains(buf.String(), jwt) {
		t.Errorf("--reveal did not reveal:\n%s", buf.String())
	}
}

func TestMaskJWTs(t *testing.T) {
	got := MaskJWTs("a " + jwt + " b eyJnotajwt c")
	if strings.Contains(got, jwt) || !strings.Contains(got, "eyJnotajwt") {
		t.Errorf("MaskJWTs = %q", got)
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
