package cli

import (
	"strings"
	"testing"
)

// A curl -v transcript records the server's Date but not the local clock:
// the report judges the token against the Date and claims nothing about
// "your clock", which clock.skew says was not recorded.
func TestExplainClaimsNothingAboutAnUnrecordedClock(t *testing.T) {
	code, out, errOut := run(t, "explain", explainFile("curl-v-expired-jwt.txt"))
	if code != ExitRefused || errOut != "" {
		t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errOut)
	}
	if !strings.Contains(out, "Token expired 1h ago") || !strings.Contains(out, "The local time of the exchange was not recorded") {
		t.Fatalf("the report lost the expiry or the clock.skew skip:\n%s", out)
	}
	for _, claim := range []string{"your clock is off", "by your clock it is still valid"} {
		if strings.Contains(out, claim) {
			t.Errorf("the report claims %q, though the local time was not recorded:\n%s", claim, out)
		}
	}
}
