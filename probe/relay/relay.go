// Package relay is the capture proxy's engine: a reverse proxy that reads
// each HTTP/1.1 request itself, so that method, target, header names with
// their case, order and duplicates, and the body reach the upstream as the
// app sent them, and hands every exchange over for diagnosis once it has
// been forwarded. Only Host and hop-by-hop headers change; nothing is
// ever re-sent. It does not judge anything (that is checks/diagnose).
package relay

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/why403/why403/probe"
)

// Options configure a Server.
type Options struct {
	// Upstream is the origin requests go to: scheme://host[:port].
	Upstream *url.URL
	// Dial opens a connection to the upstream with the user's transport
	// options (probe.Dial); the Exchange's Err names the failed phase.
	Dial func(ctx context.Context) (*probe.Conn, probe.Exchange)
	// Scheme is the listener's ("http" or "https"), for the Location
	// rewrite.
	Scheme string
	// KeepHost forwards the app's Host instead of the upstream's.
	KeepHost bool
	// NoRewrite turns off the Location and Set-Cookie rewrites.
	NoRewrite bool
	// MaxBody caps each body copy kept for diagnosis (probe.DefaultMaxBody
	// when zero); what is forwarded is never capped.
	MaxBody int64
	// Limits bound request heads; DefaultLimits when zero.
	Limits Limits
	// HeadTimeout bounds reading a request head once it started (60 s);
	// IdleTimeout how long a kept-alive client connection may stay
	// silent (120 s).
	HeadTimeout, IdleTimeout time.Duration
	// Headers bounds the wait for the upstream's response head
	// (probe.DefaultHeaders); NoProgress, when set, the wait for each
	// next bytes of its body; Total, when set, a whole exchange.
	Headers, NoProgress, Total time.Duration
	// OnCapture receives each exchange once it has been forwarded. It
	// runs on the connection's goroutine: it must not block.
	OnCapture func(*Capture)
}

// Capture is one exchange as it passed through the proxy.
type Capture struct {
	ID         uint64
	Client     string // the app's address
	Start, End time.Time
	// Exchange is the request as forwarded and the upstream's answer as
	// it came (before the rewrites), bodies capped; Err when it failed.
	Exchange probe.Exchange
	// Request is the request as forwarded, for the checks: the
	// upstream's URL with the app's target, its headers, its body copy.
	Request probe.Request
	// AppHeaders are the header lines as the app sent them.
	AppHeaders []probe.Header
	// Dropped names the hop-by-hop headers not forwarded.
	Dropped []string
	// Rewrites say what the rewrites changed in the response.
	Rewrites []string
	// HostSigned names the signature over Host that the Host rewrite
	// broke ("AWS Signature Version 4"); "" when none.
	HostSigned string
	// Tunnel: the connection was switched to another protocol (101) and
	// its bytes were tunnelled, not captured.
	Tunnel bool
	// Answered is set when the proxy answered the app itself (a 400 for
	// a malformed request, a 502 when the upstream failed): the status
	// and the one line of its body.
	Answered    int
	AnsweredWhy string
}

// Server is one proxy.
type Server struct {
	opt Options
	ids atomic.Uint64

	mu    sync.Mutex
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// New returns a server with opt's zero fields defaulted.
func New(opt Options) *Server {
	if opt.MaxBody <= 0 {
		opt.MaxBody = probe.DefaultMaxBody
	}
	if opt.Limits == (Limits{}) {
		opt.Limits = DefaultLimits
	}
	if opt.HeadTimeout <= 0 {
		opt.HeadTimeout = 60 * time.Second
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 120 * time.Second
	}
	if opt.Headers <= 0 {
		opt.Headers = probe.DefaultHeaders
	}
	if opt.Scheme == "" {
		opt.Scheme = "http"
	}
	return &Server{opt: opt, conns: map[net.Conn]struct{}{}}
}

// Serve accepts connections on ln until ctx ends, then closes ln and
// every connection and returns once their goroutines have.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() {
		ln.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
	})
	defer stop()
	defer s.wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if isTimeout(err) {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return fmt.Errorf("accepting connections: %w", err)
		}
		s.mu.Lock()
		if ctx.Err() != nil {
			s.mu.Unlock()
			c.Close()
			return nil
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.serveConn(ctx, c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// serveConn serves the requests of one client connection in turn.
func (s *Server) serveConn(ctx context.Context, c net.Conn) {
	defer c.Close()
	br := bufio.NewReaderSize(c, s.opt.Limits.LineBytes+64)
	var up *upConn
	buf := make([]byte, 32<<10) // the answer's bodies, one at a time
	defer func() {
		if up != nil {
			up.close()
		}
	}()
	for ctx.Err() == nil {
		c.SetReadDeadline(time.Now().Add(s.opt.IdleTimeout))
		if _, err := br.Peek(1); err != nil {
			return
		}
		c.SetReadDeadline(time.Now().Add(s.opt.HeadTimeout))
		start := time.Now()
		h, err := readRequestHead(br, s.opt.Limits)
		c.SetReadDeadline(time.Time{})
		if err != nil {
			var he *headError
			if errors.As(err, &he) {
				cp := s.newCapture(c, start)
				s.answer(c, cp, he.status, he.msg)
			}
			return
		}
		var keep bool
		keep, up = s.exchange(ctx, c, br, h, up, start, buf)
		if !keep {
			return
		}
	}
}

func (s *Server) newCapture(c net.Conn, start time.Time) *Capture {
	return &Capture{ID: s.ids.Add(1), Client: c.RemoteAddr().String(), Start: start}
}

// answer is the proxy's own answer to the app: a short plain-text body
// naming what went wrong; the connection is closed after it.
func (s *Server) answer(c net.Conn, cp *Capture, status int, msg string) {
	body := "why403 proxy: " + msg + "\n"
	fmt.Fprintf(c, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, statusText(status), len(body), body)
	cp.Answered, cp.AnsweredWhy = status, msg
	s.emit(cp)
}

func (s *Server) emit(cp *Capture) {
	if cp.End.IsZero() {
		cp.End = time.Now()
	}
	if s.opt.OnCapture != nil {
		s.opt.OnCapture(cp)
	}
}

func statusText(code int) string {
	switch code {
	case 400:
		return "Bad Request"
	case 431:
		return "Request Header Fields Too Large"
	case 501:
		return "Not Implemented"
	case 502:
		return "Bad Gateway"
	case 505:
		return "HTTP Version Not Supported"
	}
	return "Error"
}

// exchange forwards one request and its answer. keep says whether the
// client connection can carry another request; the upstream connection
// returned is the one to use for it (nil: dial anew).
func (s *Server) exchange(ctx context.Context, c net.Conn, cbr *bufio.Reader, h *head, up *upConn, start time.Time, buf []byte) (bool, *upConn) {
	o := s.opt
	cp := s.newCapture(c, start)
	cp.AppHeaders = h.headers()
	fail := func(status int, msg string) (bool, *upConn) {
		s.answer(c, cp, status, msg)
		if up != nil {
			up.close()
		}
		return false, nil
	}
	if !strings.HasPrefix(h.target, "/") && !(h.method == "OPTIONS" && h.target == "*") {
		return fail(400, "this is a reverse proxy: point the app's base URL at it (http://HOST:PORT), not its proxy setting; the request target was "+clip(h.target, 80))
	}
	nhost, appHost := h.count("Host")
	if nhost > 1 || (nhost == 0 && h.proto == "HTTP/1.1") {
		return fail(400, fmt.Sprintf("a request needs exactly one Host header (it had %d)", nhost))
	}
	fr, err := requestFraming(h)
	if err != nil {
		return fail(err.(*headError).status, err.Error())
	}
	upgrade := len(h.values("Upgrade")) > 0 && hasToken(h.values("Connection"), "upgrade")
	lines, dropped := forwardLines(h, o.Upstream.Host, o.KeepHost, upgrade)
	cp.Dropped = dropped
	if !o.KeepHost && !strings.EqualFold(appHost, o.Upstream.Host) {
		cp.HostSigned = signedOverHost(h)
	}

	var fwd []byte
	fwd = append(fwd, h.first...)
	for _, l := range lines {
		fwd = append(fwd, l.raw...)
	}
	fwd = append(fwd, "\r\n"...)

	wire := probe.WireRequest{Method: h.method, URL: h.target, FullURL: origin(o.Upstream) + h.target, Proto: h.proto}
	for _, l := range lines {
		wire.Headers = append(wire.Headers, probe.Header{Name: l.name, Value: l.value})
	}
	cp.Request = probe.Request{Method: h.method, URL: wire.FullURL}
	for _, hd := range wire.Headers {
		if !strings.EqualFold(hd.Name, "Host") || o.KeepHost {
			cp.Request.Headers = append(cp.Request.Headers, hd)
		}
	}
	ex := &cp.Exchange
	ex.Timing.Start = start

	// The upstream connection: the paired one if it is still open.
	if up != nil && up.closedWhileIdle() {
		up.close()
		up = nil
	}
	reused := up != nil
	if up == nil {
		dctx, cancel := context.WithCancel(ctx)
		conn, dex := o.Dial(dctx)
		cancel()
		if conn == nil {
			*ex = dex
			ex.Request = wire
			ex.Timing.Start = start
			phase, msg := "connect", "no connection"
			if dex.Err != nil {
				phase, msg = dex.Err.Phase, dex.Err.Message
			}
			return fail(502, fmt.Sprintf("the upstream %s failed (%s): %s", o.Upstream.Host, phase, msg))
		}
		up = newUpConn(conn, dex)
		if conn.H2 {
			if err := up.startH2(ctx, o.Upstream); err != nil {
				ex.Request = wire
				ex.Err = &probe.Error{Phase: probe.PhaseHeaders, Message: err.Error()}
				return fail(502, "the upstream failed (headers): "+err.Error())
			}
		}
		ex.Timing = dex.Timing
		ex.Timing.Start = start
		ex.TLS, ex.LocalAddr, ex.RemoteAddr, ex.Proxy = dex.TLS, dex.LocalAddr, dex.RemoteAddr, dex.Proxy
		ex.Warnings = append(ex.Warnings, dex.Warnings...)
	} else {
		ex.Timing.Reused = true
		ex.TLS, ex.LocalAddr, ex.RemoteAddr, ex.Proxy = up.dial.TLS, up.conn.LocalAddr().String(), up.conn.RemoteAddr().String(), up.dial.Proxy
	}
	up.used++
	ex.Attempts = 1
	if up.h2 != nil {
		return s.exchangeH2(ctx, c, cbr, h, lines, fr, up, cp, upgrade)
	}
	// -m bounds the whole exchange: when it passes, the upstream
	// connection is closed, and the app gets a 502 naming the timeout
	// while no head has gone to it; after that, its connection is closed
	// too (a body cut short is all that can still say so).
	var total *time.Timer
	var timedOut, headSent atomic.Bool
	if o.Total > 0 {
		uc := up.conn
		total = time.AfterFunc(o.Total, func() {
			timedOut.Store(true)
			uc.Close()
			if headSent.Load() {
				c.Close()
			}
		})
		defer total.Stop()
	}
	overTime := func(where string) *probe.Error {
		return &probe.Error{Phase: probe.PhaseTimeout, Message: fmt.Sprintf("the whole exchange took longer than the total limit of %s (-m): it stalled %s", o.Total, where)}
	}

	// Head, then the body on its own goroutine while the answer is read:
	// a server may answer (403, 413) before reading an upload, and an app
	// waiting for 100 Continue sends its body only once that arrives.
	up.conn.SetReadDeadline(time.Now().Add(o.Headers))
	if _, err := up.conn.Write(fwd); err != nil {
		up.close()
		if reused {
			// The server closed the idle connection as the request went
			// out: close the app's too, as the server did, and let the app
			// decide whether to send again.
			return false, nil
		}
		ex.Request = wire
		ex.Err = &probe.Error{Phase: probe.PhaseWrite, Message: "the upstream closed the connection while the request was written", Detail: err.Error()}
		if timedOut.Load() {
			ex.Err = overTime("while the request was being sent")
		}
		return fail(502, "the upstream failed (write): "+ex.Err.Message)
	}
	wrote := time.Now()
	reqBody := &capture{max: o.MaxBody}
	bodyDone := make(chan error, 1)
	if fr.kind == bodyNone {
		bodyDone <- nil
	} else {
		go s.forwardBody(cbr, up, fr, reqBody, bodyDone)
	}
	finishBody := func(wait bool) error {
		if wait {
			return <-bodyDone
		}
		select {
		case err := <-bodyDone:
			return err
		default:
			// The answer is complete before the app's body: stop reading it.
			c.Close()
			up.conn.Close()
			<-bodyDone
			return errors.New("the upstream answered before the whole request body was sent")
		}
	}
	record := func() {
		wire.Body, wire.BodySize = reqBody.buf, reqBody.size
		ex.Request = wire
		cp.Request.Body = reqBody.buf
	}

	// The answer's head; 1xx heads go to the app as they come.
	var rh *head
	gotAny := false
	for range 20 {
		err := up.settle()
		if err == nil {
			rh, err = readResponseHead(up.br, upstreamLimits)
		}
		if err != nil {
			finishBody(false)
			record()
			up.close()
			if reused && !gotAny && errors.Is(err, io.EOF) {
				return false, nil // as above: the server closed it
			}
			ex.Err = headFailure(err, o.Headers, ex.TLS)
			if timedOut.Load() {
				ex.Err = overTime("while waiting for the response headers")
			}
			ex.Timing.Total = time.Since(start)
			return fail(502, fmt.Sprintf("the upstream failed (%s): %s", ex.Err.Phase, ex.Err.Message))
		}
		gotAny = true
		if rh.status >= 200 || rh.status == 101 {
			break
		}
		if _, err := c.Write(rawHead(rh)); err != nil {
			finishBody(false)
			up.close()
			return false, nil
		}
		ex.Warnings = append(ex.Warnings, "informational response before the final one: "+fmt.Sprint(rh.status))
	}
	if rh.status < 200 && rh.status != 101 {
		finishBody(false)
		up.close()
		return fail(502, "the upstream sent more than 20 informational responses")
	}
	firstByte := time.Now()
	ex.Timing.FirstByte = firstByte.Sub(wrote)
	resp := &probe.Response{Status: rh.status, Reason: rh.reason, Proto: rh.proto, Headers: rh.headers()}
	ex.Response = resp
	if !o.NoRewrite {
		cp.Rewrites = rewriteResponse(rh, o.Upstream, o.Scheme+"://"+appHost)
	}
	ex.Warnings = append(ex.Warnings, cp.Rewrites...)

	if rh.status == 101 {
		if !upgrade {
			finishBody(false)
			up.close()
			return fail(502, "the upstream switched protocols (101) though the app did not ask to")
		}
		cp.Tunnel = true
		headSent.Store(true)
		if _, err := c.Write(rawHead(rh)); err == nil {
			s.tunnel(c, cbr, up)
		}
		finishBody(false)
		record()
		up.close()
		ex.Timing.Total = time.Since(start)
		s.emit(cp)
		return false, nil
	}

	rfr, err := responseFraming(rh, h.method)
	if err != nil {
		finishBody(false)
		record()
		up.close()
		ex.Err = &probe.Error{Phase: probe.PhaseHeaders, Message: err.Error()}
		return fail(502, "the upstream failed (headers): "+err.Error())
	}
	headSent.Store(true)
	if _, err := c.Write(rawHead(rh)); err != nil {
		finishBody(false)
		record()
		up.close()
		ex.Err = &probe.Error{Phase: probe.PhaseCancel, Message: "the app closed the connection before the answer was sent"}
		ex.Timing.Total = time.Since(start)
		s.emit(cp)
		return false, nil
	}
	up.conn.SetReadDeadline(time.Time{})
	up.slow.perRead.Store(int64(o.NoProgress))
	respBody := &capture{max: o.MaxBody}
	srcErr, err := copyBody(c, up.br, rfr, respBody, upstreamLimits.LineBytes, buf)
	end := time.Now()
	resp.Body, resp.BodySize, resp.Truncated = respBody.buf, respBody.size, respBody.size > int64(len(respBody.buf))
	ex.Timing.Body = end.Sub(firstByte)
	ex.Timing.Total = end.Sub(start)
	keep := err == nil && rfr.kind != bodyClose
	if err != nil {
		switch {
		case timedOut.Load():
			// -m closed both connections: whichever failed first
			ex.Err = overTime("while the response body was arriving")
		case srcErr && isTimeout(err):
			ex.Err = &probe.Error{Phase: probe.PhaseTimeout, Message: fmt.Sprintf("no body bytes from the upstream for %s", o.NoProgress)}
		case srcErr:
			ex.Err = &probe.Error{Phase: probe.PhaseBody, Message: "the upstream's body ended early: " + err.Error()}
		default:
			ex.Err = &probe.Error{Phase: probe.PhaseCancel, Message: "the app closed the connection before the whole answer was sent"}
		}
	}
	if berr := finishBody(keep); berr != nil {
		keep = false
		if ex.Err == nil && !strings.Contains(berr.Error(), "answered before") {
			ex.Err = &probe.Error{Phase: probe.PhaseWrite, Message: berr.Error()}
		} else if ex.Err == nil {
			ex.Warnings = append(ex.Warnings, berr.Error())
		}
	}
	record()
	cp.End = end
	upKeep := keep && h.proto == "HTTP/1.1" && !hasToken(rh.values("Connection"), "close") && !strings.HasPrefix(rh.proto, "HTTP/1.0")
	keep = keep && h.proto == "HTTP/1.1" && !hasToken(h.values("Connection"), "close")
	s.emit(cp)
	if !upKeep {
		up.close()
		up = nil
	} else {
		up.idle()
	}
	if total != nil && !total.Stop() {
		keep = false
	}
	return keep, up
}

// forwardBody copies the app's request body to the upstream as framed.
func (s *Server) forwardBody(cbr *bufio.Reader, up *upConn, fr framing, c *capture, done chan<- error) {
	buf := make([]byte, 32<<10)
	srcErr, err := copyBody(up.conn, cbr, fr, c, s.opt.Limits.LineBytes, buf)
	if err != nil && srcErr {
		err = fmt.Errorf("the app's request body: %w", err)
		up.conn.Close() // the upstream must not take a cut body as whole
	}
	done <- err
}

// tunnel copies both ways until either side ends: a WebSocket or other
// upgraded protocol, passed through as is.
func (s *Server) tunnel(c net.Conn, cbr *bufio.Reader, up *upConn) {
	up.conn.SetReadDeadline(time.Time{})
	done := make(chan struct{}, 2)
	go func() {
		io.Copy(up.conn, cbr)
		done <- struct{}{}
	}()
	go func() {
		io.Copy(c, up.br)
		done <- struct{}{}
	}()
	<-done
	c.Close()
	up.conn.Close()
	<-done
}

func rawHead(h *head) []byte {
	out := append([]byte{}, h.first...)
	for _, l := range h.lines {
		out = append(out, l.raw...)
	}
	return append(out, "\r\n"...)
}

// headFailure classifies a failure to read the answer's head.
func headFailure(err error, limit time.Duration, tlsInfo *probe.TLSInfo) *probe.Error {
	if e := probe.AlertAfterHandshake(err, tlsInfo); e != nil {
		return e
	}
	var he *headError
	switch {
	case isTimeout(err):
		return &probe.Error{Phase: probe.PhaseTimeout, Message: fmt.Sprintf("no response head within %s", limit), Detail: err.Error()}
	case errors.As(err, &he):
		return &probe.Error{Phase: probe.PhaseHeaders, Message: he.msg}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &probe.Error{Phase: probe.PhaseHeaders, Message: "the upstream closed the connection without answering", Detail: err.Error()}
	}
	return &probe.Error{Phase: probe.PhaseHeaders, Message: "reading the answer failed", Detail: err.Error()}
}

func hasToken(vals []string, tok string) bool {
	for _, v := range vals {
		if strings.EqualFold(v, tok) {
			return true
		}
	}
	return false
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// isTimeout reports a read deadline that passed, wrapped or not:
// os.IsTimeout does not look through %w, and a chunked body's errors
// are wrapped ("reading a chunk size: …").
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
