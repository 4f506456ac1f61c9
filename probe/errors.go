package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// failure is an error probe already understands: its phase and message
// are final. err, when set, is the Go error behind it (kept as Detail).
type failure struct {
	phase string
	msg   string
	err   error
}

func (f *failure) Error() string {
	if f.err != nil {
		return f.msg + ": " + f.err.Error()
	}
	return f.msg
}

func (f *failure) Unwrap() error { return f.err }

// isRemoteAlert reports a TLS alert sent by the server. Its type is
// unexported; Go wraps it as net.OpError{Op: "remote error"} (FACTS 2.9).
func isRemoteAlert(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "remote error"
}

// classify turns what went wrong into a phase and one plain sentence;
// Detail keeps Go's text, passwords redacted. Call it before close: it
// reads why the attempt's context ended.
func (a *attempt) classify(err error) *Error {
	e := &Error{Detail: a.s.redact(err.Error())}
	phase := a.getPhase()

	// One of probe's limits, or the caller, ended the attempt; whatever
	// error the closed connection then produced is a consequence.
	if a.ctx.Err() != nil {
		cause := context.Cause(a.ctx)
		var te *timeoutError
		switch {
		case errors.As(cause, &te) && te.whole:
			e.Phase, e.Message = PhaseTimeout, te.msg+": "+a.wholeLimitWhere(phase)
		case errors.As(cause, &te):
			e.Phase, e.Message = PhaseTimeout, te.msg
		case errors.Is(cause, context.DeadlineExceeded):
			e.Phase, e.Message = PhaseTimeout, "the caller's deadline passed "+during(phase)
		default:
			e.Phase, e.Message = PhaseCancel, "cancelled "+during(phase)
		}
		return e
	}

	var f *failure
	if errors.As(err, &f) {
		e.Phase, e.Message = f.phase, a.s.redact(f.msg)
		if f.err == nil {
			e.Detail = ""
		}
		return e
	}

	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" {
		e.Phase = PhaseTLS
		e.TLSAlert = strings.TrimPrefix(op.Err.Error(), "tls: ")
		e.Message = a.alertMessage(e.TLSAlert)
		if phase == PhaseWrite || phase == PhaseHeaders || phase == PhaseBody {
			// TLS 1.3: the client's handshake completes before the server
			// checks the client certificate, so the rejection arrives when
			// the response is read (FACTS 2.9). Usually the request was
			// written by then, but the alert can also win the race.
			switch {
			case a.sent.Load() == 0:
				e.Message += "; the handshake had completed, the alert came before the request was sent"
			case certAlert(e.TLSAlert):
				e.Message += "; the request was written; the server rejected the client certificate before answering"
			default:
				e.Message += "; the request was written; the server sent this alert instead of an answer"
			}
		}
		return e
	}

	if a.lostCertAlert(err, phase) {
		e.Phase = PhaseTLS
		e.Message = "the server asked for a client certificate and closed the connection right after the handshake, without answering: it most likely rejected the certificate (its TLS alert was lost when the connection was reset)"
		return e
	}

	if msg, ok := a.certMessage(err); ok {
		e.Phase, e.Message, e.ServerCertRejected = PhaseTLS, msg, true
		return e
	}
	var rhe tls.RecordHeaderError
	if errors.As(err, &rhe) {
		e.Phase = PhaseTLS
		if strings.HasPrefix(string(rhe.RecordHeader[:]), "HTTP/") {
			e.Message = "server gave HTTP response to HTTPS client: this port speaks plain HTTP (try http://)"
		} else {
			e.Message = fmt.Sprintf("the server did not answer with TLS (its first bytes were %q)", rhe.RecordHeader[:])
		}
		return e
	}

	var dns *net.DNSError
	if errors.As(err, &dns) {
		e.Phase = PhaseDNS
		switch {
		case dns.IsNotFound:
			e.Message = "could not resolve host " + dns.Name + ": no such host"
		case dns.IsTimeout:
			e.Message = "could not resolve host " + dns.Name + ": the DNS lookup timed out"
		default:
			e.Message = "could not resolve host " + dns.Name + ": " + dns.Err
		}
		return a.viaProxy(e)
	}

	switch phase {
	case PhaseConnect:
		e.Phase = PhaseConnect
		var ne net.Error
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			e.Message = "connection refused: nothing listens on " + a.dialAddr
		case errors.As(err, &ne) && ne.Timeout():
			e.Phase = PhaseTimeout
			e.Message = fmt.Sprintf("connect timeout: no TCP connection to %s within %s", a.dialAddr, a.s.to.Connect)
		case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
			e.Message = "no route to " + a.dialAddr
		case errors.Is(err, syscall.ECONNRESET):
			e.Message = "the connection to " + a.dialAddr + " was reset while it was being opened"
		default:
			e.Message = "could not connect to " + a.dialAddr + ": " + e.Detail
		}
		return a.viaProxy(e)
	case PhaseTLS:
		e.Phase = PhaseTLS
		switch {
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			e.Message = "the server closed the connection during the TLS handshake"
		case errors.Is(err, syscall.ECONNRESET):
			e.Message = "the server reset the connection during the TLS handshake"
		default:
			e.Message = "TLS handshake failed: " + e.Detail
		}
	case PhaseWrite:
		e.Phase = PhaseWrite
		switch {
		case errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNRESET),
			errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			e.Message = "the server closed the connection while the request was being sent"
		default:
			e.Message = "sending the request failed: " + e.Detail
		}
	case PhaseHeaders:
		e.Phase = PhaseHeaders
		switch {
		case errors.Is(err, errHeadTooBig), strings.Contains(err.Error(), "response header list larger than"):
			e.Message = errHeadTooBig.Error()
		case strings.Contains(err.Error(), "PROTOCOL_ERROR"):
			e.Message = "the server broke the HTTP/2 protocol before answering (PROTOCOL_ERROR); Go ends a connection this way for any violation, including a response head far over the limit"
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			e.Message = "the server closed the connection without answering"
		case errors.Is(err, syscall.ECONNRESET):
			e.Message = "the server reset the connection without answering"
		case strings.Contains(err.Error(), "malformed"):
			// Go's text (kept as Detail) names the bad line; the message
			// says what the server sent instead, when that is not HTTP.
			e.Message = "the answer is not valid HTTP" + a.s.redact(notHTTPHint(a.answerStart, err))
		case strings.Contains(err.Error(), "http2"), strings.Contains(err.Error(), "stream error"):
			e.Message = "HTTP/2 error before the answer: " + e.Detail
		default:
			e.Message = "reading the response failed: " + e.Detail
		}
	case PhaseBody:
		e.Phase = PhaseBody
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			e.Message = "the connection closed before the whole body arrived"
		case errors.Is(err, syscall.ECONNRESET):
			e.Message = "the connection was reset while the body was arriving"
		default:
			e.Message = "reading the body failed: " + e.Detail
		}
	default:
		e.Phase, e.Message = phase, e.Detail
	}
	return e
}

// lostCertAlert recognises a TLS 1.3 client-certificate rejection whose
// alert did not reach us: the server closes right after sending it, and a
// reset (our request arriving at a closed socket) can destroy the alert
// before it is read. The signs: the server asked for a certificate, the
// handshake completed, and the connection died with no answer at all.
func (a *attempt) lostCertAlert(err error, phase string) bool {
	if a.tls == nil || !a.tls.CertificateRequested || a.tls.Version != "TLS 1.3" {
		return false
	}
	if phase != PhaseWrite && phase != PhaseHeaders {
		return false
	}
	a.trace.mu.Lock()
	answered := !a.trace.firstByte.IsZero()
	a.trace.mu.Unlock()
	if answered {
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || strings.Contains(err.Error(), "client conn could not be established")
}

// viaProxy rewords a DNS or connect failure that concerned the proxy.
func (a *attempt) viaProxy(e *Error) *Error {
	if a.proxy != nil {
		e.Message = "the proxy " + a.proxy.Redacted() + " is unreachable: " + e.Message
		if e.Phase != PhaseTimeout {
			e.Phase = PhaseProxy
		}
	}
	return e
}

// during names a phase for "cancelled ..." messages.
func during(phase string) string {
	switch phase {
	case PhaseConnect, PhaseDNS:
		return "while connecting"
	case PhaseProxy:
		return "while talking to the proxy"
	case PhaseTLS:
		return "during the TLS handshake"
	case PhaseWrite:
		return "while the request was being sent"
	case PhaseHeaders:
		return "while waiting for the response headers"
	case PhaseBody:
		return "while the response body was arriving"
	}
	return "before the request was sent"
}

// notHTTPHint quotes how an answer that is not HTTP began and, when the
// bytes say so, which protocol the port speaks instead.
func notHTTPHint(start []byte, err error) string {
	var hint string
	switch {
	case bytes.HasPrefix(start, []byte("SSH-")):
		hint = "; the port speaks SSH, not HTTP: check the port"
	case len(start) >= 2 && (start[0] == 0x15 || start[0] == 0x16) && start[1] == 0x03,
		strings.Contains(err.Error(), `\x15\x03`) || strings.Contains(err.Error(), `\x16\x03`):
		return " (the port seems to speak TLS: try https://)"
	case bytes.HasPrefix(start, []byte("220 ")) || bytes.HasPrefix(start, []byte("220-")):
		hint = "; the port speaks SMTP or FTP, not HTTP: check the port"
	}
	if len(start) == 0 || bytes.HasPrefix(start, []byte("HTTP/")) {
		// An HTTP answer gone wrong later: Go's text names the bad line.
		return hint
	}
	line, _, _ := bytes.Cut(start, []byte("\n"))
	return fmt.Sprintf(" (it began %q)", bytes.TrimRight(line, "\r")) + hint
}

// certAlert: alerts by which a server rejects a client certificate.
func certAlert(alert string) bool {
	switch alert {
	case "certificate required", "bad certificate", "unsupported certificate", "revoked certificate",
		"expired certificate", "unknown certificate", "unknown certificate authority", "access denied":
		return true
	}
	return false
}

// alertMessage explains a TLS alert from the server in plain words, using
// what the handshake showed about client certificates.
func (a *attempt) alertMessage(alert string) string {
	sent := a.tls != nil && a.tls.ClientCert != nil
	asked := a.tls != nil && a.tls.CertificateRequested
	switch {
	case alert == "certificate required":
		return "the server requires a client certificate and none was sent"
	case certAlert(alert) && sent:
		return "the server rejected the client certificate: " + alert
	case certAlert(alert) && asked:
		return "the server asked for a client certificate, none was sent, and it answered: " + alert
	case alert == "handshake failure" && asked && !sent:
		return "TLS handshake failure: the server asked for a client certificate and none was sent (TLS 1.2 servers say it this way)"
	case alert == "handshake failure":
		return "TLS handshake failure: the server found nothing acceptable in common (TLS version, cipher suite, curve or certificate)"
	case alert == "protocol version not supported":
		return "no TLS version in common with the server"
	case alert == "no application protocol" && a.s.version == "2-prior-knowledge":
		return "HTTP/2 was required but the server does not speak it (it refused ALPN h2)"
	case alert == "no application protocol":
		return "the server accepts none of the offered application protocols (ALPN " + strings.Join(alpnFor(a.s.version), ", ") + ")"
	case alert == "unrecognized name":
		return "the server does not know the host name sent in SNI"
	}
	return "the server ended the TLS connection with the alert: " + alert
}

// selfSigned reports that the server's own certificate (the leaf) is its
// issuer. UnknownAuthorityError's Cert is the last certificate of the
// chain Go tried, which is a private root when the server sends its
// chain: that is an untrusted authority, not a self-signed certificate.
func selfSigned(err error, last *x509.Certificate) bool {
	var ve *tls.CertificateVerificationError
	if last == nil || !errors.As(err, &ve) || len(ve.UnverifiedCertificates) == 0 {
		return false
	}
	leaf := ve.UnverifiedCertificates[0]
	return leaf.Equal(last) && bytes.Equal(leaf.RawIssuer, leaf.RawSubject)
}

// certMessage explains a failed verification of the server's certificate.
func (a *attempt) certMessage(err error) (string, bool) {
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) {
		m := "the server's certificate was issued by an authority you do not trust"
		switch {
		case selfSigned(err, ua.Cert):
			m = "the server's certificate is self-signed (" + ua.Cert.Subject.String() + "): no authority vouches for it; if you expected that (a development server), pass the certificate itself with --cacert"
			if a.s.req.TLS.CAFile != "" {
				m += " (" + a.s.req.TLS.CAFile + " does not hold it)"
			}
			return m, true
		case ua.Cert != nil:
			m += " (issuer " + ua.Cert.Issuer.String() + ")"
		}
		if a.s.req.TLS.CAFile != "" {
			m += "; it is not signed by the CA in " + a.s.req.TLS.CAFile
		} else {
			m += "; pass its CA with --cacert"
		}
		return m, true
	}
	var he x509.HostnameError
	if errors.As(err, &he) {
		var names []string
		if he.Certificate != nil {
			names = append(names, he.Certificate.DNSNames...)
			for _, ip := range he.Certificate.IPAddresses {
				names = append(names, ip.String())
			}
		}
		if len(names) == 0 {
			names = []string{"no names"}
		}
		return fmt.Sprintf("the server's certificate is not valid for %s (it is for: %s)", he.Host, strings.Join(names, ", ")), true
	}
	var ci x509.CertificateInvalidError
	if errors.As(err, &ci) {
		// Go reports "expired" and "not yet valid" with one reason code.
		if ci.Reason == x509.Expired && ci.Cert != nil {
			if time.Now().Before(ci.Cert.NotBefore) {
				return "the server's certificate is not valid yet: it starts on " + ci.Cert.NotBefore.UTC().Format(time.RFC3339) + " (check both clocks)", true
			}
			return "the server's certificate expired on " + ci.Cert.NotAfter.UTC().Format(time.RFC3339) + ", " + ago(time.Since(ci.Cert.NotAfter)) +
				": its operator must renew it (if that date looks wrong, check this machine's clock)", true
		}
		return "the server's certificate is invalid: " + ci.Error(), true
	}
	var ve *tls.CertificateVerificationError
	if errors.As(err, &ve) {
		return "the server's certificate could not be verified: " + ve.Err.Error(), true
	}
	return "", false
}

// ago says how long ago something was, in the unit a person would use for
// a certificate's expiry: minutes under two hours, hours under two days,
// days after.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < 2*time.Minute:
		return "1 minute ago"
	case d < 2*time.Hour:
		return fmt.Sprintf("%d minutes ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

var userinfoRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(://[^/\s:@]*):[^/\s@]*@`) })

// redactURLs hides passwords in URLs within a text ("://user:***@").
func redactURLs(s string) string {
	return userinfoRE().ReplaceAllString(s, "$1:***@")
}

// redact hides URL passwords and the session's known secrets.
func (s *session) redact(text string) string {
	text = redactURLs(text)
	for _, sec := range s.secrets {
		if len(sec) >= 4 {
			text = strings.ReplaceAll(text, sec, "***")
		}
	}
	return text
}
