package relay

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// startH2c is an upstream speaking h2c (prior knowledge) that echoes the
// protocol, the header names it got and the body, in a body of unknown
// length; /slow never answers.
func startH2c(t *testing.T) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		b, _ := io.ReadAll(r.Body)
		var names []string
		for k := range r.Header {
			names = append(names, k)
		}
		w.Header().Set("Location", "http://"+r.Host+"/next")
		w.WriteHeader(201)
		fmt.Fprintf(w, "%s %s body=%q len=%d", r.Proto, r.Host, b, r.ContentLength)
		w.(http.Flusher).Flush()
	}))
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.URL
}

func h2Relay(t *testing.T, upstream string, tweak func(*Options)) (string, <-chan *Capture) {
	return startRelay(t, upstream, func(o *Options) {
		o.Dial = func(ctx context.Context) (*probe.Conn, probe.Exchange) {
			r := probe.NewRequest(upstream)
			r.HTTPVersion = "2-prior-knowledge"
			r.Timeouts.Connect = 2 * time.Second
			return probe.Dial(ctx, r)
		}
		if tweak != nil {
			tweak(o)
		}
	})
}

// Over HTTP/2 a body sent with a length and one sent chunked both reach
// the upstream whole, on streams of the same connection; the answer of
// unknown length reaches the app chunked, its Location rewritten.
func TestH2ForwardsBodiesAndAnswers(t *testing.T) {
	up := startH2c(t)
	addr, caps := h2Relay(t, up, nil)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	fmt.Fprintf(c, "POST /a HTTP/1.1\r\nHost: %s\r\nContent-Length: 5\r\nX-Mixed-Case: 1\r\n\r\nhello", addr)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 || !strings.HasPrefix(string(b), `HTTP/2.0 `) || !strings.Contains(string(b), `body="hello" len=5`) {
		t.Fatalf("first: %d %q", resp.StatusCode, b)
	}
	if len(resp.TransferEncoding) == 0 || resp.TransferEncoding[0] != "chunked" {
		t.Errorf("an answer of unknown length came %v", resp.TransferEncoding)
	}
	if loc := resp.Header.Get("Location"); loc != "http://"+addr+"/next" {
		t.Errorf("Location %q not rewritten to the proxy", loc)
	}
	fmt.Fprintf(c, "PUT /b HTTP/1.1\r\nHost: %s\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", addr)
	resp, err = http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	if !strings.Contains(string(b), `body="abcde" len=-1`) {
		t.Fatalf("chunked: %d %q", resp.StatusCode, b)
	}
	for range 2 {
		cp := <-caps
		if cp.Exchange.Request.Proto != "HTTP/2.0" || cp.Exchange.Response == nil || cp.Exchange.Response.Proto != "HTTP/2.0" {
			t.Errorf("capture %d: %+v", cp.ID, cp.Exchange.Request)
		}
		for _, h := range cp.Exchange.Request.Headers {
			if h.Name != strings.ToLower(h.Name) {
				t.Errorf("%q went out over HTTP/2", h.Name)
			}
		}
	}
}

// An answer that does not come within -m is a 502 naming the timeout.
func TestH2TimeoutIs502(t *testing.T) {
	up := startH2c(t)
	addr, caps := h2Relay(t, up, func(o *Options) { o.Total = 300 * time.Millisecond })
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + addr + "/slow")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || !strings.Contains(string(b), "(timeout)") {
		t.Fatalf("%d %q", resp.StatusCode, b)
	}
	if cp := <-caps; cp.Exchange.Err == nil || cp.Exchange.Err.Phase != probe.PhaseTimeout {
		t.Errorf("capture error %+v", cp.Exchange.Err)
	}
}

// Past -m, an answer already under way is cut even when the app stopped
// reading: its connection is closed and the exchange is handed over,
// judged a timeout (not an app that went away), over HTTP/1.1 and HTTP/2.
func TestTotalCutsAnAnswerUnderWay(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprint("h2=", h2), func(t *testing.T) {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(200)
				chunk := make([]byte, 64<<10)
				for deadline, sent := time.Now().Add(5*time.Second), 0; time.Now().Before(deadline) && sent < 256<<20; sent += len(chunk) {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			}))
			srv.Config.Protocols = new(http.Protocols)
			srv.Config.Protocols.SetHTTP1(true)
			srv.Config.Protocols.SetUnencryptedHTTP2(true)
			srv.Start()
			defer srv.Close()
			total := func(o *Options) { o.Total = 300 * time.Millisecond }
			addr, caps := startRelay(t, srv.URL, total)
			if h2 {
				addr, caps = h2Relay(t, srv.URL, total)
			}
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			fmt.Fprintf(c, "GET /big HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			if _, err := c.Read(make([]byte, 1)); err != nil {
				t.Fatal(err)
			}
			// the app reads nothing more
			select {
			case cp := <-caps:
				if cp.Exchange.Err == nil || cp.Exchange.Err.Phase != probe.PhaseTimeout {
					t.Errorf("capture error %+v, want a timeout", cp.Exchange.Err)
				}
			case <-time.After(3 * time.Second):
				t.Fatal("3 s after -m (300 ms) the exchange was still under way")
			}
		})
	}
}

// An answer whose body stalls is cut after --no-progress's wait and
// judged a timeout, over HTTP/2 as over HTTP/1.1: the exchange does not
// stay under way (and out of the list) for as long as the upstream likes.
// noProgressRelay starts srv (HTTP/1.1 and unencrypted HTTP/2) behind a
// relay with a 300 ms no-progress limit, over HTTP/2 when h2.
func noProgressRelay(t *testing.T, srv *httptest.Server, h2 bool) (string, <-chan *Capture) {
	t.Helper()
	srv.Config.Protocols = new(http.Protocols)
	srv.Config.Protocols.SetHTTP1(true)
	srv.Config.Protocols.SetUnencryptedHTTP2(true)
	srv.Start()
	t.Cleanup(srv.Close)
	stall := func(o *Options) { o.NoProgress = 300 * time.Millisecond }
	if h2 {
		return h2Relay(t, srv.URL, stall)
	}
	return startRelay(t, srv.URL, stall)
}

func TestNoProgressCutsAStalledBody(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprint("h2=", h2), func(t *testing.T) {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(200)
				io.WriteString(w, "part")
				w.(http.Flusher).Flush()
				select { // then nothing
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			}))
			addr, caps := noProgressRelay(t, srv, h2)
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			fmt.Fprintf(c, "GET /stall HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
			select {
			case cp := <-caps:
				if cp.Exchange.Err == nil || cp.Exchange.Err.Phase != probe.PhaseTimeout {
					t.Errorf("capture error %+v, want a timeout", cp.Exchange.Err)
				}
			case <-time.After(3 * time.Second):
				t.Fatal("3 s after the body stalled (no-progress 300 ms) the exchange was still under way")
			}
		})
	}
}

// TestNoProgressLetsATrickleThrough: a body that keeps moving, a piece
// every 100 ms for 0.8 s, is not cut by a 300 ms no-progress limit: the
// limit is per wait, not for the whole body.
func TestNoProgressLetsATrickleThrough(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprint("h2=", h2), func(t *testing.T) {
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(200)
				for i := 0; i < 8; i++ {
					io.WriteString(w, "piece ")
					w.(http.Flusher).Flush()
					select {
					case <-r.Context().Done():
						return
					case <-time.After(100 * time.Millisecond):
					}
				}
			}))
			addr, caps := noProgressRelay(t, srv, h2)
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			fmt.Fprintf(c, "GET /trickle HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
			go io.Copy(io.Discard, c)
			select {
			case cp := <-caps:
				if cp.Exchange.Err != nil {
					t.Errorf("a body moving every 100 ms was cut: %+v", cp.Exchange.Err)
				}
				if got := len(cp.Exchange.Response.Body); got != 8*len("piece ") {
					t.Errorf("captured %d body bytes, want %d", got, 8*len("piece "))
				}
			case <-time.After(5 * time.Second):
				t.Fatal("5 s after a 0.8 s body the exchange was still under way")
			}
		})
	}
}
