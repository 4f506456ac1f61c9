package relay

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/why403/why403/probe"
)

// With --http2 the upstream side speaks HTTP/2 when the upstream agrees
// (ALPN h2 on https, h2c with prior knowledge on http): each request of
// the app goes out as a stream on the connection paired with the app's,
// through Go's HTTP/2 client. Header names go out in lower case, as
// HTTP/2 requires, and connection-specific headers (Connection,
// Keep-Alive, Transfer-Encoding, Upgrade...) are left out; the answer
// comes back to the app as HTTP/1.1, streamed.

// errHeadersTimeout ends a stream whose answer's head did not come in time.
var errHeadersTimeout = errors.New("no response head in time")

// startH2 speaks HTTP/2 on the dialled connection.
func (u *upConn) startH2(ctx context.Context, upstream *url.URL) error {
	var protos http.Protocols
	tr := &http.Transport{DisableCompression: true, MaxResponseHeaderBytes: int64(upstreamLimits.HeadBytes), Protocols: &protos}
	var once sync.Once
	give := func(context.Context, string, string) (net.Conn, error) {
		var c net.Conn
		once.Do(func() { c = u.conn.Conn })
		if c == nil {
			return nil, errors.New("relay: the upstream connection was already used")
		}
		return c, nil
	}
	if upstream.Scheme == "https" {
		protos.SetHTTP2(true)
		tr.DialTLSContext = give
	} else {
		protos.SetUnencryptedHTTP2(true)
		tr.DialContext = give
	}
	cc, err := tr.NewClientConn(ctx, upstream.Scheme, upstream.Host)
	if err != nil {
		return fmt.Errorf("starting HTTP/2: %w", err)
	}
	u.h2 = cc
	return nil
}

// h2Dropped are the headers HTTP/2 does not carry: connection-specific
// ones (RFC 9113 §8.2.2), and the framing, which HTTP/2 does itself.
var h2Dropped = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"connection": true, "keep-alive": true, "proxy-connection": true, "transfer-encoding": true,
		"upgrade": true, "content-length": true, "host": true,
	}
})

// exchangeH2 forwards one request of the app as an HTTP/2 stream and its
// answer back as HTTP/1.1; it is exchange's HTTP/2 half.
func (s *Server) exchangeH2(ctx context.Context, c net.Conn, cbr *bufio.Reader, h *head, lines []line, fr framing, up *upConn, cp *Capture, upgrade bool) (bool, *upConn) {
	o := s.opt
	ex := &cp.Exchange
	fail := func(status int, msg string) (bool, *upConn) {
		s.answer(c, cp, status, msg)
		up.close()
		return false, nil
	}
	if upgrade || h.target == "*" {
		return fail(501, "the proxy does not forward an Upgrade or OPTIONS * over HTTP/2 (--http2); run it without --http2")
	}
	u, err := url.Parse(origin(o.Upstream) + h.target)
	if err != nil {
		return fail(400, "the request target is not a URL path: "+clip(h.target, 80))
	}
	req := &http.Request{Method: h.method, URL: u, Header: http.Header{}, Host: o.Upstream.Host,
		Proto: "HTTP/2.0", ProtoMajor: 2, Body: http.NoBody}
	for _, l := range lines {
		lower := strings.ToLower(l.name)
		switch {
		case lower == "host":
			req.Host = l.value // becomes :authority
			continue
		case h2Dropped()[lower]:
			continue
		case lower == "te" && !strings.EqualFold(strings.TrimSpace(l.value), "trailers"):
			continue
		}
		// assigned as written: Go lower-cases the name on the wire
		req.Header[l.name] = append(req.Header[l.name], l.value)
	}
	if len(h.values("User-Agent")) == 0 {
		req.Header["User-Agent"] = []string{""} // Go sends none rather than its own
	}

	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// -m: the stream is cancelled, and once the head has gone to the app
	// its connection is closed too, as over HTTP/1.1 (relay.go)
	var total *time.Timer
	var headSent atomic.Bool
	if o.Total > 0 {
		total = time.AfterFunc(o.Total, func() {
			cancel(errTotalTimeout)
			if headSent.Load() {
				c.Close()
			}
		})
		defer total.Stop()
	}
	headers := time.AfterFunc(o.Headers, func() { cancel(errHeadersTimeout) })

	reqBody := &capture{max: o.MaxBody}
	bodyDone := make(chan error, 1)
	if fr.kind == bodyNone {
		bodyDone <- nil
	} else {
		pr, pw := io.Pipe()
		req.Body = pr
		req.ContentLength = -1
		if fr.kind == bodyLength {
			req.ContentLength = fr.length
		}
		reqBody.tee = pw
		go func() {
			_, err := copyBody(io.Discard, cbr, fr, reqBody, s.opt.Limits.LineBytes, make([]byte, 32<<10))
			pw.CloseWithError(err)
			bodyDone <- err
		}()
	}

	var mu sync.Mutex
	var fields []probe.Header
	var firstByte time.Time
	wrote := time.Now()
	ct := &httptrace.ClientTrace{
		WroteHeaderField: func(k string, vs []string) {
			mu.Lock()
			for _, v := range vs {
				fields = append(fields, probe.Header{Name: k, Value: v})
			}
			mu.Unlock()
		},
		GotFirstResponseByte: func() {
			mu.Lock()
			firstByte = time.Now()
			mu.Unlock()
		},
		Got1xxResponse: func(code int, hd textproto.MIMEHeader) error {
			// to the app as they come, as over HTTP/1.1
			_, err := c.Write(h1Head(code, http.Header(hd)))
			return err
		},
	}
	record := func() {
		mu.Lock()
		ex.Request.Headers = fields
		mu.Unlock()
		ex.Request.Method, ex.Request.URL, ex.Request.Proto = h.method, h.target, "HTTP/2.0"
		ex.Request.FullURL = origin(o.Upstream) + h.target
		ex.Request.Body, ex.Request.BodySize = reqBody.buf, reqBody.size
		cp.Request.Body = reqBody.buf
	}
	resp, err := up.h2.RoundTrip(req.WithContext(httptrace.WithClientTrace(sctx, ct)))
	headers.Stop()
	if err != nil {
		cancel(err)
		if req.Body != http.NoBody {
			req.Body.Close()
			c.SetReadDeadline(time.Now()) // the app's body is not wanted any more
			<-bodyDone
		}
		record()
		ex.Err = h2Failure(err, context.Cause(sctx), o, ex.TLS)
		ex.Timing.Total = time.Since(cp.Start)
		return fail(502, fmt.Sprintf("the upstream failed (%s): %s", ex.Err.Phase, ex.Err.Message))
	}
	defer resp.Body.Close()
	mu.Lock()
	if !firstByte.IsZero() {
		ex.Timing.FirstByte = firstByte.Sub(wrote)
	}
	mu.Unlock()

	// The answer's head as HTTP/1.1: lower-case names as they came,
	// sorted (Go keeps them in a map), framed for the app.
	status := resp.StatusCode
	noBody := h.method == "HEAD" || status == 204 || status == 304
	chunked := !noBody && resp.ContentLength < 0 && h.proto == "HTTP/1.1"
	closeDelimited := !noBody && resp.ContentLength < 0 && !chunked
	rh := h2ResponseHead(resp, chunked)
	presp := &probe.Response{Status: status, Reason: http.StatusText(status), Proto: "HTTP/2.0"}
	for _, l := range rh.lines {
		presp.Headers = append(presp.Headers, probe.Header{Name: l.name, Value: l.value})
	}
	ex.Response = presp
	if !o.NoRewrite {
		cp.Rewrites = rewriteResponse(rh, o.Upstream, o.Scheme+"://"+appHost(h))
	}
	ex.Warnings = append(ex.Warnings, cp.Rewrites...)
	headSent.Store(true)
	if _, err := c.Write(rawHead(rh)); err != nil {
		cancel(err)
		record()
		ex.Err = &probe.Error{Phase: probe.PhaseCancel, Message: "the app closed the connection before the answer was sent"}
		s.emit(cp)
		up.close()
		return false, nil
	}
	respBody := &capture{max: o.MaxBody}
	var berr error
	var srcErr bool
	if !noBody {
		var w io.Writer = c
		cw := &chunkWriter{w: c}
		if chunked {
			w = cw
		}
		var body io.Reader = resp.Body
		if o.NoProgress > 0 {
			body = newStallReader(resp.Body, o.NoProgress, cancel)
		}
		srcErr, berr = copyN(w, body, -1, respBody, make([]byte, 32<<10))
		if berr == nil && chunked {
			berr = cw.close()
		}
	}
	end := time.Now()
	presp.Body, presp.BodySize, presp.Truncated = respBody.buf, respBody.size, respBody.size > int64(len(respBody.buf))
	ex.Timing.Total = end.Sub(cp.Start)
	switch {
	case berr == nil:
	case errors.Is(context.Cause(sctx), errTotalTimeout):
		// whichever side the closing reached first
		ex.Err = &probe.Error{Phase: probe.PhaseTimeout, Message: fmt.Sprintf("the whole exchange took longer than the total limit of %s (-m): it stalled while the response body was arriving", o.Total)}
	case errors.Is(context.Cause(sctx), errNoProgress):
		ex.Err = &probe.Error{Phase: probe.PhaseTimeout, Message: fmt.Sprintf("no body bytes from the upstream for %s", o.NoProgress)}
	case srcErr:
		ex.Err = &probe.Error{Phase: probe.PhaseBody, Message: "the upstream's body ended early: " + berr.Error()}
	default:
		ex.Err = &probe.Error{Phase: probe.PhaseCancel, Message: "the app closed the connection before the whole answer was sent"}
	}
	keep := berr == nil && !closeDelimited
	select {
	case err := <-bodyDone:
		if err != nil {
			keep = false
		}
	default:
		// the answer is complete before the app's body: stop reading it
		keep = false
		cancel(errors.New("answered"))
		c.SetReadDeadline(time.Now())
		<-bodyDone
	}
	record()
	cp.End = end
	keep = keep && h.proto == "HTTP/1.1" && !hasToken(h.values("Connection"), "close")
	s.emit(cp)
	if !keep || up.h2.Err() != nil {
		up.close()
		return keep, nil
	}
	return keep, up
}

// errTotalTimeout ends a stream that outlived -m.
var errTotalTimeout = errors.New("the total limit passed")

// errNoProgress ends a stream whose body stalled past --no-progress.
var errNoProgress = errors.New("no body bytes in time")

// stallReader cancels the stream when a read of its body waits longer
// than d for the next bytes: over HTTP/1.1 a read deadline on the
// connection does it (slowConn), but an HTTP/2 connection is shared by
// its streams. One timer serves every Read: a body read in small pieces
// would otherwise make a timer per piece.
type stallReader struct {
	r io.Reader
	d time.Duration
	t *time.Timer
}

func newStallReader(r io.Reader, d time.Duration, cancel context.CancelCauseFunc) *stallReader {
	t := time.AfterFunc(d, func() { cancel(errNoProgress) })
	t.Stop()
	return &stallReader{r: r, d: d, t: t}
}

func (s *stallReader) Read(p []byte) (int, error) {
	s.t.Reset(s.d)
	defer s.t.Stop()
	return s.r.Read(p)
}

// h2Failure words a stream that got no answer.
func h2Failure(err, cause error, o Options, tlsInfo *probe.TLSInfo) *probe.Error {
	switch {
	case errors.Is(cause, errTotalTimeout):
		return &probe.Error{Phase: probe.PhaseTimeout, Message: fmt.Sprintf("the whole exchange took longer than the total limit of %s (-m): it stalled while waiting for the response headers", o.Total), Detail: err.Error()}
	case errors.Is(cause, errHeadersTimeout):
		return &probe.Error{Phase: probe.PhaseTimeout, Message: fmt.Sprintf("no response head within %s", o.Headers), Detail: err.Error()}
	}
	if e := probe.AlertAfterHandshake(err, tlsInfo); e != nil {
		return e
	}
	return &probe.Error{Phase: probe.PhaseHeaders, Message: "the HTTP/2 stream failed: " + err.Error(), Detail: err.Error()}
}

// h2ResponseHead is an HTTP/2 answer's head as the app gets it.
func h2ResponseHead(resp *http.Response, chunked bool) *head {
	hd := resp.Header.Clone()
	if chunked {
		hd["transfer-encoding"] = []string{"chunked"}
	}
	rh := &head{proto: "HTTP/1.1", status: resp.StatusCode, reason: http.StatusText(resp.StatusCode)}
	rh.first = []byte(fmt.Sprintf("HTTP/1.1 %d %s\r\n", resp.StatusCode, rh.reason))
	for _, k := range sortedKeys(hd) {
		name := strings.ToLower(k)
		for _, v := range hd[k] {
			rh.lines = append(rh.lines, line{name: name, value: v, raw: []byte(name + ": " + v + "\r\n")})
		}
	}
	return rh
}

// h1Head writes a status line and headers (an informational answer).
func h1Head(code int, hd http.Header) []byte {
	b := []byte(fmt.Sprintf("HTTP/1.1 %d %s\r\n", code, http.StatusText(code)))
	for _, k := range sortedKeys(hd) {
		for _, v := range hd[k] {
			b = append(b, strings.ToLower(k)+": "+v+"\r\n"...)
		}
	}
	return append(b, "\r\n"...)
}

func sortedKeys(hd http.Header) []string {
	keys := make([]string, 0, len(hd))
	for k := range hd {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appHost is the app's Host, for the Location rewrite.
func appHost(h *head) string {
	_, v := h.count("Host")
	return v
}

// chunkWriter frames each write as one chunk (an answer of unknown
// length to an HTTP/1.1 app).
type chunkWriter struct{ w io.Writer }

func (c *chunkWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if _, err := fmt.Fprintf(c.w, "%x\r\n", len(p)); err != nil {
		return 0, err
	}
	if _, err := c.w.Write(p); err != nil {
		return 0, err
	}
	_, err := io.WriteString(c.w, "\r\n")
	return len(p), err
}

func (c *chunkWriter) close() error {
	_, err := io.WriteString(c.w, "0\r\n\r\n")
	return err
}
