package checks

import (
	"net/http"
	"testing"

	"github.com/why403/why403/probe"
)

// A registry's package is no app's identity: "not allowed to publish
// package" refuses a user a permission, it is no restriction of a key to
// an Android or iOS app (whose identity is a package name or bundle ID).
func TestRegistryPackageIsNoAppRestriction(t *testing.T) {
	for _, c := range []struct{ vendor, text string }{
		{"Verdaccio", `{"error":"user val is not allowed to publish package @my-company/packages"}`},
		{"Verdaccio 3", `{"error":"unregistered users are not allowed to access package @activepipe/private"}`},
		{"NuGet", `{"error":"The specified API key is invalid, has expired, or does not have permission to access the specified package."}`},
	} {
		for _, h := range readWords(lexWords(c.text), 403) {
			if h.m.Class == "client application restriction" {
				t.Errorf("%s: read as an app restriction: %s", c.vendor, h.evidence("body"))
			}
		}
	}
	// The identity of an app still reads as one.
	for _, text := range []string{
		"Requests from this Android client application <empty> are blocked.",
		"The Android package name and signing-certificate fingerprint, com.example.app and null, do not match the app restrictions configured on your key. Request is blocked.",
	} {
		if got := firstCause(text, 403); got != IPAllowlist {
			t.Errorf("%q read as %q, want %s", text, got, IPAllowlist)
		}
	}
	// The whole judgement of the recorded Verdaccio refusal.
	rep := Run(exchange(put("https://npm.example.com/@my-company%2fpackages", "Authorization: Bearer 0123456789abcdef0123"),
		resp(403, `{"error":"user val is not allowed to publish package @my-company/packages"}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
		t.Errorf("Verdaccio: likely %v, want %s first", rep.Likely, PermissionScope)
	}
}

// put is a PUT with headers.
func put(url string, lines ...string) probe.Request {
	r := get(url, lines...)
	r.Method = http.MethodPut
	return r
}
