package experiment

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
)

// BenchmarkLabExperiments runs the experiments of every lab scenario that
// plans some and reports how long a whole run takes as a multiple of its
// slowest single variant: the median and the worst over the scenarios
// ("x-slowest-median", "x-slowest-max"). The repeat variant's deliberate
// pause is left out of the plans: it is a wait by design, not a request.
func BenchmarkLabExperiments(b *testing.B) {
	l, err := lab.Start(lab.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	type prepared struct {
		ev   checks.Evidence
		rep  checks.Report
		plan checks.Plan
	}
	var runs []prepared
	for _, s := range l.Scenarios() {
		parsed, err := curlargs.Parse(s.Args)
		if err != nil {
			b.Fatalf("%s: %v", s.Name, err)
		}
		ev := checks.Evidence{Request: parsed.Request, Exchange: probe.Send(context.Background(), parsed.Request), Now: time.Now()}
		rep := checks.Run(ev)
		plan := checks.PlanExperiments(ev, rep)
		plan.Variants = slices.DeleteFunc(plan.Variants, func(v checks.Variant) bool { return v.Pause > 0 || v.Unsafe })
		if plan.Blocked == "" && len(plan.Variants) > 0 {
			runs = append(runs, prepared{ev, rep, plan})
		}
	}
	if len(runs) == 0 {
		b.Fatal("no lab scenario plans an experiment")
	}
	// Each scenario's ratio is its median over the b.N runs: a request
	// takes well under a millisecond on loopback, so one scheduler hiccup
	// would otherwise make "the worst" a measure of noise.
	perScenario := make([][]float64, len(runs))
	b.ResetTimer()
	for range b.N {
		for i, r := range runs {
			start := time.Now()
			xs := Run(context.Background(), r.ev, r.rep, r.plan, Options{})
			total := time.Since(start)
			var slowest time.Duration
			for _, x := range xs {
				slowest = max(slowest, x.Took)
			}
			if slowest > 0 {
				perScenario[i] = append(perScenario[i], float64(total)/float64(slowest))
			}
		}
	}
	b.StopTimer()
	var ratios []float64
	for _, rs := range perScenario {
		if len(rs) > 0 {
			ratios = append(ratios, medianOf(rs))
		}
	}
	b.ReportMetric(medianOf(ratios), "x-slowest-median")
	b.ReportMetric(slices.Max(ratios), "x-slowest-max")
	b.ReportMetric(float64(len(runs)), "scenarios")
}

// medianOf sorts xs in place and returns its middle value.
func medianOf(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}
