package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Send puts req on the wire once and records the exchange. It is the only
// network I/O of why403. It never retries: every connection is new and
// carries exactly one request, so the transport has nothing to re-send
// (FACTS 2.11). Redirects are followed only when req.FollowRedirects, by
// Send itself, with credentials withheld from other origins (FACTS 2.4).
//
// HTTP/1.1 requests are written by probe, because net/http sorts header
// lines by name and keeps only the first User-Agent; the user's order and
// duplicates must reach the server. HTTP/2 goes through net/http's own
// implementation on a connection probe dialled (see h2.go).
//
// Send does not log; every problem ends up in the Exchange.
func Send(ctx context.Context, req Request) Exchange {
	var ex Exchange
	// The total limit covers reading the certificate files too.
	if total := withDefaults(req.Timeouts).Total; total > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, total, &timeoutError{
			msg:   fmt.Sprintf("the whole exchange took longer than the total limit of %s (-m)", total),
			whole: true,
		})
		defer cancel()
	}
	s, h, err := newSession(ctx, req)
	if err != nil {
		ex.Err = err
		return ex
	}
	defer s.keyLog.close()
	ex.Warnings = append(ex.Warnings, s.warnings...)
	// One iteration per request on the wire: the first one plus at most
	// maxHops redirects (nextHop refuses to go further).
	for range s.maxHops + 1 {
		s.visited = append(s.visited, h.url.String())
		a := s.newAttempt(ctx, h)
		resp, err := a.roundTrip()
		if err != nil {
			// Classify before close: close cancels the attempt's context,
			// and the classification looks at why it was cancelled.
			ex.Err = a.classify(err)
			a.close()
			a.record(&ex)
			return ex
		}
		next, hopRec, stop := a.nextHop(resp, len(ex.Hops))
		if next != nil {
			resp.Body.Close()
			a.close()
			hopRec.Request = a.wire
			ex.Hops = append(ex.Hops, hopRec)
			ex.Warnings = append(ex.Warnings, a.takeWarnings()...)
			h = next
			continue
		}
		ex.Response, ex.Err = a.readResponse(resp)
		a.close()
		a.record(&ex)
		if ex.Err == nil && stop != nil {
			ex.Err = stop
		}
		return ex
	}
	// Not reached: nextHop stops at maxHops.
	ex.Err = &Error{Phase: PhaseRedirect, Message: "redirect limit reached"}
	return ex
}

// session is one call of Send: the request validated once and what every
// hop shares.
type session struct {
	req       Request
	to        Timeouts // with the defaults filled in
	maxBody   int64
	maxHops   int
	version   string // "", "1.1", "2" or "2-prior-knowledge"
	decode    bool   // the user asked for compression: decode it ourselves
	roots     *x509.CertPool
	cert      *tls.Certificate
	proxyFor  func(*url.URL) (*url.URL, error)
	connectTo []connectRule // --connect-to rules, in order
	keyLog    *keyLog       // nil without SSLKEYLOGFILE
	// originLinkLocal: the user's own request went to a link-local
	// address, so redirects may stay there (see isLinkLocal).
	originLinkLocal bool
	secrets         []string // redacted from error details
	visited         []string // the URLs requested so far, to name a redirect loop
	warnings        []string
}

// hop is one request to put on the wire.
type hop struct {
	method  string
	url     *url.URL // absolute, without userinfo or fragment
	headers []Header // in the user's order; Host, if present, overrides
	body    *bodySource
	cert    *tls.Certificate // nil when none, or withheld after a redirect
	// redirected: the server chose this hop's URL, not the user.
	redirected bool
	// clientOrder is Request.ClientOrder.
	clientOrder bool
}

// attempt is one request on one connection: what happened and when.
type attempt struct {
	s      *session
	h      *hop
	ctx    context.Context // cancelled by every limit, with a cause
	cancel context.CancelCauseFunc
	trace  tracer
	start  time.Time

	mu       sync.Mutex
	phase    string // the phase under way, for messages
	warnings []string
	flow     *progress // the byte stream watched last (see watch)

	wire     WireRequest
	tls      *TLSInfo
	local    string
	remote   string
	proxy    *url.URL
	dialAddr string       // what was dialled: the origin or the proxy
	sent     atomic.Int32 // requests written on this attempt's connection
	closers  []func()
	closed   bool
	// closeConn closes the TCP connection (set by connect).
	closeConn func()
	// detach keeps the connection open when the attempt's context ends,
	// for Dial, whose caller owns the connection afterwards.
	detach func() bool
	// The response-header timer: armed when the request is written,
	// stopped when the head arrives, whichever goroutine gets there first.
	headersStop func() bool
	headersDone bool
	// answerStart is the first bytes the server sent, quoted in the
	// message when they are not HTTP (an SSH banner, a TLS record).
	answerStart []byte
}

func (s *session) newAttempt(ctx context.Context, h *hop) *attempt {
	a := &attempt{s: s, h: h, start: time.Now(), phase: PhaseConnect, closeConn: func() {}}
	a.ctx, a.cancel = context.WithCancelCause(ctx)
	a.trace.start = a.start
	a.wire = WireRequest{Method: h.method, URL: h.url.RequestURI(), FullURL: h.url.String()}
	return a
}

func (a *attempt) setPhase(p string) {
	a.mu.Lock()
	a.phase = p
	a.mu.Unlock()
}

func (a *attempt) getPhase() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.phase
}

func (a *attempt) warn(w string) {
	a.mu.Lock()
	a.warnings = append(a.warnings, w)
	a.mu.Unlock()
}

func (a *attempt) takeWarnings() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	w := a.warnings
	a.warnings = nil
	return w
}

// onClose registers cleanup run by close, last registered first.
func (a *attempt) onClose(f func()) {
	a.mu.Lock()
	a.closers = append(a.closers, f)
	a.mu.Unlock()
}

// close releases the connection and waits for the goroutines that use it,
// so that everything recorded about the attempt is final afterwards.
func (a *attempt) close() {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.closed = true
	cl := a.closers
	a.mu.Unlock()
	for i := len(cl) - 1; i >= 0; i-- {
		cl[i]()
	}
	a.cancel(context.Canceled)
}

// roundTrip connects and sends the request, and returns once response
// headers arrived; the body is left to readResponse or the redirect logic.
func (a *attempt) roundTrip() (*http.Response, error) {
	d, err := a.connect()
	if err != nil {
		return nil, err
	}
	if d.h2 {
		return a.roundTripH2(d)
	}
	return a.roundTripH1(d)
}

// record copies what the attempt learnt into the exchange.
func (a *attempt) record(ex *Exchange) {
	a.trace.mark(&a.trace.end)
	ex.Request = a.wire
	ex.Timing = a.trace.timing()
	ex.TLS = a.tls
	ex.LocalAddr, ex.RemoteAddr = a.local, a.remote
	if a.proxy != nil {
		ex.Proxy = a.proxy.Redacted()
	}
	ex.Attempts = int(a.sent.Load())
	ex.Warnings = append(ex.Warnings, a.takeWarnings()...)
}

// readResponse reads the final response, body included. The error says why
// the body is incomplete; the response stands anyway.
func (a *attempt) readResponse(resp *http.Response) (*Response, *Error) {
	out := &Response{
		Status:  resp.StatusCode,
		Reason:  reason(resp),
		Proto:   resp.Proto,
		Headers: sortedHeaders(resp.Header),
	}
	if resp.StatusCode < 100 || resp.StatusCode > 599 {
		a.warn(fmt.Sprintf("the status code %03d is not valid HTTP (valid codes are 100 to 599)", resp.StatusCode))
	}
	var bodyErr *Error
	if err := a.readBody(resp, out); err != nil {
		bodyErr = a.classify(err)
	}
	out.Trailers = sortedHeaders(resp.Trailer)
	resp.Body.Close()
	return out, bodyErr
}

// reason is the phrase after the status code ("Forbidden"), as sent.
// HTTP/2 has none: the "OK" net/http puts in Status is its own invention.
func reason(resp *http.Response) string {
	if resp.ProtoMajor == 2 {
		return ""
	}
	_, r, _ := strings.Cut(resp.Status, " ")
	return r
}

// sortedHeaders lists a header map by name, values in received order.
func sortedHeaders(h http.Header) []Header {
	if len(h) == 0 {
		return nil
	}
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	var out []Header
	for _, k := range names {
		for _, v := range h[k] {
			out = append(out, Header{Name: k, Value: v})
		}
	}
	return out
}
