package probe

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// seenRequest is what a test server received.
type seenRequest struct {
	method string
	path   string
	header http.Header
	body   string
}

// recorder answers 200 and reports every request it gets.
func recorder(t *testing.T) (*chanServer, string) {
	cs := &chanServer{ch: make(chan seenRequest, 20)}
	srv := plainServer(t, cs)
	return cs, srv.URL
}

type chanServer struct{ ch chan seenRequest }

func (c *chanServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	c.ch <- seenRequest{r.Method, r.URL.Path, r.Header.Clone(), string(b)}
	io.WriteString(w, "final")
}

func (c *chanServer) next(t *testing.T) seenRequest {
	t.Helper()
	select {
	case s := <-c.ch:
		return s
	default:
		t.Fatal("the server received no request")
		return seenRequest{}
	}
}

// redirector answers every request with code and Location loc.
func redirector(t *testing.T, code int, loc string) string {
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		w.Header().Set("Location", loc)
		w.WriteHeader(code)
	}))
	return srv.URL
}

func credentialed(url string) Request {
	return Request{
		URL:             url,
		FollowRedirects: true,
		Auth:            Credentials{Bearer: "SECRET-TOKEN"},
		Headers: []Header{{"Cookie", "session=SECRET"}, {"X-Api-Key", "SECRET-KEY"}, {"Ocp-Apim-Subscription-Key", "SECRET-SUB"}, {"X-Other", "kept"}, {"Referer", "https://me/"},
			// a header the user marked secret, and a key under a name
			// that says nothing (Blockfrost's project_id)
			{"X-Mine", "SECRET-MINE"}, {"Project_id", "mainnetQ7px2mZ8rT4vW9yB3kL6"}},
		SecretHeaders: []string{"x-mine"},
		Timeouts:      quick(),
	}
}

func assertNoCredentials(t *testing.T, s seenRequest) {
	t.Helper()
	for _, h := range []string{"Authorization", "Cookie", "X-Api-Key", "Ocp-Apim-Subscription-Key", "Referer", "X-Mine", "Project_id"} {
		if v := s.header.Get(h); v != "" {
			t.Errorf("the other origin received %s: %q", h, v)
		}
	}
	if s.header.Get("X-Other") != "kept" {
		t.Errorf("X-Other was not kept: %v", s.header)
	}
}

func TestRedirectSameOriginKeepsCredentials(t *testing.T) {
	cs := &chanServer{ch: make(chan seenRequest, 5)}
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
			return
		}
		cs.ServeHTTP(w, r)
	}))
	ex := Send(context.Background(), credentialed(srv.URL+"/a"))
	mustOK(t, ex)
	s := cs.next(t)
	if s.path != "/b" || s.header.Get("Authorization") != "Bearer SECRET-TOKEN" || s.header.Get("Cookie") != "session=SECRET" || s.header.Get("X-Api-Key") != "SECRET-KEY" ||
		s.header.Get("Ocp-Apim-Subscription-Key") != "SECRET-SUB" {
		t.Fatalf("same origin lost credentials: %v", s.header)
	}
	if len(ex.Hops) != 1 || ex.Hops[0].Status != 302 || ex.Hops[0].Location != srv.URL+"/b" || len(ex.Hops[0].Dropped) != 0 {
		t.Fatalf("hops %+v", ex.Hops)
	}
	if ex.Hops[0].Request.URL != "/a" || ex.Request.URL != "/b" || string(ex.Response.Body) != "final" {
		t.Fatalf("first %q final %q", ex.Hops[0].Request.URL, ex.Request.URL)
	}
}

// Another port, another host, another scheme: nothing secret follows.
func TestRedirectOtherOriginDropsCredentials(t *testing.T) {
	cs, finalURL := recorder(t)
	port := finalURL[strings.LastIndex(finalURL, ":")+1:]
	l := newLab(t)
	cases := map[string]string{
		"port":   redirector(t, http.StatusFound, finalURL+"/x"),
		"host":   redirector(t, http.StatusFound, "http://localhost:"+port+"/x"),
		"scheme": l.tlsServer(t, http.RedirectHandler(finalURL+"/x", http.StatusMovedPermanently), false, nil).URL,
	}
	for name, start := range cases {
		req := credentialed(start + "/start")
		req.TLS.CAFile = l.caFile
		ex := Send(context.Background(), req)
		mustOK(t, ex)
		s := cs.next(t)
		assertNoCredentials(t, s)
		if len(ex.Hops) != 1 {
			t.Fatalf("%s: hops %+v", name, ex.Hops)
		}
		d := strings.Join(ex.Hops[0].Dropped, "\n")
		for _, want := range []string{"Authorization: not sent to other origin http://", "Cookie:", "X-Api-Key:", "Ocp-Apim-Subscription-Key:", "Referer:"} {
			if !strings.Contains(d, want) {
				t.Errorf("%s: Dropped lacks %q: %q", name, want, d)
			}
		}
		if name == "scheme" && !strings.Contains(strings.Join(ex.Warnings, "\n"), "https to plain http") {
			t.Errorf("no downgrade warning: %q", ex.Warnings)
		}
	}
}

// a → b → a: credentials withheld once stay withheld (CVE-2024-45336).
func TestRedirectCredentialsNotRestored(t *testing.T) {
	cs := &chanServer{ch: make(chan seenRequest, 5)}
	var back string
	a := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, back, http.StatusFound)
			return
		}
		cs.ServeHTTP(w, r)
	}))
	back = redirector(t, http.StatusFound, a.URL+"/end")
	ex := Send(context.Background(), credentialed(a.URL+"/start"))
	mustOK(t, ex)
	if len(ex.Hops) != 2 {
		t.Fatalf("hops %+v", ex.Hops)
	}
	assertNoCredentials(t, cs.next(t))
}

func TestRedirect303PostBecomesGet(t *testing.T) {
	cs, final := recorder(t)
	start := redirector(t, http.StatusSeeOther, final+"/done")
	ex := Send(context.Background(), Request{
		Method: "POST", URL: start, FollowRedirects: true, Body: []byte("a=1"),
		Headers: []Header{{"Content-Type", "application/x-www-form-urlencoded"}}, Timeouts: quick(),
	})
	mustOK(t, ex)
	s := cs.next(t)
	if s.method != "GET" || s.body != "" || s.header.Get("Content-Type") != "" || s.header.Get("Content-Length") != "" {
		t.Fatalf("after 303: %s body %q headers %v", s.method, s.body, s.header)
	}
	if ex.Hops[0].Request.Method != "POST" || ex.Request.Method != "GET" {
		t.Fatalf("methods %s → %s", ex.Hops[0].Request.Method, ex.Request.Method)
	}
}

func TestRedirect307KeepsMethodAndBody(t *testing.T) {
	cs, final := recorder(t)
	start := redirector(t, http.StatusTemporaryRedirect, final+"/recv")
	// From a regular file, which can be opened again.
	f := filepath.Join(t.TempDir(), "body")
	os.WriteFile(f, []byte("payload"), 0o600)
	for _, req := range []Request{
		{Method: "POST", URL: start, FollowRedirects: true, Body: []byte("payload"), Timeouts: quick()},
		{Method: "POST", URL: start, FollowRedirects: true, BodyFile: f, Timeouts: quick()},
	} {
		ex := Send(context.Background(), req)
		mustOK(t, ex)
		if s := cs.next(t); s.method != "POST" || s.body != "payload" {
			t.Fatalf("after 307: %s %q", s.method, s.body)
		}
	}
}

// A body from a pipe cannot be sent twice: the 307 is the answer.
func TestRedirect307StreamBodyNotFollowed(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	go func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.WriteString("once")
			f.Close()
		}
	}()
	start := redirector(t, http.StatusTemporaryRedirect, "/elsewhere")
	ex := Send(context.Background(), Request{Method: "POST", URL: start, FollowRedirects: true, BodyFile: fifo, Timeouts: quick()})
	mustOK(t, ex)
	if ex.Response.Status != 307 || len(ex.Hops) != 0 || !strings.Contains(strings.Join(ex.Warnings, "\n"), "cannot be sent again") {
		t.Fatalf("status %d hops %d warnings %q", ex.Response.Status, len(ex.Hops), ex.Warnings)
	}
}

func TestRedirectLoopStopsAtCap(t *testing.T) {
	var n atomic.Int32
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Redirect(w, r, "/loop", http.StatusFound)
	}))
	ex := Send(context.Background(), Request{URL: srv.URL + "/loop", FollowRedirects: true, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseRedirect || !strings.Contains(ex.Err.Message, "stopped after 10 redirects") {
		t.Fatalf("err %+v", ex.Err)
	}
	if len(ex.Hops) != 10 || n.Load() != 11 || ex.Response == nil || ex.Response.Status != 302 {
		t.Fatalf("hops %d, server saw %d, response %+v", len(ex.Hops), n.Load(), ex.Response)
	}
}

func TestNoFollowReturnsRedirect(t *testing.T) {
	start := redirector(t, http.StatusFound, "/elsewhere")
	ex := Send(context.Background(), Request{URL: start, Timeouts: quick()})
	mustOK(t, ex)
	if ex.Response.Status != 302 || len(ex.Hops) != 0 || ex.Response.Get("Location") != "/elsewhere" {
		t.Fatalf("status %d hops %d", ex.Response.Status, len(ex.Hops))
	}
}

func TestRedirectBadLocation(t *testing.T) {
	for loc, want := range map[string]string{"http://%zz": "invalid Location", "ftp://127.0.0.1/x": "not followed"} {
		start := redirector(t, http.StatusFound, loc)
		ex := Send(context.Background(), Request{URL: start, FollowRedirects: true, Timeouts: quick()})
		if ex.Err == nil || ex.Err.Phase != PhaseRedirect || !strings.Contains(ex.Err.Message, want) {
			t.Fatalf("%s: err %+v", loc, ex.Err)
		}
		if ex.Response == nil || ex.Response.Status != 302 {
			t.Fatalf("%s: response %+v", loc, ex.Response)
		}
	}
}

// The client certificate is not offered to another origin either: both
// hops are TLS servers that ask for one, and only the first receives it
// (asserted at the servers, not only in the hop record).
func TestRedirectDropsClientCert(t *testing.T) {
	l := newLab(t)
	certFile := l.client(t, "alice", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	peers := make(chan string, 4) // "<server>: <client CN or none>"
	seen := func(name string, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cn := "none"
			if len(r.TLS.PeerCertificates) > 0 {
				cn = r.TLS.PeerCertificates[0].Subject.CommonName
			}
			peers <- name + ": " + cn
			next.ServeHTTP(w, r)
		})
	}
	askForCert := func(c *tls.Config) { c.ClientAuth = tls.RequestClientCert }
	final := l.tlsServer(t, seen("final", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "final") })), false, askForCert)
	srv := l.tlsServer(t, seen("first", http.RedirectHandler(final.URL+"/x", http.StatusFound)), false, askForCert)
	ex := Send(context.Background(), Request{URL: srv.URL, FollowRedirects: true, TLS: TLSOptions{CAFile: l.caFile, CertFile: certFile}, Timeouts: quick()})
	mustOK(t, ex)
	if len(ex.Hops) != 1 || !strings.Contains(strings.Join(ex.Hops[0].Dropped, "\n"), "client certificate: not offered") {
		t.Fatalf("hops %+v", ex.Hops)
	}
	close(peers)
	var got []string
	for p := range peers {
		got = append(got, p)
	}
	if strings.Join(got, "; ") != "first: alice; final: none" {
		t.Errorf("client certificates seen by the servers: %q, want alice at the first origin only", got)
	}
}
