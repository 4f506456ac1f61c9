package checks

import (
	"strings"
	"testing"
)

// "Key not found" said to a request that carried a key is a lookup that
// found no match (an unknown credential), not a credential left out; to a
// request without one it still says none arrived.
func TestCredentialNotFoundIsALookup(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		// CoinGate (coingate-api-bad-credentials-401).
		{"CoinGate: not found App by Access-Key", exchange(get("https://api.coingate.com/v2/orders", "Authorization: Bearer opaque0token0value0123"),
			resp(401, `{"message":"Not found App by Access-Key","reason":"BadCredentials"}`, "Content-Type: application/json"))},
		// EPA's CTX APIs for a wrong key (USEPA/ctxR#32).
		{"CTX: API Key Not Found", exchange(get("https://api-ccte.epa.gov/hazard/genetox/summary/search/by-dtxsid/DTXSID7020182", "x-api-key: wrong0key0value0123456"),
			resp(401, `{"title":"API Key Not Found","detail":"Please contact API admin for requesting a valid API key. Key wrong_key not found."}`, "Content-Type: application/json"))},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
			t.Errorf("%s: likely %v, want auth.invalid first", c.name, rep.Likely)
		}
		if g, _ := findingOf(rep, AuthMissing); g.Status == Fail && strings.Contains(strings.Join(g.Evidence, " "), "missing credential") {
			t.Errorf("%s: the lookup read as a credential left out: %q", c.name, g.Evidence)
		}
	}
	rep := Run(exchange(get("https://api.example.com/v1/items"),
		resp(401, `{"title":"API Key Not Found"}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Errorf("no key sent: likely %v, want auth.missing first", rep.Likely)
	}
}
