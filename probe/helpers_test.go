package probe

import (
	"bufio"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
)

// rawServer is a loopback TCP server whose handler scripts the bytes of
// each connection. It accepts at most maxConns connections and every
// connection lives at most connLife, so no test can hang on it.
type rawServer struct {
	ln   net.Listener
	addr string
	wg   sync.WaitGroup
	mu   sync.Mutex
	conn []net.Conn
}

const (
	maxConns = 50
	connLife = 10 * time.Second
)

func newRawServer(t *testing.T, handle func(c net.Conn)) *rawServer {
	t.Helper()
	return newRawServerOn(t, "127.0.0.1:0", handle)
}

func newRawServerOn(t *testing.T, addr string, handle func(c net.Conn)) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, addr: ln.Addr().String()}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for range maxConns {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(connLife))
			s.mu.Lock()
			s.conn = append(s.conn, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.conn {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

// readHead reads a request head (up to the blank line) and returns its
// lines without CRLF, and the reader positioned at the body.
func readHead(c net.Conn) ([]string, *bufio.Reader) {
	br := bufio.NewReader(c)
	var lines []string
	for range 200 {
		l, err := br.ReadString('\n')
		if err != nil {
			return lines, br
		}
		l = strings.TrimRight(l, "\r\n")
		if l == "" {
			break
		}
		lines = append(lines, l)
	}
	return lines, br
}

// waitClosed blocks until the peer closes c (or connLife ends).
func waitClosed(c net.Conn) {
	io.Copy(io.Discard, c)
}

// lab is a CA with a server certificate for 127.0.0.1, and the CA file a
// user would pass with --cacert.
type lab struct {
	ca     *certgen.Authority
	server *certgen.Leaf
	caFile string
	dir    string
}

const labCAName = "why403 lab CA"

func newLab(t *testing.T) *lab {
	t.Helper()
	ca, err := certgen.NewAuthority(labCAName)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	l := &lab{ca: ca, server: srv, dir: t.TempDir()}
	l.caFile = l.write(t, "ca.pem", ca.CertPEM)
	return l
}

func (l *lab) write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(l.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// client signs a client certificate valid in [from, to] and writes it with
// its key into one PEM file.
func (l *lab) client(t *testing.T, cn string, from, to time.Time) string {
	t.Helper()
	leaf, err := l.ca.Client(cn, from, to)
	if err != nil {
		t.Fatal(err)
	}
	return l.write(t, cn+".pem", append(append([]byte{}, leaf.CertPEM...), leaf.KeyPEM...))
}

// tlsServer starts an HTTPS test server with the lab certificate; cfg
// adjusts its TLS configuration (client auth, versions).
func (l *lab) tlsServer(t *testing.T, h http.Handler, http2 bool, cfg func(*tls.Config)) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.EnableHTTP2 = http2
	s.TLS = &tls.Config{Certificates: []tls.Certificate{l.server.TLS}}
	if cfg != nil {
		cfg(s.TLS)
	}
	s.StartTLS()
	t.Cleanup(s.Close)
	return s
}

func plainServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	s.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// quick are timeouts short enough for tests that expect none to fire.
func quick() Timeouts {
	return Timeouts{Connect: 3 * time.Second, TLS: 3 * time.Second, Headers: 5 * time.Second, NoProgress: 5 * time.Second}
}

func mustOK(t *testing.T, ex Exchange) {
	t.Helper()
	if ex.Err != nil {
		t.Fatalf("unexpected error: %+v", ex.Err)
	}
	if ex.Response == nil {
		t.Fatal("no response")
	}
}

func hasHeader(hs []Header, name, value string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) && h.Value == value {
			return true
		}
	}
	return false
}

func hasName(hs []Header, name string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}
