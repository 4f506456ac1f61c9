package checks

import (
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

func TestTLSClientCert(t *testing.T) {
	labCA := "CN=why403 lab client CA,O=why403"
	cert := func(notBefore, notAfter time.Time, issuer string) *probe.CertInfo {
		return &probe.CertInfo{Subject: "CN=alice", Issuer: issuer, NotBefore: notBefore, NotAfter: notAfter}
	}
	good := cert(t0.Add(-24*time.Hour), t0.Add(30*24*time.Hour), labCA)
	handshake := func(requested bool, offered *probe.CertInfo, cas ...string) func(*Evidence) {
		return func(ev *Evidence) {
			ev.Exchange.TLS = &probe.TLSInfo{Version: "TLS 1.3", ALPN: "http/1.1", ServerName: "mtls.example.com",
				CertificateRequested: requested, AcceptableCAs: cas, ClientCert: offered, Verified: true}
			ev.Exchange.Request.ClientCert = offered
		}
	}
	alert := func(a string, requested bool, offered *probe.CertInfo) func(*Evidence) {
		return func(ev *Evidence) {
			handshake(requested, offered, labCA)(ev)
			ev.Exchange.Err = &probe.Error{Phase: probe.PhaseTLS, Message: "The server refused the TLS handshake.", TLSAlert: a}
		}
	}
	url := "https://mtls.example.com:8443/v1/ping"
	cases := []causeCase{
		{
			name: "certificate required alert, none offered, no response",
			req:  get(url), resp: nil, mod: alert("certificate required", true, nil),
			want: Fail, strength: Named, title: "requires a client certificate and none was sent", fix: "--cert client.pem --key client.key",
		},
		{
			name: "unknown CA alert for the offered certificate",
			req:  get(url), resp: nil, mod: alert("unknown certificate authority", true, cert(t0.Add(-time.Hour), t0.Add(time.Hour), "CN=Some Other CA")),
			want: Fail, strength: Named, title: "does not trust the client certificate's issuer", evidence: "issuer CN=Some Other CA",
		},
		{
			name: "handshake failure after a CertificateRequest",
			req:  get(url), resp: nil, mod: alert("handshake failure", true, nil),
			want: Fail, strength: Named,
		},
		{
			name: "handshake failure without a CertificateRequest is not ours",
			req:  get(url), resp: nil, mod: alert("handshake failure", false, nil),
			want: Skip, title: "never asked for a client certificate",
		},
		{
			name: "nginx: No required SSL certificate was sent",
			req:  get(url),
			resp: resp(400, "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", "Server: nginx"),
			mod:  handshake(false, nil),
			want: Fail, strength: Named, title: "no required SSL certificate was sent",
		},
		{
			name: "nginx: The SSL certificate error",
			req:  get(url),
			resp: resp(400, "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", "Server: nginx"),
			mod:  handshake(true, good, labCA),
			want: Fail, strength: Named, title: "could not verify the client certificate",
		},
		{
			name: "asked, none sent, refused",
			req:  get(url), resp: resp(403, "Forbidden"), mod: handshake(true, nil, labCA),
			want: Fail, strength: Indicated, title: "The server asked for a client certificate (acceptable CAs: CN=why403 lab client CA,O=why403) and none was sent",
		},
		{
			name: "offered certificate expired",
			req:  get(url), resp: resp(400, "Bad Request"), mod: handshake(true, cert(t0.Add(-400*24*time.Hour), t0.Add(-3*24*time.Hour), labCA), labCA),
			want: Fail, strength: Indicated, title: "Client certificate expired 3d ago",
		},
		{
			name: "offered certificate not yet valid",
			req:  get(url), resp: resp(400, "Bad Request"), mod: handshake(true, cert(t0.Add(2*time.Hour), t0.Add(48*time.Hour), labCA), labCA),
			want: Fail, title: "not valid for another 2h",
		},
		{
			name: "issuer not among the acceptable CAs",
			req:  get(url), resp: resp(403, "Forbidden"), mod: handshake(true, cert(t0.Add(-time.Hour), t0.Add(time.Hour), "CN=Corp Issuing CA 2"), labCA),
			want: Fail, strength: Indicated, title: "issued by CN=Corp Issuing CA 2, which the server does not list",
		},
		{
			name: "optional client authentication",
			req:  get(url), resp: resp(200, "pong"), mod: handshake(true, nil, labCA),
			want: Pass, title: "optional client authentication",
		},
		{
			name: "accepted",
			req:  get(url), resp: resp(200, "pong"), mod: handshake(true, good, labCA),
			want: Pass, title: "Client certificate sent: CN=alice",
		},
		{
			name: "configured but never asked for",
			req: func() probe.Request {
				r := get(url)
				r.TLS.CertFile = "client.pem"
				return r
			}(),
			resp: resp(403, "Forbidden"), mod: handshake(false, nil),
			want: Warn, title: "never asked for one",
		},
		{
			name: "not asked",
			req:  get(url), resp: resp(200, "pong"), mod: handshake(false, nil),
			want: Skip, title: "did not ask for a client certificate",
		},
		{
			name: "plain HTTP",
			req:  get("http://api.example.com/"), resp: resp(200, "ok"),
			want: Skip, title: "Plain HTTP",
		},
		{
			name: "server certificate rejected before a requested client certificate mattered",
			req:  get(url), resp: nil,
			mod: func(ev *Evidence) {
				handshake(true, nil, labCA)(ev)
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseTLS, Message: "the server's certificate expired on 2026-11-16T00:00:00Z", ServerCertRejected: true}
			},
			want: Skip, title: "stopped at the server's certificate",
		},
		{
			name: "server certificate rejected (TLS 1.2: the request would come after the certificate)",
			req:  get(url), resp: nil,
			mod: func(ev *Evidence) {
				ev.Exchange.TLS = &probe.TLSInfo{ServerName: "mtls.example.com"}
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseTLS, Message: "the server's certificate expired on 2026-11-16T00:00:00Z", ServerCertRejected: true}
			},
			want: Skip, title: "stopped at the server's certificate",
		},
		{
			name: "plain HTTP timeout names no handshake",
			req:  get("http://api.example.com/"), resp: nil,
			mod: func(ev *Evidence) {
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseHeaders, Message: "The server accepted the request but sent no response headers within 5s."}
			},
			want: Skip, title: "Plain HTTP: there was no TLS handshake",
		},
		{
			name: "https timeout before the handshake",
			req:  get(url), resp: nil,
			mod: func(ev *Evidence) {
				// as probe records it: a TLSInfo from the handshake's start, no version
				ev.Exchange.TLS = &probe.TLSInfo{ServerName: "mtls.example.com"}
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseTimeout, Message: "no answer within 1s: it stalled during the TLS handshake"}
			},
			want: Skip, title: "did not get as far as a certificate request",
		},
	}
	runCauseCases(t, TLSClientCert, cases)
}
