package app

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// streamRun is a run in a command whose messages reach Update one at a
// time as they come (the experiments, a bisection). The run puts each on
// a channel big enough for all of them, so that it never waits for the
// UI, and wait reads the next. Every message carries the run's id: Update
// drops those of a cancelled or superseded run.
type streamRun struct {
	run    int
	cancel context.CancelFunc
	events chan tea.Msg
}

// stop cancels a run in flight; whatever it still returns is stale.
func (s *streamRun) stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.run++
	s.events = nil
}

// start begins a new run and returns its command: work runs there with a
// context that stop cancels, passes each message of the run (at most max)
// to emit, and returns the last, which ends the run.
func (s *streamRun) start(parent context.Context, max int, work func(ctx context.Context, run int, emit func(tea.Msg)) tea.Msg) tea.Cmd {
	s.stop()
	ctx, cancel := context.WithCancel(parent)
	events, run := make(chan tea.Msg, max+1), s.run
	s.cancel, s.events = cancel, events
	do := func() tea.Msg {
		events <- work(ctx, run, func(msg tea.Msg) { events <- msg })
		close(events)
		return nil
	}
	return tea.Batch(do, s.wait())
}

// wait reads the run's next message (nil once the run has ended).
func (s *streamRun) wait() tea.Cmd {
	events := s.events
	if events == nil {
		return nil
	}
	return func() tea.Msg { return <-events }
}

// done releases a run whose last message arrived.
func (s *streamRun) done() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.events = nil
}
