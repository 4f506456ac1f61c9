package hostile

import (
	"bufio"
	"compress/gzip"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
)

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// rawGet sends a minimal GET and returns what came back before close or
// the deadline.
func rawGet(t *testing.T, s *Server, path string, wait time.Duration) string {
	t.Helper()
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(wait))
	io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n\r\n")
	b, _ := io.ReadAll(io.LimitReader(c, 1<<20))
	return string(b)
}

func TestPathsAnswerAsDocumented(t *testing.T) {
	s := start(t, Options{})
	cases := []struct{ path, want string }{
		{PathEscBody, "OSC52[\x1b]52;"},
		{PathEscJSON, `\u001b]52`},
		{PathEscReason, "403 Forbidden OSC0["},
		{PathEscJWT, "your credential was: Bearer t"},
		{PathBadChunk, "zz\r\n"},
		{PathConflictingCL, "Content-Length: 20"},
		{PathHTTP10NoLength, "HTTP/1.0 403"},
		{PathGarbageStatus, "HTXP/9.x"},
		{PathStatus999, "999 Weird"},
		{PathNotHTTP, "SSH-2.0"},
		{PathEmptyReply, ""},
		{PathRedirectLoop + "0", "Location: /redir/loop/1"},
		{PathRedirectTo + "?url=http://127.0.0.1:1/x&code=307", "HTTP/1.1 307 Redirect\r\n"},
		{"/nope", "404 Not Found"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			got := rawGet(t, s, c.path, 5*time.Second)
			if c.want == "" && got != "" || !strings.Contains(got, c.want) {
				t.Errorf("got %q, want it to contain %q", got, c.want)
			}
		})
	}
	if n := len(s.Requests()); n != len(cases) {
		t.Errorf("recorded %d requests, want %d", n, len(cases))
	}
	if got := s.Requests()[0].Get("authorization"); got != "Bearer t" {
		t.Errorf("recorded Authorization %q", got)
	}
}

// Close ends a silent connection at once, so no test waits on one.
func TestCloseEndsStalledConnections(t *testing.T) {
	s := start(t, Options{})
	done := make(chan string, 1)
	go func() { done <- rawGet(t, s, PathSilent, 10*time.Second) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(s.Requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	t0 := time.Now()
	s.Close()
	select {
	case got := <-done:
		if got != "" || time.Since(t0) > 2*time.Second {
			t.Errorf("got %q after %v", got, time.Since(t0))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end a silent connection")
	}
}

func TestFlood1xxAndSizesParse(t *testing.T) {
	s := start(t, Options{})
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET "+PathCookies+"?n=50 HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(resp.Header.Values("Set-Cookie")); n != 50 {
		t.Errorf("%d cookies, want 50", n)
	}
}

func TestGzipBombExpands(t *testing.T) {
	b := GzipBomb(8)
	if len(b) > 64<<10 {
		t.Fatalf("bomb of 8 MiB is %d bytes compressed", len(b))
	}
	zr, err := gzip.NewReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n != 8<<20 {
		t.Fatalf("decoded %d bytes, err %v", n, err)
	}
}

func BenchmarkGzipBomb512(b *testing.B) {
	for b.Loop() {
		GzipBomb(512)
	}
}

// With Options.TLS a connection that opens with a TLS record is served over
// TLS on the same port as plain HTTP, and recorded as such.
func TestTLSOnTheSamePort(t *testing.T) {
	ca, err := certgen.NewAuthority("hostile test CA")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.Server("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, Options{TLS: &tls.Config{Certificates: []tls.Certificate{leaf.TLS}}})
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool()}}}
	for _, u := range []string{s.HTTPS(PathLanding), s.URL(PathLanding)} {
		resp, err := client.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != "landed\n" {
			t.Errorf("GET %s: %d %q", u, resp.StatusCode, b)
		}
	}
	reqs := s.Requests()
	if len(reqs) != 2 || !reqs[0].TLS || reqs[1].TLS {
		t.Errorf("recorded %+v, want one TLS request then one plain", reqs)
	}
}

// The server accepts at most MaxConns connections: the next one is never
// served.
func TestMaxConnsBound(t *testing.T) {
	s := start(t, Options{MaxConns: 2})
	for i := range 2 {
		if got := rawGet(t, s, PathLanding, 5*time.Second); !strings.Contains(got, "landed") {
			t.Fatalf("connection %d: %q", i+1, got)
		}
	}
	if got := rawGet(t, s, PathLanding, 300*time.Millisecond); got != "" {
		t.Errorf("connection 3 was served: %q", got)
	}
	if n := s.Conns(); n != 2 {
		t.Errorf("Conns() = %d, want 2", n)
	}
}
