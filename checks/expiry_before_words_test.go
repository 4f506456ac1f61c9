package checks

import (
	"testing"
	"time"
)

// Generic "authentication failed" words are what servers say for an
// expired credential too: when the credential's own signed times show it
// expired by the server's clock, that expiry comes first. Wordings are
// real: Azure Storage's AuthenticationFailed to an expired SAS, Istio's
// "Origin authentication failed." to a JWT.
func TestMeasuredExpiryBeforeGenericRefusal(t *testing.T) {
	sas := exchange(get("https://account.blob.core.windows.net/?comp=list&st=2020-07-09T10:11:03Z&se=2020-07-09T18:11:03Z&sp=rl&sv=2019-12-12&sig=EXAMPLEEXAMPLEEXAMPLE%3D"),
		resp(403, `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.</Message></Error>`,
			"Content-Type: application/xml", "Date: Fri, 10 Jul 2020 10:16:22 GMT"))
	sas.Now = time.Date(2020, 7, 10, 10, 16, 22, 0, time.UTC)
	jwt := exchange(get("https://api.example.com/v1/orders", "Authorization: Bearer "+mkJWT(t, map[string]any{"exp": t0.Add(-2 * time.Hour).Unix(), "iss": "https://issuer.example.com"})),
		resp(401, "Origin authentication failed.", "Content-Type: text/plain", "Server: istio-envoy"))
	for name, ev := range map[string]Evidence{"Azure SAS past se=": sas, "Istio, JWT past exp": jwt} {
		t.Run(name, func(t *testing.T) {
			rep := Run(ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthExpired {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, AuthExpired, reportText(rep))
			}
		})
	}
}
