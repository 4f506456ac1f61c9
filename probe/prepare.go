package probe

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// compressedAccept is what curl --compressed asks for.
const compressedAccept = "deflate, gzip, br, zstd"

// newSession checks the request once and builds the first hop. Anything
// wrong here is the user's input, so errors are PhaseRequest, with the
// field named.
func newSession(ctx context.Context, req Request) (*session, *hop, *Error) {
	s := &session{req: req, to: withDefaults(req.Timeouts), maxBody: req.MaxBody()}
	s.maxHops = req.MaxRedirects
	if s.maxHops <= 0 {
		s.maxHops = DefaultMaxRedirects
	}
	bad := func(format string, args ...any) (*session, *hop, *Error) {
		return nil, nil, &Error{Phase: PhaseRequest, Message: fmt.Sprintf(format, args...)}
	}
	// The editor's checks first, so that Send and the editor word a
	// problem the same way; the checks below guard what Validate leaves
	// to net/http, which probe's HTTP/1.1 writer does not have.
	if err := Validate(&req); err != nil {
		return bad("%v", err)
	}

	switch req.HTTPVersion {
	case "", "1.1", "2", "2-prior-knowledge":
		s.version = req.HTTPVersion
	case "1", "1.0", "http/1.1", "HTTP/1.1":
		s.version = "1.1"
	case "2.0", "h2", "HTTP/2":
		s.version = "2"
	case "h2c", "http2-prior-knowledge":
		s.version = "2-prior-knowledge"
	default:
		return bad("unsupported HTTP version %q: use 1.1, 2 or 2-prior-knowledge", req.HTTPVersion)
	}

	method := req.Method
	if method == "" {
		method = "GET"
	}
	if !httpguts.ValidHeaderFieldName(method) { // a method is a token, like a header name
		return bad("invalid method %q: it must be a single word without spaces or separators", method)
	}

	u, err := url.Parse(req.URL)
	if err != nil {
		return bad("invalid URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return bad("the URL %q has no scheme: start it with https:// or http://", req.URL)
		}
		return bad("unsupported URL scheme %q: only http and https", u.Scheme)
	}
	if u.Hostname() == "" {
		return bad("the URL %q has no host", req.URL)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad("invalid port %q in the URL", p)
		}
	}
	if err := asciiHost(u); err != nil {
		return bad("invalid host name %q: %v", u.Hostname(), err)
	}

	s.originLinkLocal = isLinkLocal(u.Hostname())

	headers := req.EffectiveHeaders()
	// Userinfo in the URL becomes Basic auth, as curl and Go do, unless
	// the user set Authorization; then it is removed from the URL so it is
	// never shown or sent anywhere else.
	if u.User != nil {
		pass, _ := u.User.Password()
		s.addURLSecret(u)
		if _, ok := LookupHeader(headers, "Authorization"); !ok {
			headers = append(headers, Header{Name: "Authorization", Value: basicAuth(u.User.Username(), pass)})
		}
		u.User = nil
	}
	u.Fragment, u.RawFragment = "", "" // never sent
	if req.Auth.BasicPass != "" {
		s.secrets = append(s.secrets, req.Auth.BasicPass)
	}
	if req.Auth.Bearer != "" {
		s.secrets = append(s.secrets, req.Auth.Bearer)
	}

	for _, h := range headers {
		if !httpguts.ValidHeaderFieldName(h.Name) {
			return bad("invalid header name %q", h.Name)
		}
		if !httpguts.ValidHeaderFieldValue(h.Value) {
			return bad("invalid value for header %q: it contains a control character (CR, LF, NUL, ESC, ...)", h.Name)
		}
		switch strings.ToLower(h.Name) {
		case "host":
			if !httpguts.ValidHostHeader(h.Value) {
				return bad("invalid Host header %q", h.Value)
			}
		case "transfer-encoding":
			if !strings.EqualFold(strings.TrimSpace(h.Value), "chunked") {
				return bad("unsupported Transfer-Encoding %q: only chunked can be sent", h.Value)
			}
		}
	}

	_, userAE := LookupHeader(headers, "Accept-Encoding")
	s.decode = req.Compressed || userAE
	if req.Compressed && !userAE {
		// Visible in the wire request, unlike Go's silent gzip.
		headers = append(headers, Header{Name: "Accept-Encoding", Value: compressedAccept})
	}

	if req.TLS.CertFile != "" {
		c, err := loadClientCert(ctx, req.TLS.CertFile, req.TLS.KeyFile)
		if err != nil {
			return bad("%v", err)
		}
		s.cert = c
	} else if req.TLS.KeyFile != "" {
		return bad("a key file was given without a certificate file")
	}
	if req.TLS.CAFile != "" {
		pool, err := loadCAFile(ctx, req.TLS.CAFile)
		if err != nil {
			return bad("%v", err)
		}
		s.roots = pool
	}
	if path := req.Env["SSLKEYLOGFILE"]; path != "" {
		s.keyLog = &keyLog{path: path}
	}
	if req.TLS.Insecure {
		s.warnings = append(s.warnings, "server certificate verification is OFF (-k): the server's identity is not checked")
	}
	if s.version == "2" && u.Scheme == "http" {
		// curl --http2 on http:// sends HTTP/1.1 with "Upgrade: h2c";
		// probe sends plain HTTP/1.1, without the Upgrade.
		s.warnings = append(s.warnings, "--http2 on http:// sends HTTP/1.1; use --http2-prior-knowledge for h2c")
	}

	for _, c := range req.ConnectTo {
		rule, err := parseConnectTo(c)
		if err != nil {
			return bad("--connect-to %q: %v", c, err)
		}
		s.connectTo = append(s.connectTo, rule)
	}

	pf, err := proxyChooser(&s.req)
	if err != nil {
		return bad("%v", err)
	}
	s.proxyFor = pf
	if req.Proxy != "" {
		if p, err := parseProxy("the proxy", req.Proxy); err == nil {
			s.addURLSecret(p)
		}
	}
	if w := ignoredProxyVar(&s.req, u.Scheme); w != "" {
		s.warnings = append(s.warnings, w)
	}

	h := &hop{method: method, url: u, headers: headers, cert: s.cert, clientOrder: req.ClientOrder}
	switch {
	case req.BodyFile != "":
		h.body = &bodySource{file: req.BodyFile}
	case req.Body != nil:
		h.body = &bodySource{data: req.Body}
	}
	return s, h, nil
}

func withDefaults(t Timeouts) Timeouts {
	if t.Connect <= 0 {
		t.Connect = DefaultConnect
	}
	if t.TLS <= 0 {
		t.TLS = DefaultTLS
	}
	if t.Headers <= 0 {
		t.Headers = DefaultHeaders
	}
	if t.NoProgress <= 0 {
		t.NoProgress = DefaultNoProgress
	}
	if t.Total < 0 {
		t.Total = 0
	}
	return t
}

// asciiHost rewrites an internationalised host name in punycode, the form
// that is dialled and sent (Host, absolute URLs); the UI can show both, as
// look-alike names are a phishing vector.
func asciiHost(u *url.URL) error {
	a, err := httpguts.PunycodeHostPort(u.Host)
	if err != nil {
		return err
	}
	u.Host = a
	return nil
}

// hostPort is the host to dial, in ASCII (punycode), and the port,
// defaulted from the scheme.
func hostPort(u *url.URL) (host, port string) {
	host = u.Hostname()
	if a, err := httpguts.PunycodeHostPort(host); err == nil {
		host = a
	}
	port = u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return host, port
}

// hostHeader is the Host value for u: the URL's host as written (port
// included when given), in punycode, as Go sends it.
func hostHeader(u *url.URL) string {
	h := strings.TrimSuffix(u.Host, ":") // "host:" means the default port
	if a, err := httpguts.PunycodeHostPort(h); err == nil {
		return a
	}
	return h
}

// addURLSecret remembers a URL's password, to redact it from error details.
func (s *session) addURLSecret(u *url.URL) {
	if u == nil || u.User == nil {
		return
	}
	if pw, ok := u.User.Password(); ok && pw != "" && !slices.Contains(s.secrets, pw) {
		s.secrets = append(s.secrets, pw)
	}
}
