package transcript

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/why403/why403/probe"
)

// responseHead is a parsed status line and header block.
type responseHead struct {
	proto   string
	status  int
	reason  string
	headers []probe.Header // as received
}

// isStatusLine reports "HTTP/1.1 403 Forbidden", "HTTP/2 403", "HTTP/1.0 200".
func isStatusLine(line []byte) bool {
	_, _, _, ok := parseStatusLine(string(line))
	return ok
}

// parseStatusLine splits a status line. curl prints HTTP/2 and HTTP/3
// status lines as "HTTP/2 403" (those protocols have no reason phrase).
func parseStatusLine(line string) (proto string, status int, reason string, ok bool) {
	line = strings.TrimRight(line, "\r\n")
	if !strings.HasPrefix(line, "HTTP/") {
		return "", 0, "", false
	}
	proto, rest, _ := strings.Cut(line, " ")
	code, reason, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	n, err := strconv.Atoi(code)
	if err != nil || len(code) != 3 || n < 100 {
		return "", 0, "", false
	}
	if normalProto(proto) == "" {
		return "", 0, "", false
	}
	return normalProto(proto), n, strings.TrimSpace(reason), true
}

// isRequestLine reports "GET /path HTTP/1.1" (curl -v's first "> " line).
func isRequestLine(line []byte) bool {
	_, _, _, ok := parseRequestLine(string(line))
	return ok
}

func parseRequestLine(line string) (method, target, proto string, ok bool) {
	f := strings.Fields(strings.TrimRight(line, "\r\n"))
	if len(f) != 3 || !validToken(f[0]) || normalProto(f[2]) == "" {
		return "", "", "", false
	}
	return f[0], f[1], normalProto(f[2]), true
}

// normalProto spells a protocol version as Go's client reports it, whatever
// the recording wrote ("http/2.0" in Chrome's HAR, "HTTP/2" in Firefox's and
// curl's, "h3"); "" when it is not an HTTP version.
func normalProto(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "http/1.0":
		return "HTTP/1.0"
	case "http/1.1":
		return "HTTP/1.1"
	case "http/2", "http/2.0", "h2", "h2c":
		return "HTTP/2.0"
	case "http/3", "http/3.0", "h3":
		return "HTTP/3.0"
	case "http/0.9":
		return "HTTP/0.9"
	}
	return ""
}

// validToken reports an HTTP token (a method or header name).
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// parseHeaderLine splits "Name: value"; a line without a valid name is not
// a header.
func parseHeaderLine(line string) (probe.Header, bool) {
	name, value, ok := strings.Cut(line, ":")
	if !ok || !validToken(name) {
		return probe.Header{}, false
	}
	return probe.Header{Name: name, Value: strings.Trim(value, " \t")}, true
}

// asProbeHeaders orders response headers as probe does: names in Go's
// canonical form, sorted, values of one name in the order received.
func asProbeHeaders(hs []probe.Header) []probe.Header {
	out := make([]probe.Header, 0, len(hs))
	for _, h := range hs {
		if strings.HasPrefix(h.Name, ":") {
			continue // an HTTP/2 pseudo-header (":status"), not a header
		}
		out = append(out, probe.Header{Name: textproto.CanonicalMIMEHeaderKey(h.Name), Value: h.Value})
	}
	slices.SortStableFunc(out, func(a, b probe.Header) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// requestHeaders are the headers of a recorded request as a user would
// give them to probe: without HTTP/2 pseudo-headers, and without Host and
// Content-Length, which the transport writes itself.
func requestHeaders(hs []probe.Header) []probe.Header {
	var out []probe.Header
	for _, h := range hs {
		if strings.HasPrefix(h.Name, ":") || strings.EqualFold(h.Name, "Host") || strings.EqualFold(h.Name, "Content-Length") {
			continue
		}
		out = append(out, h)
	}
	return out
}

// wireHeaders are the headers as they went on the wire, without the
// HTTP/2 pseudo-headers (probe records the request as HTTP/1-style lines).
func wireHeaders(hs []probe.Header) []probe.Header {
	var out []probe.Header
	for _, h := range hs {
		if !strings.HasPrefix(h.Name, ":") {
			out = append(out, h)
		}
	}
	return out
}

// targetOf is the origin-form request-target of an absolute URL.
func targetOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return u.RequestURI()
}

// stripUserinfo drops a password from a URL, as probe's FullURL does.
func stripUserinfo(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// bodyResult is a recorded body as probe would keep it.
type bodyResult struct {
	kept      []byte
	size      int64
	wireSize  int64
	truncated bool
	encoding  string
	decodeErr string
	dechunked bool
	// warning names a likely decompression bomb, as probe does live.
	warning string
}

// bombRatio: a decoded/wire ratio above this is worth a warning (probe's).
const bombRatio = 100

// decodeBody undoes what a raw capture still carries: chunk framing, then a
// Content-Encoding. A transcript of curl already removed the framing, and
// with --compressed the encoding too, so each step is tried and skipped
// when the bytes do not fit it. Decoding is capped at max+1 bytes, which
// also bounds a compression bomb.
func decodeBody(hs []probe.Header, raw []byte, max int64) bodyResult {
	b := raw
	r := bodyResult{}
	if strings.Contains(strings.ToLower(probe.HeaderValue(hs, "Transfer-Encoding")), "chunked") {
		if d, ok := dechunk(b, max); ok {
			b, r.dechunked = d, true
		}
	}
	wire := int64(len(b))
	if enc := strings.ToLower(strings.TrimSpace(probe.HeaderValue(hs, "Content-Encoding"))); enc != "" && enc != "identity" {
		if d, ok := decompress(enc, b, max); ok {
			r.encoding, r.wireSize = enc, wire
			b = d
			r.warning = bombWarning(int64(len(d)), wire, max)
		}
	}
	r.size = int64(len(b))
	if r.size > max {
		b, r.truncated = b[:max], true
	}
	r.kept = b
	return r
}

// bombWarning names a decoded size far beyond the wire size. Decoding
// stopped at the cap when decoded exceeds max: the true ratio is higher.
func bombWarning(decoded, wire, max int64) string {
	if wire == 0 || decoded/wire <= bombRatio {
		return ""
	}
	if decoded > max {
		return fmt.Sprintf("stopped decoding at the body cap of %d bytes, from only %d bytes on the wire (a ratio over %d:1): a possible decompression bomb; the rest of the body was not decoded", max, wire, decoded/wire)
	}
	return fmt.Sprintf("decompression ratio %d:1 (%d bytes on the wire became %d): a possible decompression bomb", decoded/wire, wire, decoded)
}

// dechunk decodes chunked framing; ok is false when b does not start with
// a chunk-size line (curl prints the body already decoded). It accepts LF
// as well as CRLF, since a pasted capture often lost its CRs, and keeps
// what is there when the capture stops mid-chunk.
func dechunk(b []byte, max int64) ([]byte, bool) {
	var out []byte
	for chunks := 0; ; chunks++ {
		line, rest, found := bytes.Cut(b, []byte("\n"))
		size := strings.TrimSpace(strings.SplitN(string(line), ";", 2)[0])
		n, err := strconv.ParseUint(size, 16, 31)
		if !found || err != nil || size == "" {
			// not framed at all, or a capture cut short after some chunks
			return out, chunks > 0
		}
		if n == 0 {
			return out, true
		}
		take := min(int(n), len(rest))
		if room := int(max+1) - len(out); room > 0 {
			out = append(out, rest[:min(take, room)]...)
		}
		b = rest[take:]
		b = bytes.TrimPrefix(b, []byte("\r"))
		b = bytes.TrimPrefix(b, []byte("\n"))
	}
}

// decompress decodes one Content-Encoding, capped; ok is false when the
// bytes are not in that encoding (already decoded).
func decompress(enc string, b []byte, max int64) ([]byte, bool) {
	var r io.Reader
	var err error
	switch enc {
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(b))
	case "deflate":
		if r, err = zlib.NewReader(bytes.NewReader(b)); err != nil {
			r, err = flate.NewReader(bytes.NewReader(b)), nil
		}
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	default:
		return nil, false
	}
	if err != nil {
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil && int64(len(out)) <= max {
		return nil, false
	}
	return out, true
}

// response builds probe's Response from a head and a body, and a warning
// about the body when there is one.
func response(h responseHead, body []byte, max int64) (*probe.Response, string) {
	b := decodeBody(h.headers, body, max)
	reason := h.reason
	if reason == "" && (h.proto == "HTTP/2.0" || h.proto == "HTTP/3.0") {
		// Go's client, which probe uses, reports the standard phrase for
		// protocols that send none.
		reason = http.StatusText(h.status)
	}
	return &probe.Response{
		Status: h.status, Reason: reason, Proto: h.proto,
		Headers: asProbeHeaders(h.headers),
		Body:    b.kept, BodySize: b.size, WireSize: b.wireSize, Truncated: b.truncated,
		ContentEncoding: b.encoding, DecodeError: b.decodeErr,
	}, b.warning
}
