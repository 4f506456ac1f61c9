package relay

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/testnet"
)

// startRelay runs a relay to upstream (an origin URL) on loopback and
// returns its address and the captures it hands over.
func startRelay(t *testing.T, upstream string, tweak func(*Options)) (string, <-chan *Capture) {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	caps := make(chan *Capture, 1024)
	opt := Options{
		Upstream: u,
		Dial: func(ctx context.Context) (*probe.Conn, probe.Exchange) {
			r := probe.NewRequest(upstream)
			r.Timeouts.Connect = 2 * time.Second
			r.Timeouts.TLS = 2 * time.Second
			return probe.Dial(ctx, r)
		},
		OnCapture: func(c *Capture) {
			select {
			case caps <- c:
			default:
			}
		},
	}
	if tweak != nil {
		tweak(&opt)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		New(opt).Serve(ctx, ln)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return ln.Addr().String(), caps
}

// recorder is an upstream that keeps the bytes of each request head and
// answers with answer (or 200 "ok").
type recorder struct {
	ln     net.Listener
	mu     sync.Mutex
	heads  []string
	answer string
}

func startRecorder(t *testing.T, answer string) *recorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if answer == "" {
		answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
	}
	r := &recorder{ln: ln, answer: answer}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for range 1000 {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				br := bufio.NewReader(c)
				for range 100 {
					var head bytes.Buffer
					for {
						l, err := br.ReadString('\n')
						head.WriteString(l)
						if err != nil {
							return
						}
						if l == "\r\n" {
							break
						}
					}
					r.mu.Lock()
					r.heads = append(r.heads, head.String())
					answer := r.answer
					r.mu.Unlock()
					if _, err := io.WriteString(c, answer); err != nil {
						return
					}
				}
			}()
		}
	}()
	return r
}

func (r *recorder) url() string { return "http://" + r.ln.Addr().String() }

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.heads...)
}

// A raw client's header lines (lowercase, reordered, duplicated, odd
// spacing) reach the upstream byte for byte; only Host takes the
// upstream's value and hop-by-hop lines are dropped.
func TestRawHeadersArriveAsSent(t *testing.T) {
	rec := startRecorder(t, "")
	addr, caps := startRelay(t, rec.url(), nil)
	sent := "GET /a/b?c=d&c=e HTTP/1.1\r\n" +
		"user-agent: Dart/3.4 (dart:io)\r\n" +
		"accept-encoding: gzip\r\n" +
		"host: " + addr + "\r\n" +
		"X-Dup: one\r\n" +
		"authorization:Bearer abc\r\n" +
		"X-Dup:   two  \r\n" +
		"Connection: keep-alive, X-Hop\r\n" +
		"X-Hop: gone\r\n" +
		"Keep-Alive: timeout=5\r\n" +
		"content-type: text/plain\r\n" +
		"\r\n"
	want := "GET /a/b?c=d&c=e HTTP/1.1\r\n" +
		"user-agent: Dart/3.4 (dart:io)\r\n" +
		"accept-encoding: gzip\r\n" +
		"host: " + rec.ln.Addr().String() + "\r\n" +
		"X-Dup: one\r\n" +
		"authorization:Bearer abc\r\n" +
		"X-Dup:   two  \r\n" +
		"content-type: text/plain\r\n" +
		"\r\n"
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, sent)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := rec.got()
	if len(got) != 1 || got[0] != want {
		t.Fatalf("the upstream got\n%q\nwant\n%q", got, want)
	}
	cp := <-caps
	if cp.Exchange.Response == nil || cp.Exchange.Response.Status != 200 {
		t.Fatalf("capture: %+v", cp.Exchange)
	}
	if v := probe.HeaderValue(cp.Request.Headers, "authorization"); v != "Bearer abc" {
		t.Errorf("the capture's request lacks the app's Authorization: %q", v)
	}
}

// Go's client and curl, through the proxy to a recording upstream, on
// one kept-alive connection: every request arrives once, Host rewritten.
func TestGoClientKeepAlive(t *testing.T) {
	rec := startRecorder(t, "")
	addr, _ := startRelay(t, rec.url(), nil)
	cl := &http.Client{Timeout: 5 * time.Second}
	for i := range 5 {
		resp, err := cl.Get(fmt.Sprintf("http://%s/n/%d", addr, i))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "ok" {
			t.Fatalf("body %q", b)
		}
	}
	got := rec.got()
	if len(got) != 5 {
		t.Fatalf("%d requests arrived, want 5", len(got))
	}
	for i, h := range got {
		if !strings.HasPrefix(h, fmt.Sprintf("GET /n/%d HTTP/1.1\r\nHost: %s\r\n", i, rec.ln.Addr())) {
			t.Errorf("request %d arrived as %q", i, h)
		}
	}
}

// 64 concurrent clients: each request arrives exactly once.
func TestLoadEachRequestOnce(t *testing.T) {
	rec := startRecorder(t, "")
	addr, _ := startRelay(t, rec.url(), nil)
	const clients, each = 64, 10
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	cl := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				resp, err := cl.Get(fmt.Sprintf("http://%s/c%d/r%d", addr, c, i))
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	seen := map[string]int{}
	for _, h := range rec.got() {
		seen[strings.SplitN(h, " ", 3)[1]]++
	}
	if len(seen) != clients*each {
		t.Errorf("%d distinct requests arrived, want %d", len(seen), clients*each)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s arrived %d times", k, n)
		}
	}
}

// An unreachable upstream, one that does not speak TLS, and one that does
// not answer each give the app a 502 whose body names the phase.
func TestUpstreamFailureIs502NamingPhase(t *testing.T) {
	deadURL := "http://" + testnet.RefusedAddr(t, "127.0.0.1")
	silent := startSilent(t)
	plain := startAnswering(t, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
	for _, tc := range []struct {
		name, upstream, phase string
		tweak                 func(*Options)
	}{
		{"down", deadURL, "connect", nil},
		{"tls", "https://" + plain, "tls", nil},
		{"timeout", "http://" + silent, "timeout", func(o *Options) { o.Headers = 300 * time.Millisecond }},
		// -m: the app gets the 502, its connection is not just closed
		{"total", "http://" + silent, "timeout", func(o *Options) { o.Total = 300 * time.Millisecond }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, caps := startRelay(t, tc.upstream, tc.tweak)
			cl := &http.Client{Timeout: 5 * time.Second}
			resp, err := cl.Get("http://" + addr + "/x")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 502 || !strings.Contains(string(b), "("+tc.phase+")") {
				t.Fatalf("%d %q, want 502 naming %s", resp.StatusCode, b, tc.phase)
			}
			cp := <-caps
			if cp.Exchange.Err == nil || cp.Exchange.Err.Phase != tc.phase {
				t.Errorf("capture error %+v, want phase %s", cp.Exchange.Err, tc.phase)
			}
		})
	}
}

// startAnswering writes answer on each connection as soon as it opens.
func startAnswering(t *testing.T, answer string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for range 100 {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			io.WriteString(c, answer)
			c.Close()
		}
	}()
	return ln.Addr().String()
}

// startSilent accepts connections and never answers.
func startSilent(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for range 100 {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				io.Copy(io.Discard, c)
			}()
		}
	}()
	return ln.Addr().String()
}

// A server-sent event stream reaches the app event by event, each before
// the upstream sends the next.
func TestSSEArrivesEventByEvent(t *testing.T) {
	next := make(chan struct{})
	srv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		for i := range 3 {
			fmt.Fprintf(w, "data: %d\n\n", i)
			w.(http.Flusher).Flush()
			select {
			case <-next:
			case <-time.After(5 * time.Second):
				return
			}
		}
	})}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Close()
	addr, _ := startRelay(t, "http://"+ln.Addr().String(), nil)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get("http://" + addr + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for i := range 3 {
		l, err := br.ReadString('\n')
		if err != nil || l != fmt.Sprintf("data: %d\n", i) {
			t.Fatalf("event %d: %q %v", i, l, err)
		}
		br.ReadString('\n')
		next <- struct{}{} // only now may the upstream send the next
	}
}

// A client sending its head a byte at a time does not hold up others.
func TestSlowClientDoesNotHoldUpOthers(t *testing.T) {
	rec := startRecorder(t, "")
	addr, _ := startRelay(t, rec.url(), nil)
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for _, b := range []byte("GET /slow HTTP/1.1\r\nHost: x\r\n") {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			slow.Write([]byte{b})
		}
	}()
	cl := &http.Client{Timeout: 2 * time.Second}
	for i := range 5 {
		start := time.Now()
		resp, err := cl.Get(fmt.Sprintf("http://%s/fast/%d", addr, i))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if d := time.Since(start); d > time.Second {
			t.Fatalf("a fast request took %s next to a slow client", d)
		}
	}
}

// Location on the upstream's origin points at the proxy, a Set-Cookie
// Domain naming the upstream is dropped, and both are recorded; with
// NoRewrite neither changes.
func TestRewrites(t *testing.T) {
	for _, off := range []bool{false, true} {
		rec2 := startRecorder(t, "")
		rec2.mu.Lock()
		rec2.answer = "HTTP/1.1 302 Found\r\nLocation: " + rec2.url() + "/next?x=1\r\nSet-Cookie: s=1; Domain=127.0.0.1; Path=/\r\nContent-Length: 0\r\n\r\n"
		rec2.mu.Unlock()
		addr, caps := startRelay(t, rec2.url(), func(o *Options) { o.NoRewrite = off })
		c, _ := net.Dial("tcp", addr)
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+addr+"\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		loc, cookie := resp.Header.Get("Location"), resp.Header.Get("Set-Cookie")
		cp := <-caps
		if off {
			if loc != rec2.url()+"/next?x=1" || !strings.Contains(cookie, "Domain=") || len(cp.Rewrites) != 0 {
				t.Errorf("--no-rewrite: %q %q %q", loc, cookie, cp.Rewrites)
			}
			continue
		}
		if loc != "http://"+addr+"/next?x=1" {
			t.Errorf("Location %q, want the proxy's", loc)
		}
		if strings.Contains(cookie, "Domain") || !strings.Contains(cookie, "s=1") {
			t.Errorf("Set-Cookie %q", cookie)
		}
		if len(cp.Rewrites) != 2 {
			t.Errorf("rewrites recorded: %q", cp.Rewrites)
		}
	}
}

// A SigV4 request signed for the proxy's Host is recognised.
func TestHostSignedRecognised(t *testing.T) {
	rec := startRecorder(t, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
	addr, caps := startRelay(t, rec.url(), nil)
	c, _ := net.Dial("tcp", addr)
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+addr+"\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc\r\n\r\n")
	http.ReadResponse(bufio.NewReader(c), nil)
	if cp := <-caps; !strings.Contains(cp.HostSigned, "Version 4") {
		t.Errorf("HostSigned %q", cp.HostSigned)
	}
}

// curl, through the proxy: its request arrives with only Host changed.
func TestCurlThroughProxy(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed")
	}
	rec := startRecorder(t, "")
	addr, _ := startRelay(t, rec.url(), nil)
	out, err := exec.Command(curl, "-sS", "--noproxy", "*", "-m", "10", "-H", "x-lower: a", "-H", "X-Dup: 1", "-H", "X-Dup: 2", "http://"+addr+"/c?q=1").CombinedOutput()
	if err != nil || string(out) != "ok" {
		t.Fatalf("curl: %v %q", err, out)
	}
	got := rec.got()
	if len(got) != 1 {
		t.Fatalf("%d requests arrived", len(got))
	}
	want := "GET /c?q=1 HTTP/1.1\r\nHost: " + rec.ln.Addr().String() + "\r\n"
	if !strings.HasPrefix(got[0], want) || !strings.Contains(got[0], "x-lower: a\r\nX-Dup: 1\r\nX-Dup: 2\r\n") {
		t.Errorf("arrived as %q", got[0])
	}
}
