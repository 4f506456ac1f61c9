package transcript

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/why403/why403/probe"
)

// The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/)
// that describe an exchange; readHAR reads them and WriteHAR writes them.
// Browsers add their own fields (Chrome: _initiator, _resourceType,
// _priority, connection; Firefox: pageref); unknown fields are ignored.
// The fields only WriteHAR needs are writeOnly: reading skips them
// whatever shape a foreign file gives them.
type harFile struct {
	Log *harLog `json:"log"`
}

type harLog struct {
	Version string      `json:"version"`
	Creator harCreator  `json:"creator"`
	Entries *[]harEntry `json:"entries"`
}

type harCreator struct {
	Name    text `json:"name"`
	Version text `json:"version"`
}

type harEntry struct {
	StartedDateTime text                  `json:"startedDateTime"`
	Time            writeOnly[float64]    `json:"time"`
	Request         harRequest            `json:"request"`
	Response        harResponse           `json:"response"`
	Cache           writeOnly[struct{}]   `json:"cache"`
	Timings         writeOnly[harTimings] `json:"timings"`
	ServerIPAddress text                  `json:"serverIPAddress,omitempty"`
	Comment         text                  `json:"comment,omitempty"`
}

type harRequest struct {
	Method      text               `json:"method"`
	URL         text               `json:"url"`
	HTTPVersion text               `json:"httpVersion"`
	Headers     []harNV            `json:"headers"`
	QueryString writeOnly[[]harNV] `json:"queryString"`
	Cookies     writeOnly[[]harNV] `json:"cookies"`
	HeadersSize writeOnly[int64]   `json:"headersSize"`
	BodySize    writeOnly[int64]   `json:"bodySize"`
	PostData    *harPostData       `json:"postData,omitempty"`
}

type harPostData struct {
	MimeType text    `json:"mimeType"`
	Text     text    `json:"text"`
	Params   []harNV `json:"params,omitempty"`
}

type harResponse struct {
	Status      number             `json:"status"`
	StatusText  text               `json:"statusText"`
	HTTPVersion text               `json:"httpVersion"`
	Headers     []harNV            `json:"headers"`
	Cookies     writeOnly[[]harNV] `json:"cookies"`
	Content     harContent         `json:"content"`
	RedirectURL text               `json:"redirectURL"`
	HeadersSize writeOnly[int64]   `json:"headersSize"`
	BodySize    writeOnly[int64]   `json:"bodySize"`
	// Chrome records why no response came ("net::ERR_BLOCKED_BY_CLIENT").
	Error text `json:"_error,omitempty"`
}

type harContent struct {
	Size     number `json:"size"`
	MimeType text   `json:"mimeType"`
	Text     text   `json:"text,omitempty"`
	Encoding text   `json:"encoding,omitempty"`
	Comment  text   `json:"comment,omitempty"`
}

// harTimings are the phases of an exchange in milliseconds; -1 marks a
// phase that did not happen (HAR 1.2: blocked, dns, connect and ssl are
// optional, send, wait and receive are not).
type harTimings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	SSL     float64 `json:"ssl"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

type harNV struct {
	Name  text `json:"name"`
	Value text `json:"value"`
}

// writeOnly is a field WriteHAR writes and readHAR does not use: reading
// skips it, so that a foreign file's odd value there (a string for
// timings, null for cookies) cannot make the file unreadable.
type writeOnly[T any] struct{ V T }

func (w writeOnly[T]) MarshalJSON() ([]byte, error) { return json.Marshal(w.V) }

func (w *writeOnly[T]) UnmarshalJSON([]byte) error { return nil }

// text is a JSON string that tolerates what a hand-edited or foreign HAR
// holds instead: a number, a boolean or null become their text or "".
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = text(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) || len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		*t = ""
		return nil
	}
	*t = text(b)
	return nil
}

// number is a JSON number that tolerates a string ("403"), a fraction and
// null; anything else reads as -1, HAR's "unknown".
type number int64

func (n *number) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > -1e15 && f < 1e15 {
		*n = number(f)
		return nil
	}
	*n = -1
	return nil
}

// harHead is what opening a HAR reads: the log's creator, and its entries
// as they are written, counted and checked (harEntries).
type harHead struct {
	Log *struct {
		Version string      `json:"version"`
		Creator harCreator  `json:"creator"`
		Entries *harEntries `json:"entries"`
	} `json:"log"`
}

// harEntries is log.entries unread: the array as it is in the input (a
// slice of it, not a copy) and how many entries it holds. Each entry is
// decoded to check it, then dropped; eachHAR decodes them again one at a
// time, so that a HAR of a long session is never held as entries all at
// once.
type harEntries struct {
	raw []byte
	n   int
}

func (es *harEntries) UnmarshalJSON(b []byte) error {
	n := 0
	if err := eachHAREntry(b, func(harEntry) error { n++; return nil }); err != nil {
		return err
	}
	es.raw, es.n = b, n
	return nil
}

// eachHAREntry decodes the entries of a log.entries array one at a time.
func eachHAREntry(raw []byte, fn func(harEntry) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return errors.New("log.entries is not an array")
	}
	for dec.More() {
		var he harEntry
		if err := dec.Decode(&he); err != nil {
			return fmt.Errorf("log.entries: %w", err)
		}
		if err := fn(he); err != nil {
			return err
		}
	}
	return nil
}

// openHAR reads a HAR 1.2 file's creator and counts its entries, checking
// each; eachHAR reads them.
func openHAR(data []byte, lim Limits) (*Source, error) {
	var h harHead
	if err := json.Unmarshal(trimStart(data), &h); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("reading HAR: invalid JSON at byte %d: %w", se.Offset, err)
		}
		return nil, fmt.Errorf("reading HAR: %w", err)
	}
	if h.Log == nil || h.Log.Entries == nil {
		return nil, fmt.Errorf("%w: JSON without log.entries", ErrUnknownFormat)
	}
	return &Source{
		Format:  FormatHAR,
		Creator: strings.TrimSpace(string(h.Log.Creator.Name) + " " + string(h.Log.Creator.Version)),
		Count:   h.Log.Entries.n,
		lim:     lim,
		har:     h.Log.Entries.raw,
		chrome:  strings.Contains(string(h.Log.Creator.Name), "WebInspector"),
		flutter: string(h.Log.Creator.Name) == flutterDevTools,
	}, nil
}

// flutterDevTools is the creator name Flutter DevTools writes in the HAR
// its Network tab downloads (NetworkEventDefaults.creatorName).
const flutterDevTools = "devtools"

// eachHAR makes the entries of a HAR one at a time, in order.
func (s *Source) eachHAR(fn func(Entry) error) error {
	var chain harChain
	var fnErr error
	i := 0
	err := eachHAREntry(s.har, func(he harEntry) error {
		i++
		e := harToEntry(i, he, s.lim)
		if s.chrome && e.RequestKnown && !hasCredential(e.Request.Headers) {
			e.Notes = append(e.Notes, "Chrome exports a HAR sanitized by default, without Authorization, Cookie and Set-Cookie headers: if this request carried them, the checks cannot see them")
		}
		if s.flutter && e.Exchange.Response != nil {
			// DevTools writes "http/2.0" as every response's version
			// (NetworkEventDefaults.responseHttpVersion in
			// flutter/devtools), while dart:io's HttpClient speaks only
			// HTTP/1.1: the request's version is the one that held.
			e.Exchange.Response.Proto = e.Exchange.Request.Proto
		}
		chain.link(&e, he)
		fnErr = fn(e)
		return fnErr
	})
	switch {
	case fnErr != nil:
		return fnErr
	case err != nil:
		// Not seen: openHAR decoded every entry already.
		return fmt.Errorf("reading HAR: %w", err)
	}
	return nil
}

// maxHARChain is the most redirects an entry keeps of the chain that led
// to it. Browsers give up after 20 (Chrome's and Firefox's limit), so a
// longer chain in a HAR is a loop or a made-up file; kept whole on every
// entry, it would cost time as its square.
const maxHARChain = 20

// harChain is the redirect chain the entries read so far end with. A
// redirect is its own entry in a HAR; the entry it leads to gets it as a
// hop, as probe records a redirect chain.
type harChain struct {
	hops []probe.Hop // the last redirects, at most 2×maxHARChain
	n    int         // redirects in the chain, kept or not
	next string      // where the last one leads; "" when it is no redirect
}

// link gives e the chain when e is where the last redirect led, and adds
// e to it when e is a redirect.
func (c *harChain) link(e *Entry, he harEntry) {
	if c.next != "" && c.next == e.Exchange.Request.FullURL {
		kept := c.hops[max(0, len(c.hops)-maxHARChain):]
		// The entries share the chain rather than copy it (a copy each
		// grew as the square of its length); the slice is full to its
		// capacity, so an append to it or to the chain copies.
		e.Exchange.Hops = kept[:len(kept):len(kept)]
		if c.n > len(kept) {
			e.Notes = append(e.Notes, fmt.Sprintf("The redirect chain before this entry is %d redirects long, more than a browser follows: the report keeps the last %d", c.n, len(kept)))
		}
	} else {
		c.hops, c.n = nil, 0
	}
	c.next = ""
	r := e.Exchange.Response
	if r == nil || r.Status < 300 || r.Status >= 400 {
		return
	}
	loc := firstNonEmpty(string(he.Response.RedirectURL), r.Get("Location"))
	if loc == "" {
		return
	}
	c.next = resolve(e.Exchange.Request.FullURL, loc)
	if len(c.hops) == 2*maxHARChain {
		// No entry keeps the older half again: a new array for the rest
		// bounds the chain's memory; entries given the old one keep it.
		c.hops = append([]probe.Hop(nil), c.hops[maxHARChain:]...)
	}
	c.hops = append(c.hops, probe.Hop{Request: e.Exchange.Request, Status: r.Status, Location: c.next})
	c.n++
}

// hasCredential reports a header that carries a credential.
func hasCredential(hs []probe.Header) bool {
	for _, h := range hs {
		if probe.IsCredentialHeader(h.Name) {
			return true
		}
	}
	return false
}

func harToEntry(index int, he harEntry, lim Limits) Entry {
	e := Entry{Index: index}
	rq := he.Request
	rawURL := strings.TrimSpace(string(rq.URL))
	method := strings.TrimSpace(string(rq.Method))
	e.RequestKnown = method != "" && rawURL != ""
	reqHeaders := nvHeaders(rq.Headers)
	var body []byte
	if pd := rq.PostData; pd != nil {
		body = []byte(pd.Text)
		if len(body) == 0 && len(pd.Params) > 0 {
			v := url.Values{}
			for _, p := range pd.Params {
				v.Add(string(p.Name), string(p.Value))
			}
			body = []byte(v.Encode())
		}
	}
	if int64(len(body)) > lim.body() {
		body = body[:lim.body()]
	}
	bodySize := int64(len(body))
	if pd := rq.PostData; pd != nil && int64(len(pd.Text)) > bodySize {
		bodySize = int64(len(pd.Text))
	}
	e.Request = probe.Request{Method: method, URL: rawURL, Headers: requestHeaders(reqHeaders), Body: body}
	e.Exchange.Request = probe.WireRequest{
		Method: method, URL: targetOf(rawURL), FullURL: stripUserinfo(rawURL),
		Proto:   normalProto(string(rq.HTTPVersion)),
		Headers: wireHeaders(reqHeaders), Body: body, BodySize: bodySize,
	}
	if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(string(he.StartedDateTime))); err == nil {
		e.StartedAt, e.ClientClock = t, true
	}
	if ip := strings.Trim(strings.TrimSpace(string(he.ServerIPAddress)), "[]"); net.ParseIP(ip) != nil {
		e.Exchange.RemoteAddr = net.JoinHostPort(ip, portOf(rawURL))
	}

	rs := he.Response
	status := int(rs.Status)
	if status < 100 || status > 999 {
		// Status 0: the browser got no response (blocked, cancelled, a
		// CORS preflight that failed, the network).
		msg := "the browser recorded no response"
		if rs.Error != "" {
			msg += " (" + string(rs.Error) + ")"
		}
		e.Exchange.Err = &probe.Error{Message: msg, Detail: string(rs.Error)}
		return e
	}
	h := responseHead{
		proto:  firstNonEmpty(normalProto(string(rs.HTTPVersion)), e.Exchange.Request.Proto),
		status: status, reason: string(rs.StatusText), headers: nvHeaders(rs.Headers),
	}
	respBody, note := harContentBody(rs.Content, lim)
	if note != "" {
		e.Notes = append(e.Notes, note)
	}
	r := harResponseOf(h, respBody, lim)
	if size := int64(rs.Content.Size); size > r.BodySize && len(respBody) == 0 {
		// The export left the body out; the report says how big it was.
		r.BodySize, r.Truncated = size, true
	}
	e.Exchange.Response = r
	if !e.ClientClock {
		if d, ok := r.Date(); ok {
			e.StartedAt = d
		}
	}
	return e
}

// harResponseOf builds the response. content.text is already decoded by
// the browser (no chunk framing, no Content-Encoding), so only the cap
// applies; the Content-Encoding it had on the wire is what was decoded.
func harResponseOf(h responseHead, body []byte, lim Limits) *probe.Response {
	r := &probe.Response{
		Status: h.status, Reason: h.reason, Proto: h.proto,
		Headers: asProbeHeaders(h.headers), BodySize: int64(len(body)),
	}
	if r.Reason == "" && (h.proto == "HTTP/2.0" || h.proto == "HTTP/3.0") {
		r.Reason = http.StatusText(h.status)
	}
	if enc := strings.ToLower(probe.HeaderValue(h.headers, "Content-Encoding")); enc != "" && enc != "identity" {
		r.ContentEncoding = enc
	}
	if int64(len(body)) > lim.body() {
		body, r.Truncated = body[:lim.body()], true
	}
	r.Body = body
	return r
}

// harContentBody is content.text, decoded when it is base64 (binary
// bodies, and every body in some exporters); note says what is missing.
func harContentBody(c harContent, lim Limits) ([]byte, string) {
	t := string(c.Text)
	if t == "" {
		if c.Size > 0 {
			return nil, fmt.Sprintf("The HAR leaves out the response body (%d bytes): the checks see the headers only", int64(c.Size))
		}
		return nil, ""
	}
	if strings.EqualFold(strings.TrimSpace(string(c.Encoding)), "base64") {
		s := strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' {
				return -1
			}
			return r
		}, t)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				return b, ""
			}
		}
		return []byte(t), "The response body is marked base64 but does not decode: it is shown as written"
	}
	return []byte(t), ""
}

func nvHeaders(nvs []harNV) []probe.Header {
	out := make([]probe.Header, 0, len(nvs))
	for _, nv := range nvs {
		if nv.Name == "" {
			continue
		}
		out = append(out, probe.Header{Name: string(nv.Name), Value: string(nv.Value)})
	}
	return out
}

// portOf is the port of a URL, the scheme's default when none is written.
func portOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "http" || u.Scheme == "ws" {
		return "80"
	}
	return "443"
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
