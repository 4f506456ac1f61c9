package probe

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

func testAttempt(t *testing.T, req Request) *attempt {
	t.Helper()
	s, h, err := newSession(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return s.newAttempt(context.Background(), h)
}

// DNS failures are classified without sending a query (tests stay on
// loopback): the typed error is built here.
func TestClassifyDNS(t *testing.T) {
	a := testAttempt(t, Request{URL: "http://nohost.invalid/"})
	e := a.classify(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Name: "nohost.invalid", Err: "no such host", IsNotFound: true}})
	if e.Phase != PhaseDNS || e.Message != "could not resolve host nohost.invalid: no such host" {
		t.Fatalf("%+v", e)
	}
	a = testAttempt(t, Request{URL: "http://target.test/", Proxy: "http://proxy.invalid:3128"})
	a.proxy, _ = parseProxy("the proxy", "http://proxy.invalid:3128")
	e = a.classify(&net.DNSError{Name: "proxy.invalid", Err: "no such host", IsNotFound: true})
	if e.Phase != PhaseProxy || !strings.Contains(e.Message, "the proxy http://proxy.invalid:3128 is unreachable: could not resolve host proxy.invalid") {
		t.Fatalf("%+v", e)
	}
}

func TestClassifyCertificateValidity(t *testing.T) {
	l := newLab(t)
	a := testAttempt(t, Request{URL: "https://127.0.0.1/"})
	cert := *l.server.Cert
	cert.NotBefore = time.Now().Add(time.Hour)
	e := a.classify(x509.CertificateInvalidError{Cert: &cert, Reason: x509.Expired})
	if e.Phase != PhaseTLS || !strings.Contains(e.Message, "not valid yet") {
		t.Fatalf("%+v", e)
	}
	cert.NotBefore = time.Now().Add(-2 * time.Hour)
	cert.NotAfter = time.Now().Add(-time.Hour)
	e = a.classify(x509.CertificateInvalidError{Cert: &cert, Reason: x509.Expired})
	if e.Phase != PhaseTLS || !strings.Contains(e.Message, "expired on") {
		t.Fatalf("%+v", e)
	}
}

func TestClassifyRemoteAlerts(t *testing.T) {
	a := testAttempt(t, Request{URL: "https://127.0.0.1/"})
	a.tls = &TLSInfo{CertificateRequested: true}
	alert := func(text string) error {
		return &net.OpError{Op: "remote error", Err: errors.New("tls: " + text)}
	}
	a.setPhase(PhaseTLS)
	e := a.classify(alert("handshake failure"))
	if e.TLSAlert != "handshake failure" || !strings.Contains(e.Message, "asked for a client certificate and none was sent") {
		t.Fatalf("%+v", e)
	}
	a.tls.ClientCert = &CertInfo{Subject: "CN=alice"}
	e = a.classify(alert("bad certificate"))
	if e.Phase != PhaseTLS || e.Message != "the server rejected the client certificate: bad certificate" {
		t.Fatalf("%+v", e)
	}
	e = a.classify(alert("protocol version not supported"))
	if e.Message != "no TLS version in common with the server" {
		t.Fatalf("%+v", e)
	}
}

func TestRedaction(t *testing.T) {
	s := &session{secrets: []string{"hunter22"}}
	got := s.redact(`Get "http://alice:s3cret@127.0.0.1:1/": proxyconnect tcp: dial http://u:hunter22@p:3128 failed, token hunter22`)
	if strings.Contains(got, "s3cret") || strings.Contains(got, "hunter22") || !strings.Contains(got, "alice:***@") {
		t.Fatalf("%q", got)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassifyConnectTimeout(t *testing.T) {
	a := testAttempt(t, Request{URL: "http://192.0.2.1/", Timeouts: Timeouts{Connect: time.Second}})
	a.dialAddr = "192.0.2.1:80"
	e := a.classify(&net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}})
	if e.Phase != PhaseTimeout || e.Message != "connect timeout: no TCP connection to 192.0.2.1:80 within 1s" {
		t.Fatalf("%+v", e)
	}
}

func TestAgo(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second:              "just now",
		90 * time.Second:              "1 minute ago",
		59 * time.Minute:              "59 minutes ago",
		3 * time.Hour:                 "3 hours ago",
		47 * time.Hour:                "47 hours ago",
		10*24*time.Hour + 5*time.Hour: "10 days ago",
	} {
		if got := ago(d); got != want {
			t.Errorf("ago(%v) = %q, want %q", d, got, want)
		}
	}
}
