package probe

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Header is one request or response header line. Requests keep their
// headers as a list so that order and duplicates survive.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Request is everything the user asked for, before it is sent. The zero
// value plus a URL is a plain GET; NewRequest fills in the defaults.
type Request struct {
	Method string
	URL    string
	// Headers are sent in this order, exactly as listed. Defaults such as
	// User-Agent and Accept are put here by whoever builds the request, so
	// that what the user sees is what goes out.
	Headers []Header
	// ClientOrder says Headers are a client profile's list (probe/clients):
	// Host is written where it is listed, with its name's case, an empty
	// value there filled from the URL (otherwise Host goes first, as curl
	// writes it); and on HTTP/2 the connection headers the client writes
	// only on HTTP/1.1 are left out without a warning.
	ClientOrder bool
	// Body is sent as is; BodyFile, when set, is read at send time instead.
	Body     []byte
	BodyFile string

	Auth Credentials
	TLS  TLSOptions

	// SecretHeaders names more headers whose values are secrets whatever
	// their name (the app's API-key header): every view, export and the
	// store mask or strip them like Authorization (Redactor).
	SecretHeaders []string

	// Proxy is an explicit proxy URL; empty means the environment's (see
	// Env). NoProxy lists hosts never proxied ("*" for all), as curl's
	// --noproxy, and replaces no_proxy/NO_PROXY; NoProxySet says that an
	// empty NoProxy replaces them too (curl --noproxy '').
	Proxy      string
	NoProxy    string
	NoProxySet bool
	// Env is the environment curl would read (proxy variables,
	// SSLKEYLOGFILE), filled by the caller with EnvFrom; nil is none.
	Env Env `json:"-"`
	// ConnectTo holds curl --connect-to rules (HOST1:PORT1:HOST2:PORT2):
	// the connection goes elsewhere while URL, Host and SNI stay the same.
	ConnectTo []string

	Timeouts Timeouts

	// FollowRedirects follows 3xx answers (curl -L) up to MaxRedirects hops.
	FollowRedirects bool
	MaxRedirects    int
	// AllowLinkLocal lets a redirect lead from an ordinary origin to a
	// link-local or cloud metadata address (why403 --allow-link-local);
	// without it such a hop is refused.
	AllowLinkLocal bool

	// Compressed asks for a compressed response (curl --compressed); the
	// body is decoded by probe through a capped reader.
	Compressed bool
	// HTTPVersion is as curl's flags: "" (negotiate, HTTP/2 where
	// offered), "1.1" (--http1.1), "2" (--http2: h2 offered in ALPN next to
	// http/1.1 on https; plain HTTP/1.1 on http://, where curl would only
	// ask for an Upgrade) or "2-prior-knowledge" (--http2-prior-knowledge:
	// h2c on http://, h2 required on https).
	HTTPVersion string

	// MaxBodyBytes caps the response body kept in memory; the rest is
	// counted and discarded. Zero means DefaultMaxBody.
	MaxBodyBytes int64
}

// Credentials are the secrets that do not travel as a plain header the user
// typed: curl's --oauth2-bearer and -u. They become an Authorization header
// at send time unless the user set one explicitly.
type Credentials struct {
	Bearer    string
	BasicUser string
	BasicPass string
	HasBasic  bool
}

// TLSOptions configure the client side of the handshake.
type TLSOptions struct {
	CertFile string // client certificate (PEM), curl -E/--cert
	KeyFile  string // its key, curl --key; empty when in CertFile
	CAFile   string // extra trust anchors, curl --cacert
	Insecure bool   // skip server verification, curl -k
}

// Timeouts bound each phase; zero fields take the defaults below.
type Timeouts struct {
	Connect    time.Duration // TCP connect (curl --connect-timeout)
	TLS        time.Duration // TLS handshake
	Headers    time.Duration // from request written to response headers
	NoProgress time.Duration // longest wait for the next body bytes
	Total      time.Duration // the whole exchange (curl -m); zero: none beyond the others
}

// Defaults used when a field is left at zero.
const (
	DefaultMaxBody      = 8 << 20
	DefaultMaxRedirects = 10
	DefaultConnect      = 10 * time.Second
	DefaultTLS          = 10 * time.Second
	DefaultHeaders      = 30 * time.Second
	DefaultNoProgress   = 30 * time.Second
	// CurlVersion is the curl release whose defaults why403 sends.
	CurlVersion = "8.5.0"
	// UserAgent is curl's default User-Agent: why403 sends what the curl
	// command it replaces would send, so that User-Agent rules treat both
	// alike (probe/clients has the other clients' defaults).
	UserAgent = "curl/" + CurlVersion
)

// NewRequest returns a GET of rawURL with the headers curl would send by
// default (User-Agent and Accept), so they are visible and removable.
func NewRequest(rawURL string) Request {
	return Request{
		Method:       http.MethodGet,
		URL:          rawURL,
		Headers:      []Header{{Name: "User-Agent", Value: UserAgent}, {Name: "Accept", Value: "*/*"}},
		MaxRedirects: DefaultMaxRedirects,
	}
}

// SetConnection gives r the options of from that say how its connection
// is made (curl's transport flags): the TLS options, the proxy and the
// hosts it skips, --connect-to, the timeouts and the HTTP version. What
// is asked (method, URL, headers, body, credentials) stays r's.
func (r *Request) SetConnection(from Request) {
	r.TLS, r.Proxy, r.NoProxy, r.NoProxySet = from.TLS, from.Proxy, from.NoProxy, from.NoProxySet
	r.ConnectTo, r.Timeouts, r.HTTPVersion = slices.Clone(from.ConnectTo), from.Timeouts, from.HTTPVersion
}

// Header returns the value of the first header named name (any case), and
// whether there was one.
func (r *Request) Header(name string) (string, bool) {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// SetHeader replaces every header named name with one header, keeping the
// position of the first; it appends when there was none.
func (r *Request) SetHeader(name, value string) {
	out := r.Headers[:0:0]
	done := false
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			if !done {
				out = append(out, Header{Name: name, Value: value})
				done = true
			}
			continue
		}
		out = append(out, h)
	}
	if !done {
		out = append(out, Header{Name: name, Value: value})
	}
	r.Headers = out
}

// DelHeader removes every header named name.
func (r *Request) DelHeader(name string) {
	out := r.Headers[:0:0]
	for _, h := range r.Headers {
		if !strings.EqualFold(h.Name, name) {
			out = append(out, h)
		}
	}
	r.Headers = out
}

// EffectiveHeaders are the headers as they will be sent: the list, plus an
// Authorization header built from Credentials when the list has none.
func (r *Request) EffectiveHeaders() []Header {
	out := append([]Header(nil), r.Headers...)
	if _, ok := r.Header("Authorization"); ok {
		return out
	}
	switch {
	case r.Auth.Bearer != "":
		out = append(out, Header{Name: "Authorization", Value: "Bearer " + r.Auth.Bearer})
	case r.Auth.HasBasic:
		out = append(out, Header{Name: "Authorization", Value: basicAuth(r.Auth.BasicUser, r.Auth.BasicPass)})
	}
	return out
}

// MaxBody is the body cap in force.
func (r *Request) MaxBody() int64 {
	if r.MaxBodyBytes > 0 {
		return r.MaxBodyBytes
	}
	return DefaultMaxBody
}

// HostHeaderFor is the Host value a request to rawURL carries ("" when the
// URL does not parse): the authority, punycoded, with the port only when
// the URL names one.
func HostHeaderFor(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return hostHeader(u)
}
