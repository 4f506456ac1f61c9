package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/ui/internal/hostile"
)

// hostileCert is a self-signed certificate whose subject, issuer and
// names carry terminal escapes, C1 and bidi controls.
func hostileCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	name := pkix.Name{
		CommonName:         "CERTCN\x1b]0;pwned-title\x07\x1b[2J\u009b2J",
		Organization:       []string{"CERTORG\u202egnp.exe\u202c\x1b]52;c;cm0gLXJmIC8=\x07"},
		OrganizationalUnit: []string{"CERTOU\x1bP$qm\x1b\\\r\b\x7f"},
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(7),
		Subject:               name,
		Issuer:                name,
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		DNSNames:              []string{"certdns\x1b[31m.example"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 2)}, // not the address dialled: a name mismatch too
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("creating the hostile certificate: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// Terminal escapes in certificate fields (subject, issuer, names) reach no
// output raw, whether the certificate is refused (untrusted, wrong name)
// or accepted with -k and shown.
func TestHostileCertificateFieldsAreInert(t *testing.T) {
	s := startHostile(t, hostile.Options{TLS: &tls.Config{Certificates: []tls.Certificate{hostileCert(t)}}})
	for _, insecure := range []bool{false, true} {
		for _, m := range outputModes() {
			args := append([]string{"check", "--no-experiments", "-m", "5"}, m.args...)
			if insecure {
				args = append(args, "-k")
			}
			r := runHostile(t, 20*time.Second, nil, append(args, s.HTTPS(hostile.PathEscBody))...)
			name := m.name
			if insecure {
				name += " -k"
			}
			want := ExitNoResponse
			if insecure {
				want = ExitRefused
			}
			if r.code != want {
				t.Errorf("%s: exit %d, want %d\n%s%s", name, r.code, want, r.stdout, r.stderr)
			}
			assertInert(t, name+" stdout", r.stdout)
			assertInert(t, name+" stderr", r.stderr)
			if m.name == "json" {
				decodeReport(t, r.stdout)
			}
			// the refusal names the certificate's names, visibly escaped; the
			// JSON report of an accepted handshake carries the subject exactly
			if m.name == "text" && !insecure && !strings.Contains(r.stdout, `certdns\x1b[31m.example`) {
				t.Errorf("%s: the refusal does not show the certificate's names escaped:\n%s", name, r.stdout)
			}
			if m.name == "json" && insecure && !strings.Contains(r.stdout, `"subject": "CN=CERTCN\u001b]0`) {
				t.Errorf("%s: the JSON report lacks the peer's subject:\n%s", name, r.stdout)
			}
		}
	}
}
