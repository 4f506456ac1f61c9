package probe

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

// Send leaves nothing running: writer goroutines, HTTP/2 connections,
// timers and context hooks all end with it.
func TestNoGoroutinesLeft(t *testing.T) {
	l := newLab(t)
	before := runtime.NumGoroutine() // the servers' goroutines come and go with them
	h := http.HandlerFunc(hello)
	tlsSrv := httptest.NewUnstartedServer(h)
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.EnableHTTP2 = true
	tlsSrv.TLS = &tls.Config{Certificates: []tls.Certificate{l.server.TLS}}
	tlsSrv.StartTLS()
	plain := httptest.NewServer(h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	silentAddr := ln.Addr().String()
	go func() {
		for range 10 {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(io.Discard, c); c.Close() }()
		}
	}()

	to := quick()
	to.Headers = 100 * time.Millisecond
	reqs := []Request{
		{URL: plain.URL, Timeouts: to},
		{URL: plain.URL, Method: "POST", Body: []byte("x"), Timeouts: to},
		{URL: tlsSrv.URL, TLS: TLSOptions{CAFile: l.caFile}, Timeouts: to},
		{URL: tlsSrv.URL, Method: "PUT", Body: []byte("x"), TLS: TLSOptions{CAFile: l.caFile}, Timeouts: to},
		{URL: tlsSrv.URL, HTTPVersion: "1.1", TLS: TLSOptions{CAFile: l.caFile}, Timeouts: to},
		{URL: tlsSrv.URL, Timeouts: to}, // unknown authority
		{URL: "http://" + silentAddr, Timeouts: to},
	}
	for _, r := range reqs {
		Send(context.Background(), r)
	}
	plain.Close()
	tlsSrv.Close()
	ln.Close()
	var now int
	for range 100 { // up to 2 s for goroutines to wind down
		now = runtime.NumGoroutine()
		if now <= before {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	buf := make([]byte, 1<<16)
	n := runtime.Stack(buf, true)
	t.Fatalf("%d goroutines before, %d after:\n%s", before, now, buf[:n])
}
