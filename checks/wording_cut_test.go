package checks

import (
	"strings"
	"testing"
)

// A JSON error that a client library cut short ("(truncated...)") still
// carries the server's words: they decide as in a whole document.
func TestCutShortJSONStillSpeaks(t *testing.T) {
	cases := []struct {
		vendor, url, body string
		req               func(url string) Evidence
		cause, words      string
	}{
		{"TikTok", "https://open.tiktokapis.com/v2/user/info/",
			`{"error":{"code":"scope_not_authorized","message":"The user did not authorize the scope required for completing this req`,
			func(u string) Evidence {
				return exchange(get(u, "Authorization: Bearer act.example0token0value"), nil)
			}, PermissionScope, "scope"},
		{"Entra ID", "https://login.microsoftonline.com/common/oauth2/v2.0/token",
			`{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being se`,
			func(u string) Evidence {
				return exchange(post(u, "grant_type=client_credentials&client_id=abc&client_secret=s3cr3tvalue0",
					"Content-Type: application/x-www-form-urlencoded"), nil)
			}, AuthInvalid, "secret"},
	}
	for _, c := range cases {
		ev := c.req(c.url)
		ev.Exchange.Response = resp(401, c.body, "Content-Type: application/json")
		rep := Run(ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != c.cause {
			t.Errorf("%s: likely %v, want %s first", c.vendor, rep.Likely, c.cause)
			continue
		}
		f, _ := findingOf(rep, c.cause)
		if ev := strings.Join(f.Evidence, "\n"); !strings.Contains(ev, "decided by") || !strings.Contains(ev, c.words) {
			t.Errorf("%s: evidence does not show the server's words: %q", c.vendor, f.Evidence)
		}
	}
}
