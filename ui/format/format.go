// Package format turns an exchange into escaped, pre-split lines for the TUI's panes. Everything is computed once when a response arrives (or once per resize for Wrap), never per frame.
//
// Every string returned is inert: each value from the server, the user or
// the OS passes through the escape package, tabs are expanded, and no line
// holds a newline or any other control character.
package format

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// MaxLine is the longest logical line kept: a logical line longer than this is split (the viewport's soft wrap is quadratic).
const MaxLine = 4096

// MaxLines is the number of lines kept per pane; the rest is summarised in a last line.
const MaxLines = 200_000

// Response: the status line, headers (one "Name: value" line each, values escaped with escape.Line, Set-Cookie masked unless reveal), a blank line, then the body: JSON pretty-printed with encoding/json.Indent (byte-preserving; fall back to raw on error), HTML and other text as escaped text, a binary body (decided by Content-Type, a NUL in the first 8 KiB, or a high share of invalid UTF-8/control bytes) as a one-line placeholder "binary body: 12345 bytes, image/png" plus a hex dump (encoding/hex.Dumper) of the first 4 KiB, with the ASCII column escaped too; then "truncated at N of M bytes" when Response.Truncated, the DecodeError if any. Returns logical lines (no wrapping).
//
// The redactor masks the headers that hand out a credential (but not
// WWW-Authenticate, which is evidence), JWTs anywhere in headers or body
// and the request's own secrets echoed back. Trailers follow the body.
func Response(r *probe.Response, red probe.Redactor) []string {
	return ResponseFrom(r, red, 0)
}

// ResponseFrom is Response from its logical line from on: a first line
// says how many lines came before, so that a search can show a match
// past the MaxLines that Response keeps.
func ResponseFrom(r *probe.Response, red probe.Redactor, from int) []string {
	if r == nil {
		return []string{"no response"}
	}
	foot := responseFoot(r, red)
	budget := MaxLines - 1 - len(foot)
	if from > 0 {
		budget-- // the line saying how many came before
	}
	b := newBuilder(budget)
	b.skip = max(from, 0)
	writeResponse(b, r, red)
	out := b.lines()
	tail := newBuilder(MaxLines - len(out))
	tail.addAll(foot)
	return append(out, tail.lines()...)
}

// EachResponseLine calls visit with every line Response would return if
// it kept them all, in order, without keeping them: a search over the
// whole kept body costs one pass, not the memory of its lines.
func EachResponseLine(r *probe.Response, red probe.Redactor, visit func(string)) {
	if r == nil {
		visit("no response")
		return
	}
	b := &builder{max: math.MaxInt, visit: visit}
	writeResponse(b, r, red)
	b.addAll(responseFoot(r, red))
}

func writeResponse(b *builder, r *probe.Response, red probe.Redactor) {
	b.add(statusLine(r))
	for _, h := range r.Headers {
		b.add(responseHeader(h, red))
	}
	b.add("")
	b.body(r.Body, r.Get("Content-Type"), r.BodySize, red)
}

// responseFoot is what follows the body: truncation, decode error,
// trailers.
func responseFoot(r *probe.Response, red probe.Redactor) []string {
	var foot []string
	if r.Truncated {
		foot = append(foot, "truncated at "+strconv.Itoa(len(r.Body))+" of "+strconv.FormatInt(r.BodySize, 10)+" bytes")
	}
	if r.DecodeError != "" {
		enc := ""
		if r.ContentEncoding != "" {
			enc = " (" + escape.Line(r.ContentEncoding) + ")"
		}
		foot = append(foot, "decode error"+enc+": "+escape.Line(r.DecodeError)+"; the raw bytes are shown")
	}
	if len(r.Trailers) > 0 {
		foot = append(foot, "", "trailers:")
		for _, h := range r.Trailers {
			foot = append(foot, responseHeader(h, red))
		}
	}
	return foot
}

func statusLine(r *probe.Response) string {
	parts := make([]string, 0, 3)
	if r.Proto != "" {
		parts = append(parts, escape.Line(r.Proto))
	}
	parts = append(parts, strconv.Itoa(r.Status))
	if r.Reason != "" {
		parts = append(parts, escape.Line(r.Reason))
	}
	return strings.Join(parts, " ")
}

// responseHeader formats one response header, masked by the redactor.
func responseHeader(h probe.Header, red probe.Redactor) string {
	return escape.Line(h.Name) + ": " + escape.Line(red.ResponseHeader(h.Name, h.Value))
}

// Request: the request as it went on the wire ("GET /path HTTP/1.1", headers, blank, body excerpt), masked by the redactor: credentials (and the headers the user named secret), secret query parameters of the target, JWTs, and the secret fields of the body.
//
// The body is formatted like a response body (JSON pretty-printed, binary
// as a hex dump); a last line names the client certificate offered.
func Request(w probe.WireRequest, red probe.Redactor) []string {
	target := w.URL
	if target == "" {
		target = w.FullURL
	}
	target = red.URL(target)
	parts := make([]string, 0, 3)
	for _, p := range []string{w.Method, target, w.Proto} {
		if p != "" {
			parts = append(parts, escape.Line(p))
		}
	}
	var foot []string
	if c := w.ClientCert; c != nil {
		foot = append(foot, "", "client certificate offered: "+escape.Line(c.Subject))
	}
	b := newBuilder(MaxLines - 1 - len(foot))
	b.add(strings.Join(parts, " "))
	ct := ""
	for _, h := range w.Headers {
		v := red.RequestHeader(h.Name, h.Value)
		if strings.EqualFold(h.Name, "Content-Type") && ct == "" {
			ct = h.Value
		}
		b.add(escape.Line(h.Name) + ": " + escape.Line(v))
	}
	if len(w.Body) > 0 || w.BodySize > 0 {
		b.add("")
		b.bodyMasked(w.Body, ct, w.BodySize, red)
		if w.BodySize > int64(len(w.Body)) {
			b.add("… showing " + strconv.Itoa(len(w.Body)) + " of " + strconv.FormatInt(w.BodySize, 10) + " bytes sent")
		}
	}
	out := b.lines()
	tail := newBuilder(MaxLines - len(out))
	tail.addAll(foot)
	return append(out, tail.lines()...)
}

// phase is one row of the timing chart.
type phase struct {
	name string
	d    time.Duration
}

// Timing: the phases (DNS, connect, TLS, request written, first byte, body, total) as a small horizontal bar chart fitting width columns, durations in ms.
//
// The bars form a waterfall: each starts where the phase before it ended,
// on a scale where the whole width is the total. A phase that did not
// happen shows "–". Below 32 columns the bars are left out.
func Timing(t probe.Timing, width int) []string {
	phases := []phase{
		{"DNS", t.DNS}, {"connect", t.Connect}, {"TLS", t.TLS},
		{"request sent", t.Wrote}, {"first byte", t.FirstByte}, {"body", t.Body},
	}
	var sum time.Duration
	for _, p := range phases {
		sum += max(p.d, 0)
	}
	scale := max(t.Total, sum)
	const labelW, valueW = 13, 11
	bar := width - labelW - valueW - 1
	if bar < 8 {
		bar = 0
	}
	row := func(name string, d, offset time.Duration) string {
		val := "–"
		if d > 0 {
			val = millis(d)
		}
		s := fmt.Sprintf("%-*s%*s", labelW, name, valueW, val)
		if bar > 0 && d > 0 && scale > 0 {
			start := int(int64(bar) * int64(offset) / int64(scale))
			n := int((int64(bar)*int64(d) + int64(scale)/2) / int64(scale))
			n = max(n, 1)
			start = min(start, bar-n)
			s += " " + strings.Repeat(" ", max(start, 0)) + strings.Repeat("█", min(n, bar))
		}
		return fitWidth(s, width)
	}
	out := make([]string, 0, len(phases)+2)
	var offset time.Duration
	for _, p := range phases {
		out = append(out, row(p.name, p.d, offset))
		offset += max(p.d, 0)
	}
	out = append(out, row("total", t.Total, 0))
	if t.Reused {
		out = append(out, fitWidth("connection reused: no DNS, connect or TLS", width))
	}
	return out
}

// millis formats a duration in milliseconds with one decimal.
func millis(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
}

// fitWidth cuts s to width columns (no cut when width < 1).
func fitWidth(s string, width int) string {
	if width < 1 || ansi.StringWidth(s) <= width {
		return strings.TrimRight(s, " ")
	}
	return strings.TrimRight(ansi.Truncate(s, width, ""), " ")
}

// TLS: version, ALPN, cipher, verified?, the peer chain (subject, issuer, SANs, validity, sha256 short), whether the server sent a CertificateRequest and its acceptable CAs, the client certificate offered. nil → one line "plain HTTP: no TLS handshake".
func TLS(t *probe.TLSInfo) []string {
	if t == nil {
		return []string{"plain HTTP: no TLS handshake"}
	}
	b := newBuilder(MaxLines - 1)
	b.add("version:      " + orNone(t.Version))
	b.add("ALPN:         " + orNone(t.ALPN))
	b.add("cipher:       " + orNone(t.CipherSuite))
	if t.ServerName != "" {
		b.add("server name:  " + escape.Line(t.ServerName))
	}
	if t.Verified {
		b.add("verified:     yes")
	} else {
		b.add("verified:     no (verification skipped with -k)")
	}
	b.add("")
	switch len(t.Peer) {
	case 0:
		b.add("peer chain: none presented")
	default:
		b.add("peer chain (" + strconv.Itoa(len(t.Peer)) + ", leaf first):")
		for i := range t.Peer {
			b.cert("  ["+strconv.Itoa(i)+"] ", &t.Peer[i])
		}
	}
	b.add("")
	if t.CertificateRequested {
		b.add("client certificate requested: yes (the server sent a CertificateRequest)")
		if len(t.AcceptableCAs) == 0 {
			b.add("  acceptable CAs: any (the list was empty)")
		} else {
			b.add("  acceptable CAs:")
			for _, ca := range t.AcceptableCAs {
				b.add("    " + escape.Line(ca))
			}
		}
	} else {
		b.add("client certificate requested: no")
	}
	if t.ClientCert != nil {
		b.add("client certificate offered:")
		b.cert("  ", t.ClientCert)
	} else {
		b.add("client certificate offered: none")
	}
	return b.lines()
}

// cert appends the lines of one certificate, the first prefixed by lead
// and the rest indented to match it.
func (b *builder) cert(lead string, c *probe.CertInfo) {
	pad := strings.Repeat(" ", len(lead))
	b.add(lead + "subject: " + escape.Line(c.Subject))
	b.add(pad + "issuer:  " + escape.Line(c.Issuer))
	if sans := append(append([]string{}, c.DNSNames...), c.IPs...); len(sans) > 0 {
		for i, s := range sans {
			sans[i] = escape.Line(s)
		}
		b.add(pad + "SANs:    " + strings.Join(sans, ", "))
	}
	b.add(pad + "valid:   " + day(c.NotBefore) + " → " + day(c.NotAfter))
	fp := c.SHA256
	if len(fp) > 16 {
		fp = fp[:16] + "…"
	}
	line := pad + "sha256:  " + escape.Line(fp)
	if c.IsCA {
		line += "  (CA)"
	}
	b.add(line)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return escape.Line(s)
}

// Failure: lines for an exchange that got no response: phase, message, detail (escaped).
//
// JWTs in the message and detail are masked (Go's error text can quote the
// URL or a header).
func Failure(e *probe.Error) []string {
	if e == nil {
		return nil
	}
	b := newBuilder(MaxLines - 1)
	b.add("no response: failed at " + orNone(e.Phase))
	b.addText(escape.Text(probe.MaskJWTs(e.Message)))
	if e.TLSAlert != "" {
		b.add("TLS alert from the server: " + escape.Line(e.TLSAlert))
	}
	if e.Detail != "" {
		b.add("")
		b.add("detail:")
		b.addText(escape.Text(probe.MaskJWTs(e.Detail)))
	}
	return b.lines()
}
