package transcript

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/why403/why403/probe"
)

// This file writes exchanges as HAR 1.2, the format readHAR reads, so that
// what why403 sent can be opened in a browser's devtools, attached to a
// ticket, or explained again offline (`why403 explain FILE`).

// HARExchange is one exchange to write: probe's record of it, and a comment
// saying which request it was (an experiment's name and conclusion).
type HARExchange struct {
	Exchange probe.Exchange
	Comment  string
	// Method and URL name the request when the exchange recorded none (it
	// failed before a request was built).
	Method, URL string
}

// HAROptions say who writes the file and whether secrets stay visible.
type HAROptions struct {
	// Creator and Version fill log.creator ("why403", "0.1.0").
	Creator, Version string
	// Redactor masks the secrets (the run's request's: probe.NewRedactor),
	// as in every other output; revealed, they are written as sent.
	Redactor probe.Redactor
	// Time stands for startedDateTime when an exchange has no start time.
	Time time.Time
}

// harTimeLayout is RFC 3339 with milliseconds, as browsers write it.
const harTimeLayout = "2006-01-02T15:04:05.000Z07:00"

// WriteHAR writes the exchanges as one HAR 1.2 log, in order. The
// redirects an exchange followed come before it, each an entry of its own
// (probe keeps only their request, status and Location).
func WriteHAR(w io.Writer, xs []HARExchange, o HAROptions) error {
	entries := []harEntry{}
	for _, x := range xs {
		entries = append(entries, harEntriesOf(x, o)...)
	}
	f := harFile{Log: &harLog{
		Version: "1.2",
		Creator: harCreator{Name: text(o.Creator), Version: text(o.Version)},
		Entries: &entries,
	}}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("writing HAR: %w", err)
	}
	return nil
}

// harEntriesOf is one exchange's entries: its redirect hops, then itself.
func harEntriesOf(x HARExchange, o HAROptions) []harEntry {
	ex := x.Exchange
	started := ex.Timing.Start
	if started.IsZero() {
		started = o.Time
	}
	stamp := text(started.Format(harTimeLayout))
	var out []harEntry
	for i, h := range ex.Hops {
		e := harEntry{
			StartedDateTime: stamp,
			Request:         harRequestOf(h.Request, "", "", o.Redactor),
			Response:        harHopResponse(h, o.Redactor),
			Timings:         writeOnly[harTimings]{harTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1}},
			Comment:         text(joinComment(fmt.Sprintf("redirect %d, followed (why403 keeps only its status and Location)", i+1), x.Comment)),
		}
		out = append(out, e)
	}
	timings, total := harTimingsOf(ex.Timing)
	e := harEntry{
		StartedDateTime: stamp,
		Time:            writeOnly[float64]{total},
		Request:         harRequestOf(ex.Request, x.Method, x.URL, o.Redactor),
		Response:        harResponseFor(ex, o.Redactor),
		Timings:         writeOnly[harTimings]{timings},
		Comment:         text(x.Comment),
	}
	if host, _, err := net.SplitHostPort(ex.RemoteAddr); err == nil && net.ParseIP(host) != nil {
		e.ServerIPAddress = text(host)
	}
	return append(out, e)
}

func joinComment(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

// harRequestOf is a request as it went on the wire; method and rawURL
// stand in when none was recorded.
func harRequestOf(r probe.WireRequest, method, rawURL string, red probe.Redactor) harRequest {
	if r.Method != "" {
		method = r.Method
	}
	if r.FullURL != "" {
		rawURL = r.FullURL
	}
	hr := harRequest{
		Method:      text(method),
		URL:         text(red.URL(rawURL)),
		HTTPVersion: text(r.Proto),
		Headers:     harHeaders(r.Headers, red.RequestHeader),
		QueryString: writeOnly[[]harNV]{harQuery(rawURL, red)},
		Cookies:     writeOnly[[]harNV]{[]harNV{}},
		HeadersSize: writeOnly[int64]{-1},
		BodySize:    writeOnly[int64]{r.BodySize},
	}
	if r.BodySize > 0 || len(r.Body) > 0 {
		ct := probe.HeaderValue(r.Headers, "Content-Type")
		body := strings.ToValidUTF8(red.RequestBody(ct, r.Body), "\uFFFD")
		// postData has no encoding field in HAR 1.2: a binary body is
		// written as text, its invalid bytes as U+FFFD.
		hr.PostData = &harPostData{MimeType: text(ct), Text: text(body)}
	}
	return hr
}

// harResponseFor is the final response, or status 0 with _error (as Chrome
// writes it) when none came.
func harResponseFor(ex probe.Exchange, red probe.Redactor) harResponse {
	r := ex.Response
	if r == nil {
		hr := harResponse{
			Headers:     []harNV{},
			Cookies:     writeOnly[[]harNV]{[]harNV{}},
			HeadersSize: writeOnly[int64]{-1},
			BodySize:    writeOnly[int64]{0},
			Error:       "no response",
		}
		if ex.Err != nil {
			hr.Error = text(red.Text(ex.Err.Message))
		}
		return hr
	}
	reason := r.Reason
	if reason == "" {
		reason = http.StatusText(r.Status)
	}
	hr := harResponse{
		Status:      number(r.Status),
		StatusText:  text(red.Text(reason)),
		HTTPVersion: text(r.Proto),
		Headers:     harHeaders(r.Headers, red.ResponseHeader),
		Cookies:     writeOnly[[]harNV]{[]harNV{}},
		Content:     harContentOf(r, red),
		HeadersSize: writeOnly[int64]{-1},
		BodySize:    writeOnly[int64]{r.BodySize},
	}
	if r.WireSize > 0 {
		hr.BodySize = writeOnly[int64]{r.WireSize}
	}
	if r.Status >= 300 && r.Status < 400 {
		hr.RedirectURL = text(red.URL(red.Text(r.Get("Location"))))
	}
	return hr
}

// harHopResponse is a redirect that was followed: its status and Location.
func harHopResponse(h probe.Hop, red probe.Redactor) harResponse {
	loc := red.URL(red.Text(h.Location))
	return harResponse{
		Status:      number(h.Status),
		StatusText:  text(http.StatusText(h.Status)),
		HTTPVersion: text(h.Request.Proto),
		Headers:     []harNV{{Name: "Location", Value: text(loc)}},
		Cookies:     writeOnly[[]harNV]{[]harNV{}},
		HeadersSize: writeOnly[int64]{-1},
		BodySize:    writeOnly[int64]{-1},
		RedirectURL: text(loc),
	}
}

// harContentOf is the decoded body: as text when it is UTF-8, in base64
// when not. Masking works on text, so a binary body whose masking changes
// something is written masked as text (invalid bytes as U+FFFD) rather
// than in base64 with its secrets.
func harContentOf(r *probe.Response, red probe.Redactor) harContent {
	ct := r.Get("Content-Type")
	c := harContent{Size: number(r.BodySize), MimeType: text(ct)}
	if len(r.Body) == 0 {
		return c
	}
	valid := utf8.Valid(r.Body)
	switch {
	case red.Revealed() && valid:
		c.Text = text(r.Body)
	case red.Revealed():
		c.Text, c.Encoding = text(base64.StdEncoding.EncodeToString(r.Body)), "base64"
	default:
		masked := red.ResponseBody(ct, string(r.Body))
		if !valid && masked == string(r.Body) {
			c.Text, c.Encoding = text(base64.StdEncoding.EncodeToString(r.Body)), "base64"
		} else {
			c.Text = text(strings.ToValidUTF8(masked, "\uFFFD"))
		}
	}
	if r.Truncated {
		c.Comment = text(fmt.Sprintf("why403 kept the first %d of %d bytes", len(r.Body), r.BodySize))
	}
	return c
}

// harHeaders are header lines, each value masked by mask (the redactor's
// rule for a request's or a response's headers).
func harHeaders(hs []probe.Header, mask func(name, value string) string) []harNV {
	out := make([]harNV, 0, len(hs))
	for _, h := range hs {
		out = append(out, harNV{Name: text(h.Name), Value: text(mask(h.Name, h.Value))})
	}
	return out
}

// harQuery is the query string of a URL in order, decoded, the values of
// secret parameters masked as MaskURL masks them.
func harQuery(rawURL string, red probe.Redactor) []harNV {
	out := []harNV{}
	_, q, ok := strings.Cut(strings.SplitN(rawURL, "#", 2)[0], "?")
	if !ok || q == "" {
		return out
	}
	for _, p := range strings.Split(q, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		if !red.Revealed() && probe.IsSecretQueryParam(strings.TrimSpace(k)) {
			v = probe.MaskSecret(v)
		}
		out = append(out, harNV{Name: text(k), Value: text(v)})
	}
	return out
}

// harTimingsOf maps probe's phases onto HAR's; a phase that did not
// happen (DNS for an address, connect on a reused connection, TLS for
// http) is -1. HAR's connect includes ssl. total is their sum, HAR's time.
func harTimingsOf(t probe.Timing) (harTimings, float64) {
	opt := func(d time.Duration) float64 {
		if d <= 0 {
			return -1
		}
		return ms(d)
	}
	ht := harTimings{
		Blocked: -1,
		DNS:     opt(t.DNS),
		Connect: opt(t.Connect + t.TLS),
		SSL:     opt(t.TLS),
		Send:    ms(t.Wrote),
		Wait:    ms(t.FirstByte),
		Receive: ms(t.Body),
	}
	total := ht.Send + ht.Wait + ht.Receive
	for _, v := range []float64{ht.DNS, ht.Connect} {
		if v > 0 {
			total += v
		}
	}
	return ht, math.Round(total*1000) / 1000
}

// ms is a duration in milliseconds to the microsecond; never negative.
func ms(d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return math.Round(float64(d.Microseconds())) / 1000
}
