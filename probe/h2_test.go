package probe

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// flood103 answers with 103 Early Hints in a loop, bounded by count and
// time, and stops when the client goes away.
func flood103(n int, every time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		deadline := time.Now().Add(10 * time.Second)
		for range n {
			if r.Context().Err() != nil || time.Now().After(deadline) {
				return
			}
			w.Header().Set("Link", "</style.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			if every > 0 {
				time.Sleep(every)
			}
		}
		w.WriteHeader(http.StatusForbidden)
	}
}

// An HTTP/2 server that sends endless 103 responses is cut off after 20,
// as on HTTP/1.1, with a bounded number of warnings.
func TestH2InformationalFlood(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, flood103(10000, 0), true, nil)
	start := time.Now()
	ex := send(t, context.Background(), Request{URL: srv.URL + "/", TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
	took := time.Since(start)
	if ex.TLS == nil || ex.TLS.ALPN != "h2" {
		t.Fatalf("not HTTP/2: %+v", ex.TLS)
	}
	if ex.Err == nil || ex.Err.Phase != PhaseHeaders || ex.Err.Message != "the server sent more than 20 informational (1xx) responses" {
		t.Fatalf("err %+v", ex.Err)
	}
	if ex.Response != nil {
		t.Fatalf("response %+v", ex.Response)
	}
	if n := len(ex.Warnings); n > 21 {
		t.Fatalf("%d warnings, want at most 21", n)
	}
	if took > 3*time.Second {
		t.Fatalf("took %s", took)
	}
}

// Slow informational responses do not hold the exchange past -m.
func TestH2InformationalHonoursTotal(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, flood103(15, 100*time.Millisecond), true, nil)
	to := quick()
	to.Total = 400 * time.Millisecond
	start := time.Now()
	ex := send(t, context.Background(), Request{URL: srv.URL + "/", TLS: TLSOptions{CAFile: l.caFile}, Timeouts: to})
	took := time.Since(start)
	expectTimeout(t, ex, "total limit of 400ms")
	if !strings.Contains(ex.Err.Message, "waiting for the response headers") {
		t.Fatalf("err %+v", ex.Err)
	}
	if took > 2*time.Second {
		t.Fatalf("took %s", took)
	}
}
