package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/ui/escape"
)

// markdownBodyBytes is how much of the response body a ticket shows: enough
// for a vendor's error page to be recognised, short enough to read.
const markdownBodyBytes = 1024

// WriteMarkdown writes d as a diagnosis report for a support ticket or an
// issue: the request as a curl command, the answer, the server's reference
// ID and the time, the likely cause with its fix, each failing or
// suspicious check with its evidence, and the experiments. Secrets are
// masked as in d. Every string from the server or the user is escaped twice
// over: through ui/escape, so no control byte survives, then for Markdown,
// so nothing renders as HTML, a link, an image or a table cell it was not.
func WriteMarkdown(w io.Writer, d Document) error {
	bw := bufio.NewWriter(w) // one write, not one per line
	m := &mdWriter{w: bw}
	m.title(d)
	m.request(d)
	m.facts(d)
	m.likely(d)
	m.checks(d)
	m.response(d)
	m.experiments(d)
	m.line("Diagnosed with why403; secrets are masked unless the reporter chose to reveal them.")
	return errors.Join(m.err, bw.Flush())
}

type mdWriter struct {
	w   io.Writer
	err error
}

func (m *mdWriter) line(s string) {
	if m.err != nil {
		return
	}
	if _, err := io.WriteString(m.w, s+"\n"); err != nil {
		m.err = fmt.Errorf("writing Markdown report: %w", err)
	}
}

func (m *mdWriter) title(d Document) {
	what := "no response"
	if r := d.Response; r != nil {
		what = fmt.Sprintf("%d %s", r.Status, r.Reason)
	} else if d.Error != nil {
		what = "no response (" + d.Error.Phase + " error)"
	}
	// the request's URL in a code span: shown as is, linked by nothing
	m.line("## why403: " + mdText(what) + " for " + codeSpan(d.Request.Method+" "+d.Request.URL))
	m.line("")
}

func (m *mdWriter) request(d Document) {
	cmd := d.Curl
	if cmd == "" {
		cmd = curlFromDoc(d.Request)
	}
	m.line("Request (reproduce it with this command):")
	m.line("")
	m.fenced("sh", cmd)
	m.line("")
}

// curlFromDoc rebuilds a curl command from the request as recorded, for a
// Document built without the request itself. Its values are already masked
// (or revealed) by Build; Quote masks again, which leaves masked values
// masked. Headers Go writes itself are left to curl.
func curlFromDoc(r RequestDoc) string {
	req := probe.Request{Method: r.Method, URL: r.URL, MaxRedirects: probe.DefaultMaxRedirects}
	for _, h := range r.Headers {
		switch strings.ToLower(h.Name) {
		case "host", "content-length", "transfer-encoding", "connection":
			continue
		}
		req.Headers = append(req.Headers, h)
	}
	if r.BodySize > 0 && int64(len(r.BodyExcerpt)) == r.BodySize {
		req.Body = []byte(r.BodyExcerpt)
	}
	cmd := curlargs.Quote(req, probe.Redactor{}) // the document is masked already; mask what is left
	if r.BodySize > 0 && req.Body == nil {
		cmd += fmt.Sprintf("\n# the request body (%d bytes) is not included", r.BodySize)
	}
	return cmd
}

// facts are the lines a provider's support asks for first.
func (m *mdWriter) facts(d Document) {
	took := fmt.Sprintf("%.0f ms", d.Timing.Total)
	if d.Timing.Total < 10 {
		took = fmt.Sprintf("%.1f ms", d.Timing.Total)
	}
	switch r := d.Response; {
	case r != nil:
		size := fmt.Sprintf("%d bytes", r.BodySize)
		if r.Truncated {
			size = fmt.Sprintf("truncated at %d of %d bytes", r.BodyKept, r.BodySize)
		}
		m.item("Status", mdText(fmt.Sprintf("%s %d %s", r.Proto, r.Status, r.Reason))+" · "+took+" · "+size)
		if e := d.Error; e != nil {
			m.item(incomplete(e), mdText(e.Phase+": "+e.Message))
		}
	case d.Error != nil:
		m.item("No response", mdText(d.Error.Phase+" error: "+d.Error.Message)+" · "+took)
		if d.Error.Detail != "" && d.Error.Detail != d.Error.Message {
			m.item("Detail", mdText(d.Error.Detail))
		}
	}
	if !d.Time.IsZero() {
		m.item("Sent", d.Time.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if c := d.Connection; c.Remote != "" {
		s := mdText(c.Local + " → " + c.Remote)
		if d.TLS != nil && d.TLS.Version != "" { // empty when the handshake failed
			s += " · " + mdText(d.TLS.Version)
			if d.TLS.ALPN != "" {
				s += " (" + mdText(d.TLS.ALPN) + ")"
			}
		}
		if c.Proxy != "" {
			s += " · via proxy " + mdText(c.Proxy)
		}
		m.item("Connection", s)
	}
	if s := d.Stack; s != nil {
		v := mdText(s.Name)
		if s.Reference != "" {
			label := "reference"
			if strings.Contains(strings.ToLower(s.Name), "cloudflare") {
				label = "Ray ID"
			}
			v += " · " + label + " " + codeSpan(s.Reference) + " (quote it to their support)"
		}
		m.item("Server", v)
	}
	for _, h := range d.Redirects {
		m.item("Redirect", fmt.Sprintf("%d %s %s → %s", h.Status, mdText(h.Method), codeSpan(h.URL), codeSpan(h.Location)))
	}
	for _, wmsg := range d.Warnings {
		m.item("Warning", mdText(wmsg))
	}
	m.line("")
}

func (m *mdWriter) item(label, value string) {
	m.line("- **" + label + ":** " + value)
}

func (m *mdWriter) likely(d Document) {
	if len(d.Likely) == 0 {
		if d.Response == nil {
			return // the error above is the whole story
		}
		if label, text, ok := verdict(d); ok {
			m.line("**" + label + ":** " + text)
		} else {
			m.line("**Likely:** no cause identified. The response carries no marker why403 knows; the server's logs decide.")
		}
		m.line("")
		return
	}
	ids := make([]string, len(d.Likely))
	for i, id := range d.Likely {
		ids[i] = codeSpan(id)
	}
	head := "**Likely:** " + strings.Join(ids, ", ")
	if d.Guess {
		head += " (a guess: the server did not name the cause)"
	}
	m.line(head)
	if line, ok := undecided(d); ok {
		m.line("")
		m.line(mdText(line))
	}
	if line, ok := opinionLine(d); ok {
		m.line("")
		m.line(mdText(line))
	}
	for _, c := range d.Checks {
		if c.ID == d.Likely[0] && c.Fix != "" {
			m.line("")
			m.line("**Fix:** " + mdText(c.Fix))
			break
		}
	}
	m.line("")
}

// checks lists what failed or looked suspicious, with its evidence, and
// names the rest in one line each: a reader sees what was ruled out.
func (m *mdWriter) checks(d Document) {
	var passed, skipped []string
	shown := false
	for _, c := range d.Checks {
		switch c.Status {
		case "pass":
			passed = append(passed, codeSpan(c.ID))
			continue
		case "skip":
			skipped = append(skipped, codeSpan(c.ID))
			continue
		}
		if !shown {
			m.line("### Checks")
			m.line("")
			shown = true
		}
		sym, ok := symbols()[c.Status]
		if !ok {
			sym = "?"
		}
		m.line("- " + sym + " " + codeSpan(c.ID) + " " + mdText(c.Title))
		for _, e := range c.Evidence {
			m.line("  - " + mdItem(e))
		}
		if c.Fix != "" {
			m.line("  - Fix: " + mdText(c.Fix))
		}
	}
	if !shown && len(passed)+len(skipped) > 0 {
		m.line("### Checks")
		m.line("")
	}
	if len(passed) > 0 {
		m.line("- ✓ Ruled out: " + strings.Join(passed, ", "))
	}
	if len(skipped) > 0 {
		m.line("- – Not judged: " + strings.Join(skipped, ", "))
	}
	if len(d.Checks) > 0 {
		m.line("")
	}
}

// response shows the head and the start of the body in a fenced block,
// where Markdown means nothing.
func (m *mdWriter) response(d Document) {
	r := d.Response
	if r == nil {
		return
	}
	var b strings.Builder
	b.WriteString(escape.Line(fmt.Sprintf("%s %d %s", r.Proto, r.Status, r.Reason)) + "\n")
	for _, h := range r.Headers {
		b.WriteString(escape.Line(h.Name) + ": " + escape.Line(h.Value) + "\n")
	}
	if body := r.BodyExcerpt; body != "" {
		b.WriteString("\n")
		cut := len(body) > markdownBodyBytes
		if cut {
			body = body[:markdownBodyBytes]
			for !utf8.ValidString(body) && len(body) > 0 {
				body = body[:len(body)-1]
			}
		}
		b.WriteString(escape.Text(body))
		if cut || int64(len(r.BodyExcerpt)) < r.BodySize {
			fmt.Fprintf(&b, "\n… (%d bytes in all)", r.BodySize)
		}
	}
	m.line("### Response")
	m.line("")
	m.fenced("http", strings.TrimRight(b.String(), "\n"))
	m.line("")
}

func (m *mdWriter) experiments(d Document) {
	if len(d.Experiments) == 0 {
		if d.ExperimentsSkipped != "" {
			m.line("### Experiments")
			m.line("")
			m.line("None sent: " + mdText(d.ExperimentsSkipped))
			m.line("")
		}
		return
	}
	m.line("### Experiments")
	m.line("")
	m.line("One change each, sent after the refusal:")
	m.line("")
	m.line("| change | request | answer | what it shows |")
	m.line("| --- | --- | --- | --- |")
	for _, x := range d.Experiments {
		answer, what := "not sent", x.NotSent
		if x.Sent {
			answer = "no answer"
			if x.Status > 0 {
				answer = fmt.Sprint(x.Status)
			} else if x.Error != "" {
				answer = "no answer: " + x.Error
			}
			what = x.Conclusion
		}
		m.line("| " + mdText(x.Change) + " | " + cellCode(x.Method+" "+x.URL) + " | " + mdText(answer) + " | " + mdText(what) + " |")
	}
	m.line("")
}

// fenced writes s in a fenced code block whose fence is longer than any
// run of backticks in s, so nothing in s can close it early.
func (m *mdWriter) fenced(info, s string) {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	m.line(fence + info)
	m.line(escape.Text(s))
	m.line(fence)
}

// mdText makes s one line of inert Markdown text: ui/escape first (control
// and format characters become visible \x1b, \u202e), then a backslash
// before every character Markdown or GitHub's dialect acts on inline: raw
// HTML and autolinks (< >), links and images ([ ] !), bare URLs, www. names
// and e-mail addresses that GitHub links (://, www., @), code (`), emphasis
// and strikethrough (* _ ~), table cells (|), entities (&, which could spell
// &#x202e;) and headings (#).
func mdText(s string) string {
	s = escape.Line(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("\\`*_[]<>|&~#!@", c) >= 0,
			// GitHub's dialect links bare URLs, www. names and e-mail
			// addresses (the @ above); an escape inside breaks the match.
			c == ':' && strings.HasPrefix(s[i+1:], "//"),
			c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// mdItem is mdText for text that begins a list item, where "- x", "+ x"
// or "1. x" would start a list of its own.
func mdItem(s string) string {
	out := mdText(s)
	switch {
	case strings.HasPrefix(out, "-") || strings.HasPrefix(out, "+"):
		out = `\` + out
	default:
		digits := len(out) - len(strings.TrimLeft(out, "0123456789"))
		if digits > 0 && digits < len(out) && (out[digits] == '.' || out[digits] == ')') {
			out = out[:digits] + `\` + out[digits:]
		}
	}
	return out
}

// codeSpan writes s as inline code, which Markdown shows literally: the
// backtick fence is longer than any run inside, padded when s touches it.
func codeSpan(s string) string {
	s = escape.Line(s)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// cellCode is codeSpan inside a table cell: GitHub splits cells at a
// pipe even in a code span, unless it is escaped (and shows it unescaped).
func cellCode(s string) string {
	return strings.ReplaceAll(codeSpan(s), "|", `\|`)
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
