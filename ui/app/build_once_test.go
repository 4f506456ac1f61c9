package app

import (
	"testing"

	"github.com/why403/why403/probe"
)

// A keystroke in a field builds the request once: validation, the
// preflight checks and the Token tab share it.
func TestKeystrokeBuildsTheRequestOnce(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	m := testModel(t, &r, 120, 40)
	before := m.req.builds
	m = typeText(t, m, "x")
	if n := m.req.builds - before; n != 1 {
		t.Errorf("one keystroke built the request %d times, want 1", n)
	}
}
