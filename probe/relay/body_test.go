package relay

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startExact is an upstream that reads exactly as many bytes of one
// connection as want(its address) holds, hands them over, and answers.
func startExact(t *testing.T, want func(addr string) string, answer string) (string, string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	w := want(ln.Addr().String())
	n := len(w)
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		b := make([]byte, n)
		k, _ := io.ReadFull(c, b)
		got <- string(b[:k])
		io.WriteString(c, answer)
	}()
	return "http://" + ln.Addr().String(), w, got
}

// Chunked and Content-Length bodies reach the upstream byte for byte,
// chunk extensions and trailers included, and the capture holds the
// decoded body.
func TestBodiesForwardedAsFramed(t *testing.T) {
	for _, tc := range []struct{ name, head, body, decoded string }{
		{"length", "POST /up HTTP/1.1\r\nhost: H\r\ncontent-length: 11\r\n\r\n", "hello world", "hello world"},
		{"chunked", "POST /up HTTP/1.1\r\nhost: H\r\ntransfer-encoding: chunked\r\ntrailer: x-sum\r\n\r\n",
			"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nx-sum: 42\r\n\r\n", "hello world"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up, want, got := startExact(t, func(addr string) string {
				return strings.Replace(tc.head, "host: H", "host: "+addr, 1) + tc.body
			}, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
			addr, caps := startRelay(t, up, nil)
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(5 * time.Second))
			io.WriteString(c, tc.head+tc.body)
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 201 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if g := <-got; g != want {
				t.Fatalf("the upstream read\n%q\nwant\n%q", g, want)
			}
			cp := <-caps
			if string(cp.Exchange.Request.Body) != tc.decoded || cp.Exchange.Request.BodySize != int64(len(tc.decoded)) {
				t.Errorf("captured body %q (%d)", cp.Exchange.Request.Body, cp.Exchange.Request.BodySize)
			}
		})
	}
}

// Requests that could be read two ways are refused, never forwarded.
func TestAmbiguousFramingRefused(t *testing.T) {
	rec := startRecorder(t, "")
	addr, caps := startRelay(t, rec.url(), nil)
	for _, head := range []string{
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
		"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
	} {
		c, _ := net.Dial("tcp", addr)
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, head)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		c.Close()
		if err != nil || resp.StatusCode != 400 {
			t.Errorf("%q: %v %v, want 400", head, resp, err)
		}
		if cp := <-caps; cp.Answered != 400 {
			t.Errorf("capture answered %d", cp.Answered)
		}
	}
	if n := len(rec.got()); n != 0 {
		t.Errorf("%d refused requests reached the upstream", n)
	}
}

// A head over the limits gets 431.
func TestHeadLimits(t *testing.T) {
	rec := startRecorder(t, "")
	addr, _ := startRelay(t, rec.url(), nil)
	for _, head := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + strings.Repeat("a", 20<<10) + "\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-Many: 1\r\n", 300) + "\r\n",
	} {
		c, _ := net.Dial("tcp", addr)
		c.SetDeadline(time.Now().Add(5 * time.Second))
		go io.WriteString(c, head)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		c.Close()
		if err != nil || resp.StatusCode != 431 {
			t.Errorf("%.40q: %v %v, want 431", head, resp, err)
		}
	}
}

// A WebSocket upgrade is tunnelled: the 101 and then bytes both ways.
func TestUpgradeTunnelled(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		br := bufio.NewReader(c)
		req, err := http.ReadRequest(br)
		if err != nil || req.Header.Get("Upgrade") != "websocket" {
			io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
			return
		}
		io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
		b := make([]byte, 4)
		io.ReadFull(br, b)
		c.Write([]byte(strings.ToUpper(string(b))))
	}()
	addr, caps := startRelay(t, "http://"+ln.Addr().String(), nil)
	c, _ := net.Dial("tcp", addr)
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 101 {
		t.Fatalf("%v %v", resp, err)
	}
	io.WriteString(c, "ping")
	b := make([]byte, 4)
	if _, err := io.ReadFull(br, b); err != nil || string(b) != "PING" {
		t.Fatalf("tunnel: %q %v", b, err)
	}
	c.Close()
	if cp := <-caps; !cp.Tunnel {
		t.Error("the capture does not say it was tunnelled")
	}
}

// A hostile answer (control characters, bidi, a huge header) reaches the
// app byte for byte.
func TestHostileAnswerByteForByte(t *testing.T) {
	body := "\x1b]52;c;ZXZpbA==\x07\u202eevil\x1b[2J" + strings.Repeat("z", 100000)
	answer := "HTTP/1.1 403 \x1b[31mForbidden\r\nX-Evil: \x1b]0;pwned\x07\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body
	up := startAnswering(t, answer)
	addr, _ := startRelay(t, "http://"+up, nil)
	c, _ := net.Dial("tcp", addr)
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	got := make([]byte, len(answer))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(got) != sha256.Sum256([]byte(answer)) {
		t.Fatalf("the answer changed on the way: %.200q", got)
	}
}
