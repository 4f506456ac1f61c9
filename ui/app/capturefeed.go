package app

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// CaptureFeed carries judged exchanges from the capture proxy to the
// list. Push never blocks: the proxy's judge hands each exchange over and
// goes on; what the list has not taken waits here, up to a limit, past
// which exchanges are counted, not kept. The list takes everything that
// waits at once, at most captureTick apart, so a burst costs it one
// frame, not one per exchange.
type CaptureFeed struct {
	mu      sync.Mutex
	pending []CaptureItem
	limit   int
	dropped int // pushed while pending was full
	skipped int // forwarded, not judged (Skip)
	wake    chan struct{}
}

// captureTick is the shortest time between two batches the list takes.
const captureTick = 30 * time.Millisecond

// NewCaptureFeed holds up to limit exchanges the list has not taken.
func NewCaptureFeed(limit int) *CaptureFeed {
	return &CaptureFeed{limit: max(1, limit), wake: make(chan struct{}, 1)}
}

// Push hands an exchange to the list without waiting.
func (f *CaptureFeed) Push(it CaptureItem) { f.add(it, false) }

// Skip hands over an exchange that was forwarded but not judged (the
// judge fell behind): it is counted, and shown as not judged (it.Judge
// judges it when opened) if the feed has room.
func (f *CaptureFeed) Skip(it CaptureItem) { f.add(it, true) }

// add queues it if the feed has room and counts it dropped otherwise,
// never waiting for the list.
func (f *CaptureFeed) add(it CaptureItem, skipped bool) {
	f.mu.Lock()
	if skipped {
		f.skipped++
	}
	if len(f.pending) < f.limit {
		f.pending = append(f.pending, it)
	} else {
		f.dropped++
	}
	f.mu.Unlock()
	f.signal()
}

func (f *CaptureFeed) signal() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// take empties the feed.
func (f *CaptureFeed) take() captureBatchMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := captureBatchMsg{items: f.pending, dropped: f.dropped, skipped: f.skipped}
	f.pending, f.dropped, f.skipped = nil, 0, 0
	return b
}

// captureBatchMsg is what waited in the feed: exchanges in the order they
// were pushed, and the counts of those not shown and not judged.
type captureBatchMsg struct {
	items            []CaptureItem
	dropped, skipped int
}

// next waits for the feed, then a tick for the rest of a burst, and
// takes what waits; nil once ctx ends.
func (f *CaptureFeed) next(ctx context.Context) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-f.wake:
		case <-ctx.Done():
			return nil
		}
		t := time.NewTimer(captureTick)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil
		}
		return f.take()
	}
}
