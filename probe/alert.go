package probe

import (
	"errors"
	"net"
	"strings"
)

// AlertAfterHandshake classifies an error read on a connection Dial
// returned, after a request was written on it: a TLS alert from the
// server is a TLS failure, worded as a send words it (a TLS 1.3 server
// checks the client certificate after the client's handshake completed,
// so its rejection arrives with the answer, FACTS 2.9). info is what Dial
// learnt of the handshake; nil is returned for any other error.
func AlertAfterHandshake(err error, info *TLSInfo) *Error {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "remote error" {
		return nil
	}
	a := &attempt{s: &session{version: "1.1"}, tls: info}
	e := &Error{Phase: PhaseTLS, TLSAlert: strings.TrimPrefix(op.Err.Error(), "tls: "), Detail: err.Error()}
	e.Message = a.alertMessage(e.TLSAlert)
	if certAlert(e.TLSAlert) {
		e.Message += "; the request was written; the server rejected the client certificate before answering"
	} else {
		e.Message += "; the request was written; the server sent this alert instead of an answer"
	}
	return e
}
