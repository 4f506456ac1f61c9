package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// hostileMarkdownExchange is hostileExchange with every server string
// trying Markdown as well: raw HTML, links, images, autolinks, entities,
// code fences that would close the report's block, table cells.
func hostileMarkdownExchange() (probe.Request, probe.Exchange, checks.Report) {
	req, ex, rep := hostileExchange()
	const md = "<img src=x onerror=alert(1)> [click](https://evil.example/) ![i](https://evil.example/i.png) " +
		"<https://evil.example/auto> &#x202e; `code` | cell | *em* _em_ ~~s~~ # h"
	ex.Response.Reason = "Forbidden " + md
	ex.Response.Headers = append(ex.Response.Headers, probe.Header{Name: "X-Md", Value: md})
	ex.Response.Body = []byte("denied \x1b[8mhidden\x1b[0m\n```\n</code></pre><script>alert(1)</script>\n````\n" + md + "\n")
	ex.Response.BodySize = int64(len(ex.Response.Body))
	rep.Stack, rep.Reference = "Cloudflare <b>", "8a1b`2c3d``4e <i>x</i> | y"
	rep.Findings[0].Title = "Token expired " + md
	rep.Findings[0].Evidence = append(rep.Findings[0].Evidence, md, "- a list", "1. a numbered list")
	rep.Findings[0].Fix = "Get a new token " + md
	rep.Findings = append(rep.Findings, checks.Finding{ID: checks.RateLimit, Status: checks.Warn, Title: "Limit near", Evidence: []string{"3 of 60 left"}},
		checks.Finding{ID: checks.GeoBlock, Status: checks.Pass, Title: "No regional block"})
	rep.Experiments = []checks.Experiment{
		{Name: "no-credential", Change: "without the credential | " + md, Method: "GET", URL: req.URL, Sent: true, Status: 401, Conclusion: "the same 401 " + md},
		{Name: "no-cookies", Change: "without cookies", Method: "POST", URL: req.URL, NotSent: "POST needs consent"},
	}
	return req, ex, rep
}

var sentAt = time.Date(2026, 11, 25, 21, 46, 52, 0, time.FixedZone("CET", 3600))

func markdownOf(t *testing.T, reveal bool) string {
	t.Helper()
	req, ex, rep := hostileMarkdownExchange()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Build(req, ex, rep, Options{Redactor: probe.NewRedactor(req, reveal), Time: sentAt})); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// renderGFM renders Markdown as GitHub would (tables, autolinks,
// strikethrough), with raw HTML allowed, so that any HTML the report lets
// through shows up in the result.
func renderGFM(t *testing.T, md string) string {
	t.Helper()
	var out bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := gm.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestMarkdownReportHasWhatSupportAsksFor(t *testing.T) {
	out := markdownOf(t, false)
	t.Log("\n" + out)
	for _, want := range []string{
		"## why403: 403 Forbidden",
		"```sh\ncurl 'https://api.test/v1?access_token=••••Y123' ",
		`-H "Authorization: Bearer $TOKEN"`,
		"- **Status:** HTTP/1.1 403 Forbidden",
		" · 182 ms · ",
		"- **Sent:** 2026-11-25 20:46:52 UTC",
		"Ray ID ",
		"(quote it to their support)",
		"**Likely:** `auth.expired`",
		"**Fix:** Get a new token",
		"- ✗ `auth.expired` Token expired",
		"  - exp \\\\u009b2J",
		"- ! `ratelimit` Limit near",
		"  - 3 of 60 left",
		"- ✓ Ruled out: `geo.block`",
		"- – Not judged: `tls.client_cert`",
		"### Response",
		"### Experiments",
		"| change | request | answer | what it shows |",
		"| 401 |",
		"| not sent | POST needs consent |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown report lacks %q", want)
		}
	}
	assertInert(t, out)
	assertMasked(t, out)
}

// Rendered as GitHub would, nothing the server sent becomes HTML, a link,
// an image or an extra table cell, and the fenced blocks stay closed.
func TestMarkdownReportIsInertWhenRendered(t *testing.T) {
	out := markdownOf(t, false)
	page := renderGFM(t, out)
	for _, bad := range []string{"<img", "<script", "<b>", "<i>", "href=\"https://evil", "<del>", "<em>", "<h1", "\u202e"} {
		if strings.Contains(page, bad) {
			t.Errorf("rendered report contains %q:\n%s", bad, page)
		}
	}
	if n := strings.Count(page, "<a "); n != 0 {
		t.Errorf("rendered report has %d links:\n%s", n, page)
	}
	// The experiments table keeps its four columns in every row.
	for _, row := range regexp.MustCompile(`(?s)<tr>.*?</tr>`).FindAllString(page, -1) {
		if n := strings.Count(row, "<td") + strings.Count(row, "<th"); n != 4 {
			t.Errorf("table row with %d cells: %s", n, row)
		}
	}
	// Two code blocks (the command, the response), each whole: the body's
	// ``` and ```` did not close the response's block early.
	if n := strings.Count(page, "<pre><code"); n != 2 {
		t.Errorf("%d code blocks, want 2:\n%s", n, page)
	}
	if !strings.Contains(page, "\n````\n") || !strings.Contains(page, "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;") {
		t.Errorf("the body's fences or HTML were not kept as text in the block:\n%s", page)
	}
	// The evidence lines that look like list items stay text.
	if strings.Contains(page, "<ol") {
		t.Errorf("evidence became a numbered list:\n%s", page)
	}
	// The reference keeps its exact (escaped) text in its code span.
	if !strings.Contains(page, "<code>8a1b`2c3d``4e &lt;i&gt;x&lt;/i&gt; | y</code>") {
		t.Errorf("reference not shown as code:\n%s", page)
	}
	assertInert(t, page)
}

func TestMarkdownReveal(t *testing.T) {
	out := markdownOf(t, true)
	if !strings.Contains(out, "SECRETCOOKIE42") || !strings.Contains(out, jwt) {
		t.Errorf("--reveal did not reveal:\n%s", out)
	}
	assertInert(t, out)
}

// With the token from --token-env, the command names the variable.
func TestMarkdownNamesTokenVariable(t *testing.T) {
	req := probe.NewRequest("https://api.test/v1")
	req.Auth.Bearer = "SECRETBEARER123456"
	ex := probe.Exchange{Response: &probe.Response{Status: 401, Proto: "HTTP/1.1", Reason: "Unauthorized"}}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Build(req, ex, checks.Report{}, Options{TokenEnv: "API_TOKEN"})); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `-H "Authorization: Bearer $API_TOKEN"`) || strings.Contains(out, "SECRETBEARER") {
		t.Errorf("command does not name $API_TOKEN:\n%s", out)
	}
	if strings.Contains(out, "**Sent:**") {
		t.Errorf("a report without a time claims one:\n%s", out)
	}
}

func TestMarkdownNoResponse(t *testing.T) {
	req := probe.NewRequest("https://127.0.0.1:1/")
	ex := probe.Exchange{Err: &probe.Error{Phase: probe.PhaseConnect, Message: "connection refused <b>"}}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Build(req, ex, checks.Report{}, Options{Time: sentAt})); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"no response (connect error)", `- **No response:** connect error: connection refused \<b\>`} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "### Response") || strings.Contains(out, "**Likely:**") {
		t.Errorf("shows a response or a judgement that never came:\n%s", out)
	}
}

// A Document without the request (built elsewhere) still gets a command,
// from the recorded request, with its secrets still masked.
func TestMarkdownCommandFromRecordedRequest(t *testing.T) {
	req, ex, rep := hostileExchange()
	d := Build(req, ex, rep, Options{})
	d.Curl = ""
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, d); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "```sh\ncurl ") || !strings.Contains(out, `"Authorization: Bearer $TOKEN"`) {
		t.Errorf("no command:\n%s", out)
	}
	assertMasked(t, out)
}

func TestMdText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"<b>[x](y)</b>", `\<b\>\[x\](y)\</b\>`},
		{"a | b", `a \| b`},
		{"&#x202e;", `\&\#x202e;`},
		{"`x` *y* _z_ ~w~", "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~"},
		{"127.0.0.1:80", "127.0.0.1:80"},
		{"esc \x1b[2J", `esc \\x1b\[2J`},
		{"new\nline", `new\\nline`},
		{"bidi \u202e", `bidi \\u202e`},
		{`back\slash`, `back\\slash`},
		{"see https://evil.example/x", `see https\://evil.example/x`},
		{"WWW.evil.example", `WWW\.evil.example`},
		{"mail a@evil.example", `mail a\@evil.example`},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	items := []struct{ in, want string }{
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"12. item", `12\. item`},
		{"3) item", `3\) item`},
		{"2026 was", "2026 was"},
		{"127.0.0.1 refused", `127\.0.0.1 refused`},
		{"<b>", `\<b\>`},
	}
	for _, tt := range items {
		if got := mdItem(tt.in); got != tt.want {
			t.Errorf("mdItem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
