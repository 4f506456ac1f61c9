package experiment

import (
	"context"
	"testing"
	"time"
)

// BenchmarkExperiments runs a plan of 8 variants against a loopback server
// whose handler takes a fixed 5 ms, and reports the whole run's time as a
// multiple of the slowest single variant ("x-slowest"). With two in flight,
// 8 variants take about 4× the slowest; the 1.5× bound holds only
// for plans of up to 2 or 3 variants.
func BenchmarkExperiments(b *testing.B) {
	c := newCounter(b, 5*time.Millisecond, refuse(403))
	ev, rep := baseOf(b, request(c.srv.URL+"/base"))
	p := getVariants(c.srv.URL, 8)
	var total, slowestSum time.Duration
	b.ResetTimer()
	for range b.N {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		xs := Run(ctx, ev, rep, p, Options{Deadline: 5 * time.Second})
		el := time.Since(start)
		cancel()
		var slowest time.Duration
		for _, x := range xs {
			if !x.Sent || x.Status != 403 {
				b.Fatalf("variant %s: sent %v status %d %s", x.Name, x.Sent, x.Status, x.NotSent)
			}
			slowest = max(slowest, x.Took)
		}
		total += el
		slowestSum += slowest
	}
	b.StopTimer()
	if slowestSum > 0 {
		b.ReportMetric(float64(total)/float64(slowestSum), "x-slowest")
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/run")
}
