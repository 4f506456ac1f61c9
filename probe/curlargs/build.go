package curlargs

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/clients"
	"github.com/why403/why403/probe/dartcall"
)

// build turns the collected flags into the request curl would send.
func (p *parser) build() (Parsed, error) {
	var dart *dartcall.Call
	if p.opts.Dart != "" {
		switch {
		case len(p.urls) > 0:
			return Parsed{}, usagef("--dart reads the URL from the Dart code: give no URL")
		case len(p.data) > 0 || len(p.forms) > 0:
			return Parsed{}, usagef("--dart reads the body from the Dart code: -d, --json and -F cannot be added")
		}
		c, err := p.readDart()
		if err != nil {
			return Parsed{}, err
		}
		dart = &c
		p.urls = []string{c.URL}
	}
	// asClient: another client's defaults replace curl's (clients.Apply).
	asClient := p.opts.Client != "" && p.opts.Client != clients.Default || dart != nil
	if len(p.urls) == 0 {
		return Parsed{}, usagef("no URL given (usage: why403 check [curl options] URL)")
	}
	rawURL, err := p.schemeURL(p.urls[0])
	if err != nil {
		return Parsed{}, err
	}

	hasData, hasForm := len(p.data) > 0, len(p.forms) > 0
	// The combinations curl refuses with "You can only select one HTTP
	// request method!".
	switch {
	case hasForm && hasData:
		return Parsed{}, usagef("-F cannot be combined with -d, --data-* or --json (curl refuses too)")
	case hasForm && p.get:
		return Parsed{}, usagef("-F cannot be combined with -G (curl refuses too)")
	case p.head && hasForm:
		return Parsed{}, usagef("-I cannot be combined with -F (curl refuses too)")
	case p.head && hasData && !p.get:
		return Parsed{}, usagef("-I cannot be combined with -d, --data-* or --json unless -G puts the data in the query (curl refuses too)")
	}

	var body []byte
	var bodyFile, formType string
	if hasData {
		if body, bodyFile, err = p.body(); err != nil {
			return Parsed{}, err
		}
		if p.get {
			rawURL = appendQuery(rawURL, string(body))
			body = nil
		}
	}
	if hasForm {
		if body, formType, err = p.form(); err != nil {
			return Parsed{}, err
		}
	}

	req := probe.NewRequest(rawURL)
	if asClient {
		req.Headers = nil // the client's own are added last, by clients.Apply
	}
	switch {
	case p.head:
		req.Method = http.MethodHead
	case p.get:
		req.Method = http.MethodGet
	case hasData || hasForm:
		req.Method = http.MethodPost
	}
	if p.method != "" {
		req.Method = p.method
		if up := strings.ToUpper(p.method); up != p.method && standardMethod(up) {
			p.warn("method %q is sent as typed; methods are case-sensitive, so servers may refuse it (did you mean %s?)", p.method, up)
		}
	}
	req.Body, req.BodyFile = body, bodyFile

	// The headers curl adds itself, which -H replaces or removes.
	// Values are trimmed as -H values are, and as Go trims them on the wire.
	if p.userAgent != nil {
		if *p.userAgent == "" {
			req.DelHeader("User-Agent")
		} else {
			req.SetHeader("User-Agent", strings.Trim(*p.userAgent, " \t"))
		}
	}
	if ref := strings.Trim(p.referer, " \t"); ref != "" {
		req.Headers = append(req.Headers, probe.Header{Name: "Referer", Value: ref})
	}
	var u *url.URL
	if pu, err := url.Parse(rawURL); err == nil && pu.Host != "" {
		u = pu
	}
	cookie, err := p.cookieHeader(u)
	if err != nil {
		return Parsed{}, err
	}
	if cookie = strings.Trim(cookie, " \t"); cookie != "" {
		req.Headers = append(req.Headers, probe.Header{Name: "Cookie", Value: cookie})
	}
	if p.compressed {
		// Written out, so the user sees what is asked for; probe decodes.
		req.Compressed = true
		req.Headers = append(req.Headers, probe.Header{Name: "Accept-Encoding", Value: "deflate, gzip, br, zstd"})
	}
	switch {
	case p.usedJSON():
		req.SetHeader("Content-Type", "application/json")
		req.SetHeader("Accept", "application/json")
	case hasForm:
		req.SetHeader("Content-Type", formType)
	case hasData && !p.get && !asClient:
		req.SetHeader("Content-Type", "application/x-www-form-urlencoded")
	}
	applyHeaders(&req, p.headers)
	if hasForm {
		// As curl: a multipart type given with -H gets the real boundary.
		if ct, _ := req.Header("Content-Type"); strings.HasPrefix(strings.ToLower(ct), "multipart/") && !strings.Contains(strings.ToLower(ct), "boundary=") {
			_, boundary, _ := strings.Cut(formType, "boundary=")
			req.SetHeader("Content-Type", ct+"; boundary="+boundary)
		}
	}

	if p.user != nil {
		user, pass, ok := strings.Cut(*p.user, ":")
		if !ok {
			p.warn("-u %q has no password: why403 does not prompt, so it sends an empty one (write %q to say so)", user, user+":")
		}
		req.Auth = probe.Credentials{BasicUser: user, BasicPass: pass, HasBasic: true}
	}
	req.Auth.Bearer = p.bearer
	req.TLS = p.tls
	req.FollowRedirects = p.follow
	if p.maxRedirs != nil {
		req.MaxRedirects = *p.maxRedirs
	}
	req.Timeouts.Total = p.maxTime
	req.Timeouts.Connect = p.connect
	req.Proxy, req.NoProxy = p.proxy, p.noProxy
	req.NoProxySet = p.noProxySet && p.noProxy == ""
	req.AllowLinkLocal = p.linkLocal
	req.ConnectTo = p.connectTo
	req.HTTPVersion = p.httpVersion
	req.MaxBodyBytes = p.opts.MaxBody

	if hasURLPassword(rawURL) {
		p.secret("the password in the URL")
	}
	if _, ok := req.Header("Authorization"); ok && p.opts.Token.IsSet() {
		p.warn("the Authorization header given with -H is sent; the token from %s is not", p.bearerFrom)
	}
	switch len(p.secrets) {
	case 0:
	case 1:
		p.warn("a secret on the command line (%s) is visible to other users in ps and stays in shell history; %s", p.secrets[0], saferFlags)
	default:
		p.warn("secrets on the command line (%s) are visible to other users in ps and stay in shell history; %s", strings.Join(p.secrets, ", "), saferFlags)
	}

	if asClient {
		if err := p.asClient(&req, dart, hasData && !p.get); err != nil {
			return Parsed{}, err
		}
	}
	if err := probe.Validate(&req); err != nil {
		return Parsed{}, &UsageError{Msg: err.Error(), Err: err}
	}
	return Parsed{Request: req, Options: p.opts, Warnings: p.warnings}, nil
}

// saferFlags ends the warning about secrets on argv with the ways to keep
// them off it.
const saferFlags = "prefer --token-env VAR, --token-file PATH or --token - for a token, and a header file (-H @FILE) for other headers"

func standardMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

func (p *parser) usedJSON() bool {
	for _, d := range p.data {
		if d.kind == dataJSON {
			return true
		}
	}
	return false
}

// curlGuesses are the host prefixes for which curl picks a scheme other
// than http:// when none is given.
var curlGuesses = []struct{ prefix, scheme string }{
	{"ftp.", "ftp"}, {"dict.", "dict"}, {"ldap.", "ldap"}, {"imap.", "imap"}, {"smtp.", "smtp"}, {"pop3.", "pop3"},
}

// schemeURL adds http:// to a URL without a scheme, as curl does, and says
// so. Where curl would pick another protocol, it refuses instead.
func (p *parser) schemeURL(raw string) (string, error) {
	lower := strings.ToLower(raw)
	if raw == "" || strings.Contains(raw, "://") || strings.HasPrefix(lower, "http:") || strings.HasPrefix(lower, "https:") {
		return raw, nil // validation explains what is wrong, if anything
	}
	host := lower
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	for _, g := range curlGuesses {
		if strings.HasPrefix(host, g.prefix) {
			return "", usagef("URL %q has no scheme, and curl would use %s:// for it; write http:// or https://", raw, g.scheme)
		}
	}
	p.warn("URL %q has no scheme: using http:// as curl does (write https:// for TLS)", raw)
	return "http://" + raw, nil
}

// appendQuery adds -G data to the URL's query, before any fragment.
func appendQuery(rawURL, q string) string {
	if q == "" {
		return rawURL
	}
	base, frag, hasFrag := strings.Cut(rawURL, "#")
	switch {
	case strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&"):
	case strings.Contains(base, "?"):
		base += "&"
	default:
		base += "?"
	}
	base += q
	if hasFrag {
		base += "#" + frag
	}
	return base
}

func hasURLPassword(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return false
	}
	pw, ok := u.User.Password()
	return ok && pw != ""
}
