package probe

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/testnet"
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

// hangGuard only fails a hung test: these tests judge the phase and the
// message of a timeout, never how long it took (a loaded machine may be
// slow). The limits under test are well below it.
const hangGuard = 20 * time.Second

// send is Send that fails the test if it has not returned within hangGuard.
func send(t *testing.T, ctx context.Context, req Request) Exchange {
	t.Helper()
	done := make(chan Exchange, 1)
	go func() { done <- Send(ctx, req) }()
	select {
	case ex := <-done:
		return ex
	case <-time.After(hangGuard):
		t.Fatalf("Send did not return within %s: hung", hangGuard)
		return Exchange{}
	}
}

func expectTimeout(t *testing.T, ex Exchange, want string) {
	t.Helper()
	if ex.Err == nil || ex.Err.Phase != PhaseTimeout || !strings.Contains(ex.Err.Message, want) {
		t.Fatalf("err %+v, want timeout containing %q", ex.Err, want)
	}
}

func TestSilentServerHeadersTimeout(t *testing.T) {
	addr := silent(t)
	to := quick()
	to.Headers = 300 * time.Millisecond
	ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "no response headers within 300ms")
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
	ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "too slow")
	// The head arrived: the response stands, with what came of the body.
	if ex.Response == nil || ex.Response.Status != 200 || ex.Response.BodySize < 10 {
		t.Fatalf("response %+v", ex.Response)
	}
}

func TestStalledBodyNoProgress(t *testing.T) {
	addr := trickle(t, 10, time.Hour) // ten bytes, then nothing
	to := quick()
	to.NoProgress = 300 * time.Millisecond
	ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "no progress")
	if ex.Response == nil || ex.Response.BodySize != 10 {
		t.Fatalf("response %+v", ex.Response)
	}
}

func TestTotalLimit(t *testing.T) {
	addr := trickle(t, 10, 50*time.Millisecond)
	to := quick()
	to.Total = 500 * time.Millisecond
	ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "total limit of 500ms")
}

func TestTLSHandshakeTimeout(t *testing.T) {
	addr := newRawServer(t, func(c net.Conn) { waitClosed(c) }).addr
	to := quick()
	to.TLS = 300 * time.Millisecond
	ex := send(t, context.Background(), Request{URL: "https://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "TLS handshake timeout")
	if ex.TLS == nil || ex.Attempts != 0 {
		t.Fatalf("TLS %+v attempts %d", ex.TLS, ex.Attempts)
	}
}

func TestConnectionRefused(t *testing.T) {
	addr := testnet.RefusedAddr(t, "127.0.0.1")
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
	ex := send(t, ctx, Request{URL: "http://" + addr + "/", Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseCancel || !strings.Contains(ex.Err.Message, "waiting for the response headers") {
		t.Fatalf("err %+v", ex.Err)
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
