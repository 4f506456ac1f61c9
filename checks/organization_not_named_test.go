package checks

import (
	"strings"
	"testing"
)

// A multi-tenant API that was not told which organisation the credential
// acts for says so; the part of the credential that names it is missing.
func TestOrganizationNotNamedReadsAsMissing(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		// JumpCloud without its x-org-id header (jumpcloud-no-organization-selected-401).
		{"JumpCloud: no organization selected", exchange(get("https://console.jumpcloud.com/api/systemusers", "x-api-key: 0123456789abcdef0123456789abcdef"),
			resp(401, `{"message":"Unauthorized: no organization selected"}`, "Content-Type: application/json"))},
		// Open Horizon's exchange without the org/ prefix (open-horizon/exchange-api#634).
		{"Open Horizon: no org specified", exchange(post("https://exchange.example.com/v1/orgs/myorg/services", `{}`, "Authorization: Basic dXNlcjpwYXNz", "Content-Type: application/json"),
			resp(401, "No org was specified at the beginning of the request credentials", "Content-Type: text/plain"))},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
			t.Errorf("%s: likely %v, want auth.missing first", c.name, rep.Likely)
			continue
		}
		if g, _ := findingOf(rep, AuthMissing); !strings.Contains(strings.Join(g.Evidence, " "), "organization not named") {
			t.Errorf("%s: auth.missing evidence %q does not show the words", c.name, g.Evidence)
		}
		if !rep.Guess {
			t.Errorf("%s: sure of %v, want a guess (words alone)", c.name, rep.Likely)
		}
	}
	// An organisation named and refused is not one left out.
	rep := Run(exchange(get("https://api.example.com/v1/items", "x-api-key: 0123456789abcdef0123456789abcdef"),
		resp(401, `{"message":"The organization provided is not valid"}`, "Content-Type: application/json")))
	if g, _ := findingOf(rep, AuthMissing); strings.Contains(strings.Join(g.Evidence, " "), "organization not named") {
		t.Errorf("a refused organisation read as none named: %q", g.Evidence)
	}
}
