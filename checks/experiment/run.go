// Package experiment sends the variants checks.PlanExperiments chose,
// politely: each once, at most two at a time, under one deadline, and it
// stops as soon as the server starts limiting. It is the only part of
// the diagnosis, besides the first send, that touches the network.
package experiment

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// InFlight is how many variants may be on the wire at once.
const InFlight = 2

// DefaultDeadline bounds a whole run when Options.Deadline is zero.
const DefaultDeadline = 20 * time.Second

// Options steer a run.
type Options struct {
	// AllowUnsafe is the user's consent to send a method other than GET,
	// HEAD or OPTIONS again (--experiments=all, or a confirmation).
	AllowUnsafe bool
	// Send sends one request; probe.Send when nil (tests count requests
	// at a real server instead of replacing this).
	Send func(context.Context, probe.Request) probe.Exchange
	// Deadline bounds the whole run; DefaultDeadline when zero.
	Deadline time.Duration
	// OnResult is called once per variant as its result is known, in no
	// particular order, never twice at the same time.
	OnResult func(index int, x checks.Experiment)
}

// Run sends the plan's variants and concludes each against base, which
// was judged as baseReport. The
// results are in plan order; a variant that was not sent says why.
func Run(ctx context.Context, base checks.Evidence, baseReport checks.Report, plan checks.Plan, opt Options) []checks.Experiment {
	send := opt.Send
	if send == nil {
		send = probe.Send
	}
	deadline := opt.Deadline
	if deadline <= 0 {
		deadline = DefaultDeadline
	}
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()

	results := make([]checks.Experiment, len(plan.Variants))
	var mu sync.Mutex
	stopped := "" // why the rest is not sent, once the server pushed back
	report := func(i int, x checks.Experiment) {
		// called with mu held
		results[i] = x
		if opt.OnResult != nil {
			opt.OnResult(i, x)
		}
	}
	notSent := func(v checks.Variant, why string) checks.Experiment {
		return checks.Experiment{Name: v.Name, Change: v.Change, Method: v.Request.Method, URL: v.Request.URL, NotSent: why}
	}

	// A slot is held only while a request is on the wire; the repeat
	// variant waits its pause outside, so the others go on meanwhile. The
	// other variants take their slots in plan order, most telling first.
	// Unsafe variants (consented) go one at a time, so that the first that
	// succeeds stops the rest before another is on the wire.
	sem := make(chan struct{}, InFlight)
	unsafeSem := make(chan struct{}, 1)
	ended := func() string {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "the experiments' deadline passed"
		}
		return "cancelled"
	}
	acquire := func(c chan struct{}) bool {
		select {
		case c <- struct{}{}:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// waiting counts the variants that may still be sent and have not yet
	// passed the stop check: the stop rule is for them alone, and reading
	// an answer for it costs a judgement, so it is skipped once none waits.
	// The last variant to send, when it has no pause, is sent from Run's
	// own goroutine: Run would only wait for it, and handing it to another
	// goroutine costs a wake-up that, on a busy machine, is a sizeable
	// part of a loopback request.
	waiting, inline := 0, -1
	for i, v := range plan.Variants {
		if !v.Unsafe || opt.AllowUnsafe {
			waiting++
			inline = i
		}
	}
	if inline >= 0 && plan.Variants[inline].Pause > 0 {
		inline = -1
	}
	var wg sync.WaitGroup
	sendOne := func(i int, v checks.Variant) {
		defer wg.Done()
		// The slots are given back as soon as the stop rule has read the
		// answer, before the answer is judged: the next variant goes on
		// the wire meanwhile, and never before the stop rule has spoken.
		slots := []chan struct{}{sem}
		release := func() {
			for _, c := range slots {
				<-c
			}
			slots = nil
		}
		defer func() { release() }()
		if v.Unsafe {
			if !acquire(unsafeSem) {
				mu.Lock()
				waiting--
				report(i, notSent(v, ended()))
				mu.Unlock()
				return
			}
			slots = append(slots, unsafeSem)
		}
		mu.Lock()
		waiting--
		why := stopped
		if why != "" {
			report(i, notSent(v, why))
		}
		mu.Unlock()
		if why != "" {
			return
		}
		ex := send(ctx, v.Request)
		mu.Lock()
		more := waiting > 0 && stopped == ""
		mu.Unlock()
		if more {
			why = pushedBack(base, v, ex)
		}
		if why == "" && v.Unsafe && ex.Response != nil && ex.Response.Status > 0 && ex.Response.Status < 400 {
			why = fmt.Sprintf("a re-sent %s succeeded (%d): nothing more is sent", v.Request.Method, ex.Response.Status)
		}
		mu.Lock()
		if why != "" && stopped == "" {
			stopped = why
		}
		mu.Unlock()
		release()
		x := checks.Conclude(base, baseReport, v, ex)
		mu.Lock()
		report(i, x)
		mu.Unlock()
	}
	for i, v := range plan.Variants {
		if v.Unsafe && !opt.AllowUnsafe {
			mu.Lock()
			report(i, notSent(v, fmt.Sprintf("%s is re-sent only with consent (--experiments=all, or confirm in the TUI)", v.Request.Method)))
			mu.Unlock()
			continue
		}
		wg.Add(1)
		if v.Pause > 0 {
			go func() {
				t := time.NewTimer(v.Pause)
				defer t.Stop()
				select {
				case <-t.C:
				case <-ctx.Done():
				}
				if ctx.Err() != nil || !acquire(sem) {
					mu.Lock()
					report(i, notSent(v, ended()+" during the pause"))
					mu.Unlock()
					wg.Done()
					return
				}
				sendOne(i, v)
			}()
			continue
		}
		if !acquire(sem) {
			mu.Lock()
			report(i, notSent(v, ended()))
			mu.Unlock()
			wg.Done()
			continue
		}
		if i == inline {
			sendOne(i, v)
			continue
		}
		go sendOne(i, v)
	}
	wg.Wait()
	return results
}

// pushedBack says why a variant's answer ends the run: the server began
// rate limiting (any form checks.ResendBlocked knows, a 403 with
// X-RateLimit-Remaining: 0 included) or failing.
func pushedBack(base checks.Evidence, v checks.Variant, ex probe.Exchange) string {
	if ex.Response == nil {
		if ex.Err != nil && ex.Err.Phase != probe.PhaseCancel {
			return "a variant got no answer (" + ex.Err.Message + "): nothing more is sent"
		}
		return ""
	}
	if ex.Response.Status == 503 {
		return "the server answered 503: nothing more is sent"
	}
	if why := checks.ResendBlocked(checks.Evidence{Request: v.Request, Exchange: ex, Now: base.Now}); why != "" {
		return "a variant's answer: " + why
	}
	return ""
}
