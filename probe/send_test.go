package probe

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The server must see the user's headers in the user's order, duplicates
// included, Host first, and nothing Go would add silently.
func TestH1HeaderOrderAndDuplicatesAtServer(t *testing.T) {
	got := make(chan []string, 1)
	srv := newRawServer(t, func(c net.Conn) {
		lines, _ := readHead(c)
		got <- lines
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Z: 1\r\nX-A: 2\r\nX-A: 3\r\n\r\nok")
	})
	req := Request{
		URL: "http://" + srv.addr + "/p?q=1",
		Headers: []Header{
			{"X-B", "1"}, {"X-A", "2"}, {"x-lower", "v"}, {"X-B", "3"}, {"Accept", "*/*"},
		},
		Timeouts: quick(),
	}
	ex := Send(context.Background(), req)
	mustOK(t, ex)
	want := []string{
		"GET /p?q=1 HTTP/1.1",
		"Host: " + srv.addr,
		"X-B: 1", "X-A: 2", "x-lower: v", "X-B: 3", "Accept: */*",
	}
	lines := <-got
	if !slices.Equal(lines, want) {
		t.Fatalf("server saw\n%q\nwant\n%q", lines, want)
	}
	// The record is what the server saw.
	var rec []string
	rec = append(rec, ex.Request.Method+" "+ex.Request.URL+" "+ex.Request.Proto)
	for _, h := range ex.Request.Headers {
		rec = append(rec, h.Name+": "+h.Value)
	}
	if !slices.Equal(rec, want) {
		t.Fatalf("recorded\n%q\nwant\n%q", rec, want)
	}
	r := ex.Response
	if r.Status != 200 || r.Reason != "OK" || string(r.Body) != "ok" || r.Proto != "HTTP/1.1" {
		t.Fatalf("response %d %q %q %q", r.Status, r.Reason, r.Body, r.Proto)
	}
	// Sorted by name, values in received order.
	wantResp := []Header{{"Content-Length", "2"}, {"X-A", "2"}, {"X-A", "3"}, {"X-Z", "1"}}
	if !slices.Equal(r.Headers, wantResp) {
		t.Fatalf("response headers %v", r.Headers)
	}
	if ex.Attempts != 1 || ex.LocalAddr == "" || ex.RemoteAddr != srv.addr || ex.Timing.Total <= 0 {
		t.Fatalf("attempts=%d local=%q remote=%q timing=%+v", ex.Attempts, ex.LocalAddr, ex.RemoteAddr, ex.Timing)
	}
	if ex.Request.FullURL != req.URL {
		t.Fatalf("FullURL %q", ex.Request.FullURL)
	}
}

// A body gets a Content-Length computed from it, at the user's position
// when the user listed one; duplicate User-Agent headers both go out.
func TestH1BodyAndContentLength(t *testing.T) {
	type seen struct {
		lines []string
		body  string
	}
	got := make(chan seen, 1)
	srv := newRawServer(t, func(c net.Conn) {
		lines, br := readHead(c)
		body := make([]byte, 11)
		io.ReadFull(br, body)
		got <- seen{lines, string(body)}
		io.WriteString(c, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
	})
	ex := Send(context.Background(), Request{
		Method: "POST",
		URL:    "http://" + srv.addr + "/up",
		Headers: []Header{
			{"User-Agent", "a"}, {"Content-Length", "999"}, {"User-Agent", "b"}, {"Content-Type", "text/plain"},
		},
		Body:     []byte("hello world"),
		Timeouts: quick(),
	})
	mustOK(t, ex)
	s := <-got
	want := []string{"POST /up HTTP/1.1", "Host: " + srv.addr, "User-Agent: a", "Content-Length: 11", "User-Agent: b", "Content-Type: text/plain"}
	if !slices.Equal(s.lines, want) || s.body != "hello world" {
		t.Fatalf("server saw %q body %q", s.lines, s.body)
	}
	if string(ex.Request.Body) != "hello world" || ex.Request.BodySize != 11 {
		t.Fatalf("recorded body %q size %d", ex.Request.Body, ex.Request.BodySize)
	}
	if !strings.Contains(strings.Join(ex.Warnings, "\n"), `Content-Length "999" replaced`) {
		t.Fatalf("warnings %q", ex.Warnings)
	}
	if ex.Response.Status != 201 || ex.Response.Reason != "Created" {
		t.Fatalf("status %d", ex.Response.Status)
	}
}

// A body file that is not a regular file has no known length: it is
// streamed chunked, and opened only at send time.
func TestH1ChunkedBodyFromFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "body.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO support:", err)
	}
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		for i := range 3 {
			fmt.Fprintf(f, "part%d;", i)
		}
	}()
	type seen struct {
		te   []string
		body string
	}
	got := make(chan seen, 1)
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		got <- seen{r.TransferEncoding, string(b)}
	}))
	ex := Send(context.Background(), Request{Method: "PUT", URL: srv.URL, BodyFile: fifo, Timeouts: quick()})
	mustOK(t, ex)
	s := <-got
	if !slices.Equal(s.te, []string{"chunked"}) || s.body != "part0;part1;part2;" {
		t.Fatalf("server saw TE %v body %q", s.te, s.body)
	}
	if !hasHeader(ex.Request.Headers, "Transfer-Encoding", "chunked") || ex.Request.BodySize != 18 {
		t.Fatalf("recorded %v size %d", ex.Request.Headers, ex.Request.BodySize)
	}
}

// Every Send opens its own connection and writes one request on it, so the
// transport's silent re-send on a dead keep-alive connection (FACTS 2.11)
// cannot happen. The server answers the first request on a connection and
// then closes on the second without answering, the case where Go re-sends.
func TestOneRequestPerConnection(t *testing.T) {
	var mu sync.Mutex
	perConn := map[int]int{}
	conns := 0
	srv := newRawServer(t, func(c net.Conn) {
		mu.Lock()
		id := conns
		conns++
		mu.Unlock()
		for i := range 2 {
			lines, _ := readHead(c)
			if len(lines) == 0 {
				return
			}
			mu.Lock()
			perConn[id]++
			mu.Unlock()
			if i == 1 {
				return // die without answering
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	for range 2 {
		ex := Send(context.Background(), Request{URL: "http://" + srv.addr + "/", Timeouts: quick()})
		mustOK(t, ex)
		if ex.Attempts != 1 || ex.Timing.Reused {
			t.Fatalf("attempts %d reused %v", ex.Attempts, ex.Timing.Reused)
		}
	}
	// Let the server notice the closed connections.
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := conns
		mu.Unlock()
		if n == 2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if conns != 2 || perConn[0] != 1 || perConn[1] != 1 {
		t.Fatalf("connections %d, requests per connection %v", conns, perConn)
	}
}

// No User-Agent, no Accept-Encoding: Go adds neither on HTTP/1.1 or
// HTTP/2, checked at the server.
func TestNoSilentHeadersH1AndH2(t *testing.T) {
	l := newLab(t)
	type seen struct {
		proto string
		hdr   http.Header
		host  string
	}
	got := make(chan seen, 2)
	srv := l.tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- seen{r.Proto, r.Header.Clone(), r.Host}
		io.WriteString(w, "hi")
	}), true, nil)
	for _, v := range []string{"", "1.1"} {
		ex := Send(context.Background(), Request{
			URL: srv.URL + "/x", HTTPVersion: v, Headers: []Header{{"Accept", "*/*"}, {"Cookie", "a=1; b=2"}},
			TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick(),
		})
		mustOK(t, ex)
		s := <-got
		wantProto := map[string]string{"": "HTTP/2.0", "1.1": "HTTP/1.1"}[v]
		if s.proto != wantProto || ex.Response.Proto != wantProto || ex.Request.Proto != wantProto {
			t.Fatalf("version %q: server proto %s, response %s, record %s", v, s.proto, ex.Response.Proto, ex.Request.Proto)
		}
		if _, ok := s.hdr["User-Agent"]; ok {
			t.Errorf("version %q: server got User-Agent %q", v, s.hdr.Get("User-Agent"))
		}
		if _, ok := s.hdr["Accept-Encoding"]; ok {
			t.Errorf("version %q: server got Accept-Encoding %q", v, s.hdr.Get("Accept-Encoding"))
		}
		if s.host != strings.TrimPrefix(srv.URL, "https://") {
			t.Errorf("version %q: host %q", v, s.host)
		}
		if hasName(ex.Request.Headers, "user-agent") || hasName(ex.Request.Headers, "accept-encoding") {
			t.Errorf("version %q: recorded %v", v, ex.Request.Headers)
		}
		if v == "" {
			if ex.Response.Reason != "" { // HTTP/2 has no reason phrase
				t.Fatalf("h2 reason %q", ex.Response.Reason)
			}
			if ex.TLS == nil || ex.TLS.ALPN != "h2" || !ex.TLS.Verified || ex.TLS.Version != "TLS 1.3" {
				t.Fatalf("TLS %+v", ex.TLS)
			}
			// Go's HTTP/2 encoder: pseudo-headers, Cookie split per cookie.
			if !hasHeader(ex.Request.Headers, ":authority", s.host) || !hasHeader(ex.Request.Headers, "cookie", "b=2") {
				t.Fatalf("h2 record %v", ex.Request.Headers)
			}
		} else if ex.TLS.ALPN == "h2" { // httptest offers only h2, so no ALPN at all here

			t.Fatalf("ALPN %q", ex.TLS.ALPN)
		}
		if len(ex.TLS.Peer) == 0 || !strings.Contains(ex.TLS.Peer[0].Issuer, labCAName) || ex.TLS.Peer[0].SHA256 == "" {
			t.Fatalf("peer %+v", ex.TLS.Peer)
		}
		if ex.Timing.TLS <= 0 || ex.Timing.Connect <= 0 {
			t.Fatalf("timing %+v", ex.Timing)
		}
	}
}

// --http2-prior-knowledge on http:// is HTTP/2 with prior knowledge (h2c).
func TestH2C(t *testing.T) {
	got := make(chan string, 1)
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv := &http.Server{Protocols: &p, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Proto
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	ex := Send(context.Background(), Request{URL: "http://" + ln.Addr().String() + "/", HTTPVersion: "2-prior-knowledge", Timeouts: quick()})
	mustOK(t, ex)
	if proto := <-got; proto != "HTTP/2.0" || ex.Response.Proto != "HTTP/2.0" {
		t.Fatalf("server proto %s response %s", proto, ex.Response.Proto)
	}
}

// --http2 on http:// is HTTP/1.1, as curl (which adds Upgrade: h2c; probe
// does not), with a warning that names --http2-prior-knowledge.
func TestHTTP2OnPlainHTTPIsHTTP11(t *testing.T) {
	type seen struct {
		proto   string
		upgrade string
	}
	got := make(chan seen, 1)
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv := &http.Server{Protocols: &p, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- seen{r.Proto, r.Header.Get("Upgrade")}
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	ex := Send(context.Background(), Request{URL: "http://" + ln.Addr().String() + "/", HTTPVersion: "2", Timeouts: quick()})
	mustOK(t, ex)
	if s := <-got; s.proto != "HTTP/1.1" || s.upgrade != "" || ex.Response.Proto != "HTTP/1.1" {
		t.Fatalf("server saw %+v, response %s", s, ex.Response.Proto)
	}
	if w := strings.Join(ex.Warnings, "\n"); !strings.Contains(w, "--http2 on http:// sends HTTP/1.1; use --http2-prior-knowledge for h2c") {
		t.Fatalf("warnings %q", ex.Warnings)
	}
}

func TestRequestValidation(t *testing.T) {
	cases := []struct {
		req  Request
		want string
	}{
		// Worded by Validate, as in the editor.
		{Request{URL: "http://127.0.0.1/", Headers: []Header{{"X-A", "a\r\nInjected: yes"}}}, "line break"},
		{Request{URL: "http://127.0.0.1/", Headers: []Header{{"X-A", "a\x1b[2J"}}}, `header "X-A"`},
		{Request{URL: "http://127.0.0.1/", Headers: []Header{{"Bad Name", "v"}}}, "not a valid token"},
		{Request{URL: "http://127.0.0.1/", Method: "GE T"}, "not a valid method"},
		{Request{URL: "example.com/x"}, "no scheme"},
		{Request{URL: "ftp://127.0.0.1/"}, "unsupported scheme"},
		{Request{URL: "http:///path"}, "no host"},
		{Request{URL: "http://127.0.0.1:99999/"}, "port"},
		{Request{URL: "http://127.0.0.1/", Proxy: "ftp://proxy"}, "proxy"},
		// Send's own checks.
		{Request{URL: "http://127.0.0.1/", HTTPVersion: "3"}, "unsupported HTTP version"},
		{Request{URL: "http://127.0.0.1/", TLS: TLSOptions{CAFile: "/nonexistent/ca.pem"}}, "CA file"},
		{Request{URL: "http://127.0.0.1/", Headers: []Header{{"Transfer-Encoding", "gzip"}}}, "Transfer-Encoding"},
	}
	for _, c := range cases {
		ex := Send(context.Background(), c.req)
		if ex.Err == nil || ex.Err.Phase != PhaseRequest || !strings.Contains(ex.Err.Message, c.want) {
			t.Errorf("%+v: got %+v, want request error containing %q", c.req, ex.Err, c.want)
		}
		if ex.Attempts != 0 {
			t.Errorf("%+v: attempts %d", c.req, ex.Attempts)
		}
	}
}

// URL userinfo becomes Basic auth and never appears in details.
func TestURLUserinfo(t *testing.T) {
	got := make(chan string, 1)
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Authorization")
	}))
	u := strings.Replace(srv.URL, "http://", "http://alice:s3cret@", 1)
	ex := Send(context.Background(), Request{URL: u + "/", Timeouts: quick()})
	mustOK(t, ex)
	if a := <-got; a != basicAuth("alice", "s3cret") {
		t.Fatalf("server got %q", a)
	}
	if strings.Contains(ex.Request.FullURL, "s3cret") {
		t.Fatalf("FullURL %q", ex.Request.FullURL)
	}
}

// IPv6 literals: brackets in Host, none for dialling.
func TestIPv6Loopback(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback:", err)
	}
	ln.Close()
	// A new port, not ln's: another test could have taken ln's by now.
	got := make(chan []string, 1)
	srv := newRawServerOn(t, "[::1]:0", func(c net.Conn) {
		lines, _ := readHead(c)
		got <- lines
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
	})
	addr := srv.addr
	ex := Send(context.Background(), Request{URL: "http://" + addr + "/", Timeouts: quick()})
	mustOK(t, ex)
	if lines := <-got; lines[1] != "Host: "+addr || ex.RemoteAddr != addr {
		t.Fatalf("server saw %q, remote %q", lines, ex.RemoteAddr)
	}
}
