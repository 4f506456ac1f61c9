package checks

import (
	"strings"
	"testing"
)

// Codes of two vendors that fold alike (AWS's ExpiredToken and OAuth's
// expired_token, AWS's SlowDown and OAuth's slow_down) are quoted with
// the documentation of the vendor whose spelling the server used: an
// OAuth device flow's slow_down is not "AWS error code".
func TestCodeQuotedWithItsOwnSpelling(t *testing.T) {
	for _, c := range []struct{ body, group, meaning string }{
		{`{"error":"slow_down"}`, "OAuth 2.0", "poll the token endpoint"},
		{`{"error":"expired_token"}`, "OAuth 2.0", "device code"},
		{`{"error":"access_denied"}`, "OAuth 2.0", "resource owner"},
		{`<Error><Code>SlowDown</Code></Error>`, "AWS", "reduce the request rate"},
		{`{"__type":"ExpiredToken"}`, "AWS", "security token"},
	} {
		ex := exchange(post("https://auth.example.com/oauth/token", "grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=x", "Content-Type: application/x-www-form-urlencoded"),
			resp(400, c.body, "Content-Type: application/json"))
		code, ok := documentedCode(newFacts(ex))
		if !ok {
			t.Errorf("%s: no code read", c.body)
			continue
		}
		if ev := code.evidence(); !strings.HasPrefix(ev, c.group) || !strings.Contains(ev, c.meaning) {
			t.Errorf("%s: evidence %q; want %s's meaning %q", c.body, ev, c.group, c.meaning)
		}
	}
}
