package lab

import (
	"context"
	"fmt"
	"html"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"strings"
	"sync"
	"time"
)

// The lab's HTTP listener is also a forward proxy, in the manner of Squid:
// a request in absolute-form ("GET http://host/path HTTP/1.1") or a
// CONNECT is a proxy request. Its allow list holds only the lab's own
// listeners, so it never reaches past this machine: an allowed target is
// forwarded over loopback, anything else gets Squid's access-denied page.

const (
	proxyHostname = "lab-proxy"
	squidVersion  = "squid/6.10"
	proxyVia      = "1.1 " + proxyHostname + " (" + squidVersion + ")"
)

// proxyState is the proxy's transport and the CONNECT tunnels it holds
// open, which Close ends.
type proxyState struct {
	transport *http.Transport
	forward   *httputil.ReverseProxy

	mu      sync.Mutex
	closing bool
	conns   map[net.Conn]struct{}
	wg      sync.WaitGroup
}

// initProxy prepares forwarding to the lab's own listeners; call it once
// the listeners' addresses are known.
func (l *Lab) initProxy(errLog *log.Logger) {
	p := &proxyState{conns: map[net.Conn]struct{}{}}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	p.transport = &http.Transport{
		Proxy: nil,
		// Only the lab's own listeners can be dialled, whatever the
		// request says.
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr != l.httpAddr && addr != l.httpsAddr && addr != l.mtlsAddr {
				return nil, fmt.Errorf("lab proxy: %s is not one of the lab's listeners", addr)
			}
			return dialer.DialContext(ctx, "tcp4", addr)
		},
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
	}
	p.forward = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme = "http"
			pr.Out.URL.Host = l.httpAddr
			pr.Out.Host = pr.In.Host
			pr.Out.Header.Add("Via", proxyVia)
		},
		Transport: p.transport,
		ModifyResponse: func(resp *http.Response) error {
			// The lab's middleware already set Date for this response.
			resp.Header.Del("Date")
			resp.Header.Add("Via", proxyVia)
			resp.Header.Set("X-Cache", "MISS from "+proxyHostname)
			resp.Header.Set("X-Cache-Lookup", "MISS from "+proxyHostname+":3128")
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			squidError(w, r, http.StatusServiceUnavailable, "ERR_CONNECT_FAIL 111",
				"Connection to the server failed.", "The proxy could not open a connection to the server: "+err.Error())
		},
		ErrorLog: errLog,
	}
	l.proxy = p
}

// closeProxy ends open tunnels and idle forwarding connections.
func (l *Lab) closeProxy() {
	p := l.proxy
	if p == nil {
		return
	}
	p.mu.Lock()
	p.closing = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	p.transport.CloseIdleConnections()
}

// proxyFront hands proxy requests to the proxy and every other to next.
func (l *Lab) proxyFront(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l.proxy != nil && (r.Method == http.MethodConnect || r.URL.IsAbs()) {
			l.serveProxy(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ownListener maps a requested host:port to the lab listener it names, or
// "" when it names none. The lab answers to 127.0.0.1 and localhost.
func (l *Lab) ownListener(hostport string) string {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return ""
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host != "127.0.0.1" && host != "localhost" {
		return ""
	}
	for _, addr := range []string{l.httpAddr, l.httpsAddr, l.mtlsAddr} {
		if _, p, _ := net.SplitHostPort(addr); p == port {
			return addr
		}
	}
	return ""
}

func (l *Lab) serveProxy(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		target := l.ownListener(r.Host)
		if target == "" {
			squidDenied(w, r)
			return
		}
		l.tunnel(w, r, target)
		return
	}
	hostport := r.URL.Host
	if _, _, err := net.SplitHostPort(hostport); err != nil {
		hostport = net.JoinHostPort(strings.Trim(hostport, "[]"), "80")
	}
	if r.URL.Scheme != "http" || l.ownListener(hostport) != l.httpAddr {
		squidDenied(w, r)
		return
	}
	l.proxy.forward.ServeHTTP(w, r)
}

// squidDenied is Squid's answer when its http_access rules deny a request.
func squidDenied(w http.ResponseWriter, r *http.Request) {
	squidError(w, r, http.StatusForbidden, "ERR_ACCESS_DENIED 0", "Access Denied.",
		"The proxy's access rules do not allow this request: the site is not on the proxy's allow list. If you need it, ask the proxy's administrator to allow it, or reach it without this proxy.")
}

// squidError writes one of Squid's error pages with its headers.
func squidError(w http.ResponseWriter, r *http.Request, status int, code, headline, text string) {
	target := r.URL.String()
	if r.Method == http.MethodConnect {
		target = r.Host
	}
	h := w.Header()
	h.Set("Server", squidVersion)
	h.Set("Mime-Version", "1.0")
	h.Set("X-Squid-Error", code)
	h.Set("Vary", "Accept-Language")
	h.Set("Content-Language", "en")
	h.Set("X-Cache", "MISS from "+proxyHostname)
	h.Set("X-Cache-Lookup", "NONE from "+proxyHostname+":3128")
	h.Set("Via", proxyVia)
	writeText(w, status, "text/html;charset=utf-8", fmt.Sprintf(`<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html><head>
<meta type="copyright" content="Copyright (C) 1996-2024 The Squid Software Foundation and contributors">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>ERROR: The requested URL could not be retrieved</title>
</head><body id="%s">
<div id="titles">
<h1>ERROR</h1>
<h2>The requested URL could not be retrieved</h2>
</div>
<hr>
<div id="content">
<p>While trying to retrieve the URL <a href="%s">%s</a>, this error occurred:</p>
<blockquote id="error"><p><b>%s</b></p></blockquote>
<p>%s</p>
<p>Your cache administrator is <a href="mailto:webmaster">webmaster</a>.</p>
<br>
</div>
<hr>
<div id="footer">
<p>Generated by %s (%s)</p>
<!-- %s -->
</div>
</body></html>
`, strings.Fields(code)[0], html.EscapeString(target), html.EscapeString(target), html.EscapeString(headline), html.EscapeString(text),
		proxyHostname, squidVersion, strings.Fields(code)[0]))
}

// tunnel answers an allowed CONNECT: it opens the connection to the lab's
// listener, says so, and copies bytes both ways until either side ends.
func (l *Lab) tunnel(w http.ResponseWriter, r *http.Request, target string) {
	p := l.proxy
	upstream, err := net.DialTimeout("tcp4", target, 5*time.Second)
	if err != nil {
		squidError(w, r, http.StatusServiceUnavailable, "ERR_CONNECT_FAIL 111",
			"Connection to the server failed.", "The proxy could not open a connection to "+target+".")
		return
	}
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		upstream.Close()
		http.Error(w, "the proxy cannot tunnel on this connection", http.StatusInternalServerError)
		return
	}
	p.mu.Lock()
	if p.closing {
		p.mu.Unlock()
		conn.Close()
		upstream.Close()
		return
	}
	p.conns[conn] = struct{}{}
	p.conns[upstream] = struct{}{}
	p.wg.Add(2)
	p.mu.Unlock()

	conn.SetDeadline(time.Time{})
	end := func() {
		conn.Close()
		upstream.Close()
		p.mu.Lock()
		delete(p.conns, conn)
		delete(p.conns, upstream)
		p.mu.Unlock()
	}
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		end()
		p.wg.Add(-2)
		return
	}
	go func() {
		defer p.wg.Done()
		// What the client sent after its CONNECT is already buffered.
		if n := rw.Reader.Buffered(); n > 0 {
			b, _ := rw.Reader.Peek(n)
			upstream.Write(b)
		}
		io.Copy(upstream, conn)
		end()
	}()
	go func() {
		defer p.wg.Done()
		io.Copy(conn, upstream)
		end()
	}()
}
