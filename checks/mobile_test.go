package checks

import (
	"strings"
	"testing"
)

func googleKeyBody(reason, msg string) string {
	return `{"error":{"code":403,"message":"` + msg + `","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"` + reason + `","domain":"googleapis.com"}]}}`
}

// Google API-key restrictions are fixed in the key's settings or by the
// app's identity headers, never by IAM (issue 14 §3).
func TestGoogleAPIKeyRestrictions(t *testing.T) {
	key := "x-goog-api-key: AIzaSyEXAMPLEEXAMPLEEXAMPLEEXAMPLE12"
	cases := []struct {
		reason, msg, want, fix string
	}{
		{"API_KEY_ANDROID_APP_BLOCKED", "Requests from this Android client application <empty> are blocked.", IPAllowlist, "X-Android-Package"},
		{"API_KEY_IOS_APP_BLOCKED", "Requests from this iOS client application <empty> are blocked.", IPAllowlist, "X-Ios-Bundle-Identifier"},
		{"API_KEY_HTTP_REFERRER_BLOCKED", "Requests from referer <empty> are blocked.", IPAllowlist, "website restrictions"},
		{"API_KEY_IP_ADDRESS_BLOCKED", "The provided API key has an IP address restriction.", IPAllowlist, "IP address restrictions"},
		{"API_KEY_SERVICE_BLOCKED", "Requests to this API are blocked.", PermissionScope, "API restrictions"},
	}
	for _, c := range cases {
		t.Run(c.reason, func(t *testing.T) {
			rep := Run(exchange(post("https://firebaseinstallations.googleapis.com/v1/projects/1/installations", `{}`, key, "Content-Type: application/json"),
				resp(403, googleKeyBody(c.reason, c.msg), "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
			f, _ := findingOf(rep, c.want)
			if !strings.Contains(f.Fix, c.fix) || !strings.Contains(f.Fix, "Not IAM") || strings.Contains(f.Fix, "add-iam-policy-binding") {
				t.Errorf("fix %q: want the key's restriction (%s), not IAM", f.Fix, c.fix)
			}
		})
	}
}

// A message naming an app restriction without an ErrorInfo reason (as the
// Speech API answers) is still the key's restriction, not IAM.
func TestGoogleKeyRestrictionFromWordsOnly(t *testing.T) {
	rep := Run(exchange(post("https://speech.googleapis.com/v1/speech:recognize?key=AIzaSyEXAMPLEEXAMPLEEXAMPLE123", `{}`, "Content-Type: application/json"),
		resp(403, `{"error":{"code":403,"message":"Requests from this ios client application <empty> are blocked.","status":"PERMISSION_DENIED"}}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
		t.Fatalf("likely %v, want %s first", rep.Likely, IPAllowlist)
	}
	if p, _ := findingOf(rep, PermissionScope); p.Status == Fail {
		t.Errorf("permission.scope fails (%s): an app restriction is not IAM", p.Title)
	}
}

// Firestore, Storage and the Realtime Database refuse by their security
// rules: the fix is the rules, not a role.
func TestFirebaseSecurityRules(t *testing.T) {
	cases := []struct{ url, body string }{
		{"https://firestore.googleapis.com/v1/projects/p/databases/(default)/documents:commit?key=AIzaSyEXAMPLEEXAMPLEEXAMPLE123", `{"error":{"code":403,"message":"Missing or insufficient permissions.","status":"PERMISSION_DENIED"}}`},
		{"https://firebasestorage.googleapis.com/v0/b/p.appspot.com/o?name=a.jpg", `{"error":{"code":403,"message":"Permission denied."}}`},
		{"https://example-db.firebaseio.com/articles.json", `{"error":"Permission denied"}`},
	}
	for _, c := range cases {
		status := 403
		if strings.Contains(c.url, "firebaseio") {
			status = 401
		}
		rep := Run(exchange(post(c.url, `{"a":1}`, "Content-Type: application/json"), resp(status, c.body, "Content-Type: application/json")))
		if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
			t.Errorf("%s: likely %v, want %s first", c.url, rep.Likely, PermissionScope)
			continue
		}
		f, _ := findingOf(rep, PermissionScope)
		if !strings.Contains(f.Fix, "security rules") || strings.Contains(f.Fix, "add-iam-policy-binding") {
			t.Errorf("%s: fix %q, want the security rules, not IAM", c.url, f.Fix)
		}
	}
}

// An App Check token is a credential: refused, it is not "none sent".
func TestFirebaseAppCheckIsACredential(t *testing.T) {
	rep := Run(exchange(post("https://us-central1-p.cloudfunctions.net/fn", `{"data":{}}`, "Content-Type: application/json", "X-Firebase-AppCheck: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJlc2lnbmF0dXJl"),
		resp(401, `{"error":{"message":"Unauthenticated","status":"UNAUTHENTICATED"}}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
		t.Fatalf("likely %v, want %s first", rep.Likely, AuthInvalid)
	}
}
