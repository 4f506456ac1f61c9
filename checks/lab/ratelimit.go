package lab

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// quota is a rate-limit policy: Limit requests per Window, as a token
// bucket that holds at most Limit tokens and refills over Window.
type quota struct {
	Name   string
	Limit  int
	Window time.Duration
	// Spent makes every client start with its bucket empty, as if it had
	// used up its quota just before the lab started: the first request of
	// a scenario is then already limited.
	Spent bool
}

// maxClients bounds the per-client map; the lab only sees loopback
// clients, so this is a guard, not a policy.
const maxClients = 4096

// buckets is one token bucket per client address under one quota.
type buckets struct {
	quota quota
	mu    sync.Mutex
	by    map[string]*rate.Limiter
}

func newBuckets(q quota) *buckets {
	return &buckets{quota: q, by: map[string]*rate.Limiter{}}
}

// decision is the outcome of taking one token.
type decision struct {
	Allowed   bool
	Remaining int
	// RetryAfter is when the next request will be allowed (zero when
	// allowed); Reset is when the bucket will be full again.
	RetryAfter time.Duration
	Reset      time.Duration
}

// take takes one token from client's bucket at now.
func (b *buckets) take(client string, now time.Time) decision {
	b.mu.Lock()
	defer b.mu.Unlock()
	lim, ok := b.by[client]
	if !ok {
		if len(b.by) >= maxClients {
			clear(b.by)
		}
		lim = rate.NewLimiter(rate.Limit(float64(b.quota.Limit)/b.quota.Window.Seconds()), b.quota.Limit)
		if b.quota.Spent {
			lim.AllowN(now, b.quota.Limit)
		}
		b.by[client] = lim
	}
	allowed := lim.AllowN(now, 1)
	tokens := lim.TokensAt(now)
	perSecond := float64(lim.Limit())
	d := decision{
		Allowed:   allowed,
		Remaining: max(0, int(math.Floor(tokens))),
		Reset:     secondsToDuration((float64(b.quota.Limit) - tokens) / perSecond),
	}
	if !allowed {
		d.RetryAfter = secondsToDuration((1 - tokens) / perSecond)
	}
	return d
}

func secondsToDuration(s float64) time.Duration {
	if s <= 0 {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// ceilSeconds renders a duration as whole seconds, rounded up: a client
// that waits that long is allowed.
func ceilSeconds(d time.Duration) string {
	return strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10)
}

// setIETFHeaders writes the RateLimit-Policy and RateLimit fields of the
// IETF httpapi draft (structured fields: q quota, w window, r remaining,
// t seconds until the quota is whole again).
func (b *buckets) setIETFHeaders(h http.Header, d decision) {
	h.Set("RateLimit-Policy", fmt.Sprintf("%q;q=%d;w=%d", b.quota.Name, b.quota.Limit, int(b.quota.Window.Seconds())))
	h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%s", b.quota.Name, d.Remaining, ceilSeconds(d.Reset)))
}
