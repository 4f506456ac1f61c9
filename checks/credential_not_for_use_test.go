package checks

import (
	"strings"
	"testing"
)

// Words that say the credential may not be used for this (a token granted
// for another service, a key refused for an action) name a permission of
// a credential that is otherwise good, even inside invalid_token at 401.
func TestCredentialNotForThisUse(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		// YouTrack (JetBrains/YouTrackSharp#116): a token with the YouTrack scope only.
		{"YouTrack: granted for another service", exchange(get("https://example.myjetbrains.com/youtrack/api/admin/projects", "Authorization: Bearer perm:abcdefgh"),
			resp(401, `{"error":"invalid_token","error_code":401,"error_description":"Token is granted for [YouTrack] and can't be used for 0-0-0-0-0"}`, "Content-Type: application/json"))},
		// A Django REST API refusing an API key for key management (JWT only).
		{"API key cannot be used for this action", exchange(get("https://api.example.com/api/keys/", "X-Api-Key: 0123456789abcdef0123"),
			resp(403, `{"error":"Use JWT to manage API keys; API key cannot be used for this action."}`, "Content-Type: application/json"))},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
			t.Errorf("%s: likely %v, want permission.scope first", c.name, rep.Likely)
		}
		// The words that decided are shown, not only the status's default.
		if g, _ := findingOf(rep, PermissionScope); !strings.Contains(strings.Join(g.Evidence, " "), "credential not for this use") {
			t.Errorf("%s: permission.scope evidence %q does not show the words", c.name, g.Evidence)
		}
	}
	// A time is the credential's lifetime, not a use.
	rep := Run(exchange(get("https://api.example.com/", "Authorization: Bearer opaque0token0value0123"),
		resp(401, `{"error":"invalid_token","error_description":"This token cannot be used again"}`, "Content-Type: application/json")))
	if len(rep.Likely) > 0 && rep.Likely[0] == PermissionScope {
		t.Errorf("a token that cannot be used again: likely %v, want no permission first", rep.Likely)
	}
}
