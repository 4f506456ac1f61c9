// Package certgen makes throw-away X.509 certificates: a CA, server
// certificates for loopback names and client certificates, for the lab and
// for tests that need real TLS and mTLS handshakes.
package certgen

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Authority is a certificate authority that signs leaf certificates.
type Authority struct {
	Cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// CertPEM is the CA certificate, for --cacert or a client CA pool.
	CertPEM []byte
}

// Leaf is a signed certificate with its key, in the forms callers need.
type Leaf struct {
	TLS     tls.Certificate
	Cert    *x509.Certificate
	CertPEM []byte
	KeyPEM  []byte
}

// NewAuthority creates a self-signed CA valid from an hour ago for a year.
func NewAuthority(commonName string) (*Authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating CA key: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: commonName, Organization: []string{"why403 lab"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("signing CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parsing CA certificate: %w", err)
	}
	return &Authority{Cert: cert, key: key, CertPEM: pemBlock("CERTIFICATE", der)}, nil
}

// Pool returns a pool holding only this CA.
func (a *Authority) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.Cert)
	return p
}

// Server signs a server certificate for the given DNS names and IP
// addresses, valid from an hour ago for a year.
func (a *Authority) Server(hosts ...string) (*Leaf, error) {
	now := time.Now()
	return a.ServerValid(now.Add(-time.Hour), now.Add(365*24*time.Hour), hosts...)
}

// ServerValid signs a server certificate for hosts valid between notBefore
// and notAfter (pass a past window for an expired certificate).
func (a *Authority) ServerValid(notBefore, notAfter time.Time, hosts ...string) (*Leaf, error) {
	return a.sign(serverTemplate(notBefore, notAfter, hosts))
}

// serverTemplate is a server certificate for hosts (DNS names or IP
// addresses) valid between notBefore and notAfter.
func serverTemplate(notBefore, notAfter time.Time, hosts []string) *x509.Certificate {
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: firstOr(hosts, "localhost")},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	return tmpl
}

// Client signs a client certificate for commonName valid between notBefore
// and notAfter (pass a past window for an expired certificate).
func (a *Authority) Client(commonName string, notBefore, notAfter time.Time) (*Leaf, error) {
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	return a.sign(tmpl)
}

// SelfSigned makes a server certificate for hosts that is its own issuer,
// as a development server makes with openssl req -x509.
func SelfSigned(hosts ...string) (*Leaf, error) {
	now := time.Now()
	tmpl := serverTemplate(now.Add(-time.Hour), now.Add(365*24*time.Hour), hosts)
	return signWith(tmpl, nil, nil)
}

func (a *Authority) sign(tmpl *x509.Certificate) (*Leaf, error) {
	return signWith(tmpl, a.Cert, a.key)
}

// signWith signs tmpl with a new key, by parent's key; a nil parent signs
// the certificate with its own key.
func signWith(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*Leaf, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating key: %w", err)
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, fmt.Errorf("signing certificate for %q: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parsing certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding key: %w", err)
	}
	return &Leaf{
		TLS:     tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert},
		Cert:    cert,
		CertPEM: pemBlock("CERTIFICATE", der),
		KeyPEM:  pemBlock("PRIVATE KEY", keyDER),
	}, nil
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		// crypto/rand does not fail on supported platforms; a fixed serial
		// still yields a valid throw-away certificate.
		return big.NewInt(1)
	}
	return n
}

func firstOr(s []string, def string) string {
	if len(s) > 0 {
		return s[0]
	}
	return def
}
