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
		// Upbit documents out_of_scope as a key without the permission
		// group; Bithumb sends the same code (bithumb-jwt-key-out-of-scope).
		{"Upbit: out_of_scope", exchange(get("https://api.upbit.com/v1/accounts", "Authorization: Bearer opaque0token0value0123"),
			resp(401, `{"error":{"message":"권한이 부족합니다.","name":"out_of_scope"}}`, "Content-Type: application/json"))},
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
