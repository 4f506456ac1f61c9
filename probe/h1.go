package probe

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// roundTripH1 writes the request exactly as the user listed it and reads
// the response head. net/http cannot be used for this: it writes header
// lines sorted by name and only the first User-Agent.
//
// The request is written on its own goroutine while this one waits for the
// answer, as net/http does: a server may refuse an upload (403, 413)
// before reading it, and that answer must not be lost to a write error.
func (a *attempt) roundTripH1(d *dialed) (*http.Response, error) {
	h := a.h
	body, size, err := openBody(h.body)
	if err != nil {
		return nil, &failure{phase: PhaseRequest, msg: err.Error(), err: err}
	}
	target := h.url.RequestURI()
	if d.viaHTTPProxy {
		target = h.url.String() // absolute form; userinfo was removed earlier
	}
	lines, chunked := a.h1Headers(size, d.viaHTTPProxy)
	a.wire.URL, a.wire.Proto, a.wire.Headers = target, "HTTP/1.1", lines

	sent := &sentBody{r: body, max: a.s.maxBody}
	a.setPhase(PhaseWrite)
	var werr error
	wdone := make(chan struct{})
	go func() {
		defer close(wdone)
		werr = a.writeH1(d, formatHead(h.method, target, lines), sent, size, chunked)
	}()
	// Runs before the connection's own cleanup (registered earlier): close
	// the connection to stop the writer, then record what it sent.
	a.onClose(func() {
		a.closeConn()
		<-wdone
		if body != nil {
			body.Close()
		}
		a.wire.Body, a.wire.BodySize = sent.snapshot()
		if werr != nil && size > 0 && a.wire.BodySize < size && a.gotHeaders() {
			a.warn(fmt.Sprintf("the server answered before the whole request body was sent (%d of %d bytes sent)", a.wire.BodySize, size))
		}
	})

	lim := &headLimiter{r: d.conn, n: maxHead}
	br := bufio.NewReaderSize(lim, 32<<10)
	if _, err := br.Peek(1); err != nil {
		return nil, a.h1Failed(err, wdone, &werr)
	}
	a.trace.mark(&a.trace.firstByte)
	req := &http.Request{Method: h.method, URL: h.url, Header: http.Header{}}
	var resp *http.Response
	for i := 0; ; i++ {
		resp, err = http.ReadResponse(br, req)
		if err != nil {
			a.answerStart = lim.first
			return nil, a.h1Failed(err, wdone, &werr)
		}
		if !informational(resp.StatusCode) {
			break
		}
		a.warn("informational response before the final one: " + resp.Status)
		if i >= maxInformational {
			return nil, &failure{phase: PhaseHeaders, msg: errTooManyInformational.Error()}
		}
	}
	lim.n = -1 // the head is complete: the body is capped elsewhere
	a.headersArrived()
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// What follows is another protocol; why403 does not speak it.
		resp.Body.Close()
		resp.Body = http.NoBody
		if UpgradeRequested(a.wire.Headers) {
			a.warn("101 Switching Protocols: why403 does not speak the new protocol and closed the connection")
		} else {
			a.warn("101 Switching Protocols without being asked (no Upgrade header was sent): why403 closed the connection")
		}
	}
	return resp, nil
}

// maxInformational is how many 1xx responses may precede the final one,
// on either protocol; a server that sends more is answered with
// errTooManyInformational.
const maxInformational = 20

var errTooManyInformational = fmt.Errorf("the server sent more than %d informational (1xx) responses", maxInformational)

// informational: a 1xx response that another follows. 101 is final (the
// connection then speaks another protocol); codes below 100 are not 1xx but
// invalid, and are taken as the answer (see readResponse).
func informational(code int) bool {
	return code >= 100 && code < 200 && code != http.StatusSwitchingProtocols
}

// h1Failed decides what a failure before the response head means. It
// stops the writer first, so that what was sent is final. A TLS alert or a
// malformed answer speaks for itself; a connection that died is a write
// failure if the request was still going out (or its writing had failed).
func (a *attempt) h1Failed(readErr error, wdone <-chan struct{}, werr *error) error {
	// Give the writer a moment: when the server closes right after reading
	// the request, our writer may not have returned yet.
	finished := false
	t := time.NewTimer(50 * time.Millisecond)
	select {
	case <-wdone:
		finished = true
	case <-t.C:
	}
	t.Stop()
	a.closeConn()
	<-wdone
	if isRemoteAlert(readErr) || a.ctx.Err() != nil || !connectionDied(readErr) {
		return readErr
	}
	if finished && *werr != nil {
		a.setPhase(PhaseWrite)
		return *werr
	}
	if !finished {
		a.setPhase(PhaseWrite)
	}
	return readErr
}

// connectionDied: the error says the connection ended, not that the
// server sent something wrong.
func connectionDied(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// h1Headers lists the header lines to write: Host first (RFC 9112 asks for
// it there), then the user's headers in their order with duplicates, then
// the framing header. Content-Length and Transfer-Encoding describe the
// body actually sent, so they are computed; if the user listed one, the
// computed line takes its place.
func (a *attempt) h1Headers(size int64, viaHTTPProxy bool) (lines []Header, chunked bool) {
	h := a.h
	host, userHost := LookupHeader(h.headers, "Host")
	if !userHost || h.clientOrder && (host == "" || h.redirected) {
		// A client profile's Host names the first URL; after a redirect
		// it names the new one, as the client's own would.
		host = hostHeader(h.url)
	}
	if !h.clientOrder || !userHost {
		lines = append(lines, Header{Name: "Host", Value: host})
	}
	framingAt, framingName, userCL, userTE, hosts := -1, "", "", false, 0
	for _, x := range h.headers {
		switch strings.ToLower(x.Name) {
		case "host":
			if hosts++; hosts == 2 {
				a.warn("only the first Host header was sent")
			}
			if hosts == 1 && h.clientOrder {
				lines = append(lines, Header{Name: x.Name, Value: host})
			}
			continue
		case "content-length", "transfer-encoding":
			if strings.EqualFold(x.Name, "content-length") {
				userCL = x.Value
			} else {
				userTE = true
			}
			if framingAt < 0 {
				framingAt, framingName = len(lines), x.Name
				lines = append(lines, Header{}) // placeholder
			}
			continue
		}
		lines = append(lines, x)
	}
	if viaHTTPProxy && a.proxy != nil {
		if pa := proxyAuth(a.proxy); pa != "" {
			if _, ok := LookupHeader(h.headers, "Proxy-Authorization"); !ok {
				lines = append(lines, Header{Name: "Proxy-Authorization", Value: pa})
			}
		}
	}
	if framingAt < 0 && size == 0 && !methodWantsLength(h.method) {
		return lines, false
	}
	var fl Header
	if userTE || size < 0 {
		chunked = true
		fl = Header{Name: "Transfer-Encoding", Value: "chunked"}
	} else {
		fl = Header{Name: "Content-Length", Value: strconv.FormatInt(size, 10)}
		if userCL != "" && strings.TrimSpace(userCL) != fl.Value {
			a.warn(fmt.Sprintf("Content-Length %q replaced by the size of the body sent (%s)", userCL, fl.Value))
		}
	}
	if framingAt >= 0 {
		if strings.EqualFold(framingName, fl.Name) {
			fl.Name = framingName // the case the client writes
		}
		lines[framingAt] = fl
	} else {
		lines = append(lines, fl)
	}
	return lines, chunked
}

// methodWantsLength: servers expect a Content-Length (even 0) for these.
func methodWantsLength(m string) bool {
	return m == "POST" || m == "PUT" || m == "PATCH"
}

func formatHead(method, target string, lines []Header) []byte {
	var b strings.Builder
	b.WriteString(method + " " + target + " HTTP/1.1\r\n")
	for _, l := range lines {
		b.WriteString(l.Name + ": " + l.Value + "\r\n")
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// writeH1 writes the head and the body. It runs on its own goroutine.
func (a *attempt) writeH1(d *dialed, head []byte, body *sentBody, size int64, chunked bool) error {
	n, err := d.conn.Write(head)
	if n > 0 {
		a.sent.Store(1)
	}
	if err != nil {
		return err
	}
	if body.r != nil {
		p := a.watch("request body")
		body.progress = p.add
		defer p.stop()
		buf := make([]byte, 32<<10)
		if chunked {
			cw := httputil.NewChunkedWriter(d.conn)
			if _, err := io.CopyBuffer(cw, body, buf); err != nil {
				return err
			}
			if err := cw.Close(); err != nil { // the last, empty chunk
				return err
			}
			if _, err := io.WriteString(d.conn, "\r\n"); err != nil { // no trailers
				return err
			}
		} else {
			n, err := io.CopyBuffer(d.conn, io.LimitReader(body, size), buf)
			if err != nil {
				return err
			}
			if n < size {
				return fmt.Errorf("the body file shrank while it was sent: %d of %d bytes", n, size)
			}
		}
	}
	a.trace.mark(&a.trace.wrote)
	a.armHeaders()
	return nil
}

// openBody opens the hop's body; nil source means no body.
func openBody(b *bodySource) (io.ReadCloser, int64, error) {
	if b == nil {
		return nil, 0, nil
	}
	return b.open()
}
