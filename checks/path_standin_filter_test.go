package checks

import "testing"

// The quick filter before the path stand-in expression never drops a
// segment the expression matches, and lets plain segments through
// without compiling it.
func TestMayHoldStandInAgreesWithPattern(t *testing.T) {
	segs := []string{"bot<token>", "{{apiKey}}", "${KEY}", "YOUR_API_KEY", "Your-Token", "key-yourtoken",
		"v1", "users", "orders", "a%3Cb", "", "with", "éclair", "{id}", "$", "<", "YOURS"}
	for _, seg := range segs {
		matches := pathStandIn().MatchString(seg)
		if matches && !mayHoldStandIn(seg) {
			t.Errorf("%q matches the stand-in pattern but the filter skips it", seg)
		}
	}
	for _, seg := range []string{"v1", "users", "orders", "api", "2024-01-01"} {
		if mayHoldStandIn(seg) {
			t.Errorf("%q: a plain segment passed the filter", seg)
		}
	}
}
