package probe

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// proxyChooser returns the function that picks the proxy for a URL (nil:
// direct), with curl's rules: an explicit proxy (-x) for every URL, else
// the one the environment names for the URL's scheme (Env.proxyVar). The
// hosts reached directly are --noproxy when given, even empty, else
// no_proxy or NO_PROXY; they apply to both. One difference on purpose: a
// proxy from the environment is never used for localhost or a loopback
// address (curl uses it), as Go does, so that a machine-wide proxy does not
// stand between a developer and a local server, or the lab.
func proxyChooser(req *Request) (func(*url.URL) (*url.URL, error), error) {
	_, noProxy := req.Env.lookup("no_proxy", "NO_PROXY")
	if req.NoProxy != "" || req.NoProxySet {
		noProxy = req.NoProxy
	}
	if strings.TrimSpace(noProxy) == "*" {
		return func(*url.URL) (*url.URL, error) { return nil, nil }, nil
	}
	if req.Proxy != "" {
		p, err := parseProxy("the proxy", req.Proxy)
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
	return func(u *url.URL) (*url.URL, error) {
		name, value := req.Env.proxyVar(u.Scheme)
		if value == "" || isLoopbackHost(u.Hostname()) || noProxyMatch(noProxy, u) {
			return nil, nil
		}
		return parseProxy(name, value)
	}, nil
}

// ignoredProxyVar is the warning for an HTTP_PROXY that curl, and so
// why403, does not use for an http:// URL; "" when there is none.
func ignoredProxyVar(req *Request, scheme string) string {
	if req.Proxy != "" || scheme != "http" || req.Env["HTTP_PROXY"] == "" {
		return ""
	}
	if name, _ := req.Env.proxyVar("http"); name == "http_proxy" {
		return ""
	}
	return "HTTP_PROXY is set but not used, as curl does not use it (in CGI programs a request header can set it); set http_proxy for http:// URLs"
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parseProxy reads a proxy URL as curl does: a missing scheme means http.
// source names where it came from ("the proxy", "https_proxy") for errors,
// which show the value with its password masked: a password holding # / ?
// or a space, not percent-encoded, is the usual reason it does not parse,
// and then Go's own message quotes part of it.
func parseProxy(source, s string) (*url.URL, error) {
	bad := func(why string) error {
		return fmt.Errorf("%s %q is not a valid proxy URL: %s", source, maskProxyValue(s), why)
	}
	raw := s
	if !strings.Contains(s, "://") {
		// "http:/host" must not become http://http:/host, a proxy named
		// "http".
		if scheme, _, ok := strings.Cut(s, ":"); ok && isProxyScheme(strings.ToLower(scheme)) {
			return nil, bad("write " + strings.ToLower(scheme) + "://HOST:PORT")
		}
		raw = "http://" + s
	}
	hint := ""
	if strings.ContainsAny(proxyUserinfo(s), "#/? ") {
		hint = "; in the user name and password, write # as %23, / as %2F, ? as %3F and a space as %20"
	}
	p, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the quoted value
		}
		return nil, bad(maskPasswordPieces(s, err.Error()) + hint)
	}
	if p.Fragment != "" || p.RawQuery != "" || strings.HasSuffix(raw, "#") || strings.HasSuffix(raw, "?") {
		return nil, bad("a proxy URL has no ?query or #fragment" + hint)
	}
	if err := checkProxy(p); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return p, nil
}

func isProxyScheme(s string) bool {
	switch s {
	case "http", "https", "socks5", "socks5h":
		return true
	}
	return false
}

func checkProxy(p *url.URL) error {
	if !isProxyScheme(p.Scheme) {
		return fmt.Errorf("unsupported proxy scheme %q (use http, https, socks5 or socks5h)", p.Scheme)
	}
	if p.Hostname() == "" {
		return fmt.Errorf("the proxy URL %q has no host", p.Redacted())
	}
	return nil
}

// proxyUserinfo is the user:password part of a proxy value, up to the last
// "@" (a password may hold an unencoded "@"); "" when there is none.
func proxyUserinfo(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		rest = s
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return ""
	}
	return rest[:at]
}

// maskProxyValue shows a proxy value with everything after the user
// name's ":" up to the last "@" masked, whether or not it parses.
func maskProxyValue(s string) string {
	ui := proxyUserinfo(s)
	user, pw, ok := strings.Cut(ui, ":")
	if !ok || pw == "" {
		return s
	}
	return strings.Replace(s, ui+"@", user+":***@", 1)
}

// maskPasswordPieces masks, in msg, the pieces of the value's password
// (split where a URL parser would cut it) that a parse error may quote.
func maskPasswordPieces(s, msg string) string {
	_, pw, _ := strings.Cut(proxyUserinfo(s), ":")
	pieces := strings.FieldsFunc(pw, func(r rune) bool { return strings.ContainsRune("#/?@ :", r) })
	for _, p := range pieces {
		if len(p) >= 2 {
			msg = strings.ReplaceAll(msg, p, "***")
		}
	}
	return msg
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

// noProxyMatch implements curl's no-proxy list (--noproxy, no_proxy):
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
