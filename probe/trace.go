package probe

import (
	"context"
	"net/http/httptrace"
	"sync"
	"time"
)

// tracer collects the moments of one attempt. DNS and TCP connect come
// from net/http/httptrace (the net package reports them to a ClientTrace
// found in the dial context); TLS, request written and first byte are
// marked by probe's own HTTP/1.1 code or by net/http's HTTP/2 trace hooks.
// Hooks may run on other goroutines, hence the lock.
type tracer struct {
	mu                  sync.Mutex
	start               time.Time
	dnsStart, dnsDone   time.Time
	connStart, connDone time.Time
	tlsStart, tlsDone   time.Time
	ready               time.Time // connection usable for HTTP
	wrote               time.Time // request fully written
	firstByte, bodyDone time.Time
	end                 time.Time
}

// mark sets *t to now, once: later calls keep the first moment.
func (tr *tracer) mark(t *time.Time) {
	tr.mu.Lock()
	if t.IsZero() {
		*t = time.Now()
	}
	tr.mu.Unlock()
}

// dialContext adds the hooks for name resolution and TCP connect.
func (tr *tracer) dialContext(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { tr.mark(&tr.dnsStart) },
		DNSDone:  func(httptrace.DNSDoneInfo) { tr.mark(&tr.dnsDone) },
		// With several addresses the first attempt starts the clock and
		// the first success stops it.
		ConnectStart: func(string, string) { tr.mark(&tr.connStart) },
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				tr.mark(&tr.connDone)
			}
		},
	})
}

// timing turns the moments into the durations of Timing. A phase that
// did not happen, or did not finish, is zero.
func (tr *tracer) timing() Timing {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	span := func(a, b time.Time) time.Duration {
		if a.IsZero() || b.IsZero() || b.Before(a) {
			return 0
		}
		return b.Sub(a)
	}
	t := Timing{
		Start:   tr.start,
		DNS:     span(tr.dnsStart, tr.dnsDone),
		Connect: span(tr.connStart, tr.connDone),
		TLS:     span(tr.tlsStart, tr.tlsDone),
		Wrote:   span(tr.ready, tr.wrote),
		// Never reused: every attempt has its own connection.
		Reused: false,
	}
	// A server may answer before the request is fully written (an early
	// 403 to an upload); then the wait for the first byte counts from the
	// moment the connection was ready.
	if !tr.wrote.IsZero() && !tr.firstByte.Before(tr.wrote) {
		t.FirstByte = span(tr.wrote, tr.firstByte)
	} else {
		t.FirstByte = span(tr.ready, tr.firstByte)
	}
	t.Body = span(tr.firstByte, tr.bodyDone)
	t.Total = span(tr.start, tr.end)
	return t
}
