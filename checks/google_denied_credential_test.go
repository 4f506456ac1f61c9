package checks

import (
	"strings"
	"testing"
)

// Google answers PERMISSION_DENIED for every refusal; a message that
// refuses the credential itself (an app's attestation, an App Check token)
// is no missing role.
func TestPermissionDeniedNamingTheCredentialIsNoIAM(t *testing.T) {
	envelope := func(msg string) string {
		return `{"error":{"code":403,"message":"` + msg + `","status":"PERMISSION_DENIED"}}`
	}
	cases := []struct {
		name string
		ev   Evidence
	}{
		{"App Check exchange: App attestation failed", exchange(post(
			"https://content-firebaseappcheck.googleapis.com/v1/projects/p/apps/1:2:web:3:exchangeDebugToken?key=AIzaSyExampleExampleExample0123456",
			`{"debug_token":"f7977390-0000-4000-8000-000000000000"}`, "Content-Type: application/json"),
			resp(403, envelope("App attestation failed."), "Content-Type: application/json"))},
		{"Storage: App Check token is invalid", exchange(get(
			"https://firebasestorage.googleapis.com/v0/b/p.appspot.com/o/a.png",
			"Authorization: Firebase 0123456789abcdef0123", "X-Firebase-AppCheck: eyJlcnJvciI6IlVOS05PV05fRVJST1IifQ=="),
			resp(403, envelope("Firebase App Check token is invalid."), "Content-Type: application/json"))},
	}
	for _, c := range cases {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
			t.Errorf("%s: likely %v, want %s first", c.name, rep.Likely, AuthInvalid)
			continue
		}
		if f, _ := findingOf(rep, PermissionScope); f.Status == Fail || !strings.Contains(f.Title, "Not IAM") {
			t.Errorf("%s: permission.scope %s %q, want a pass that says it is not IAM", c.name, f.Status, f.Title)
		}
	}
	// The caller's missing role stays IAM.
	rep := Run(exchange(get("https://storage.googleapis.com/storage/v1/b/x/o", "Authorization: Bearer ya29.0123456789abcdef"),
		resp(403, envelope("The caller does not have permission"), "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
		t.Errorf("IAM: likely %v, want %s first", rep.Likely, PermissionScope)
	}
}
