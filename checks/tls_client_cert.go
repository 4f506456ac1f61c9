package checks

import (
	"fmt"
	"strings"

	"github.com/why403/why403/probe"
)

const passCertFix = "Pass the client certificate and its key: --cert client.pem --key client.key (the certificate issued for this service)."

// passCert is passCertFix as the setting it asks for.
var passCert = FixSetting{Option: SetClientCertKey, Words: passCertFix, Value: "the certificate issued for this service and its key"}

// certFile is "the --cert file" of a fix, as the setting it names.
var certFile = FixSetting{Option: SetClientCert, Words: "--cert file"}

// casLine lists the CAs the server said it accepts.
func casLine(t *probe.TLSInfo) string {
	if t == nil || len(t.AcceptableCAs) == 0 {
		return "acceptable CAs: not listed (any)"
	}
	return "acceptable CAs: " + listOf(t.AcceptableCAs, 4)
}

func certLine(c *probe.CertInfo, f *facts) string {
	return fmt.Sprintf("client certificate: subject %s, issuer %s, valid %s to %s",
		c.Subject, c.Issuer, clock(c.NotBefore, f.now), clock(c.NotAfter, f.now))
}

// cnOf is the CN of a distinguished name, lower case.
func cnOf(dn string) string {
	for _, part := range strings.Split(dn, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && strings.EqualFold(k, "CN") {
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return ""
}

// issuerAccepted compares the certificate's issuer with the server's list:
// equal names, or the same CN.
func issuerAccepted(issuer string, cas []string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, ", ", ",")) }
	for _, ca := range cas {
		if norm(ca) == norm(issuer) || cnOf(ca) != "" && cnOf(ca) == cnOf(issuer) {
			return true
		}
	}
	return false
}

func isCertAlert(a string) bool {
	for _, x := range tlsCertAlerts {
		if strings.Contains(a, x) {
			return true
		}
	}
	return false
}

func checkTLSClientCert(f *facts) Finding {
	t := f.tls
	requested := t != nil && t.CertificateRequested
	cert := f.certOffered
	var ctx []string
	if requested {
		ctx = append(ctx, "the server sent a CertificateRequest", casLine(t))
	}
	if cert != nil {
		ctx = append(ctx, certLine(cert, f))
	} else if requested {
		ctx = append(ctx, "no client certificate was offered")
	}
	if f.serverCertRejected && f.resp == nil {
		// The handshake ended at the server's certificate: whatever the
		// server wanted from the client never came into play.
		return skip(TLSClientCert, "The handshake stopped at the server's certificate, which this client rejected; a client certificate never came into play",
			append([]string{f.errMsg}, ctx...)...)
	}
	if a := f.tlsAlert; a != "" && (isCertAlert(a) || strings.Contains(a, "handshake failure") && requested) {
		ev := append([]string{"TLS alert from the server: " + a}, ctx...)
		title, fix := "The server rejected the client certificate (TLS alert: "+a+")",
			"Check the certificate is the one issued for this service, that the --cert file holds its intermediate certificates, and that the key matches."
		set := &certFile
		switch {
		case cert == nil:
			title, fix, set = "The server requires a client certificate and none was sent (TLS alert: "+a+")", passCertFix, &passCert
		case strings.Contains(a, "unknown c"):
			title = "The server does not trust the client certificate's issuer (TLS alert: " + a + ")"
			fix, set = "Use a certificate issued by a CA the server accepts ("+casLine(t)+").", nil
		case strings.Contains(a, "expired"):
			title, fix, set = "The server says the client certificate expired (TLS alert: certificate expired)", "Renew the client certificate and send the new one.", nil
		case strings.Contains(a, "revoked"):
			title, fix, set = "The client certificate was revoked (TLS alert: certificate revoked)", "Get a new client certificate issued.", nil
		}
		fd := fail(TLSClientCert, Named, title, ev, fix)
		if set != nil {
			fd = fd.with(*set)
		}
		return fd
	}
	if f.resp != nil && (f.status == 400 || f.status == 495 || f.status == 496) {
		if p, ex, ok := f.body.find(tlsPagePhrases); ok {
			ev := append([]string{f.statusLine(), bodyLine(ex)}, ctx...)
			if strings.HasPrefix(p, "no required") || f.status == 496 || cert == nil {
				return fail(TLSClientCert, Named, "nginx: no required SSL certificate was sent (ssl_verify_client on)", ev, passCertFix).with(passCert)
			}
			return fail(TLSClientCert, Named, "nginx could not verify the client certificate (\"The SSL certificate error\")", ev,
				"The certificate is expired, or not issued by the CA in nginx's ssl_client_certificate: check both (openssl x509 -noout -issuer -dates -in client.pem).")
		}
	}
	if cert != nil {
		switch {
		case !cert.NotAfter.IsZero() && f.now.After(cert.NotAfter):
			return fail(TLSClientCert, Indicated, fmt.Sprintf("Client certificate expired %s ago (notAfter %s)", human(f.now.Sub(cert.NotAfter)), clock(cert.NotAfter, f.now)),
				append(ctx, "judged against your clock"), "Renew the client certificate and send the new one.")
		case f.now.Before(cert.NotBefore):
			return fail(TLSClientCert, Indicated, fmt.Sprintf("Client certificate not valid for another %s (notBefore %s)", human(cert.NotBefore.Sub(f.now)), clock(cert.NotBefore, f.now)),
				append(ctx, "judged against your clock"), "Wait until it is valid, or check which clock is wrong.")
		case requested && len(t.AcceptableCAs) > 0 && !issuerAccepted(cert.Issuer, t.AcceptableCAs) && !f.success():
			return fail(TLSClientCert, Indicated, fmt.Sprintf("Client certificate issued by %s, which the server does not list", cert.Issuer), ctx,
				"Use a certificate from one of the CAs the server accepts; if yours is issued by an intermediate of one, put the intermediate in the --cert file.").with(certFile)
		}
	}
	if requested && cert == nil {
		title := fmt.Sprintf("The server asked for a client certificate (%s) and none was sent", casLine(t))
		switch {
		case f.resp == nil:
			return fail(TLSClientCert, Indicated, title+"; then the connection failed", append(ctx, f.noResponseEvidence()...), passCertFix).with(passCert)
		case f.refused():
			return fail(TLSClientCert, Indicated, title, append(ctx, f.statusLine()), passCertFix).with(passCert)
		}
		return pass(TLSClientCert, "The server asked for a client certificate but answered without one (optional client authentication)", append(ctx, f.statusLine())...)
	}
	if h, ok := f.saysCause(TLSClientCert); ok && f.refused() && f.status < 500 {
		// The words refuse the client certificate. Where the handshake
		// asked for none, a proxy in front of the server checked it (and
		// passed it on in a header); words alone: a guess.
		title, fix, set := h.m.Title, h.m.Fix, certFile
		if t != nil && cert == nil {
			title, fix, set = h.m.Title+"; this client offered none", passCertFix, passCert
		}
		g := fail(TLSClientCert, Indicated, title,
			append([]string{"the server's words name the client certificate: " + strings.Join(h.Words, " + ")}, ctx...), fix).with(set)
		g.wordsOnly = true
		return g
	}
	if cert != nil && requested {
		return pass(TLSClientCert, "Client certificate sent: "+cert.Subject+", valid until "+clock(cert.NotAfter, f.now), ctx...)
	}
	if f.req.ClientCert && t != nil && !requested && f.refused() {
		return warn(TLSClientCert, "A client certificate was configured, but the server never asked for one, so it was not sent",
			[]string{"the handshake had no CertificateRequest"},
			"Client certificates are checked on another host or port, or by a proxy in front of this one (which then needs its own setting); check the URL.")
	}
	switch {
	case t == nil && f.req.u != nil && f.req.u.Scheme == "http":
		// Checked first: on plain HTTP a timeout or refusal has nothing
		// to do with a handshake that never was going to happen.
		return skip(TLSClientCert, "Plain HTTP: there was no TLS handshake, so no certificate request")
	case f.resp == nil && (t == nil || t.Version == ""):
		// probe records a TLSInfo as the handshake starts; without a
		// version it never finished, so no request can be ruled out.
		return skip(TLSClientCert, f.noResponse()+": the handshake did not get as far as a certificate request", f.noResponseEvidence()...)
	case t == nil:
		return skip(TLSClientCert, "No TLS handshake was recorded for this exchange")
	case f.tlsAlert != "":
		return skip(TLSClientCert, "The handshake failed, but the server never asked for a client certificate (a protocol, cipher or name problem)",
			"TLS alert from the server: "+f.tlsAlert)
	}
	return skip(TLSClientCert, "The server did not ask for a client certificate")
}
