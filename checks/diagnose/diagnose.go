// Package diagnose is the one path from a request to a verdict: send it,
// judge the exchange, plan the experiments that can tell the candidate
// causes apart, send them and judge again. Every mode (check, demo,
// explain, the app, and what builds on them) goes through here, so that
// they cannot judge the same exchange differently.
package diagnose

import (
	"context"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/experiment"
	"github.com/why403/why403/probe"
)

// Experiments says which variants may be sent after a refusal.
type Experiments int

const (
	// ExperimentsOff sends nothing but the request itself.
	ExperimentsOff Experiments = iota
	// ExperimentsSafe re-sends only GET, HEAD and OPTIONS.
	ExperimentsSafe
	// ExperimentsAll also re-sends other methods: the user's consent.
	ExperimentsAll
)

// NoVariants is why no experiment was sent when the plan found none that
// could tell the candidates apart.
const NoVariants = "none would tell the candidates apart"

// Options steer a diagnosis. The zero value sends with probe.Send, reads
// the local clock and sends no experiment.
type Options struct {
	// Send sends one request; probe.Send when nil.
	Send func(context.Context, probe.Request) probe.Exchange
	// Now is the local clock; time.Now when nil.
	Now func() time.Time
	// Experiments says which variants may be sent after a refusal.
	Experiments Experiments
	// Deadline bounds the experiments; experiment.DefaultDeadline when zero.
	Deadline time.Duration
	// OnExperiments is called once before the variants go out, with how
	// many there are (for progress).
	OnExperiments func(n int)
	// OnExperiment is called as each variant's result is known, in no
	// particular order, never twice at the same time.
	OnExperiment func(index int, x checks.Experiment)
}

// Result is one diagnosis: the evidence, its judgement and the experiments.
type Result struct {
	Evidence checks.Evidence
	Report   checks.Report
	// Plan is the experiments chosen, once planned.
	Plan checks.Plan
	// Skipped says why no experiment was sent; "" when some were, or when
	// none were planned.
	Skipped string
}

// Run sends the request, judges the answer and, unless the options turn
// them off, sends the experiments and judges again.
func Run(ctx context.Context, req probe.Request, opt Options) Result {
	r := Send(ctx, req, opt)
	if opt.Experiments == ExperimentsOff {
		return r
	}
	return Experiment(ctx, r, opt)
}

// Send sends the request once and judges the exchange.
func Send(ctx context.Context, req probe.Request, opt Options) Result {
	send, now := opt.Send, opt.Now
	if send == nil {
		send = probe.Send
	}
	if now == nil {
		now = time.Now
	}
	at := now()
	ex := send(ctx, req)
	return Judge(checks.Evidence{Request: req, Exchange: ex, Now: at})
}

// Judge judges evidence already at hand: a recorded exchange, or a send
// with some of its experiments back.
func Judge(ev checks.Evidence) Result {
	return Result{Evidence: ev, Report: checks.Run(ev)}
}

// Plan chooses the experiments for a judged exchange; Skipped says why
// none may be sent.
func Plan(r Result) Result {
	r.Plan = checks.PlanExperiments(r.Evidence, r.Report)
	r.Skipped = r.Plan.Blocked
	if r.Skipped == "" && len(r.Plan.Variants) == 0 {
		r.Skipped = NoVariants
	}
	return r
}

// Experiment plans the experiments and sends them (RunPlan).
func Experiment(ctx context.Context, r Result, opt Options) Result {
	r = Plan(r)
	if r.Skipped != "" {
		return r
	}
	return RunPlan(ctx, r, opt)
}

// RunPlan sends the planned variants (the unsafe ones only with
// ExperimentsAll) and judges the exchange again with their conclusions.
func RunPlan(ctx context.Context, r Result, opt Options) Result {
	if len(r.Plan.Variants) == 0 || opt.Experiments == ExperimentsOff {
		return r
	}
	if opt.OnExperiments != nil {
		opt.OnExperiments(len(r.Plan.Variants))
	}
	ev := r.Evidence
	ev.Experiments = experiment.Run(ctx, ev, r.Report, r.Plan, experiment.Options{
		AllowUnsafe: opt.Experiments == ExperimentsAll,
		Send:        opt.Send,
		Deadline:    opt.Deadline,
		OnResult:    opt.OnExperiment,
	})
	r.Evidence = ev
	r.Report = checks.Run(ev)
	return r
}
