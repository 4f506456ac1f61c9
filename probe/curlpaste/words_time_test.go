package curlpaste

import (
	"strings"
	"testing"
	"time"
)

// Words reads the largest paste the app takes (1 MiB) quickly whatever
// it holds, in the shapes a reader could loop over again: [ and { looking
// ahead for their closing bracket (the mvdan.cc/sh reading searched the
// rest of the word for a ] after every [ and took 19 s on 1 MiB of them,
// and longer on {), open expansions, continuations, history marks.
// Words takes under 0.1 s on each; the bound leaves room for a loaded
// machine and the race detector.
func TestWordsLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1 MiB pastes")
	}
	const size = 1 << 20
	for _, p := range []string{"[", "{", "{a,", "{1..", "[a", "$(", "\\\n", "a!", "a\\"} {
		cmd := "curl " + strings.Repeat(p, size/len(p))
		start := time.Now()
		_, _ = Words(cmd)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%d bytes of %q took %v", len(cmd), p, d)
		}
	}
}
