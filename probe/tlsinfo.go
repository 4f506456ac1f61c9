package probe

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
)

// loadClientCert reads the user's client certificate. An empty keyFile
// means the key is in certFile too (curl -E accepts both in one PEM).
func loadClientCert(ctx context.Context, certFile, keyFile string) (*tls.Certificate, error) {
	certPEM, err := readCapped(ctx, "client certificate", certFile, maxCertFile)
	if err != nil {
		return nil, err
	}
	keyPEM := certPEM
	if keyFile == "" {
		keyFile = certFile
	} else if keyPEM, err = readCapped(ctx, "key file", keyFile, maxCertFile); err != nil {
		return nil, err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("loading client certificate %s (key %s): %w", certFile, keyFile, err)
	}
	if cert.Leaf == nil && len(cert.Certificate) > 0 {
		// Go fills Leaf since 1.23; parse ourselves if it did not, so the
		// certificate can be described.
		if leaf, err := x509.ParseCertificate(cert.Certificate[0]); err == nil {
			cert.Leaf = leaf
		}
	}
	return &cert, nil
}

// loadCAFile reads trust anchors. Like curl --cacert they replace the system
// roots, so a test against a lab CA proves that CA and nothing else.
func loadCAFile(ctx context.Context, path string) (*x509.CertPool, error) {
	pemData, err := readCapped(ctx, "CA file", path, maxCertFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		return nil, fmt.Errorf("no PEM certificate found in CA file %s", path)
	}
	return pool, nil
}

// alpnFor is the ALPN list offered for an HTTP version choice. --http2
// prefers h2 and accepts http/1.1, as curl does; only prior knowledge
// requires h2.
func alpnFor(version string) []string {
	switch version {
	case "1.1":
		return []string{"http/1.1"}
	case "2-prior-knowledge":
		return []string{"h2"}
	}
	return []string{"h2", "http/1.1"}
}

// tlsConfig builds the client side of one handshake. info collects what the
// handshake reveals even when it fails: GetClientCertificate runs if and
// only if the server sent a CertificateRequest (FACTS 2.9), so it is the
// place to record that and the CAs the server accepts.
func (s *session) tlsConfig(serverName string, cert *tls.Certificate, info *TLSInfo, warn func(string)) *tls.Config {
	return &tls.Config{
		ServerName:         serverName,
		RootCAs:            s.roots, // nil: the system roots
		InsecureSkipVerify: s.req.TLS.Insecure,
		NextProtos:         alpnFor(s.version),
		KeyLogWriter:       s.keyLog.writer(warn),
		GetClientCertificate: func(cri *tls.CertificateRequestInfo) (*tls.Certificate, error) {
			info.CertificateRequested = true
			for _, der := range cri.AcceptableCAs {
				info.AcceptableCAs = append(info.AcceptableCAs, distinguishedName(der))
			}
			if cert == nil {
				// Send no certificate; the server decides what that means.
				return &tls.Certificate{}, nil
			}
			// Offer the user's certificate even when Go thinks the server
			// will not accept it: with Config.Certificates Go would silently
			// send nothing, and the user would never learn why.
			if err := cri.SupportsCertificate(cert); err != nil {
				warn("the server's CertificateRequest does not match your client certificate (" + err.Error() + "); it was sent anyway so the server can judge it")
			}
			ci := certInfo(cert.Leaf)
			info.ClientCert = &ci
			return cert, nil
		},
	}
}

// fillTLS records a completed handshake.
func fillTLS(info *TLSInfo, cs tls.ConnectionState, insecure bool) {
	info.Version = tls.VersionName(cs.Version)
	info.ALPN = cs.NegotiatedProtocol
	info.CipherSuite = tls.CipherSuiteName(cs.CipherSuite)
	if cs.ServerName != "" {
		info.ServerName = cs.ServerName
	}
	info.Peer = chainInfo(cs.PeerCertificates)
	info.Verified = !insecure
}

// fillTLSFailure records what a failed handshake still tells: the chain
// the server presented, when verification was what failed.
func fillTLSFailure(info *TLSInfo, err error) {
	var ve *tls.CertificateVerificationError
	if errors.As(err, &ve) && len(info.Peer) == 0 {
		info.Peer = chainInfo(ve.UnverifiedCertificates)
	}
	info.Verified = false
}

func chainInfo(certs []*x509.Certificate) []CertInfo {
	out := make([]CertInfo, 0, len(certs))
	for _, c := range certs {
		out = append(out, certInfo(c))
	}
	return out
}

// certInfo describes a certificate; a nil certificate gives a zero value.
func certInfo(c *x509.Certificate) CertInfo {
	if c == nil {
		return CertInfo{}
	}
	sum := sha256.Sum256(c.Raw)
	ci := CertInfo{
		Subject:   c.Subject.String(),
		Issuer:    c.Issuer.String(),
		DNSNames:  append([]string(nil), c.DNSNames...),
		NotBefore: c.NotBefore,
		NotAfter:  c.NotAfter,
		SHA256:    hex.EncodeToString(sum[:]),
		IsCA:      c.IsCA,
	}
	for _, ip := range c.IPAddresses {
		ci.IPs = append(ci.IPs, ip.String())
	}
	return ci
}

// distinguishedName renders a DER-encoded RDNSequence, as a server lists
// its acceptable CAs, in the familiar "CN=why403 lab CA,O=why403 lab" form.
func distinguishedName(der []byte) string {
	var seq pkix.RDNSequence
	if rest, err := asn1.Unmarshal(der, &seq); err != nil || len(rest) != 0 {
		return fmt.Sprintf("(unparsable name, %d bytes)", len(der))
	}
	var name pkix.Name
	name.FillFromRDNSequence(&seq)
	return name.String()
}
