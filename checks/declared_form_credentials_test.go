package checks

import "testing"

// A token request whose Content-Type declares a form and whose secret is
// written as a stand-in (<redacted>, <password>, {clientSecret}: characters
// that keep the body from looking like a form by its bytes) still carries
// the secret field: a 401 to it is not "no credentials were sent", and
// auth.missing may not be sure of it. Two vendors' published token
// requests: a bank's client-credentials call with the secret redacted and
// an identity server's password grant as its documentation writes it.
func TestDeclaredFormCredentialsRead(t *testing.T) {
	for name, body := range map[string]string{
		"a bank's client credentials":   "client_id=<redacted>&client_secret=<redacted>&scope=boleto-cobranca.write&grant_type=client_credentials",
		"an identity server's password": "client_id=admin-cli&username=admin&password=<password>&grant_type=password",
		"a template's client secret":    "grant_type=client_credentials&client_id={clientId}&client_secret={clientSecret}",
	} {
		t.Run(name, func(t *testing.T) {
			rep := Run(exchange(post("https://auth.example/oauth/token", body, "Content-Type: application/x-www-form-urlencoded"),
				resp(401, "", "Content-Type: application/json")))
			if f, ok := findingOf(rep, AuthMissing); ok && f.Status == Fail {
				t.Errorf("auth.missing fails although the body carries a secret field: %s", f.Title)
			}
			if len(rep.Likely) > 0 && rep.Likely[0] == AuthMissing && !rep.Guess {
				t.Errorf("sure of auth.missing (likely %v)", rep.Likely)
			}
		})
	}
}
