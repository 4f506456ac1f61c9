// Package hostile is a test-support server that misbehaves on purpose: a
// raw-socket HTTP/1.x server on loopback with one path per misbehaviour
// (terminal escapes, stalls, broken framing, huge answers, redirects that
// try to carry credentials elsewhere). It records every request head it
// reads, so tests can assert at the server what a client sent.
//
// Every loop is bounded by count and by time: the server accepts at most
// Options.MaxConns connections, each lives at most Options.ConnLife, and
// Close ends every connection and waits for its goroutine.
package hostile

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options tune a Server; the zero value is usable.
type Options struct {
	// TLS, when set, serves TLS on a connection whose first byte is a TLS
	// record; without it such a connection is held silent (a stalled
	// handshake).
	TLS *tls.Config
	// MaxConns bounds the connections accepted (default 200).
	MaxConns int
	// ConnLife bounds each connection's life (default 15 s).
	ConnLife time.Duration
}

// Request is one request head as the server read it.
type Request struct {
	Conn    int    // connection number, from 1
	TLS     bool   // it arrived over TLS
	Method  string // request method
	Target  string // request-target as sent
	Path    string // path part of Target
	Query   url.Values
	Host    string
	Headers []Header // in wire order, names as sent
}

// Header is one request header line.
type Header struct{ Name, Value string }

// Get returns the first value of the header name (case-insensitive).
func (r Request) Get(name string) string {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// Has reports whether a header called name was sent.
func (r Request) Has(name string) bool {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}

// Server is a running hostile server. It is safe for concurrent use.
type Server struct {
	ln       net.Listener
	opts     Options
	done     chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	reqs     []Request
	accepted int
	once     sync.Once
	bomb     bombCache
}

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start(opts Options) (*Server, error) {
	if opts.MaxConns <= 0 {
		opts.MaxConns = 200
	}
	if opts.ConnLife <= 0 {
		opts.ConnLife = 15 * time.Second
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("hostile: listening on loopback: %w", err)
	}
	s := &Server{ln: ln, opts: opts, done: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.serve()
	return s, nil
}

// Addr is host:port of the listener.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Port is the listener's port.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// URL is http://addr followed by path.
func (s *Server) URL(path string) string { return "http://" + s.Addr() + path }

// HTTPS is https://addr followed by path (needs Options.TLS to answer).
func (s *Server) HTTPS(path string) string { return "https://" + s.Addr() + path }

// Requests returns a copy of every request head read so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Conns is the number of connections accepted so far.
func (s *Server) Conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Close stops accepting, ends every connection and waits for them.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		close(s.done)
		err = s.ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return err
}

func (s *Server) serve() {
	defer s.wg.Done()
	for n := 1; n <= s.opts.MaxConns; n++ {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		c.SetDeadline(time.Now().Add(s.opts.ConnLife))
		s.mu.Lock()
		select {
		case <-s.done:
			s.mu.Unlock()
			c.Close()
			return
		default:
		}
		s.conns[c] = struct{}{}
		s.accepted++
		s.mu.Unlock()
		s.wg.Add(1)
		go func(c net.Conn, n int) {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.handleConn(c, n)
		}(c, n)
	}
}

// maxHead bounds a request head the server will read.
const maxHead = 256 << 10

func (s *Server) handleConn(raw net.Conn, n int) {
	br := bufio.NewReaderSize(raw, 4096)
	first, err := br.Peek(1)
	if err != nil {
		return
	}
	conn := &peekedConn{Conn: raw, r: br}
	var c net.Conn = conn
	isTLS := false
	if first[0] == 0x16 { // a TLS handshake record
		if s.opts.TLS == nil {
			s.hold(raw) // the handshake stalls: never answer
			return
		}
		tc := tls.Server(conn, s.opts.TLS)
		if err := tc.Handshake(); err != nil {
			return
		}
		c, isTLS = tc, true
		br = bufio.NewReaderSize(tc, 4096)
	}
	// One request per connection: every answer says Connection: close (or
	// closes without saying so), so a client never reuses one.
	req, err := readHead(br)
	if err != nil {
		return
	}
	req.Conn, req.TLS = n, isTLS
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	w := &writer{c: c, done: s.done}
	h := lookup(req.Path)
	if h == nil {
		w.simple(404, "Not Found", "text/plain", "no such hostile path: "+req.Path+"\n")
		return
	}
	h(s, w, req)
}

// hold keeps a connection open and silent until the server closes or the
// connection's deadline passes, reading (and discarding) what arrives.
func (s *Server) hold(c net.Conn) {
	buf := make([]byte, 4096)
	for range 1 << 16 { // bounded; the deadline ends it first
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

func readHead(br *bufio.Reader) (Request, error) {
	var lines []string
	total := 0
	for len(lines) < 10000 {
		line, err := br.ReadString('\n')
		total += len(line)
		if err != nil {
			return Request{}, err
		}
		if total > maxHead {
			return Request{}, errors.New("request head too large")
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return Request{}, errors.New("empty request")
	}
	parts := strings.SplitN(lines[0], " ", 3)
	if len(parts) != 3 {
		return Request{}, fmt.Errorf("bad request line %q", lines[0])
	}
	r := Request{Method: parts[0], Target: parts[1]}
	u, err := url.ParseRequestURI(parts[1])
	if err == nil {
		r.Path, r.Query = u.Path, u.Query()
	} else {
		r.Path = parts[1]
	}
	for _, l := range lines[1:] {
		name, value, _ := strings.Cut(l, ":")
		r.Headers = append(r.Headers, Header{Name: name, Value: strings.TrimSpace(value)})
	}
	r.Host = r.Get("Host")
	return r, nil
}

type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (p *peekedConn) Read(b []byte) (int, error) { return p.r.Read(b) }

// writer writes an answer, stopping early when the server closes.
type writer struct {
	c    net.Conn
	done chan struct{}
	err  error
}

func (w *writer) write(b []byte) bool {
	if w.err != nil {
		return false
	}
	select {
	case <-w.done:
		w.err = net.ErrClosed
		return false
	default:
	}
	_, w.err = w.c.Write(b)
	return w.err == nil
}

func (w *writer) str(s string) bool { return w.write([]byte(s)) }

// sleep waits d, or less if the server closes; false when it closed.
func (w *writer) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-w.done:
		return false
	case <-t.C:
		return true
	}
}

// simple writes a complete answer with Content-Length and Connection: close.
func (w *writer) simple(status int, reason, ctype, body string, extra ...string) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, reason)
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n", ctype, len(body))
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	w.write(b.Bytes())
}
