package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"

	"golang.org/x/net/proxy"
)

// maxHead caps the response head (status line and headers, 1xx included)
// held in memory; net/http allows 10 MiB, curl far less.
const maxHead = 1 << 20

// dialed is a connection ready for HTTP: new, used for one request only.
type dialed struct {
	conn net.Conn // a *tls.Conn for https
	h2   bool     // speak HTTP/2 on it (ALPN h2, or h2c by prior knowledge)
	// viaHTTPProxy: a plain-HTTP request through an HTTP proxy, which
	// takes the absolute URL as request-target.
	viaHTTPProxy bool
	// read counts the bytes received on the TCP connection (h2.go).
	read *countingConn
}

// connect opens a fresh connection for the attempt: through the proxy if
// one applies, then TLS for https. Probe dials itself (instead of leaving
// it to http.Transport) so that it owns the connection: the HTTP/1.1
// request is written by probe, and no pool can silently reuse or re-send.
func (a *attempt) connect() (*dialed, error) {
	s, h := a.s, a.h
	host, port := hostPort(h.url)
	target := connectTarget(s.connectTo, host, port)
	if target != net.JoinHostPort(host, port) {
		a.warn("connected to " + target + " instead of " + net.JoinHostPort(host, port) + " (--connect-to); URL, Host and TLS name unchanged")
	}

	p, err := s.proxyFor(h.url)
	if err != nil {
		return nil, &failure{phase: PhaseProxy, msg: redactURLs(err.Error()), err: err}
	}
	a.proxy = p
	s.addURLSecret(p)
	if p != nil && h.url.Scheme == "http" && s.version == "2-prior-knowledge" && (p.Scheme == "http" || p.Scheme == "https") {
		return nil, &failure{phase: PhaseRequest, msg: "HTTP/2 without TLS (h2c) cannot go through an HTTP proxy; use https, --http1.1 or no proxy"}
	}

	dialer := &net.Dialer{Timeout: s.to.Connect}
	guard := h.redirected && p == nil && !s.req.AllowLinkLocal && !s.originLinkLocal
	if guard {
		dialer.Control = refuseLinkLocal
	}
	dctx := a.trace.dialContext(a.ctx)
	var raw net.Conn
	switch {
	case p == nil:
		a.dialAddr = target
		raw, err = dialer.DialContext(dctx, "tcp", target)
	case p.Scheme == "socks5" || p.Scheme == "socks5h":
		a.dialAddr = proxyAddr(p)
		raw, err = dialSOCKS(dctx, dialer, p, target)
	default:
		a.dialAddr = proxyAddr(p)
		raw, err = dialer.DialContext(dctx, "tcp", a.dialAddr)
	}
	var refused *errLinkLocalDial
	if errors.As(err, &refused) {
		return nil, &failure{phase: PhaseRedirect, msg: linkLocalRefusal(host, refused.addr)}
	}
	if err != nil {
		return nil, err
	}
	a.local, a.remote = raw.LocalAddr().String(), raw.RemoteAddr().String()
	if !h.redirected && p == nil {
		// The user's origin, by name or --connect-to, is link-local.
		if ap, err := netip.ParseAddrPort(a.remote); err == nil && isLinkLocal(ap.Addr().String()) {
			s.originLinkLocal = true
		}
	}
	// Every limit and the caller's cancel end the attempt by closing the
	// connection, so blocked reads and writes return at once.
	a.closeConn = func() { raw.Close() }
	stopClose := context.AfterFunc(a.ctx, func() { raw.Close() })
	a.onClose(func() {
		stopClose()
		raw.Close()
	})
	a.detach = stopClose

	counted := &countingConn{Conn: raw}
	d := &dialed{conn: counted, read: counted}
	if p != nil && (p.Scheme == "http" || p.Scheme == "https") {
		a.setPhase(PhaseProxy)
		if p.Scheme == "https" {
			if d.conn, err = a.proxyTLS(d.conn, p); err != nil {
				return nil, err
			}
		}
		if h.url.Scheme == "https" {
			if err := a.tunnel(d.conn, p, target); err != nil {
				return nil, err
			}
		} else {
			d.viaHTTPProxy = true
		}
	}

	if h.url.Scheme == "https" {
		tc, err := a.handshake(d.conn, host)
		if err != nil {
			return nil, err
		}
		d.conn = tc
		d.h2 = tc.ConnectionState().NegotiatedProtocol == "h2"
	} else if s.version == "2-prior-knowledge" {
		d.h2 = true // h2c with prior knowledge: there is nothing to negotiate
	}
	a.trace.mark(&a.trace.ready)
	return d, nil
}

// handshake runs the TLS handshake with the origin, recording what it
// reveals in a.tls even when it fails.
func (a *attempt) handshake(conn net.Conn, serverName string) (*tls.Conn, error) {
	a.setPhase(PhaseTLS)
	info := &TLSInfo{ServerName: serverName}
	a.tls = info
	tc := tls.Client(conn, a.s.tlsConfig(serverName, a.h.cert, info, a.warn))
	stop := a.limit(a.s.to.TLS, &timeoutError{msg: fmt.Sprintf("TLS handshake timeout: no handshake with %s within %s", serverName, a.s.to.TLS)})
	a.trace.mark(&a.trace.tlsStart)
	err := tc.HandshakeContext(a.ctx)
	stop()
	a.trace.mark(&a.trace.tlsDone)
	a.wire.ClientCert = info.ClientCert // offered, whatever the outcome
	if err != nil {
		fillTLSFailure(info, err)
		return nil, err
	}
	cs := tc.ConnectionState()
	fillTLS(info, cs, a.s.req.TLS.Insecure)
	if a.h.cert != nil && !info.CertificateRequested {
		a.warn("a client certificate was configured but the server did not ask for one, so none was sent")
	}
	if a.s.version == "2-prior-knowledge" && cs.NegotiatedProtocol != "h2" {
		chose := "no ALPN protocol"
		if cs.NegotiatedProtocol != "" {
			chose = cs.NegotiatedProtocol
		}
		return nil, &failure{phase: PhaseTLS, msg: "HTTP/2 was required but the server did not agree to h2 in the TLS handshake (it chose " + chose + ")"}
	}
	return tc, nil
}

// proxyTLS secures the connection to an https:// proxy (system roots).
func (a *attempt) proxyTLS(conn net.Conn, p *url.URL) (net.Conn, error) {
	tc := tls.Client(conn, &tls.Config{ServerName: p.Hostname(), KeyLogWriter: a.s.keyLog.writer(a.warn)})
	stop := a.limit(a.s.to.TLS, &timeoutError{msg: fmt.Sprintf("TLS handshake timeout with the proxy %s (%s)", p.Redacted(), a.s.to.TLS)})
	defer stop()
	if err := tc.HandshakeContext(a.ctx); err != nil {
		return nil, &failure{phase: PhaseProxy, msg: "TLS with the proxy " + p.Redacted() + " failed: " + err.Error(), err: err}
	}
	return tc, nil
}

// tunnel asks an HTTP proxy for a CONNECT tunnel to target.
func (a *attempt) tunnel(conn net.Conn, p *url.URL, target string) error {
	var b strings.Builder
	b.WriteString("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n")
	if pa := proxyAuth(p); pa != "" {
		b.WriteString("Proxy-Authorization: " + pa + "\r\n")
	}
	b.WriteString("\r\n")
	stop := a.limit(a.s.to.Headers, &timeoutError{msg: fmt.Sprintf("the proxy %s did not answer CONNECT within %s", p.Redacted(), a.s.to.Headers)})
	defer stop()
	if _, err := io.WriteString(conn, b.String()); err != nil {
		return &failure{phase: PhaseProxy, msg: "could not send CONNECT to the proxy: " + err.Error(), err: err}
	}
	// Reading byte-exact matters here: after a 200 the TLS handshake
	// starts and the server speaks only when spoken to, so the buffered
	// reader cannot swallow TLS bytes.
	br := bufio.NewReader(&headLimiter{r: conn, n: maxHead})
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		return &failure{phase: PhaseProxy, msg: "the proxy did not answer CONNECT properly: " + err.Error(), err: err}
	}
	if resp.StatusCode/100 != 2 {
		resp.Body.Close()
		msg := "proxy refused CONNECT: " + resp.Status
		if resp.StatusCode == http.StatusProxyAuthRequired {
			msg += " (the proxy wants credentials: give them in the proxy URL, user:password@host)"
		}
		return &failure{phase: PhaseProxy, msg: msg}
	}
	if br.Buffered() > 0 {
		return &failure{phase: PhaseProxy, msg: "the proxy sent unexpected bytes after accepting CONNECT"}
	}
	return nil
}

// dialSOCKS connects to target through a SOCKS5 proxy. The target name is
// resolved by the proxy in both socks5 and socks5h.
func dialSOCKS(ctx context.Context, d *net.Dialer, p *url.URL, target string) (net.Conn, error) {
	var auth *proxy.Auth
	if p.User != nil {
		pw, _ := p.User.Password()
		auth = &proxy.Auth{User: p.User.Username(), Password: pw}
	}
	sd, err := proxy.SOCKS5("tcp", proxyAddr(p), auth, d)
	if err != nil {
		return nil, err
	}
	cd, ok := sd.(proxy.ContextDialer)
	if !ok {
		return nil, fmt.Errorf("SOCKS dialer without context support")
	}
	c, err := cd.DialContext(ctx, "tcp", target)
	var errno syscall.Errno
	var ne net.Error
	if err != nil && !errors.As(err, &errno) && !(errors.As(err, &ne) && ne.Timeout()) && ctx.Err() == nil {
		// The proxy answered but refused or failed the connection.
		return nil, &failure{phase: PhaseProxy, msg: "the SOCKS proxy " + p.Redacted() + " could not connect to " + target, err: err}
	}
	return c, err
}

// headLimiter caps how much a reader may deliver while the response head
// is parsed; n < 0 lifts the cap for the body.
type headLimiter struct {
	r io.Reader
	n int64
	// first keeps the answer's first bytes (up to firstBytes), to name
	// what a server that does not speak HTTP sent instead.
	first []byte
}

const firstBytes = 64

var errHeadTooBig = fmt.Errorf("the response head (status line and headers) exceeds %d bytes", maxHead)

func (l *headLimiter) Read(p []byte) (int, error) {
	if l.n < 0 {
		return l.r.Read(p)
	}
	if l.n == 0 {
		return 0, errHeadTooBig
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if k := min(n, firstBytes-len(l.first)); k > 0 {
		l.first = append(l.first, p[:k]...)
	}
	return n, err
}
