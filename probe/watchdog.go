package probe

import (
	"fmt"
	"sync"
	"time"
)

// MinBodyRate is the slowest body transfer accepted when no total limit
// (-m) is set: in every NoProgress window at least MinBodyRate bytes per
// second must arrive. A no-progress timer alone is defeated by a server
// that sends one byte just before it fires (FACTS 2.5).
const MinBodyRate = 1024

// timeoutError is the cause given to an attempt's context when one of
// probe's limits fires; the classification reads it back.
type timeoutError struct {
	msg string
	// whole: the limit covers the whole exchange (-m), so the message
	// does not say where it stalled; classify adds the phase.
	whole bool
}

func (e *timeoutError) Error() string { return e.msg }
func (e *timeoutError) Timeout() bool { return true }

// limit cancels the attempt with cause after d. stop disarms it and
// reports whether it was disarmed before firing.
func (a *attempt) limit(d time.Duration, cause error) (stop func() bool) {
	t := time.AfterFunc(d, func() { a.cancel(cause) })
	return t.Stop
}

// progress watches a byte stream (a body being sent or received). It
// cancels the attempt when no bytes move for idle, and, when minRate > 0,
// when fewer than minRate bytes per second moved during a whole window of
// length idle.
type progress struct {
	idle    time.Duration
	minRate int64
	what    string // "response body", "request body"
	cancel  func(error)

	mu      sync.Mutex
	idleT   *time.Timer
	rateT   *time.Timer
	window  int64 // bytes in the current rate window
	total   int64
	last    time.Time // last bytes moved (or the start)
	stopped bool
}

func newProgress(what string, idle time.Duration, minRate int64, cancel func(error)) *progress {
	p := &progress{idle: idle, minRate: minRate, what: what, cancel: cancel, last: time.Now()}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idleT = time.AfterFunc(idle, p.fireIdle)
	if minRate > 0 {
		p.rateT = time.AfterFunc(idle, p.fireRate)
	}
	return p
}

// add records n bytes moved; it restarts the no-progress timer.
func (p *progress) add(n int) {
	if n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.window += int64(n)
	p.total += int64(n)
	p.last = time.Now()
	p.idleT.Reset(p.idle)
}

func (p *progress) fireIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.idleLocked()
	}
}

func (p *progress) idleLocked() {
	p.stopped = true
	p.cancel(&timeoutError{msg: fmt.Sprintf("no progress: no %s bytes for %s (after %d bytes)", p.what, p.idle, p.total)})
}

func (p *progress) fireRate() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	if time.Since(p.last) >= p.idle*9/10 {
		// Both rules fire together on a stall; "no progress" says it better.
		p.idleLocked()
		return
	}
	need := int64(float64(p.minRate) * p.idle.Seconds())
	if p.window < need {
		p.stopped = true
		p.cancel(&timeoutError{msg: fmt.Sprintf(
			"too slow: only %d %s bytes in the last %s, below the minimum of %d bytes/s (after %d bytes; set a total limit -m to allow slower transfers)",
			p.window, p.what, p.idle, p.minRate, p.total)})
		return
	}
	p.window = 0
	p.rateT.Reset(p.idle)
}

// stop disarms both timers.
func (p *progress) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	p.idleT.Stop()
	if p.rateT != nil {
		p.rateT.Stop()
	}
}

// watch starts a progress watchdog for this attempt. The rate rule applies
// only when the user set no total limit, which then bounds the transfer.
func (a *attempt) watch(what string) *progress {
	var rate int64
	if a.s.to.Total == 0 {
		rate = MinBodyRate
	}
	p := newProgress(what, a.s.to.NoProgress, rate, func(err error) { a.cancel(err) })
	a.mu.Lock()
	a.flow = p
	a.mu.Unlock()
	return p
}

// stillMoving is how recently bytes must have moved for a transfer cut
// short by -m to count as under way rather than stalled: within the last
// second, or the last quarter of a shorter attempt.
func (a *attempt) stillMoving() time.Duration {
	return min(time.Second, time.Since(a.start)/4)
}

// wholeLimitWhere says where the total limit (-m) caught the attempt: a
// transfer still moving bytes was cut off, one that had stopped stalled.
func (a *attempt) wholeLimitWhere(phase string) string {
	a.mu.Lock()
	p := a.flow
	a.mu.Unlock()
	if p != nil {
		p.mu.Lock()
		what, idle, total := p.what, time.Since(p.last), p.total
		p.mu.Unlock()
		moving := phase == PhaseBody && what == "response body" || phase == PhaseWrite && what == "request body"
		if moving && total > 0 && idle < a.stillMoving() {
			return fmt.Sprintf("it was cut off %s, not stalled: bytes were still moving (%d so far)", during(phase), total)
		}
	}
	return "it stalled " + during(phase)
}

// armHeaders starts the wait for the response head, once the request is
// written; nothing happens if the head already arrived (an early answer).
func (a *attempt) armHeaders() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.headersDone || a.headersStop != nil {
		return
	}
	if a.phase == PhaseWrite {
		a.phase = PhaseHeaders
	}
	a.headersStop = a.limit(a.s.to.Headers, &timeoutError{msg: fmt.Sprintf(
		"no response headers within %s after the request was written", a.s.to.Headers)})
}

// headersArrived stops the header timer; the body phase begins.
func (a *attempt) headersArrived() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.headersDone = true
	a.phase = PhaseBody
	if a.headersStop != nil {
		a.headersStop()
	}
}

func (a *attempt) gotHeaders() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.headersDone
}
