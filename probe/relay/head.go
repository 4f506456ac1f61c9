package relay

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/why403/why403/probe"
)

// Limits bound what a head may hold, so that a client or an upstream
// cannot make the proxy hold unbounded memory.
type Limits struct {
	HeadBytes int // the whole head: request line and header lines
	LineBytes int // one line
	Headers   int // header lines
}

// DefaultLimits are close to what common servers accept (nginx: 8 KiB
// lines, Go: 1 MiB heads).
var DefaultLimits = Limits{HeadBytes: 64 << 10, LineBytes: 16 << 10, Headers: 200}

// upstreamLimits: a response head may be larger (long Set-Cookie lists);
// probe allows 1 MiB.
var upstreamLimits = Limits{HeadBytes: 1 << 20, LineBytes: 256 << 10, Headers: 1000}

// line is one header line as it came: raw holds its bytes, CRLF included,
// so that it is forwarded exactly (spacing, case, order).
type line struct {
	name, value string
	raw         []byte
}

// head is a request or response head as read.
type head struct {
	first []byte // the request or status line, CRLF included
	lines []line
	// request line: method, target, proto; status line: proto, status, reason
	method, target, proto string
	status                int
	reason                string
}

// headError is a head the proxy refuses; status is what the client gets.
type headError struct {
	status int
	msg    string
}

func (e *headError) Error() string { return e.msg }

func badHead(status int, format string, args ...any) error {
	return &headError{status: status, msg: fmt.Sprintf(format, args...)}
}

// readLine reads one line, CRLF (or bare LF) included, of at most max bytes.
func readLine(br *bufio.Reader, max int, used *int, total int) ([]byte, error) {
	var out []byte
	for {
		frag, err := br.ReadSlice('\n')
		out = append(out, frag...)
		*used += len(frag)
		if *used > total {
			return nil, badHead(431, "the head is longer than %d bytes", total)
		}
		if len(out) > max {
			return nil, badHead(431, "a line is longer than %d bytes", max)
		}
		if err == nil {
			return out, nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			if len(out) > 0 && errors.Is(err, io.EOF) {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// readRequestHead reads a request head. Empty lines before the request
// line are skipped (RFC 9112 §2.2).
func readRequestHead(br *bufio.Reader, lim Limits) (*head, error) {
	used := 0
	var first []byte
	for range 4 {
		l, err := readLine(br, lim.LineBytes, &used, lim.HeadBytes)
		if err != nil {
			return nil, err
		}
		if len(trimEOL(l)) > 0 {
			first = l
			break
		}
	}
	if first == nil {
		return nil, badHead(400, "empty lines instead of a request line")
	}
	parts := strings.Split(string(trimEOL(first)), " ")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return nil, badHead(400, "malformed request line %q", string(trimEOL(first)))
	}
	h := &head{first: first, method: parts[0], target: parts[1], proto: parts[2]}
	if h.proto != "HTTP/1.1" && h.proto != "HTTP/1.0" {
		return nil, badHead(505, "unsupported protocol %q: the proxy speaks HTTP/1.1", h.proto)
	}
	if !validToken(h.method) {
		return nil, badHead(400, "invalid method %q", h.method)
	}
	if err := readLines(br, lim, &used, h, true); err != nil {
		return nil, err
	}
	return h, nil
}

// readResponseHead reads a status line and its headers.
func readResponseHead(br *bufio.Reader, lim Limits) (*head, error) {
	used := 0
	first, err := readLine(br, lim.LineBytes, &used, lim.HeadBytes)
	if err != nil {
		return nil, err
	}
	s := string(trimEOL(first))
	proto, rest, _ := strings.Cut(s, " ")
	code, reason, _ := strings.Cut(rest, " ")
	n, cerr := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/1.") || cerr != nil || len(code) != 3 || n < 100 {
		return nil, badHead(502, "the upstream did not answer HTTP/1.x (its status line was %q)", clip(s, 60))
	}
	h := &head{first: first, proto: proto, status: n, reason: reason}
	if err := readLines(br, lim, &used, h, false); err != nil {
		return nil, err
	}
	return h, nil
}

// readLines reads header lines up to the empty line. A request's lines
// must be well-formed (strict); a response's are forwarded as they came,
// whatever they hold, so that the app sees what the upstream sent.
func readLines(br *bufio.Reader, lim Limits, used *int, h *head, strict bool) error {
	for {
		l, err := readLine(br, lim.LineBytes, used, lim.HeadBytes)
		if err != nil {
			return err
		}
		t := trimEOL(l)
		if len(t) == 0 {
			return nil
		}
		if len(h.lines) >= lim.Headers {
			return badHead(431, "more than %d header lines", lim.Headers)
		}
		name, value, ok := bytes.Cut(t, []byte(":"))
		if strict && (t[0] == ' ' || t[0] == '\t') {
			return badHead(400, "a folded header line (obsolete line folding is refused)")
		}
		if strict && (!ok || !validToken(string(name))) {
			return badHead(400, "malformed header line %q", clip(string(t), 60))
		}
		h.lines = append(h.lines, line{name: string(name), value: strings.Trim(string(value), " \t"), raw: l})
	}
}

// headers lists the head's lines as probe headers.
func (h *head) headers() []probe.Header {
	out := make([]probe.Header, len(h.lines))
	for i, l := range h.lines {
		out[i] = probe.Header{Name: l.name, Value: l.value}
	}
	return out
}

// values lists every value of name, comma lists split.
func (h *head) values(name string) []string {
	var out []string
	for _, l := range h.lines {
		if strings.EqualFold(l.name, name) {
			for _, v := range strings.Split(l.value, ",") {
				if v = strings.TrimSpace(v); v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

func (h *head) count(name string) (n int, first string) {
	for _, l := range h.lines {
		if strings.EqualFold(l.name, name) {
			if n == 0 {
				first = l.value
			}
			n++
		}
	}
	return n, first
}

func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
