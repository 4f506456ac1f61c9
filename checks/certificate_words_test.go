package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

// A refusal whose words refuse the client certificate names tls.client_cert,
// whatever the request's headers show: the certificate travels in the TLS
// handshake (or in a header a terminating proxy adds), never in what a
// recording of the request keeps. So a 401 saying so is not "no
// credentials were sent". Words alone: a guess. Real wordings: Paysera's
// Berlin Group CERTIFICATE_INVALID (corpus), Oracle Responsys's
// CLIENT_CERTIFICATE_EXPIRED "Client certificate expired." (401), Tyk's
// "Attempted access with non-existent cert." (403, its 3.0.8 notes), Kong's
// mtls-auth "No required TLS certificate was sent" and "TLS certificate
// failed verification" (401, its plugin documentation).
func TestCertificateWordsNameClientCert(t *testing.T) {
	handshake := func(ev *Evidence) {
		ev.Exchange.TLS = &probe.TLSInfo{Version: "TLS 1.3", ALPN: "http/1.1", ServerName: "api.example.com", Verified: true}
	}
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		{"Berlin Group CERTIFICATE_INVALID at 401", exchange(get("https://openbanking.example.com/v1/accounts"),
			resp(401, `{"tppMessages":[{"category":"ERROR","code":"CERTIFICATE_INVALID","text":"The provided certificate is not valid for this TPP"}]}`, "Content-Type: application/json"))},
		{"Responsys CLIENT_CERTIFICATE_EXPIRED at 401", exchange(get("https://api.example.com/rest/api/v1.3/lists"),
			resp(401, `{"type":"","title":"Unauthorized","errorCode":"CLIENT_CERTIFICATE_EXPIRED","detail":"Client certificate expired.","errorDetails":[]}`, "Content-Type: application/json"))},
		{"Tyk non-existent cert at 403", exchange(get("https://gateway.example.com/orders", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
			resp(403, `{"error":"Attempted access with non-existent cert."}`, "Content-Type: application/json"))},
		{"Kong no certificate at 401", exchange(get("https://kong.example.com/orders"),
			resp(401, `{"message":"No required TLS certificate was sent"}`, "Content-Type: application/json; charset=utf-8"))},
		{"Kong certificate not verified at 401", exchange(get("https://kong.example.com/orders"),
			resp(401, `{"message":"TLS certificate failed verification"}`, "Content-Type: application/json; charset=utf-8"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			handshake(&c.ev)
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != TLSClientCert {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, TLSClientCert, reportText(rep))
			}
			if !rep.Guess {
				t.Errorf("sure of %s on words alone, want a guess", rep.Likely[0])
			}
		})
	}
	// The server's own certificate, or an upstream's, is not the client's.
	for _, body := range []string{
		`{"errorCode":"SERVER_CERTIFICATE_EXPIRED","detail":"Server certificate expired."}`,
		`upstream SSL certificate verify error: (10:certificate has expired)`,
	} {
		ev := exchange(get("https://api.example.com/v1/items"), resp(401, body))
		handshake(&ev)
		if rep := Run(ev); contains(rep.Likely, TLSClientCert) {
			t.Errorf("%q: likely %v holds %s: the words speak of another certificate", body, rep.Likely, TLSClientCert)
		}
	}
}
