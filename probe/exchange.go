package probe

import (
	"net/http"
	"strings"
	"time"
)

// Exchange is the record of one send: what went out, what came back, and
// how. Response is nil when no response arrived; Err says why.
type Exchange struct {
	// Request is the last request as it went on the wire (after redirects).
	Request WireRequest
	// Response is the final response, nil when none arrived.
	Response *Response
	// Hops are the redirects followed before the final request, in order.
	Hops []Hop
	// Timing is the phases of the final request.
	Timing Timing
	// TLS is the handshake of the final request, nil for plain HTTP or when
	// no handshake started.
	TLS *TLSInfo
	// LocalAddr and RemoteAddr are the connection's ends ("127.0.0.1:5555").
	LocalAddr  string
	RemoteAddr string
	// Proxy is the proxy used, credentials redacted; empty when direct.
	Proxy string
	// Attempts counts requests written on the wire for the final hop; more
	// than one means the transport retried on its own.
	Attempts int
	// Err is set when the exchange failed before a complete response.
	Err *Error
	// Warnings are facts worth telling the user that are not errors
	// (a decompression ratio over 100:1, a truncated body, a CL+TE response).
	Warnings []string
}

// WireRequest is a request as sent: method, target, protocol and every
// header line, including those Go adds (Host, Content-Length, ...).
type WireRequest struct {
	Method string
	// URL is the request-target as sent: "/path?q" (origin form), or the
	// absolute URL when an HTTP proxy carried a plain-HTTP request.
	URL string
	// FullURL is the absolute URL requested, without userinfo, so that the
	// hops of a redirect chain can be told apart.
	FullURL  string
	Proto    string
	Headers  []Header
	Body     []byte // at most MaxBody bytes of what was sent
	BodySize int64
	// ClientCert describes the client certificate offered, if any.
	ClientCert *CertInfo
}

// Response is what the server answered.
type Response struct {
	Status  int
	Reason  string // the reason phrase as sent ("Forbidden"), may be empty
	Proto   string
	Headers []Header // sorted by name; values in the order received
	// Body is the decoded body, at most the request's MaxBody bytes.
	Body []byte
	// BodySize is the decoded size seen in all (kept and discarded).
	BodySize int64
	// WireSize is the size as transferred (compressed), when it differs.
	WireSize int64
	// Truncated reports that BodySize exceeds len(Body).
	Truncated bool
	// ContentEncoding is the encoding that was decoded ("gzip", "br", ...).
	ContentEncoding string
	// DecodeError is set when the body could not be decoded; Body then
	// holds the raw bytes.
	DecodeError string
	// Trailers arrive after the body (chunked encoding).
	Trailers []Header
}

// Hop is one redirect answered and followed.
type Hop struct {
	Request WireRequest
	Status  int
	// Location is the absolute URL the next request went to.
	Location string
	// Dropped lists the credentials withheld from the next request and why.
	Dropped []string
}

// Timing is measured with net/http/httptrace. A phase that did not happen
// (DNS for an IP address, TLS for http) is zero.
type Timing struct {
	Start     time.Time
	DNS       time.Duration
	Connect   time.Duration
	TLS       time.Duration
	Wrote     time.Duration // from connection ready to request written
	FirstByte time.Duration // from request written to first response byte
	Body      time.Duration // from first byte to end of body
	Total     time.Duration
	// Reused reports that an idle keep-alive connection was used.
	Reused bool
}

// TLSInfo records the handshake.
type TLSInfo struct {
	Version     string // "TLS 1.3"
	ALPN        string // "h2", "http/1.1" or ""
	CipherSuite string
	ServerName  string
	// Peer is the chain the server presented, leaf first.
	Peer []CertInfo
	// CertificateRequested reports that the server sent a
	// CertificateRequest; AcceptableCAs are the issuer names it listed.
	CertificateRequested bool
	AcceptableCAs        []string
	// ClientCert is the certificate offered in answer, nil when none.
	ClientCert *CertInfo
	// Verified is false when -k skipped verification.
	Verified bool
}

// CertInfo describes one certificate.
type CertInfo struct {
	Subject   string
	Issuer    string
	DNSNames  []string
	IPs       []string
	NotBefore time.Time
	NotAfter  time.Time
	SHA256    string // hex fingerprint of the DER
	IsCA      bool
}

// Error phases.
const (
	PhaseRequest = "request" // the request could not be built (bad input)
	PhaseDNS     = "dns"
	PhaseConnect = "connect"
	PhaseProxy   = "proxy"
	PhaseTLS     = "tls"
	PhaseWrite   = "write"
	PhaseHeaders = "headers"
	PhaseBody    = "body"
	PhaseTimeout = "timeout"
	PhaseCancel  = "cancelled"
)

// Error is a failure classified by phase, in words a user understands.
type Error struct {
	Phase   string
	Message string // one plain sentence
	Detail  string // Go's own error text
	// TLSAlert is the alert the server sent ("certificate required"), if any.
	TLSAlert string
	// ServerCertRejected: this client refused the server's certificate
	// (untrusted issuer, expired, wrong name); the handshake stopped there.
	ServerCertRejected bool
}

func (e *Error) Error() string { return e.Phase + ": " + e.Message }

// Get returns the first value of the response header name (any case).
func (r *Response) Get(name string) string {
	return HeaderValue(r.Headers, name)
}

// Values returns every value of the response header name (any case).
func (r *Response) Values(name string) []string {
	var out []string
	for _, h := range r.Headers {
		if strings.EqualFold(h.Name, name) {
			out = append(out, h.Value)
		}
	}
	return out
}

// Date is the server's Date header, and whether it parsed.
func (r *Response) Date() (time.Time, bool) {
	t, err := http.ParseTime(r.Get("Date"))
	return t, err == nil
}
