package probe

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// silent accepts, reads the request and never answers.
func silent(t *testing.T) string {
	return newRawServer(t, func(c net.Conn) {
		readHead(c)
		waitClosed(c)
	}).addr
}

// trickle sends a head promising more, then first bytes at once, then one
// byte per interval (at most 400 of them, and none after the test).
func trickle(t *testing.T, first int, interval time.Duration) string {
	stop := make(chan struct{})
	addr := newRawServer(t, func(c net.Conn) {
		readHead(c)
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
		c.Write(make([]byte, first))
		for range 400 {
			select {
			case <-stop:
				return
			case <-time.After(interval):
			}
			if _, err := c.Write([]byte("x")); err != nil {
				return
			}
		}
	}).addr
	t.Cleanup(func() { close(stop) }) // runs before the server's cleanup
	return addr
}

func expectTimeout(t *testing.T, ex Exchange, want string, took, max time.Duration) {
	t.Helper()
	if ex.Err == nil || ex.Err.Phase != PhaseTimeout || !strings.Contains(ex.Err.Message, want) {
		t.Fatalf("err %+v, want timeout containing %q", ex.Err, want)
	}
	if took > max {
		t.Fatalf("took %s, more than %s", took, max)
	}
}

func TestSilentServerHeadersTimeout(t *testing.T) {
	addr := silent(t)
	to := quick()
	to.Headers = 300 * time.Millisecond
	start := time.Now()
	ex := Send(context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "no response headers within 300ms", time.Since(start), 2*time.Second)
	if ex.Response != nil || ex.Attempts != 1 {
		t.Fatalf("response %+v attempts %d", ex.Response, ex.Attempts)
	}
}

// A one-byte trickle resets a no-progress timer forever; the minimum rate
// stops it.
func TestTrickleBodyStopsOnMinimumRate(t *testing.T) {
	addr := trickle(t, 10, 50*time.Millisecond)
	to := quick()
	to.NoProgress = 400 * time.Millisecond
	start := time.Now()
	ex := Send(context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "too slow", time.Since(start), 2*time.Second)
	// The head arrived: the response stands, with what came of the body.
	if ex.Response == nil || ex.Response.Status != 200 || ex.Response.BodySize < 10 {
		t.Fatalf("response %+v", ex.Response)
	}
}

func TestStalledBodyNoProgress(t *testing.T) {
	addr := trickle(t, 10, time.Hour) // ten bytes, then nothing
	to := quick()
	to.NoProgress = 300 * time.Millisecond
	start := time.Now()
	ex := Send(context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "no progress", time.Since(start), 2*time.Second)
	if ex.Response == nil || ex.Response.BodySize != 10 {
		t.Fatalf("response %+v", ex.Response)
	}
}

func TestTotalLimit(t *testing.T) {
	addr := trickle(t, 10, 50*time.Millisecond)
	to := quick()
	to.Total = 500 * time.Millisecond
	start := time.Now()
	ex := Send(context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "total limit of 500ms", time.Since(start), 2*time.Second)
}

func TestTLSHandshakeTimeout(t *testing.T) {
	addr := newRawServer(t, func(c net.Conn) { waitClosed(c) }).addr
	to := quick()
	to.TLS = 300 * time.Millisecond
	start := time.Now()
	ex := Send(context.Background(), Request{URL: "https://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "TLS handshake timeout", time.Since(start), 2*time.Second)
	if ex.TLS == nil || ex.Attempts != 0 {
		t.Fatalf("TLS %+v attempts %d", ex.TLS, ex.Attempts)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ex := Send(context.Background(), Request{URL: "http://" + addr + "/", Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseConnect || ex.Err.Message != "connection refused: nothing listens on "+addr {
		t.Fatalf("err %+v", ex.Err)
	}
	if ex.Err.Detail == "" || ex.Attempts != 0 {
		t.Fatalf("detail %q attempts %d", ex.Err.Detail, ex.Attempts)
	}
}

func TestCancel(t *testing.T) {
	addr := silent(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	ex := Send(ctx, Request{URL: "http://" + addr + "/", Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseCancel || !strings.Contains(ex.Err.Message, "waiting for the response headers") {
		t.Fatalf("err %+v", ex.Err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("took %s", took)
	}
	// Already cancelled: nothing is sent.
	ex = Send(ctx, Request{URL: "http://" + addr + "/", Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseCancel || ex.Attempts != 0 {
		t.Fatalf("err %+v attempts %d", ex.Err, ex.Attempts)
	}
}

// The server answers 403 at once without reading a large upload: the
// answer is what counts, not the write error.
func TestEarlyAnswerToUpload(t *testing.T) {
	addr := newRawServer(t, func(c net.Conn) {
		readHead(c)
		io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\nConnection: close\r\n\r\nnope!\n")
		time.Sleep(100 * time.Millisecond)
		// Closing with unread data makes the kernel reset the connection.
	}).addr
	ex := Send(context.Background(), Request{Method: "POST", URL: "http://" + addr + "/", Body: make([]byte, 32<<20), Timeouts: quick()})
	mustOK(t, ex)
	if ex.Response.Status != 403 || string(ex.Response.Body) != "nope!\n" {
		t.Fatalf("response %d %q", ex.Response.Status, ex.Response.Body)
	}
	if ex.Request.BodySize >= 32<<20 || !strings.Contains(strings.Join(ex.Warnings, "\n"), "answered before the whole request body was sent") {
		t.Fatalf("sent %d, warnings %q", ex.Request.BodySize, ex.Warnings)
	}
}
