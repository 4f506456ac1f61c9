package hostile

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Piece is one hostile sequence after a readable marker, so a test can
// check that the text around it survives.
type Piece struct {
	Marker string // readable text just before the sequence
	Text   string // the marker and the sequence
}

// Pieces are the sequences a terminal acts on: OSC 0/2 (title), OSC 52
// (clipboard), OSC 8 (link), CSI (clear, move, conceal), DCS, APC, C1 CSI as
// UTF-8 (U+009B) and as a raw byte (0x9b), bidi overrides, a lone CR,
// backspaces, NUL, DEL, BEL and invalid UTF-8.
func Pieces() []Piece {
	return []Piece{
		{"OSC0", "OSC0[\x1b]0;pwned-title\x07]"},
		{"OSC2", "OSC2[\x1b]2;pwned-title\x1b\\]"},
		{"OSC52", "OSC52[\x1b]52;c;cm0gLXJmIC8=\x07]"},
		{"OSC8", "OSC8[\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\]"},
		{"CSI", "CSI[\x1b[2J\x1b[H\x1b[8mhidden\x1b[0m]"},
		{"DCS", "DCS[\x1bP$qm\x1b\\]"},
		{"APC", "APC[\x1b_Gf=100;AAAA\x1b\\]"},
		{"C1UTF8", "C1UTF8[\u009b2J]"},
		{"C1RAW", "C1RAW[\x9b2J]"},
		{"BIDI", "BIDI[\u202egnp.exe\u202c\u2066x\u2069]"},
		{"CR", "CR[rm -rf /\rls -la]"},
		{"BS", "BS[evil\b\b\b\bgood]"},
		{"NUL", "NUL[\x00]"},
		{"DEL", "DEL[\x7f]"},
		{"BEL", "BEL[\x07]"},
		{"INVALID", "INVALID[\xff\xfe\xc3]"},
	}
}

// Payload is every piece, space-separated.
func Payload() string {
	var b strings.Builder
	for i, p := range Pieces() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// ObsPieces are the pieces Go's HTTP parser accepts in a header value or
// reason phrase (bytes >= 0x80: C1 as UTF-8, the raw byte 0x9b, bidi
// controls, invalid UTF-8); C0 controls and DEL make it refuse the answer.
func ObsPieces() []Piece {
	var out []Piece
	for _, p := range Pieces() {
		switch p.Marker {
		case "C1UTF8", "C1RAW", "BIDI", "INVALID":
			out = append(out, p)
		}
	}
	return out
}

// WordsPrefix starts PathEscWords' body: wording a check quotes as
// evidence, so the piece after it is printed in the text report.
const WordsPrefix = "Access denied: your IP address is not allowed. "

// JSONPayload is a JSON document whose strings decode to the Pieces'
// sequences (\u001b becomes a real ESC once decoded).
const JSONPayload = `{"error":"denied \u001b]52;c;cm0gLXJmIC8=\u0007 JSONOSC52",` +
	`"detail":"\u001b[2J\u001b[H JSONCSI \u009b2J JSONC1 \u202egnp.exe\u202c JSONBIDI",` +
	`"title":"\u001b]0;pwned-title\u0007 JSONTITLE \r JSONCR \b\u0000\u007f"}`

// Paths served. A path that takes parameters reads them from the query.
const (
	PathEscBody     = "/esc/body"     // 403, text body = Payload()
	PathEscWords    = "/esc/words"    // ?i=N: 403, WordsPrefix + Pieces()[N] (default 0) + " end"
	PathEscObs      = "/esc/obs"      // 403 with ObsPieces in header values and the reason phrase
	PathEscJSON     = "/esc/json"     // 403, application/json body = JSONPayload
	PathEscHeader   = "/esc/header"   // 403, Payload() (without CR/LF) in header values
	PathEscReason   = "/esc/reason"   // 403 whose reason phrase carries Payload() (without CR/LF)
	PathEscJWT      = "/esc/jwt"      // 401 echoing the request's Authorization in body and headers
	PathEscBinary   = "/esc/binary"   // 403, every byte value 0..255 as the body
	PathEscLocation = "/esc/location" // 302 to a Location holding escapes

	PathSilent         = "/time/silent"          // reads the request, never answers
	PathTrickleHeaders = "/time/trickle-headers" // a header byte every 100 ms
	PathTrickleBody    = "/time/trickle-body"    // headers at once, a body byte every 100 ms

	// The paths that cut a body short answer 403, or 200 with ?status=200.

	PathResetMidBody   = "/broken/reset-mid-body"   // Content-Length 1000, 99 bytes, then RST
	PathCloseMidBody   = "/broken/close-mid-body"   // Content-Length 1000, 99 bytes, then FIN
	PathBadChunk       = "/broken/bad-chunk"        // chunked with a chunk size that is not hex
	PathConflictingCL  = "/broken/conflicting-cl"   // two different Content-Length headers
	PathHTTP10NoLength = "/broken/http10-no-length" // HTTP/1.0, no length, body ends at close
	PathGarbageStatus  = "/broken/garbage-status"   // a status line that is not one
	PathStatus999      = "/broken/status-999"       // HTTP/1.1 999
	PathEmptyReply     = "/broken/empty"            // closes without a byte
	PathNotHTTP        = "/broken/not-http"         // an SSH banner

	PathStream      = "/size/stream"     // ?bytes=N (default 1 GiB) of 'A', with Content-Length
	PathGzipBomb    = "/size/gzip-bomb"  // ?mib=N (default 512) zeros, gzip-encoded (GzipBomb)
	PathManyHeaders = "/size/headers"    // ?n=N (default 100 000) headers
	PathBigHeader   = "/size/big-header" // ?bytes=N (default 1 MiB) in one header value
	PathCookies     = "/size/cookies"    // ?n=N (default 20 000) Set-Cookie headers
	PathFlood1xx    = "/size/1xx"        // ?n=N (default 10 000) 100 Continue, then a 403
	PathBigJSON     = "/size/big-json"   // ?bytes=N (default 20 MB) single-line JSON
	PathDeepJSON    = "/size/deep-json"  // ?depth=N (default 100 000) nested arrays

	PathRedirectLoop = "/redir/loop/" // /redir/loop/N → /redir/loop/N+1 mod 2: a loop
	PathRedirectTo   = "/redir/to"    // ?url=U[&code=C]: C (default 302) to U
	PathLanding      = "/landing"     // 200 "landed"
)

type handler func(s *Server, w *writer, r Request)

func lookup(path string) handler {
	switch {
	case strings.HasPrefix(path, PathRedirectLoop):
		return redirectLoop
	}
	switch path {
	case PathEscBody:
		return func(_ *Server, w *writer, _ Request) {
			w.simple(403, "Forbidden", "text/plain; charset=utf-8", Payload()+"\n")
		}
	case PathEscWords:
		return escWords
	case PathEscObs:
		return escObs
	case PathEscJSON:
		return func(_ *Server, w *writer, _ Request) { w.simple(403, "Forbidden", "application/json", JSONPayload) }
	case PathEscHeader:
		return escHeader
	case PathEscReason:
		return func(_ *Server, w *writer, _ Request) {
			w.simple(403, "Forbidden "+oneLine(Payload()), "text/plain", "reason test\n")
		}
	case PathEscJWT:
		return escJWT
	case PathEscBinary:
		return func(_ *Server, w *writer, _ Request) {
			b := make([]byte, 1024)
			for i := range b {
				b[i] = byte(i)
			}
			w.simple(403, "Forbidden", "application/octet-stream", string(b))
		}
	case PathEscLocation:
		return func(_ *Server, w *writer, _ Request) {
			w.simple(302, "Found", "text/plain", "moved\n", "Location: /landing?x="+oneLine(Payload()))
		}
	case PathSilent:
		return func(s *Server, w *writer, _ Request) { s.hold(w.c) }
	case PathTrickleHeaders:
		return trickleHeaders
	case PathTrickleBody:
		return trickleBody
	case PathResetMidBody, PathCloseMidBody:
		return midBody
	case PathBadChunk:
		return func(_ *Server, w *writer, r Request) {
			w.str(statusLine(r) + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n")
		}
	case PathConflictingCL:
		return raw("HTTP/1.1 403 Forbidden\r\nContent-Length: 10\r\nContent-Length: 20\r\nConnection: close\r\n\r\n0123456789abcdefghij")
	case PathHTTP10NoLength:
		return raw("HTTP/1.0 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nold server says no: your IP is not allowed\n")
	case PathGarbageStatus:
		return raw("HTXP/9.x banana split\r\nContent-Length: 2\r\n\r\nhi")
	case PathStatus999:
		return raw("HTTP/1.1 999 Weird\r\nContent-Length: 6\r\nConnection: close\r\n\r\nweird\n")
	case PathEmptyReply:
		return func(*Server, *writer, Request) {}
	case PathNotHTTP:
		return raw("SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n")
	case PathStream:
		return stream
	case PathGzipBomb:
		return gzipBomb
	case PathManyHeaders:
		return manyHeaders
	case PathBigHeader:
		return bigHeader
	case PathCookies:
		return cookies
	case PathFlood1xx:
		return flood1xx
	case PathBigJSON:
		return bigJSON
	case PathDeepJSON:
		return deepJSON
	case PathRedirectTo:
		return redirectTo
	case PathLanding:
		return func(_ *Server, w *writer, _ Request) { w.simple(200, "OK", "text/plain", "landed\n") }
	}
	return nil
}

// statusLine is "HTTP/1.1 403 Forbidden", or 200 OK with ?status=200.
func statusLine(r Request) string {
	if r.Query.Get("status") == "200" {
		return "HTTP/1.1 200 OK\r\n"
	}
	return "HTTP/1.1 403 Forbidden\r\n"
}

// oneLine is s without CR and LF, which would end a header line.
func oneLine(s string) string { return strings.NewReplacer("\r", "", "\n", "").Replace(s) }

func raw(s string) handler { return func(_ *Server, w *writer, _ Request) { w.str(s) } }

// intParam reads ?name=N within [1, max], or def.
func intParam(r Request, name string, def, max int) int {
	n, err := strconv.Atoi(r.Query.Get(name))
	if err != nil || n < 1 {
		return def
	}
	return min(n, max)
}

func escHeader(_ *Server, w *writer, _ Request) {
	p := oneLine(Payload())
	w.simple(403, "Forbidden", "text/plain", "see the headers\n",
		"X-Evil: "+p,
		"Server: evil\x1b]0;pwned-title\x07server",
		"WWW-Authenticate: Bearer realm=\"\x1b[2J\u202erealm\", error=\"invalid_token\", error_description=\"\x1b]52;c;cm0=\x07expired\"",
		"Set-Cookie: s=\x1b[8mhidden; Path=/",
		"X-\x1b[31mName: value")
}

func escWords(_ *Server, w *writer, r Request) {
	ps := Pieces()
	i, err := strconv.Atoi(r.Query.Get("i"))
	if err != nil || i < 0 || i >= len(ps) {
		i = 0
	}
	w.simple(403, "Forbidden", "text/plain; charset=utf-8", WordsPrefix+ps[i].Text+" end\n")
}

func escObs(_ *Server, w *writer, _ Request) {
	var b strings.Builder
	for _, p := range ObsPieces() {
		b.WriteString(p.Text + " ")
	}
	v := b.String()
	w.simple(403, "Forbidden "+v, "text/plain", "obs\n",
		"X-Obs: "+v,
		"WWW-Authenticate: Bearer realm=\""+v+"\", error=\"invalid_token\", error_description=\""+v+"\"",
		"Server: nginx "+v)
}

func escJWT(_ *Server, w *writer, r Request) {
	tok := r.Get("Authorization")
	w.simple(401, "Unauthorized", "text/plain", "your credential was: "+tok+"\n",
		"WWW-Authenticate: Bearer error=\"invalid_token\"",
		"X-Echo-Token: "+oneLine(tok))
}

func trickleHeaders(_ *Server, w *writer, _ Request) {
	head := "HTTP/1.1 403 Forbidden\r\nX-Slow: " + strings.Repeat("s", 1000) + "\r\nContent-Length: 0\r\n\r\n"
	for i := range len(head) { // a byte every 100 ms, bounded by the head's length and the deadline
		if !w.write([]byte{head[i]}) || !w.sleep(100*time.Millisecond) {
			return
		}
	}
}

func trickleBody(_ *Server, w *writer, r Request) {
	const n = 1000
	if !w.str(statusLine(r) + fmt.Sprintf("Content-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", n)) {
		return
	}
	for range n {
		if !w.str("x") || !w.sleep(100*time.Millisecond) {
			return
		}
	}
}

func midBody(_ *Server, w *writer, r Request) {
	w.str(statusLine(r) + "Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\n" + strings.Repeat("partial ", 12) + "cut")
	if r.Path == PathResetMidBody {
		if tc, ok := tcpConn(w.c); ok {
			tc.SetLinger(0) // Close sends RST
		}
	}
}

func tcpConn(c net.Conn) (*net.TCPConn, bool) {
	if p, ok := c.(*peekedConn); ok {
		c = p.Conn
	}
	tc, ok := c.(*net.TCPConn)
	return tc, ok
}

func stream(_ *Server, w *writer, r Request) {
	n := int64(intParam(r, "bytes", 1<<30, 4<<30))
	if !w.str(fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", n)) {
		return
	}
	chunk := bytes.Repeat([]byte("A"), 64<<10)
	for sent := int64(0); sent < n; { // bounded by n and the deadline
		b := chunk[:min(int64(len(chunk)), n-sent)]
		if !w.write(b) {
			return
		}
		sent += int64(len(b))
	}
}

// bombCache keeps compressed bombs by decoded size, built once per server.
type bombCache struct {
	mu sync.Mutex
	m  map[int][]byte
}

// GzipBomb is n MiB of zeros, gzip-encoded in about n KiB: one gzip member
// per MiB, concatenated (RFC 1952 §2.2; every gzip reader decodes them as
// one stream). Compressing one MiB and repeating it keeps the server cheap
// even under the race detector, where compressing 512 MiB takes minutes.
func GzipBomb(mib int) []byte {
	var one bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&one, gzip.BestCompression)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	return bytes.Repeat(one.Bytes(), mib)
}

func (s *Server) bombOf(mib int) []byte {
	s.bomb.mu.Lock()
	defer s.bomb.mu.Unlock()
	if s.bomb.m == nil {
		s.bomb.m = map[int][]byte{}
	}
	if b, ok := s.bomb.m[mib]; ok {
		return b
	}
	b := GzipBomb(mib)
	s.bomb.m[mib] = b
	return b
}

func gzipBomb(s *Server, w *writer, r Request) {
	body := s.bombOf(intParam(r, "mib", 512, 1024))
	w.str(fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(body)))
	w.write(body)
}

func manyHeaders(_ *Server, w *writer, r Request) {
	n := intParam(r, "n", 100000, 1000000)
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n")
	for i := range n {
		fmt.Fprintf(&b, "X-H-%d: v\r\n", i)
	}
	b.WriteString("Content-Length: 5\r\n\r\nmany\n")
	w.write(b.Bytes())
}

func bigHeader(_ *Server, w *writer, r Request) {
	n := intParam(r, "bytes", 1<<20, 64<<20)
	w.str("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nX-Big: " + strings.Repeat("b", n) + "\r\nContent-Length: 4\r\n\r\nbig\n")
}

func cookies(_ *Server, w *writer, r Request) {
	n := intParam(r, "n", 20000, 1000000)
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n")
	for i := range n {
		fmt.Fprintf(&b, "Set-Cookie: c%d=%d; Path=/\r\n", i, i)
	}
	b.WriteString("Content-Length: 8\r\n\r\ncookies\n")
	w.write(b.Bytes())
}

func flood1xx(_ *Server, w *writer, r Request) {
	n := intParam(r, "n", 10000, 1000000)
	cont := []byte("HTTP/1.1 100 Continue\r\n\r\n")
	for range n {
		if !w.write(cont) {
			return
		}
	}
	w.str("HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\nConnection: close\r\n\r\nflood\n")
}

func bigJSON(_ *Server, w *writer, r Request) {
	n := intParam(r, "bytes", 20_000_000, 200_000_000)
	body := `{"error":"` + strings.Repeat("x", max(0, n-12)) + `"}`
	w.simple(403, "Forbidden", "application/json", body)
}

func deepJSON(_ *Server, w *writer, r Request) {
	d := intParam(r, "depth", 100000, 10000000)
	w.simple(403, "Forbidden", "application/json", strings.Repeat("[", d)+strings.Repeat("]", d))
}

func redirectLoop(_ *Server, w *writer, r Request) {
	n, _ := strconv.Atoi(strings.TrimPrefix(r.Path, PathRedirectLoop))
	w.simple(302, "Found", "text/plain", "loop\n", fmt.Sprintf("Location: %s%d", PathRedirectLoop, (n+1)%2))
}

func redirectTo(_ *Server, w *writer, r Request) {
	code := intParam(r, "code", 302, 399)
	w.simple(code, "Redirect", "text/plain", "elsewhere\n", "Location: "+oneLine(r.Query.Get("url")))
}
