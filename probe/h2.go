package probe

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// roundTripH2 sends the request with net/http's HTTP/2 client on the
// connection probe dialled (Go 1.26's Transport.NewClientConn: one
// connection, no pool, no retry loop).
//
// What Go adds or drops is recorded from httptrace's WroteHeaderField, the
// exact header fields as encoded: pseudo-headers first, names in lower case,
// Cookie split into one field per cookie. Their order is Go's (it walks a
// map), not the user's; HTTP/2 servers receive the fields as a set anyway.
func (a *attempt) roundTripH2(d *dialed) (*http.Response, error) {
	h := a.h
	body, size, err := openBody(h.body)
	if err != nil {
		return nil, &failure{phase: PhaseRequest, msg: err.Error(), err: err}
	}
	if body != nil {
		a.onClose(func() { body.Close() })
	}

	// A transport that only ever gets this one connection. Setting
	// Protocols keeps HTTP/2 on despite the custom dialer (FACTS 2.6).
	var protos http.Protocols
	tr := &http.Transport{DisableCompression: true, MaxResponseHeaderBytes: maxHead, Protocols: &protos}
	var once sync.Once
	give := func(context.Context, string, string) (net.Conn, error) {
		var c net.Conn
		once.Do(func() { c = d.conn })
		if c == nil {
			return nil, errors.New("probe: the connection was already used")
		}
		return c, nil
	}
	if h.url.Scheme == "https" {
		protos.SetHTTP2(true)
		tr.DialTLSContext = give
	} else {
		protos.SetUnencryptedHTTP2(true)
		tr.DialContext = give
	}
	// What was sent is recorded once the stream is over, whatever the
	// outcome: registered before cc.Close so that it runs after it.
	sent := &sentBody{r: body, max: a.s.maxBody}
	var up *progress
	var mu sync.Mutex
	var fields []Header
	a.onClose(func() {
		up.stop()
		mu.Lock()
		a.wire.Headers = fields
		mu.Unlock()
		a.wire.Body, a.wire.BodySize = sent.snapshot()
	})
	host, port := hostPort(h.url)
	cc, err := tr.NewClientConn(a.ctx, h.url.Scheme, net.JoinHostPort(host, port))
	if err != nil {
		return nil, err
	}
	a.onClose(func() { cc.Close() })

	req := &http.Request{
		Method: h.method, URL: cloneURL(h.url), Header: http.Header{},
		Proto: "HTTP/2.0", ProtoMajor: 2, Body: http.NoBody,
	}
	for _, x := range h.headers {
		switch strings.ToLower(x.Name) {
		case "host":
			if req.Host == "" && x.Value != "" && !(h.clientOrder && h.redirected) {
				req.Host = x.Value // becomes :authority
			}
			continue
		case "content-length":
			continue // computed from the body by Go
		case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade":
			if h.clientOrder {
				continue // the client writes these on HTTP/1.1 only
			}
			a.warn(x.Name + " was not sent: HTTP/2 forbids connection-specific headers")
			continue
		case "te":
			if !strings.EqualFold(strings.TrimSpace(x.Value), "trailers") {
				a.warn("TE: " + x.Value + " was not sent: HTTP/2 allows only TE: trailers")
				continue
			}
		}
		// Assigning the map directly keeps the name as written; Go
		// lower-cases it on the wire, as HTTP/2 requires.
		req.Header[x.Name] = append(req.Header[x.Name], x.Value)
	}
	if _, ok := LookupHeader(h.headers, "User-Agent"); !ok {
		// An empty User-Agent makes Go send none rather than its own.
		req.Header["User-Agent"] = []string{""}
	}

	if body != nil && size != 0 {
		up = a.watch("request body")
		sent.progress = up.add
		req.Body = io.NopCloser(sent)
		req.ContentLength = size // -1: unknown, sent as DATA frames until EOF
	}

	// Got1xxResponse runs on the connection's read loop, one call at a time.
	var informational int
	var tooMany bool
	ct := &httptrace.ClientTrace{
		WroteHeaderField: func(k string, vs []string) {
			mu.Lock()
			for _, v := range vs {
				fields = append(fields, Header{Name: k, Value: v})
			}
			mu.Unlock()
		},
		WroteHeaders: func() { a.sent.Add(1) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			up.stop()
			if info.Err != nil {
				// Go reports a write cut short here too (by -m, say):
				// the request was not written, the wait never began.
				return
			}
			a.trace.mark(&a.trace.wrote)
			a.armHeaders()
		},
		GotFirstResponseByte: func() { a.trace.mark(&a.trace.firstByte) },
		// Go's HTTP/2 client leaves the limit on 1xx responses to this
		// hook; HTTP/1.1 has the same one (see roundTripH1).
		Got1xxResponse: func(code int, _ textproto.MIMEHeader) error {
			a.warn("informational response before the final one: " + strconv.Itoa(code))
			if informational++; informational > maxInformational {
				tooMany = true
				return errTooManyInformational
			}
			return nil
		},
	}
	a.wire.URL, a.wire.Proto = req.URL.RequestURI(), "HTTP/2.0"

	a.setPhase(PhaseWrite)
	resp, err := cc.RoundTrip(req.WithContext(httptrace.WithClientTrace(a.ctx, ct)))
	if err != nil {
		// Go wraps the hook's error in a stream error that does not
		// unwrap; the flag says it was ours.
		if tooMany && a.ctx.Err() == nil {
			return nil, &failure{phase: PhaseHeaders, msg: errTooManyInformational.Error()}
		}
		// Go ends the connection with a bare PROTOCOL_ERROR when the head
		// is far over MaxResponseHeaderBytes. HPACK's Huffman code shrinks
		// a literal field to no less than 5/8 of its size, so half the
		// limit received before any answer points to the head's size.
		if a.ctx.Err() == nil && !a.gotHeaders() && strings.Contains(err.Error(), "PROTOCOL_ERROR") && d.read.n.Load() > maxHead/2 {
			return nil, &failure{phase: PhaseHeaders, msg: fmt.Sprintf("%s (HTTP/2: the connection was ended with PROTOCOL_ERROR after %d bytes of response head)", errHeadTooBig, d.read.n.Load()), err: err}
		}
		// Only a server that asked for a client certificate is expected
		// to end a fresh connection with an alert.
		if a.tls != nil && a.tls.CertificateRequested && a.ctx.Err() == nil {
			if alert := stickyAlert(d.conn); alert != nil {
				return nil, alert
			}
		}
		return nil, err
	}
	a.headersArrived()
	return resp, nil
}

func cloneURL(u *url.URL) *url.URL {
	c := *u
	return &c
}

// stickyAlert returns the TLS alert the server sent on conn, if any. The
// HTTP/2 client may report its own error instead (a broken pipe from
// writing its preface, "client conn could not be established") when the
// alert ends the connection as it starts up. crypto/tls returns a received
// alert from every later Read, and an unread one may still be buffered;
// the short deadline keeps a silent connection from holding us.
func stickyAlert(conn net.Conn) error {
	tc, ok := conn.(*tls.Conn)
	if !ok {
		return nil
	}
	tc.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if _, err := tc.Read(make([]byte, 1)); isRemoteAlert(err) {
		return err
	}
	return nil
}

// countingConn counts the bytes read (TLS records included), to tell a
// response head over the limit from other HTTP/2 protocol errors.
type countingConn struct {
	net.Conn
	n atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}
