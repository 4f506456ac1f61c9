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
	if strings.Contains(ex.Err.Message, "it stalled") || !strings.Contains(ex.Err.Message, "while the response body was arriving, not stalled") {
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

// A redirect chain that comes back to a URL already requested is named a
// loop; a chain of new URLs that reaches the limit is not.
func TestRedirectLoopIsNamed(t *testing.T) {
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/self" {
			http.Redirect(w, r, "/self", http.StatusFound)
			return
		}
		http.Redirect(w, r, r.URL.Path+"x", http.StatusFound) // always a new URL
	}))
	ex := Send(context.Background(), Request{URL: srv.URL + "/self", FollowRedirects: true, MaxRedirects: 3, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseRedirect || !strings.Contains(ex.Err.Message, "redirects in a loop") ||
		!strings.Contains(ex.Err.Message, srv.URL+"/self") || !strings.Contains(ex.Err.Message, "stopped after 3 redirects") {
		t.Fatalf("err %+v", ex.Err)
	}
	ex = Send(context.Background(), Request{URL: srv.URL + "/new", FollowRedirects: true, MaxRedirects: 3, Timeouts: quick()})
	if ex.Err == nil || strings.Contains(ex.Err.Message, "loop") || !strings.Contains(ex.Err.Message, "stopped after 3 redirects") {
		t.Fatalf("err %+v", ex.Err)
	}
}

// Status codes below 100 are not informational: the answer is taken as
// the final one, with a warning that the status is invalid, instead of
// waiting for another response.
func TestStatusBelow100IsNotInformational(t *testing.T) {
	for _, code := range []string{"000", "099"} {
		addr := newRawServer(t, func(c net.Conn) {
			readHead(c)
			c.Write([]byte("HTTP/1.1 " + code + " Odd\r\nContent-Length: 3\r\n\r\nodd"))
			waitClosed(c)
		}).addr
		to := quick()
		to.Headers = 2 * time.Second
		ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", Timeouts: to})
		mustOK(t, ex)
		if ex.Response.Status != atoi(code) || string(ex.Response.Body) != "odd" {
			t.Fatalf("%s: response %+v", code, ex.Response)
		}
		w := strings.Join(ex.Warnings, "\n")
		if strings.Contains(w, "informational") || !strings.Contains(w, "status code "+code+" is not valid") {
			t.Fatalf("%s: warnings %q", code, w)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
