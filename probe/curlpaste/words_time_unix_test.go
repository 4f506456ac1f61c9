//go:build unix

package curlpaste

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// Words reads the largest paste the app takes (1 MiB) quickly whatever
// it holds, in the shapes a reader could loop over again: [ and { looking
// ahead for their closing bracket (the mvdan.cc/sh reading searched the
// rest of the word for a ] after every [ and took 19 s on 1 MiB of them,
// and longer on {), open expansions, continuations, history marks.
// Words takes under 0.1 s of CPU on each. The bound is on CPU time, not
// on the clock: a loaded machine slows the clock ten times over.
func TestWordsLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1 MiB pastes")
	}
	const size = 1 << 20
	for _, p := range []string{"[", "{", "{a,", "{1..", "[a", "$(", "\\\n", "a!", "a\\"} {
		cmd := "curl " + strings.Repeat(p, size/len(p))
		start := cpuTime(t)
		_, _ = Words(cmd)
		if d := cpuTime(t) - start; d > 5*time.Second {
			t.Errorf("%d bytes of %q took %v of CPU", len(cmd), p, d)
		}
	}
}

// cpuTime is the CPU time the test process has used.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
