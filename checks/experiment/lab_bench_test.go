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
	var ratios []float64
	b.ResetTimer()
	for range b.N {
		for _, r := range runs {
			start := time.Now()
			xs := Run(context.Background(), r.ev, r.rep, r.plan, Options{})
			total := time.Since(start)
			var slowest time.Duration
			for _, x := range xs {
				slowest = max(slowest, x.Took)
			}
			if slowest > 0 {
				ratios = append(ratios, float64(total)/float64(slowest))
			}
		}
	}
	b.StopTimer()
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x-slowest-median")
	b.ReportMetric(ratios[len(ratios)-1], "x-slowest-max")
	b.ReportMetric(float64(len(runs)), "scenarios")
}
