package transcript

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/why403/why403/probe"
)

// curl -v notes worth reading; the rest of the "* " lines are ignored.
// verboseNotes are the patterns of the curl -v notes that name the
// connection and the URL, compiled when a transcript is first read rather
// than at the start of every why403 command.
var verboseNotes = sync.OnceValue(func() (p struct{ connected, opened, issue *regexp.Regexp }) {
	// "* Connected to example.com (93.184.215.14) port 443 (#0)"
	p.connected = regexp.MustCompile(`Connected to (\S+) \(([^)]*)\) port (\d+)`)
	// curl 8: "* [HTTP/2] [1] OPENED stream for https://example.com/x"
	p.opened = regexp.MustCompile(`OPENED stream for (\S+)`)
	// With -L: "* Issue another request to this URL: 'https://…'"
	p.issue = regexp.MustCompile(`Issue another request to this URL: '([^']*)'`)
	return p
})

// tlsNotes are info-line words that only appear on a TLS connection.
var tlsNotes = []string{"SSL connection", "TLSv1", "ALPN", "SSL certificate", "Server certificate", "TLS handshake"}

// verboseExchange is one request and response as curl -v shows them.
type verboseExchange struct {
	method, target, proto string
	reqHeaders            []probe.Header
	reqDone               bool
	fullURL               string
	remote                string

	resp     *responseHead
	respDone bool
	body     bytes.Buffer
	bodySize int64
}

// verboseReader holds the state of one pass over a curl -v transcript.
type verboseReader struct {
	lim       Limits
	exchanges []*verboseExchange
	cur       *verboseExchange
	// what the "* " lines said about the current connection
	https     bool
	remote    string
	streamURL string
	nextURL   string
}

// readVerbose reads a curl -v transcript: "> " lines are the request head,
// "< " lines the response head, "* " lines notes (read for the scheme and
// the address connected to, otherwise ignored), and the lines after the
// response head the body. Each request and its final response is an entry;
// the redirects followed with -L before it are its hops.
func readVerbose(data []byte, lim Limits) (Capture, error) {
	v := &verboseReader{lim: lim}
	s := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for len(s) > 0 {
		raw, rest, found := bytes.Cut(s, []byte("\n"))
		if found {
			raw = s[:len(raw)+1] // keep the line end for the body
		}
		s = rest
		v.line(raw)
	}
	return Capture{Format: FormatCurlVerbose, Entries: v.entries()}, nil
}

func (v *verboseReader) line(raw []byte) {
	line := string(bytes.TrimRight(raw, "\r\n"))
	switch {
	case line == ">" || strings.HasPrefix(line, "> "):
		v.requestLine(strings.TrimPrefix(strings.TrimPrefix(line, ">"), " "))
	case line == "<" || strings.HasPrefix(line, "< "):
		v.responseLine(strings.TrimPrefix(strings.TrimPrefix(line, "<"), " "))
	case line == "*" || strings.HasPrefix(line, "* "):
		v.note(line)
	case strings.HasPrefix(line, "{ [") || strings.HasPrefix(line, "} ["):
		// "{ [5 bytes data]": curl's mark for data not shown
	default:
		v.bodyLine(raw)
	}
}

func (v *verboseReader) requestLine(l string) {
	c := v.cur
	if m, t, p, ok := parseRequestLine(l); ok && (c == nil || c.reqDone || c.resp != nil) {
		c = &verboseExchange{method: m, target: t, proto: p, remote: v.remote}
		v.cur = c
		v.exchanges = append(v.exchanges, c)
		c.fullURL = v.requestURL(c)
		return
	}
	if c == nil || c.reqDone {
		return
	}
	if l == "" {
		c.reqDone = true
		return
	}
	if h, ok := parseHeaderLine(l); ok && len(c.reqHeaders) < 1000 {
		c.reqHeaders = append(c.reqHeaders, h)
		if strings.EqualFold(h.Name, "Host") {
			c.fullURL = v.requestURL(c)
		}
	}
}

func (v *verboseReader) responseLine(l string) {
	if proto, status, reason, ok := parseStatusLine(l); ok {
		c := v.cur
		if c == nil || c.respDone && c.resp.status >= 200 {
			// A response without a request shown (a transcript cut at
			// the top): the request is unknown.
			c = &verboseExchange{}
			v.cur = c
			v.exchanges = append(v.exchanges, c)
		}
		c.reqDone = true
		// A 1xx is interim: the final response replaces it.
		c.resp = &responseHead{proto: proto, status: status, reason: reason}
		c.respDone = false
		c.body.Reset()
		c.bodySize = 0
		return
	}
	c := v.cur
	if c == nil || c.resp == nil || c.respDone {
		return
	}
	switch {
	case l == "":
		c.respDone = true
	case (l[0] == ' ' || l[0] == '\t') && len(c.resp.headers) > 0:
		last := &c.resp.headers[len(c.resp.headers)-1]
		last.Value += " " + strings.TrimSpace(l)
	default:
		if h, ok := parseHeaderLine(l); ok && len(c.resp.headers) < 1000 {
			c.resp.headers = append(c.resp.headers, h)
		}
	}
}

func (v *verboseReader) note(l string) {
	re := verboseNotes()
	if m := re.connected.FindStringSubmatch(l); m != nil {
		v.remote = net.JoinHostPort(strings.Trim(m[2], "[]"), m[3])
		v.https = m[3] == "443"
	}
	for _, w := range tlsNotes {
		if strings.Contains(l, w) {
			v.https = true
		}
	}
	if m := re.opened.FindStringSubmatch(l); m != nil {
		v.streamURL = m[1]
	}
	if m := re.issue.FindStringSubmatch(l); m != nil {
		v.nextURL = m[1]
	}
	if c := v.cur; c != nil && !c.reqDone {
		c.fullURL = v.requestURL(c)
		if c.remote == "" {
			c.remote = v.remote
		}
	}
}

// bodyLine adds a line to the body of the current response, once its head
// is complete. curl writes the body to stdout and its notes to stderr; when
// both go to one file and the body has no final line end, the note that
// closes the connection is glued to the body's last line.
func (v *verboseReader) bodyLine(raw []byte) {
	c := v.cur
	if c == nil || c.resp == nil || !c.respDone || c.resp.status < 200 {
		return
	}
	for _, glued := range []string{"* Connection #", "* Closing connection", "* shutting down connection"} {
		if i := bytes.Index(raw, []byte(glued)); i > 0 {
			raw = raw[:i]
		}
	}
	c.bodySize += int64(len(raw))
	if room := v.lim.body() + 1 - int64(c.body.Len()); room > 0 {
		c.body.Write(raw[:min(int64(len(raw)), room)])
	}
}

// requestURL is the absolute URL of a request: the target when absolute
// (a request through a proxy), curl's own "OPENED stream for" or "Issue
// another request" note when it names this target, else the scheme the
// connection used, the Host header and the target.
func (v *verboseReader) requestURL(c *verboseExchange) string {
	if u, err := url.Parse(c.target); err == nil && u.IsAbs() {
		return c.target
	}
	for _, cand := range []string{v.streamURL, v.nextURL} {
		if cand != "" && targetOf(cand) == c.target {
			return stripUserinfo(cand)
		}
	}
	host := probe.HeaderValue(c.reqHeaders, "Host")
	if host == "" {
		return ""
	}
	scheme := "http"
	if v.https {
		scheme = "https"
	}
	return scheme + "://" + host + c.target
}

// entries turns the exchanges into entries: a CONNECT to a proxy is part
// of the connection, not a request of the user's, and is left out.
func (v *verboseReader) entries() []Entry {
	var out []Entry
	var hops []probe.Hop
	for _, c := range v.exchanges {
		if strings.EqualFold(c.method, "CONNECT") {
			continue
		}
		e := Entry{Index: len(out) + 1, RequestKnown: c.method != ""}
		w := probe.WireRequest{
			Method: c.method, URL: c.target, FullURL: c.fullURL, Proto: c.proto,
			Headers: wireHeaders(c.reqHeaders),
		}
		if n, err := strconv.ParseInt(probe.HeaderValue(c.reqHeaders, "Content-Length"), 10, 64); err == nil && n > 0 {
			w.BodySize = n
			e.Notes = append(e.Notes, fmt.Sprintf("curl -v does not show the request body (%d bytes): the checks see its headers only", n))
		}
		e.Exchange.Request = w
		e.Exchange.RemoteAddr = c.remote
		e.Exchange.Hops = append([]probe.Hop(nil), hops...)
		if e.RequestKnown {
			e.Request = probe.Request{Method: c.method, URL: c.fullURL, Headers: requestHeaders(c.reqHeaders)}
		} else {
			e.Notes = append(e.Notes, "The transcript does not show the request of this response: the checks that read it are not judged")
		}
		if c.resp != nil {
			body := c.body.Bytes()
			r, warning := response(*c.resp, body, v.lim.body())
			if warning != "" {
				e.Exchange.Warnings = append(e.Exchange.Warnings, warning)
			}
			if c.bodySize > int64(len(body)) {
				r.BodySize, r.Truncated = max(r.BodySize, c.bodySize), true
			}
			e.Exchange.Response = r
			if d, ok := r.Date(); ok {
				e.StartedAt = d
			}
		} else {
			e.Exchange.Err = &probe.Error{Message: "the transcript shows no response to this request"}
		}
		out = append(out, e)
		// A redirect followed with -L is a hop of the next request.
		if r := e.Exchange.Response; r != nil && r.Status >= 300 && r.Status < 400 && r.Get("Location") != "" {
			hops = append(hops, probe.Hop{Request: w, Status: r.Status, Location: resolve(c.fullURL, r.Get("Location"))})
		} else {
			hops = nil
		}
	}
	return out
}

// resolve makes a Location absolute against the URL that answered it.
func resolve(base, loc string) string {
	b, err1 := url.Parse(base)
	l, err2 := url.Parse(loc)
	if err1 != nil || err2 != nil {
		return loc
	}
	return b.ResolveReference(l).String()
}
