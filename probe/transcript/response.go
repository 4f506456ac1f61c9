package transcript

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/why403/why403/probe"
)

// cutHead reads a status line and header lines up to the blank line that
// ends them (or the end of input), accepting CRLF and LF line ends and
// obsolete line folding. ok is false when s does not start with a status
// line.
func cutHead(s []byte) (h responseHead, rest []byte, ok bool) {
	line, rest := cutLine(s)
	proto, status, reason, ok := parseStatusLine(string(line))
	if !ok {
		return h, s, false
	}
	h = responseHead{proto: proto, status: status, reason: reason}
	for len(rest) > 0 {
		line, next := cutLine(rest)
		rest = next
		if len(line) == 0 {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(h.headers) > 0 {
			last := &h.headers[len(h.headers)-1]
			last.Value += " " + strings.TrimSpace(string(line))
			continue
		}
		if hd, ok := parseHeaderLine(string(line)); ok {
			h.headers = append(h.headers, hd)
		}
		// A line that is not a header (a stray word) is dropped, as a
		// lenient client would; the blank line still ends the head.
	}
	return h, rest, true
}

// cutLine splits the first line off s, without its line end.
func cutLine(s []byte) (line, rest []byte) {
	line, rest, _ = bytes.Cut(s, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest
}

// responseHeads reads every head at the start of s: curl -i prints one per
// response it saw (a 100 Continue, a proxy's "200 Connection established",
// each redirect followed with -L) and the body of the last one only.
func responseHeads(s []byte) (heads []responseHead, body []byte) {
	s = trimStart(s)
	for len(heads) < 100 {
		h, rest, ok := cutHead(s)
		if !ok {
			break
		}
		heads = append(heads, h)
		s = rest
		if next := bytes.TrimLeft(rest, "\r\n"); len(next) > 5 && isStatusLine(firstLine(next)) {
			s = next
			continue
		}
		break
	}
	return heads, s
}

func firstLine(s []byte) []byte {
	l, _ := cutLine(s)
	return l
}

// looksRaw reports a single HTTP/1.x response whose body still carries its
// chunk framing: bytes off the wire, not curl's output.
func looksRaw(s []byte) bool {
	heads, body := responseHeads(s)
	if len(heads) != 1 || !strings.HasPrefix(heads[0].proto, "HTTP/1") {
		return false
	}
	if !strings.Contains(strings.ToLower(probe.HeaderValue(heads[0].headers, "Transfer-Encoding")), "chunked") {
		return false
	}
	_, ok := dechunk(body, 1<<10)
	return ok
}

// readResponses reads a curl -i transcript or a raw response: one entry,
// the final response, with the request unknown.
func readResponses(data []byte, lim Limits) (Capture, error) {
	c := Capture{Format: FormatCurlInclude}
	if looksRaw(data) {
		c.Format = FormatRawResponse
	}
	heads, body := responseHeads(data)
	if len(heads) == 0 {
		return c, nil
	}
	last := heads[len(heads)-1]
	e := Entry{Index: 1}
	var warning string
	e.Exchange.Response, warning = response(last, body, lim.body())
	if warning != "" {
		e.Exchange.Warnings = append(e.Exchange.Warnings, warning)
	}
	if d, ok := e.Exchange.Response.Date(); ok {
		e.StartedAt = d
	}
	e.Notes = append(e.Notes, "The "+c.Format.Describe()+" holds only the response: the request (method, URL, headers, credentials) is unknown, so the checks that read it are not judged")
	for _, h := range heads[:len(heads)-1] {
		if h.status >= 300 && h.status < 400 {
			loc := probe.HeaderValue(h.headers, "Location")
			e.Notes = append(e.Notes, fmt.Sprintf("A %d redirect to %s came before this response", h.status, orNone(loc)))
		}
	}
	c.Entries = []Entry{e}
	return c, nil
}

func orNone(s string) string {
	if s == "" {
		return "(no Location)"
	}
	return s
}
