package probe

import (
	"encoding/base64"
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpproxy"
)

// proxyChooser returns the function that picks the proxy for a URL (nil:
// direct). An explicit proxy is used for every host not in noProxy. Without
// one, the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) is read now, at
// each Send, rather than once per process as http.ProxyFromEnvironment does
// (FACTS 2.7); noProxy, when given, replaces NO_PROXY.
func proxyChooser(explicit, noProxy string) (func(*url.URL) (*url.URL, error), error) {
	if strings.TrimSpace(noProxy) == "*" {
		return func(*url.URL) (*url.URL, error) { return nil, nil }, nil
	}
	if explicit != "" {
		p, err := parseProxy(explicit)
		if err != nil {
			return nil, err
		}
		return func(u *url.URL) (*url.URL, error) {
			if noProxyMatch(noProxy, u) {
				return nil, nil
			}
			return p, nil
		}, nil
	}
	cfg := httpproxy.FromEnvironment()
	if noProxy != "" {
		cfg.NoProxy = noProxy
	}
	envFunc := cfg.ProxyFunc()
	return func(u *url.URL) (*url.URL, error) {
		p, err := envFunc(u)
		if err != nil || p == nil {
			return nil, err
		}
		// httpproxy accepts garbage ("http://[bad" becomes a nonsense
		// URL); check what it made of the variable.
		if err := checkProxy(p); err != nil {
			return nil, fmt.Errorf("the proxy from the environment is unusable: %w", err)
		}
		return p, nil
	}, nil
}

// parseProxy reads a proxy URL as curl does: a missing scheme means http.
func parseProxy(s string) (*url.URL, error) {
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	p, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("invalid proxy URL: %v", redactURLs(err.Error()))
	}
	if err := checkProxy(p); err != nil {
		return nil, err
	}
	return p, nil
}

func checkProxy(p *url.URL) error {
	switch p.Scheme {
	case "http", "https", "socks5", "socks5h":
	default:
		return fmt.Errorf("unsupported proxy scheme %q (use http, https, socks5 or socks5h)", p.Scheme)
	}
	if p.Hostname() == "" {
		return fmt.Errorf("the proxy URL %q has no host", p.Redacted())
	}
	return nil
}

// proxyAddr is the proxy's host:port, with the scheme's default port.
func proxyAddr(p *url.URL) string {
	port := p.Port()
	if port == "" {
		switch p.Scheme {
		case "https":
			port = "443"
		case "socks5", "socks5h":
			port = "1080"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(p.Hostname(), port)
}

// proxyAuth is the Proxy-Authorization value for credentials in the proxy
// URL, or "".
func proxyAuth(p *url.URL) string {
	if p.User == nil {
		return ""
	}
	pw, _ := p.User.Password()
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(p.User.Username()+":"+pw))
}

// noProxyMatch implements curl's --noproxy list for an explicit proxy:
// comma-separated host names (matching the name and its subdomains), IP
// addresses and CIDR ranges; "*" matches everything.
func noProxyMatch(list string, u *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	ip := net.ParseIP(host)
	for _, e := range strings.Split(list, ",") {
		e = strings.ToLower(strings.TrimSpace(e))
		switch {
		case e == "":
			continue
		case e == "*":
			return true
		}
		if _, n, err := net.ParseCIDR(e); err == nil {
			if ip != nil && n.Contains(ip) {
				return true
			}
			continue
		}
		if eip := net.ParseIP(strings.Trim(e, "[]")); eip != nil {
			if ip != nil && eip.Equal(ip) {
				return true
			}
			continue
		}
		e = strings.TrimPrefix(e, ".")
		if host == e || strings.HasSuffix(host, "."+e) {
			return true
		}
	}
	return false
}
