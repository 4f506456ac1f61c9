package probe

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/testnet"
)

// refusingProxy answers every request (CONNECT included) with 403 and
// reports the request head it got.
func refusingProxy(t *testing.T) (string, chan []string) {
	heads := make(chan []string, 10)
	addr := newRawServer(t, func(c net.Conn) {
		lines, _ := readHead(c)
		heads <- lines
		io.WriteString(c, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
	}).addr
	return addr, heads
}

func TestProxyRefusesConnect(t *testing.T) {
	addr, heads := refusingProxy(t)
	ex := Send(context.Background(), Request{URL: "https://target.test/x", Proxy: "http://user:pw@" + addr, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseProxy || ex.Err.Message != "proxy refused CONNECT: 403 Forbidden" {
		t.Fatalf("err %+v", ex.Err)
	}
	if ex.Proxy != "http://user:xxxxx@"+addr || ex.Attempts != 0 {
		t.Fatalf("proxy %q attempts %d", ex.Proxy, ex.Attempts)
	}
	h := <-heads
	if h[0] != "CONNECT target.test:443 HTTP/1.1" || !strings.Contains(strings.Join(h, "\n"), "Proxy-Authorization: "+basicAuth("user", "pw")) {
		t.Fatalf("proxy saw %q", h)
	}
}

// A plain-HTTP request through an HTTP proxy uses the absolute URL.
func TestProxyPlainHTTP(t *testing.T) {
	heads := make(chan []string, 1)
	addr := newRawServer(t, func(c net.Conn) {
		lines, _ := readHead(c)
		heads <- lines
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nvia proxy")
	}).addr
	ex := Send(context.Background(), Request{URL: "http://target.test/x?q=1", Proxy: "http://" + addr, Timeouts: quick()})
	mustOK(t, ex)
	h := <-heads
	if h[0] != "GET http://target.test/x?q=1 HTTP/1.1" || h[1] != "Host: target.test" {
		t.Fatalf("proxy saw %q", h)
	}
	if ex.Request.URL != "http://target.test/x?q=1" || ex.Proxy != "http://"+addr || ex.RemoteAddr != addr || string(ex.Response.Body) != "via proxy" {
		t.Fatalf("record %+v proxy %q remote %q", ex.Request, ex.Proxy, ex.RemoteAddr)
	}
}

// CONNECT accepted: TLS and HTTP/2 run through the tunnel.
func TestProxyConnectTunnel(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, http.HandlerFunc(hello), true, nil)
	backend := strings.TrimPrefix(srv.URL, "https://")
	connects := make(chan string, 1)
	addr := newRawServer(t, func(c net.Conn) {
		lines, _ := readHead(c)
		connects <- lines[0]
		b, err := net.DialTimeout("tcp", backend, 2*time.Second)
		if err != nil {
			return
		}
		defer b.Close()
		b.SetDeadline(time.Now().Add(connLife))
		io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
		go func() {
			io.Copy(b, c)
			b.Close() // the client is done: end the other direction too
		}()
		io.Copy(c, b)
	}).addr
	ex := Send(context.Background(), Request{URL: srv.URL + "/", Proxy: "http://" + addr, TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
	mustOK(t, ex)
	if got := <-connects; got != "CONNECT "+backend+" HTTP/1.1" {
		t.Fatalf("proxy saw %q", got)
	}
	if ex.Response.Proto != "HTTP/2.0" || string(ex.Response.Body) != "hello nobody" || ex.TLS == nil || !ex.TLS.Verified {
		t.Fatalf("response %+v TLS %+v", ex.Response, ex.TLS)
	}
}

func TestProxyUnreachable(t *testing.T) {
	addr := testnet.RefusedAddr(t, "127.0.0.1")
	ex := Send(context.Background(), Request{URL: "http://target.test/", Proxy: "http://u:topsecret@" + addr, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseProxy || !strings.Contains(ex.Err.Message, "connection refused") {
		t.Fatalf("err %+v", ex.Err)
	}
	if strings.Contains(ex.Err.Message+ex.Err.Detail, "topsecret") {
		t.Fatalf("password leaked: %+v %q", ex.Err, ex.Err.Detail)
	}
}

// NoProxy "*" or a matching entry: direct.
func TestNoProxy(t *testing.T) {
	srv := plainServer(t, http.HandlerFunc(hello))
	addr, heads := refusingProxy(t)
	for _, np := range []string{"*", "127.0.0.1", "10.0.0.0/8, 127.0.0.0/8"} {
		ex := Send(context.Background(), Request{URL: srv.URL, Proxy: "http://" + addr, NoProxy: np, Timeouts: quick()})
		mustOK(t, ex)
		if ex.Proxy != "" || string(ex.Response.Body) != "hello nobody" {
			t.Fatalf("noproxy %q: proxy %q", np, ex.Proxy)
		}
	}
	select {
	case h := <-heads:
		t.Fatalf("the proxy was used: %q", h)
	default:
	}
	u, _ := url.Parse("http://api.corp.example:8080/")
	if !noProxyMatch(".corp.example", u) || !noProxyMatch("corp.example", u) || noProxyMatch("other.example", u) {
		t.Fatal("domain matching")
	}
}

// The environment comes with the request, read as curl reads it.
func TestProxyFromEnvironment(t *testing.T) {
	addr, heads := refusingProxy(t)
	ex := Send(context.Background(), Request{URL: "http://target.test/", Timeouts: quick(), Env: Env{"http_proxy": "http://" + addr}})
	if ex.Proxy != "http://"+addr || ex.Response == nil || ex.Response.Status != 403 {
		t.Fatalf("proxy %q response %+v err %+v", ex.Proxy, ex.Response, ex.Err)
	}
	if h := <-heads; h[0] != "GET http://target.test/ HTTP/1.1" {
		t.Fatalf("proxy saw %q", h)
	}
	// Garbage in the environment is an error, not a nonsense proxy.
	ex = Send(context.Background(), Request{URL: "http://target.test/", Timeouts: quick(), Env: Env{"http_proxy": "http://[bad"}})
	if ex.Err == nil || ex.Err.Phase != PhaseProxy || !strings.Contains(ex.Err.Message, "http_proxy") {
		t.Fatalf("err %+v proxy %q", ex.Err, ex.Proxy)
	}
}

// Which variable applies, as curl reads them. Decided without sending.
func TestProxyEnvironmentLikeCurl(t *testing.T) {
	const a, b = "http://a.proxy:1", "http://b.proxy:2"
	tests := []struct {
		name    string
		req     Request
		url     string
		want    string // "" direct
		warning bool   // HTTP_PROXY ignored
	}{
		{"http_proxy", Request{Env: Env{"http_proxy": a}}, "http://t.test/", a, false},
		{"HTTP_PROXY is ignored", Request{Env: Env{"HTTP_PROXY": a}}, "http://t.test/", "", true},
		{"HTTP_PROXY and http_proxy", Request{Env: Env{"HTTP_PROXY": b, "http_proxy": a}}, "http://t.test/", a, false},
		{"https_proxy", Request{Env: Env{"https_proxy": a}}, "https://t.test/", a, false},
		{"HTTPS_PROXY", Request{Env: Env{"HTTPS_PROXY": a}}, "https://t.test/", a, false},
		{"lowercase wins", Request{Env: Env{"https_proxy": a, "HTTPS_PROXY": b}}, "https://t.test/", a, false},
		{"https_proxy is not for http", Request{Env: Env{"https_proxy": a}}, "http://t.test/", "", false},
		{"ALL_PROXY for http", Request{Env: Env{"ALL_PROXY": a}}, "http://t.test/", a, false},
		{"all_proxy for https", Request{Env: Env{"all_proxy": a}}, "https://t.test/", a, false},
		{"the scheme's own wins over all_proxy", Request{Env: Env{"all_proxy": a, "https_proxy": b}}, "https://t.test/", b, false},
		{"all_proxy despite HTTP_PROXY", Request{Env: Env{"all_proxy": a, "HTTP_PROXY": b}}, "http://t.test/", a, true},
		{"NO_PROXY", Request{Env: Env{"http_proxy": a, "NO_PROXY": "t.test"}}, "http://t.test/", "", false},
		{"no_proxy wins over NO_PROXY", Request{Env: Env{"http_proxy": a, "no_proxy": "x.test", "NO_PROXY": "t.test"}}, "http://t.test/", a, false},
		{"--noproxy '' overrides NO_PROXY", Request{NoProxySet: true, Env: Env{"http_proxy": a, "NO_PROXY": "t.test"}}, "http://t.test/", a, false},
		{"--noproxy replaces NO_PROXY", Request{NoProxy: "x.test", Env: Env{"http_proxy": a, "NO_PROXY": "t.test"}}, "http://t.test/", a, false},
		{"NO_PROXY applies to -x", Request{Proxy: b, Env: Env{"NO_PROXY": ".t.test"}}, "http://api.t.test/", "", false},
		{"NO_PROXY=*", Request{Env: Env{"all_proxy": a, "NO_PROXY": "*"}}, "https://t.test/", "", false},
		{"loopback stays direct", Request{Env: Env{"http_proxy": a}}, "http://127.0.0.1:8080/", "", false},
		{"no environment", Request{}, "https://t.test/", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := url.Parse(tt.url)
			pf, err := proxyChooser(&tt.req)
			if err != nil {
				t.Fatal(err)
			}
			p, err := pf(u)
			got := ""
			if p != nil {
				got = p.String()
			}
			if err != nil || got != tt.want {
				t.Fatalf("proxy %q err %v, want %q", got, err, tt.want)
			}
			if w := ignoredProxyVar(&tt.req, u.Scheme); (w != "") != tt.warning {
				t.Fatalf("warning %q, want one: %v", w, tt.warning)
			}
		})
	}
}

// A password with # / or a space, not percent-encoded, makes the value
// unparseable. It must not become http://http://… (a proxy named "http")
// and the error must not show the password. Decided without sending.
func TestUnparseableProxyIsAnError(t *testing.T) {
	const secret = "Summer#2026W0rdX"
	for _, v := range []string{
		"http://user:" + secret + "@127.0.0.1:3128",
		"http://user:Sum/mer2026W0rdX@127.0.0.1:3128",
		"http://user:Summer 2026W0rdX@127.0.0.1:3128",
		"http:/127.0.0.1:3128",
	} {
		target, _ := url.Parse("http://target.test/")
		pf, err := proxyChooser(&Request{Env: Env{"http_proxy": v}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := pf(target)
		if p != nil || err == nil {
			t.Fatalf("%q: proxy %v err %v, want an error", v, p, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "http_proxy") || strings.Contains(msg, "Summer") || strings.Contains(msg, "2026W0rdX") || strings.Contains(msg, "mer") {
			t.Errorf("%q: error %q, want http_proxy named and the password masked", v, msg)
		}
		// The same value given with -x.
		_, err = proxyChooser(&Request{Proxy: v})
		if err == nil || strings.Contains(err.Error(), "Summer") || strings.Contains(err.Error(), "2026W0rdX") {
			t.Errorf("-x %q: error %v, want one with the password masked", v, err)
		}
	}
	_, err := proxyChooser(&Request{Proxy: "http://user:" + secret + "@127.0.0.1:3128"})
	if want := `the proxy "http://user:***@127.0.0.1:3128" is not a valid proxy URL`; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "%23") {
		t.Errorf("error %v, want %q and the hint to write # as %%23", err, want)
	}
}

// An internationalised host goes out in punycode: in the absolute URL and
// in Host. Through a proxy, so that nothing is resolved.
func TestIDNHostInPunycode(t *testing.T) {
	heads := make(chan []string, 1)
	addr := newRawServer(t, func(c net.Conn) {
		lines, _ := readHead(c)
		heads <- lines
		io.WriteString(c, "HTTP/1.1 204 No Content\r\n\r\n")
	}).addr
	ex := Send(context.Background(), Request{URL: "http://bücher.test/", Proxy: "http://" + addr, Timeouts: quick()})
	mustOK(t, ex)
	h := <-heads
	if h[0] != "GET http://xn--bcher-kva.test/ HTTP/1.1" || h[1] != "Host: xn--bcher-kva.test" {
		t.Fatalf("proxy saw %q", h)
	}
	if ex.Request.FullURL != "http://xn--bcher-kva.test/" || ex.Response.Status != 204 {
		t.Fatalf("FullURL %q", ex.Request.FullURL)
	}
}

// socks5 is a minimal SOCKS5 proxy (no auth, CONNECT only) that reports
// the target it was asked for and connects only to loopback.
func socks5(t *testing.T) (string, chan string) {
	targets := make(chan string, 1)
	addr := newRawServer(t, func(c net.Conn) {
		buf := make([]byte, 262)
		if _, err := io.ReadFull(c, buf[:2]); err != nil || buf[0] != 5 {
			return
		}
		if _, err := io.ReadFull(c, buf[:buf[1]]); err != nil {
			return
		}
		c.Write([]byte{5, 0})
		if _, err := io.ReadFull(c, buf[:4]); err != nil {
			return
		}
		var host string
		switch buf[3] {
		case 1:
			io.ReadFull(c, buf[:4])
			host = net.IP(buf[:4]).String()
		case 3:
			io.ReadFull(c, buf[:1])
			n := int(buf[0])
			io.ReadFull(c, buf[:n])
			host = string(buf[:n])
		default:
			return
		}
		io.ReadFull(c, buf[:2])
		port := int(buf[0])<<8 | int(buf[1])
		target := net.JoinHostPort(host, strconv.Itoa(port))
		targets <- target
		if host != "127.0.0.1" {
			c.Write([]byte{5, 4, 0, 1, 0, 0, 0, 0, 0, 0}) // host unreachable
			return
		}
		b, err := net.DialTimeout("tcp", target, 2*time.Second)
		if err != nil {
			return
		}
		defer b.Close()
		c.Write([]byte{5, 0, 0, 1, 127, 0, 0, 1, 0, 0})
		go func() {
			io.Copy(b, c)
			b.Close()
		}()
		io.Copy(c, b)
	}).addr
	return addr, targets
}

func TestSOCKS5Proxy(t *testing.T) {
	srv := plainServer(t, http.HandlerFunc(hello))
	addr, targets := socks5(t)
	ex := Send(context.Background(), Request{URL: srv.URL + "/", Proxy: "socks5://" + addr, Timeouts: quick()})
	mustOK(t, ex)
	if got := <-targets; got != strings.TrimPrefix(srv.URL, "http://") || string(ex.Response.Body) != "hello nobody" {
		t.Fatalf("target %q body %q", got, ex.Response.Body)
	}
	if ex.Proxy != "socks5://"+addr || ex.Request.URL != "/" {
		t.Fatalf("proxy %q target %q", ex.Proxy, ex.Request.URL)
	}
	// The proxy cannot reach the host: a proxy error.
	ex = Send(context.Background(), Request{URL: "http://target.test/", Proxy: "socks5://" + addr, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseProxy || !strings.Contains(ex.Err.Message, "could not connect to target.test:80") {
		t.Fatalf("err %+v", ex.Err)
	}
}
