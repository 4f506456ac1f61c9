package checks

import (
	"strings"
	"testing"
)

// A plain 401 to an opaque credential says nothing of its lifetime, and
// neither does the request: the finding must not call it unexpired. A
// JWT's exp is read, and there it may.
func TestOpaque401DoesNotClaimUnexpired(t *testing.T) {
	rep := Run(exchange(get("https://keycloak.example.com/admin/realms/myrealm/users", "Authorization: Bearer opaque0token0value0123"),
		resp(401, `{"error":"HTTP 401 Unauthorized"}`, "Content-Type: application/json")))
	g, _ := findingOf(rep, AuthInvalid)
	if g.Status != Fail || strings.Contains(g.Title, "unexpired") || !strings.Contains(g.Title, "cannot be read") {
		t.Errorf("opaque token: %s %q, want a fail that does not claim it unexpired", g.Status, g.Title)
	}
	rep = Run(exchange(get("https://api.example.com/v1/orders", "Authorization: Bearer "+validJWT(t, nil)), resp(401, `{"message":"Unauthorized"}`)))
	if g, _ := findingOf(rep, AuthInvalid); !strings.Contains(g.Title, "unexpired") {
		t.Errorf("JWT: %q, want the read exp to say unexpired", g.Title)
	}
}
