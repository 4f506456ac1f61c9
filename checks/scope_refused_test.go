package checks

import (
	"strings"
	"testing"
)

// A scope called invalid or mismatched at a resource says the token's
// scopes do not cover the call: a permission, even at 401, where the
// status alone would read a refused credential.
func TestScopeRefusedReadsAsPermission(t *testing.T) {
	zoho := "Authorization: Zoho-oauthtoken 1000.0123456789abcdef"
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		// Zoho Social's documented "Error For missing Scopes".
		{"Zoho: INVALID_OAUTHSCOPE", exchange(get("https://www.zohoapis.com/social/v2/users", zoho),
			resp(401, `{"error":{"code":401,"requestURI":"/social/v2/users","message":"INVALID_OAUTHSCOPE"}}`, "Content-Type: application/json"))},
		// HMRC's Hello User API (hmrc/self-assessment-api#800).
		{"HMRC: INVALID_SCOPE", exchange(get("https://test-api.service.hmrc.gov.uk/hello/user", "Authorization: Bearer 0123456789abcdef0123456789abcdef", "Accept: application/vnd.hmrc.1.0+json"),
			resp(401, `{"code":"INVALID_SCOPE","message":"Can not access the required resource. Ensure this token has all the required scopes."}`, "Content-Type: application/json"))},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
			t.Errorf("%s: likely %v, want permission.scope first", c.name, rep.Likely)
			continue
		}
		if g, _ := findingOf(rep, PermissionScope); !strings.Contains(strings.Join(g.Evidence, " "), "scope refused") {
			t.Errorf("%s: permission.scope evidence %q does not show the words", c.name, g.Evidence)
		}
	}
}
