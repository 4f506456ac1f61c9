package checks

import (
	"strings"
	"testing"
)

// An Envoy RBAC filter's "RBAC: access denied" does not say which of the
// policy's matches refused: the caller's identity, its source address
// (Istio's ipBlocks, Envoy Gateway's IP allow list), a path or a method.
// To a request that carries no credential it is a permission only as a
// guess; to one that carries a credential it stays a sure permission.
func TestRBACDenialOfAnonymousRequestIsAGuess(t *testing.T) {
	body := "RBAC: access denied"
	cases := []struct {
		name, server string
		lines        []string
		guess        bool
	}{
		// Kuma's gateway guide: MeshTrafficPermission does not allow the gateway.
		{"Kuma gateway, anonymous", "Kuma Gateway", nil, true},
		// Istio's ingress task: an ipBlocks allow list refuses the client's address.
		{"Istio ingress, anonymous", "istio-envoy", nil, true},
		{"Istio ingress, with a token", "istio-envoy", []string{"Authorization: Bearer " + "abc.def.ghi"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://gw.example.test/api", c.lines...),
				resp(403, body, "Content-Type: text/plain", "Server: "+c.server)))
			if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
				t.Fatalf("likely %v, want %s first", rep.Likely, PermissionScope)
			}
			if rep.Guess != c.guess {
				t.Fatalf("guess %v, want %v", rep.Guess, c.guess)
			}
			if ip, _ := findingOf(rep, IPAllowlist); c.guess != (ip.Status == Fail) {
				t.Errorf("address rule as a candidate: %s, want it only for an anonymous request", ip.Status)
			}
			if c.guess {
				f, _ := findingOf(rep, PermissionScope)
				if !strings.Contains(strings.Join(f.Evidence, "\n"), "source address") {
					t.Errorf("evidence does not say the policy may match the source address: %q", f.Evidence)
				}
			}
		})
	}
}
