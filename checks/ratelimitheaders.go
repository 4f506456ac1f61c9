package checks

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfter clamps a Retry-After: a longer wait is reported as "more
// than a day" rather than as an absurd figure.
const maxRetryAfter = 24 * time.Hour

// rateLimit is what the response headers say about rate limits: the
// classic Retry-After, the X-RateLimit-* family (GitHub, many APIs) and the
// IETF RateLimit / RateLimit-Policy fields, old and new drafts.
type rateLimit struct {
	// RetryAfter is the wait asked for, clamped to [0, maxRetryAfter].
	RetryAfter    time.Duration
	HasRetryAfter bool
	// Clamped reports that the server asked for more than maxRetryAfter.
	Clamped bool
	// Remaining and Limit are requests left and allowed in the window.
	Remaining, Limit       int
	HasRemaining, HasLimit bool
	// Reset is when the window resets (absolute), zero when unknown.
	Reset time.Time
	// Window is the policy window, when given.
	Window time.Duration
	// Lines are the header lines read, for evidence.
	Lines []string
}

// parseRateLimit reads the rate-limit headers of h; ref is the time
// relative values count from (the server's Date, or the local clock).
func parseRateLimit(h headerIndex, ref time.Time) rateLimit {
	var rl rateLimit
	line := func(name string) (string, bool) {
		if !h.has(name) {
			return "", false
		}
		rl.Lines = append(rl.Lines, h.line(name))
		return h.joined(name), true
	}
	if v, ok := line("retry-after"); ok {
		rl.setRetryAfter(v, ref)
	}
	for _, name := range []string{"x-ratelimit-remaining", "x-rate-limit-remaining", "ratelimit-remaining"} {
		if v, ok := line(name); ok {
			if n, ok := firstInt(v); ok {
				rl.Remaining, rl.HasRemaining = n, true
			}
			break
		}
	}
	for _, name := range []string{"x-ratelimit-limit", "x-rate-limit-limit", "ratelimit-limit"} {
		if v, ok := line(name); ok {
			if n, ok := firstInt(v); ok {
				rl.Limit, rl.HasLimit = n, true
			}
			break
		}
	}
	for _, name := range []string{"x-ratelimit-reset", "x-rate-limit-reset", "ratelimit-reset"} {
		if v, ok := line(name); ok {
			rl.setReset(v, ref)
			break
		}
	}
	if v, ok := line("ratelimit"); ok {
		rl.parseStructured(v, ref)
	}
	if v, ok := line("ratelimit-policy"); ok {
		rl.parsePolicy(v)
	}
	return rl
}

func (rl *rateLimit) setRetryAfter(v string, ref time.Time) {
	v = strings.TrimSpace(v)
	var d time.Duration
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		if n > maxRetryAfter.Seconds() {
			rl.Clamped = true
			n = maxRetryAfter.Seconds()
		}
		d = time.Duration(math.Max(n, 0) * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(ref)
	} else {
		return
	}
	if d < 0 {
		d = 0
	}
	if d > maxRetryAfter {
		d, rl.Clamped = maxRetryAfter, true
	}
	rl.RetryAfter, rl.HasRetryAfter = d, true
}

// setReset reads a reset that is either epoch seconds (GitHub, more than
// 1e9), epoch milliseconds, or seconds from now (IETF drafts).
func (rl *rateLimit) setReset(v string, ref time.Time) {
	n, err := strconv.ParseFloat(strings.TrimSpace(strings.SplitN(v, ",", 2)[0]), 64)
	if err != nil || n < 0 {
		return
	}
	switch {
	case n > 1e12:
		rl.Reset = time.UnixMilli(int64(n)).UTC()
	case n > 1e9:
		rl.Reset = time.Unix(int64(n), 0).UTC()
	default:
		rl.Reset = ref.Add(time.Duration(n * float64(time.Second)))
	}
}

// parseStructured reads the RateLimit field. The current draft uses a
// structured-field list of policies with parameters,
//
//	RateLimit: "default";r=0;t=30
//
// earlier drafts a dictionary, `limit=100, remaining=0, reset=30`. Both
// are read; with several policies the one with the fewest left wins.
func (rl *rateLimit) parseStructured(v string, ref time.Time) {
	for _, member := range strings.Split(v, ",") {
		remaining, reset, limit := -1, -1.0, -1
		for _, part := range strings.Split(member, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok {
				continue
			}
			val = strings.Trim(strings.TrimSpace(val), `"`)
			n, err := strconv.ParseFloat(val, 64)
			if err != nil {
				continue
			}
			switch strings.ToLower(strings.TrimSpace(k)) {
			case "r", "remaining":
				remaining = int(n)
			case "t", "reset":
				reset = n
			case "q", "limit", "l":
				limit = int(n)
			}
		}
		if remaining >= 0 && (!rl.HasRemaining || remaining < rl.Remaining) {
			rl.Remaining, rl.HasRemaining = remaining, true
			if reset >= 0 {
				rl.Reset = ref.Add(time.Duration(reset * float64(time.Second)))
			}
		} else if reset >= 0 && rl.Reset.IsZero() {
			rl.Reset = ref.Add(time.Duration(reset * float64(time.Second)))
		}
		if limit >= 0 && !rl.HasLimit {
			rl.Limit, rl.HasLimit = limit, true
		}
	}
}

// parsePolicy reads RateLimit-Policy: `"default";q=100;w=60` (current
// draft) or `100;w=60` (earlier).
func (rl *rateLimit) parsePolicy(v string) {
	member := strings.Split(v, ",")[0]
	for i, part := range strings.Split(member, ";") {
		part = strings.TrimSpace(part)
		if i == 0 {
			if n, err := strconv.Atoi(part); err == nil && !rl.HasLimit {
				rl.Limit, rl.HasLimit = n, true
			}
			continue
		}
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(val), `"`))
		if err != nil {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "q":
			if !rl.HasLimit {
				rl.Limit, rl.HasLimit = n, true
			}
		case "w":
			rl.Window = time.Duration(n) * time.Second
		}
	}
}

// exhausted reports a limit with nothing left.
func (rl *rateLimit) exhausted() bool { return rl.HasRemaining && rl.Remaining <= 0 }

// low reports a limit nearly used up: at most a tenth (or 3) left.
func (rl *rateLimit) low() bool {
	if !rl.HasRemaining || rl.Remaining <= 0 {
		return false
	}
	if rl.HasLimit && rl.Limit > 0 {
		return rl.Remaining*10 <= rl.Limit
	}
	return rl.Remaining <= 3
}

// firstInt reads the first integer of a possibly listed value ("0", "60, 60;w=60").
func firstInt(v string) (int, bool) {
	v = strings.TrimSpace(v)
	end := 0
	for end < len(v) && (v[end] >= '0' && v[end] <= '9' || end == 0 && v[end] == '-') {
		end++
	}
	n, err := strconv.Atoi(v[:end])
	return n, err == nil
}
