package transcript

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// chainHAR is a HAR of n entries, each a 302 to the next but the last, a
// 403: one redirect chain n-1 hops long.
func chainHAR(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		url := fmt.Sprintf("https://api.example.com/v1/items/%d", i)
		status, loc := 403, ""
		if i < n-1 {
			status, loc = 302, fmt.Sprintf("https://api.example.com/v1/items/%d", i+1)
		}
		fmt.Fprintf(&b, `{"startedDateTime":"2025-03-14T16:05:14.123Z","request":{"method":"GET","url":%q,"httpVersion":"HTTP/1.1","headers":[{"name":"Accept","value":"*/*"}]},"response":{"status":%d,"statusText":"","httpVersion":"HTTP/1.1","headers":[{"name":"Location","value":%q}],"content":{"size":0,"mimeType":""},"redirectURL":%q}}`,
			url, status, loc, loc)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// Reading a redirect chain costs memory in proportion to its length: each
// entry once got its own copy of every hop before it, so 2,000 hops took
// 664 MB and the 64 MiB input cap allowed 100,000.
func TestHARRedirectChainLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		data := chainHAR(n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		c, err := Parse(data, Limits{})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Entries) != n || len(c.Entries[n-1].Exchange.Hops) == 0 {
			t.Fatalf("%d entries, the last with %d hops", len(c.Entries), len(c.Entries[n-1].Exchange.Hops))
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(500), alloc(1000)
	t.Logf("500 hops allocate %d KiB, 1,000 hops %d KiB", small>>10, large>>10)
	// Twice the entries: about twice the memory, not four times.
	if ratio := float64(large) / float64(small); ratio > 2.6 {
		t.Errorf("500 hops allocate %d KiB, 1,000 hops %d KiB: %.1f×, want about 2×", small>>10, large>>10, ratio)
	}
}

// An entry at the end of a chain longer than a browser follows keeps the
// last maxHARChain hops, in order, and says the chain was longer.
func TestHARRedirectChainCapped(t *testing.T) {
	const n = maxHARChain + 15
	c, err := Parse(chainHAR(n), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	last := c.Entries[n-1]
	hops := last.Exchange.Hops
	if len(hops) != maxHARChain {
		t.Fatalf("%d hops, want %d", len(hops), maxHARChain)
	}
	for i, h := range hops {
		want := fmt.Sprintf("https://api.example.com/v1/items/%d", n-1-maxHARChain+i)
		if h.Request.FullURL != want || h.Status != 302 {
			t.Errorf("hop %d: %d %s, want 302 %s", i, h.Status, h.Request.FullURL, want)
		}
	}
	note := strings.Join(last.Notes, "\n")
	if !strings.Contains(note, fmt.Sprintf("%d redirects", n-1)) {
		t.Errorf("no note of the chain's length: %q", last.Notes)
	}
	// An entry within the limit has its whole chain and no note.
	e := c.Entries[maxHARChain]
	if len(e.Exchange.Hops) != maxHARChain || e.Exchange.Hops[0].Request.FullURL != "https://api.example.com/v1/items/0" || len(e.Notes) != 0 {
		t.Errorf("entry %d: %d hops from %s, notes %q", e.Index, len(e.Exchange.Hops), e.Exchange.Hops[0].Request.FullURL, e.Notes)
	}
}
