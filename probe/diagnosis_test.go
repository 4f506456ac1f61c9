package probe

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A body still pouring in when -m ends the exchange did not stall: the
// message says it was still arriving.
func TestTotalLimitOnFastStreamIsNotAStall(t *testing.T) {
	stop := make(chan struct{})
	addr := newRawServer(t, func(c net.Conn) {
		readHead(c)
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n"))
		buf := make([]byte, 64<<10)
		deadline := time.Now().Add(hangGuard)
		for range 200000 { // bounded by count, time and the test's end
			select {
			case <-stop:
				return
			default:
			}
			if time.Now().After(deadline) {
				return
			}
			if _, err := c.Write(buf); err != nil {
				return
			}
		}
	}).addr
	t.Cleanup(func() { close(stop) })
	to := quick()
	to.Total = time.Second
	ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "total limit of 1s")
	if strings.Contains(ex.Err.Message, "stalled") || !strings.Contains(ex.Err.Message, "still arriving") {
		t.Fatalf("message %q: the body was still arriving", ex.Err.Message)
	}
}

// A body that stops moving before -m ends the exchange did stall.
func TestTotalLimitOnStoppedStreamIsAStall(t *testing.T) {
	addr := trickle(t, 1000, time.Hour)
	to := quick()
	to.Total = time.Second
	ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
	expectTimeout(t, ex, "total limit of 1s")
	if !strings.Contains(ex.Err.Message, "stalled while the response body was arriving") {
		t.Fatalf("message %q", ex.Err.Message)
	}
}

// An HTTP/2 upload the server does not read, ended by -m, stalled while
// the request was being sent, not while waiting for the response.
func TestH2StalledUploadPhase(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // never reads the body
		case <-r.Context().Done():
		case <-time.After(hangGuard):
		}
	}), true, nil)
	to := quick()
	to.Total = time.Second
	ex := send(t, context.Background(), Request{URL: srv.URL + "/", Method: "POST", Body: make([]byte, 20<<20), TLS: TLSOptions{CAFile: l.caFile}, Timeouts: to})
	expectTimeout(t, ex, "total limit of 1s")
	if !strings.Contains(ex.Err.Message, "while the request was being sent") {
		t.Fatalf("message %q", ex.Err.Message)
	}
	if ex.Request.BodySize == 0 || ex.Request.BodySize >= 20<<20 {
		t.Fatalf("body sent %d", ex.Request.BodySize)
	}
}
