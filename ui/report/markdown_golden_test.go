package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files")

// loopbackExchange is an ordinary refused request to a local server,
// redirected once, with an experiment: the URLs a ticket quotes.
func loopbackExchange() (probe.Request, probe.Exchange, checks.Report) {
	req := probe.NewRequest("http://127.0.0.1:8080/v1/orders?page=2")
	req.SetHeader("Authorization", "Bearer "+jwt)
	ex := probe.Exchange{
		Request: probe.WireRequest{Method: "GET", URL: req.URL, Proto: "HTTP/1.1", Headers: req.EffectiveHeaders()},
		Hops:    []probe.Hop{{Request: probe.WireRequest{Method: "GET", FullURL: "http://127.0.0.1:8080/orders"}, Status: 301, Location: req.URL}},
		Response: &probe.Response{
			Status: 403, Reason: "Forbidden", Proto: "HTTP/1.1",
			Headers:  []probe.Header{{Name: "Content-Type", Value: "text/plain"}},
			Body:     []byte("denied: ask @admin at https://help.example/x or [here](https://evil.example/)"),
			BodySize: 77,
		},
		Timing: probe.Timing{Total: 12 * time.Millisecond},
	}
	rep := checks.Report{
		Findings: []checks.Finding{
			{ID: checks.AuthExpired, Status: checks.Fail, Title: "Token expired", Evidence: []string{"server says: ask @admin at https://help.example/x"}, Fix: "Get a new token", Strength: checks.Named},
		},
		Likely: []string{checks.AuthExpired},
		Experiments: []checks.Experiment{
			{Name: "no-credential", Change: "without the credential", Method: "GET", URL: req.URL, Sent: true, Status: 401, Conclusion: "the credential is read"},
		},
	}
	return req, ex, rep
}

// The request's own URLs read right in GitHub and Slack: in code spans
// and blocks, unescaped and unlinked, while the server's free text stays
// escaped (no link, no @mention).
func TestMarkdownQuotesURLsAsCode(t *testing.T) {
	req, ex, rep := loopbackExchange()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Build(req, ex, rep, Options{Redactor: probe.NewRedactor(req, false), Time: sentAt})); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	path := filepath.Join("testdata", "markdown_loopback.golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{`http\://127`, `127\.0`} {
		if strings.Contains(out, bad) {
			t.Errorf("the request's URL is escaped (%s):\n%s", bad, out)
		}
	}
	for _, want := range []string{"`GET http://127.0.0.1:8080/v1/orders?page=2`", "`http://127.0.0.1:8080/orders`", `\@admin`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %s:\n%s", want, out)
		}
	}
	html := renderGFM(t, out)
	if strings.Contains(html, "<a ") {
		t.Errorf("the report links something:\n%s", html)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if string(want) != out {
		t.Errorf("differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, out, want)
	}
}
