package probe

import (
	"strings"
	"testing"
)

// A body field named "auth" carries the session in JSON-RPC APIs
// (Zabbix's documented request: "auth": "0424bd59b807674191e7d77572075f33"),
// as ?auth= does in a query: it is a secret. Names that only contain the
// letters (author, authority, oauth_provider) or describe the
// authentication (auth_type) are not, nor are identifiers of resources
// and pages.
func TestAuthFieldIsSecret(t *testing.T) {
	for name, want := range map[string]bool{
		"auth": true, "Auth": true, "x_auth": true,
		"author": false, "authority": false, "oauth_provider": false, "auth_type": false,
		"id": false, "user_id": false, "cursor": false, "session_id": false,
	} {
		if got := IsSecretField(name); got != want {
			t.Errorf("IsSecretField(%q) = %v, want %v", name, got, want)
		}
	}
	body := `{"jsonrpc":"2.0","method":"host.get","params":{"hostids":"10084"},"auth":"0424bd59b807674191e7d77572075f33","id":"7f3a9c2e-1b4d-4e8f-9a0b-1c2d3e4f5a6b"}`
	got := MaskBody("application/json-rpc", []byte(body))
	if strings.Contains(got, "0424bd59b807674191e7d775") {
		t.Errorf("the auth field's value is shown: %s", got)
	}
	for _, kept := range []string{`"method":"host.get"`, `"hostids":"10084"`, `"id":"7f3a9c2e-1b4d-4e8f-9a0b-1c2d3e4f5a6b"`} {
		if !strings.Contains(got, kept) {
			t.Errorf("%s was changed: %s", kept, got)
		}
	}
}
