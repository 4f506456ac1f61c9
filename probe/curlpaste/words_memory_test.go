package curlpaste

import (
	"runtime"
	"strings"
	"testing"
)

// A paste as large as the app takes (1 MiB) of tiny words or lines is
// refused by name with bounded memory: it allocated 250-450 MB while the
// token list grew by copying, and took 1.6 s of CPU.
func TestWordsBoundedMemoryOnManyWords(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1 MiB pastes")
	}
	for _, p := range []string{"a ", "a\n", "-H a ", "'a' ", "a;"} {
		cmd := "curl " + strings.Repeat(p, (1<<20)/len(p))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Words(cmd)
		runtime.ReadMemStats(&after)
		if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 40 {
			t.Errorf("%q: reading 1 MiB allocated %d MB", p, mb)
		}
		if err == nil || !strings.Contains(err.Error(), "not one curl command") {
			t.Errorf("%q: error %v, want the paste refused as too many words", p, err)
		}
	}
}

// A long but real command keeps working under the cap.
func TestWordsManyHeadersUnderCap(t *testing.T) {
	cmd := "curl https://api.example.test/" + strings.Repeat(" -H 'X-A: b'", 5000)
	words, err := Words(cmd)
	if err != nil || len(words) != 10002 {
		t.Fatalf("got %d words, %v", len(words), err)
	}
}
