package probe

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
)

func hello(w http.ResponseWriter, r *http.Request) {
	name := "nobody"
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		name = r.TLS.PeerCertificates[0].Subject.CommonName
	}
	io.WriteString(w, "hello "+name)
}

// certRejected: the server rejected the client certificate with alert. A
// TLS 1.3 server sends its alert and closes at once; the request written
// meanwhile can make the kernel reset the connection and destroy the alert
// before it is read (seen in about 3% of HTTP/2 runs here). Probe then
// still classifies the failure as TLS, saying the alert was lost.
func certRejected(e *Error, alert string) bool {
	return e != nil && e.Phase == PhaseTLS && (e.TLSAlert == alert || strings.Contains(e.Message, "alert was lost"))
}

func TestUnknownAuthority(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, http.HandlerFunc(hello), true, nil)
	ex := Send(context.Background(), Request{URL: srv.URL, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseTLS || !strings.Contains(ex.Err.Message, "authority you do not trust") ||
		!strings.Contains(ex.Err.Message, labCAName) {
		t.Fatalf("err %+v", ex.Err)
	}
	// The chain is shown even though it was not trusted.
	if ex.TLS == nil || len(ex.TLS.Peer) != 1 || ex.TLS.Peer[0].IPs[0] != "127.0.0.1" || ex.TLS.Verified {
		t.Fatalf("TLS %+v", ex.TLS)
	}
	// Another CA file: still not trusted, and the message says which file.
	other := newLab(t)
	ex = Send(context.Background(), Request{URL: srv.URL, TLS: TLSOptions{CAFile: other.caFile}, Timeouts: quick()})
	if ex.Err == nil || !strings.Contains(ex.Err.Message, other.caFile) {
		t.Fatalf("err %+v", ex.Err)
	}
}

func TestHostnameMismatch(t *testing.T) {
	l := newLab(t)
	leaf, err := l.ca.Server("localhost")
	if err != nil {
		t.Fatal(err)
	}
	l.server = leaf
	srv := l.tlsServer(t, http.HandlerFunc(hello), false, nil)
	ex := Send(context.Background(), Request{URL: srv.URL, TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseTLS || !strings.Contains(ex.Err.Message, "not valid for 127.0.0.1 (it is for: localhost)") {
		t.Fatalf("err %+v", ex.Err)
	}
	// -k: the exchange goes through, unverified, and says so.
	ex = Send(context.Background(), Request{URL: srv.URL, TLS: TLSOptions{Insecure: true}, Timeouts: quick()})
	mustOK(t, ex)
	if ex.TLS.Verified || !strings.Contains(strings.Join(ex.Warnings, "\n"), "verification is OFF") {
		t.Fatalf("verified %v warnings %q", ex.TLS.Verified, ex.Warnings)
	}
}

func TestHTTPSToPlainPort(t *testing.T) {
	srv := plainServer(t, http.HandlerFunc(hello))
	ex := Send(context.Background(), Request{URL: strings.Replace(srv.URL, "http://", "https://", 1), Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseTLS || !strings.Contains(ex.Err.Message, "server gave HTTP response to HTTPS client") {
		t.Fatalf("err %+v", ex.Err)
	}
}

// mtls starts a server that requires a client certificate from the lab CA.
func mtls(t *testing.T, l *lab, maxVersion uint16) string {
	return l.tlsServer(t, http.HandlerFunc(hello), true, func(c *tls.Config) {
		c.ClientAuth = tls.RequireAndVerifyClientCert
		c.ClientCAs = l.ca.Pool()
		c.MaxVersion = maxVersion
	}).URL
}

// TLS 1.3: the handshake "succeeds" and the rejection arrives when the
// response is read; it is classified as TLS anyway (FACTS 2.9), over
// HTTP/2 and HTTP/1.1 alike.
func TestClientCertRequiredTLS13(t *testing.T) {
	l := newLab(t)
	u := mtls(t, l, 0)
	for _, v := range []string{"", "1.1"} {
		ex := Send(context.Background(), Request{Method: "POST", Body: []byte("x=1"), URL: u, HTTPVersion: v,
			TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
		e := ex.Err
		if !certRejected(e, "certificate required") {
			t.Fatalf("version %q: err %+v (attempts %d)", v, e, ex.Attempts)
		}
		if e.TLSAlert != "" {
			if !strings.Contains(e.Message, "requires a client certificate and none was sent") {
				t.Fatalf("version %q: message %q", v, e.Message)
			}
			// Whether the request got out before the alert is a race;
			// the message must say what happened.
			written := strings.Contains(e.Message, "the request was written")
			if written != (ex.Attempts == 1) || (!written && !strings.Contains(e.Message, "before the request was sent")) {
				t.Fatalf("version %q: attempts %d, message %q", v, ex.Attempts, e.Message)
			}
		}
		if ex.TLS == nil || !ex.TLS.CertificateRequested || !slices.Contains(ex.TLS.AcceptableCAs, "CN=why403 lab CA,O=why403 lab") {
			t.Fatalf("version %q: TLS %+v", v, ex.TLS)
		}
		if ex.Response != nil {
			t.Fatalf("version %q: response %+v", v, ex.Response)
		}
	}
}

// TLS 1.2: the server's verdict arrives in the handshake.
func TestClientCertRequiredTLS12(t *testing.T) {
	l := newLab(t)
	ex := Send(context.Background(), Request{URL: mtls(t, l, tls.VersionTLS12), TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
	e := ex.Err
	if e == nil || e.Phase != PhaseTLS || e.TLSAlert != "handshake failure" || !strings.Contains(e.Message, "asked for a client certificate") ||
		strings.Contains(e.Message, "request was written") {
		t.Fatalf("err %+v", e)
	}
	if ex.Attempts != 0 || !ex.TLS.CertificateRequested {
		t.Fatalf("attempts %d TLS %+v", ex.Attempts, ex.TLS)
	}
}

func TestClientCertAccepted(t *testing.T) {
	l := newLab(t)
	u := mtls(t, l, 0)
	cert := l.client(t, "alice", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	for _, v := range []string{"", "1.1"} {
		ex := Send(context.Background(), Request{URL: u, HTTPVersion: v, TLS: TLSOptions{CAFile: l.caFile, CertFile: cert}, Timeouts: quick()})
		mustOK(t, ex)
		if string(ex.Response.Body) != "hello alice" {
			t.Fatalf("version %q: body %q", v, ex.Response.Body)
		}
		if ex.TLS.ClientCert == nil || ex.TLS.ClientCert.Subject != "CN=alice" || ex.Request.ClientCert == nil {
			t.Fatalf("version %q: client cert %+v / %+v", v, ex.TLS.ClientCert, ex.Request.ClientCert)
		}
	}
}

// Key in a separate file, as curl --cert/--key.
func TestClientCertSeparateKey(t *testing.T) {
	l := newLab(t)
	leaf, err := l.ca.Client("bob", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	opts := TLSOptions{CAFile: l.caFile, CertFile: l.write(t, "bob.crt", leaf.CertPEM), KeyFile: l.write(t, "bob.key", leaf.KeyPEM)}
	ex := Send(context.Background(), Request{URL: mtls(t, l, 0), TLS: opts, Timeouts: quick()})
	mustOK(t, ex)
	if string(ex.Response.Body) != "hello bob" {
		t.Fatalf("body %q", ex.Response.Body)
	}
}

// An expired client certificate is still offered (Go would judge it itself
// and send nothing); the server's alert is classified.
func TestClientCertExpired(t *testing.T) {
	l := newLab(t)
	cert := l.client(t, "old", time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour))
	ex := Send(context.Background(), Request{URL: mtls(t, l, 0), TLS: TLSOptions{CAFile: l.caFile, CertFile: cert}, Timeouts: quick()})
	e := ex.Err
	if !certRejected(e, "expired certificate") || (e.TLSAlert != "" && !strings.Contains(e.Message, "rejected the client certificate")) {
		t.Fatalf("err %+v", e)
	}
	if ex.TLS.ClientCert == nil || ex.TLS.ClientCert.Subject != "CN=old" {
		t.Fatalf("client cert %+v", ex.TLS.ClientCert)
	}
}

// A certificate from another CA: Go's SupportsCertificate says no, probe
// sends it anyway and warns; the server says unknown authority.
func TestClientCertFromOtherCA(t *testing.T) {
	l := newLab(t)
	other, err := certgen.NewAuthority("other CA")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := other.Client("mallory", time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	cert := l.write(t, "mallory.pem", append(append([]byte{}, leaf.CertPEM...), leaf.KeyPEM...))
	ex := Send(context.Background(), Request{URL: mtls(t, l, 0), TLS: TLSOptions{CAFile: l.caFile, CertFile: cert}, Timeouts: quick()})
	if !certRejected(ex.Err, "unknown certificate authority") {
		t.Fatalf("err %+v", ex.Err)
	}
	if !strings.Contains(strings.Join(ex.Warnings, "\n"), "sent anyway") {
		t.Fatalf("warnings %q", ex.Warnings)
	}
}

// --http2 on https offers h2 and http/1.1 and takes the server's choice,
// as curl does: h2 where offered, HTTP/1.1 otherwise.
func TestHTTP2PrefersH2FallsBackToHTTP11(t *testing.T) {
	l := newLab(t)
	for _, h2 := range []bool{true, false} {
		srv := l.tlsServer(t, http.HandlerFunc(hello), h2, nil)
		ex := Send(context.Background(), Request{URL: srv.URL, HTTPVersion: "2", TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
		mustOK(t, ex)
		want := map[bool]string{true: "HTTP/2.0", false: "HTTP/1.1"}[h2]
		if ex.Response.Proto != want || (h2 && ex.TLS.ALPN != "h2") || (!h2 && ex.TLS.ALPN == "h2") {
			t.Fatalf("server h2 %v: proto %s ALPN %q", h2, ex.Response.Proto, ex.TLS.ALPN)
		}
	}
}

// --http2-prior-knowledge against an https server without h2: a clear
// error, not a silent HTTP/1.1.
func TestForcedHTTP2NotOffered(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, http.HandlerFunc(hello), false, nil)
	ex := Send(context.Background(), Request{URL: srv.URL, HTTPVersion: "2-prior-knowledge", TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
	if ex.Err == nil || ex.Err.Phase != PhaseTLS || !strings.Contains(ex.Err.Message, "HTTP/2 was required") || ex.Err.TLSAlert != "no application protocol" {
		t.Fatalf("err %+v", ex.Err)
	}
}

func TestDistinguishedName(t *testing.T) {
	l := newLab(t)
	if got := distinguishedName(l.ca.Cert.RawSubject); got != "CN=why403 lab CA,O=why403 lab" {
		t.Fatalf("got %q", got)
	}
	if got := distinguishedName([]byte{1, 2, 3}); !strings.Contains(got, "unparsable") {
		t.Fatalf("got %q", got)
	}
}
