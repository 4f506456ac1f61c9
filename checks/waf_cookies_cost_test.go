package checks

import (
	"fmt"
	"testing"

	"github.com/why403/why403/probe"
)

// A response may carry hundreds of thousands of Set-Cookie headers (Go
// accepts up to 10 MiB of them): the WAF cookie markers cut them once,
// not again for every vendor's cookie prefix, which made a 403 with
// 20 000 cookies allocate 480 000 times.
func TestWAFCookieMarkersSplitCookiesOnce(t *testing.T) {
	const n = 20000
	r := resp(403, "denied", "Content-Type: text/plain")
	for i := range n {
		r.Headers = append(r.Headers, probe.Header{Name: "Set-Cookie", Value: fmt.Sprintf("a%d=b, c=d", i)})
	}
	f := newFacts(exchange(get("https://api.example.com/x"), r))
	allocs := testing.AllocsPerRun(2, func() { wafVendorMarker(f) })
	if allocs > 5*n {
		t.Errorf("%.0f allocations for %d Set-Cookie headers; want at most %d", allocs, n, 5*n)
	}
	r.Headers = append(r.Headers, probe.Header{Name: "Set-Cookie", Value: "x=1, __ddg3=abc; Path=/"})
	if m := wafVendorMarker(newFacts(exchange(get("https://api.example.com/x"), r))); m.name == "" {
		t.Errorf("the DDoS-Guard cookie among them was not recognised")
	}
}
