package probe

import (
	"context"
	"net"
)

// Conn is a connection to an origin opened the way Send opens one (proxy,
// --connect-to, TLS with the request's certificates), handed over to a
// caller that speaks HTTP/1.1 on it itself: the capture proxy, which must
// forward an app's bytes as they came.
type Conn struct {
	net.Conn
	// Exchange holds what connecting learnt: TLS, addresses, proxy, the
	// connect timing and warnings. Request and Response are empty.
	Exchange Exchange
	// ViaHTTPProxy: a plain-HTTP origin reached through an HTTP proxy,
	// which takes the absolute URL as request-target.
	ViaHTTPProxy bool
	// H2: the server chose HTTP/2 in ALPN; the caller must speak it or
	// close the connection.
	H2 bool
}

// Dial connects to req's origin with req's transport options and returns
// the connection, or an Exchange whose Err names the phase that failed
// (dns, connect, proxy, tls, timeout). Nothing is written on the
// connection. ctx bounds the connecting only; the connection outlives it
// and is the caller's to close.
func Dial(ctx context.Context, req Request) (*Conn, Exchange) {
	var ex Exchange
	if req.HTTPVersion == "" {
		req.HTTPVersion = "1.1" // offer only http/1.1 in ALPN
	}
	s, h, err := newSession(ctx, req)
	if err != nil {
		ex.Err = err
		return nil, ex
	}
	defer s.keyLog.close() // the handshake is done when Dial returns
	ex.Warnings = append(ex.Warnings, s.warnings...)
	a := s.newAttempt(ctx, h)
	d, derr := a.connect()
	if derr != nil {
		ex.Err = a.classify(derr)
		a.close()
		a.record(&ex)
		ex.Request = WireRequest{}
		return nil, ex
	}
	// Keep the connection: the attempt's end must not close it.
	if a.detach != nil {
		a.detach()
	}
	a.cancel(context.Canceled)
	a.record(&ex)
	ex.Request = WireRequest{}
	return &Conn{Conn: d.conn, Exchange: ex, ViaHTTPProxy: d.viaHTTPProxy, H2: d.h2}, ex
}
