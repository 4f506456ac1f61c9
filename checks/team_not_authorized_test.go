package checks

import (
	"strings"
	"testing"
)

// A team or workspace the credential was not granted is a permission of a
// token that is good elsewhere, even at 401.
func TestTeamNotAuthorizedReadsAsPermission(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
		// sure: Slack documents this code (errorcodes.go), so the
		// server's own code names the cause; ClickUp's words alone do not.
		sure bool
	}{
		// ClickUp's OAUTH_023 (n8n-io/n8n#28584).
		{"ClickUp: Team(s) not authorized", exchange(get("https://api.clickup.com/api/v2/task/abc123", "Authorization: Bearer opaque0token0value0123"),
			resp(401, `{ "err": "Team(s) not authorized", "ECODE": "OAUTH_023" }`, "Content-Type: application/json")), false},
		// Slack's documented team_access_not_granted.
		{"Slack: team_access_not_granted", exchange(get("https://slack.com/api/conversations.list", "Authorization: Bearer xoxp-0123456789-abcdef"),
			resp(200, `{"ok":false,"error":"team_access_not_granted"}`, "Content-Type: application/json")), true},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
			t.Errorf("%s: likely %v, want permission.scope first", c.name, rep.Likely)
			continue
		}
		if g, _ := findingOf(rep, PermissionScope); !strings.Contains(strings.Join(g.Evidence, " "), "team not authorized") {
			t.Errorf("%s: permission.scope evidence %q does not show the words", c.name, g.Evidence)
		}
		if rep.Guess == c.sure {
			t.Errorf("%s: guess %v, want sure %v", c.name, rep.Guess, c.sure)
		}
	}
}
