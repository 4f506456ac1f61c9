package checks

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// retryWhen says when to send again, from Retry-After, a reset time or
// Cloudflare's retry_after; "" when the response does not say.
func retryWhen(f *facts) (when, fix string) {
	rl := &f.rl
	switch {
	case rl.HasRetryAfter && rl.Clamped:
		return "retry in more than a day", "Wait: the server asks for more than a day (Retry-After). Retrying sooner extends the block; ask the owner for a higher limit."
	case rl.HasRetryAfter:
		return "retry in " + human(rl.RetryAfter), fmt.Sprintf("Wait %s before sending again (Retry-After); retrying sooner extends the block.", human(rl.RetryAfter))
	case !rl.Reset.IsZero():
		d := rl.Reset.Sub(f.ref)
		if d <= 0 {
			return "the window reset at " + clock(rl.Reset, f.ref), "The window has already reset: send again, slowly."
		}
		return fmt.Sprintf("resets at %s (in %s)", clock(rl.Reset, f.ref), human(d)),
			fmt.Sprintf("Wait until %s (in %s), when the window resets; retrying sooner only burns requests.", clock(rl.Reset, f.ref), human(d))
	case f.body.json != nil && f.body.json.CFRetryAfter > 0:
		d := time.Duration(f.body.json.CFRetryAfter) * time.Second
		return "retry in " + human(d), fmt.Sprintf("Wait %s before sending again (Cloudflare retry_after).", human(d))
	}
	return "", "Slow down: back off exponentially (1s, 2s, 4s, ...) and limit concurrency; the response does not say when to retry."
}

// quotaLine is "0 of 60 left" when the headers say.
func quotaLine(rl *rateLimit) string {
	if !rl.HasRemaining {
		return ""
	}
	if rl.HasLimit {
		return fmt.Sprintf("%d of %d left", max(rl.Remaining, 0), rl.Limit)
	}
	return fmt.Sprintf("%d left", max(rl.Remaining, 0))
}

var googleRateReasons = []string{"RATE_LIMIT_EXCEEDED", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "quotaExceeded", "RESOURCE_EXHAUSTED"}

func checkRateLimit(f *facts) Finding {
	if f.resp == nil {
		return skip(RateLimit, f.noResponse(), f.noResponseEvidence()...)
	}
	rl := &f.rl
	ev := append([]string{f.statusLine()}, rl.Lines...)
	var s Strength
	var title string
	note := func(st Strength, t string, e ...string) {
		if st > s {
			s, title = st, t
		}
		ev = append(ev, e...)
	}
	if f.cfCode == 1015 {
		note(Named, "Cloudflare 1015: you are being rate limited", "Cloudflare error 1015", f.h.line("cf-ray"))
	}
	if j := f.body.json; j != nil {
		for _, r := range googleRateReasons {
			if j.hasReason(r) {
				note(Named, "Quota or rate limit exceeded ("+r+")", bodyLine(j.summary()))
				break
			}
		}
	}
	if rl.exhausted() {
		t := "Rate limit used up (" + quotaLine(rl) + ")"
		if f.status == 403 {
			t += ", answered with 403"
		}
		note(Named, t)
	}
	if p, ex, ok := f.body.find(rateNamed); ok && f.refused() {
		note(Named, fmt.Sprintf("Rate limited: %q", p), bodyLine(ex))
	}
	if f.status == 429 {
		st := Indicated
		switch {
		case rl.HasRetryAfter || rl.HasRemaining:
			st = Named
		case f.waf != nil && f.waf.page:
			// A block or challenge page served with 429: the page says
			// what stopped the request, the status only its default.
			st = Inferred
		case f.generic == "empty":
			// The status alone, with no header or word from the server:
			// its default meaning, a guess. Bot protections answer 429 too
			// (Kasada to a request without its x-kpsdk headers, SearXNG's
			// bot detection), since it tells a bot nothing.
			st = Inferred
		}
		note(st, "Rate limited (429 Too Many Requests)")
	}
	// "Retry-After: 0" asks for no wait at all: a CDN's default on every
	// error page (Fastly's in perimeterx-access-denied-priceline), not a limit.
	if rl.HasRetryAfter && (f.status == 429 || f.status == 403 && rl.RetryAfter > 0) {
		note(Indicated, fmt.Sprintf("Refused with Retry-After (%d)", f.status))
	}
	if s == 0 && (f.status == 403 || f.status == 429) {
		if p, ex, ok := f.body.find(rateWords); ok {
			note(Inferred, fmt.Sprintf("The refusal mentions %q", p), bodyLine(ex))
		}
	}
	if _, ex, ok := f.body.find(billingQuotaPhrases); ok && s > 0 && !rl.exhausted() && !rl.HasRetryAfter {
		return warn(RateLimit, "Answered like a rate limit ("+f.statusLine()+"), but the server says the account's quota or credit ran out (see account.state)",
			append(ev, bodyLine(ex)), "Waiting will not help: add credit or raise the plan's limit.")
	}
	when, fix := retryWhen(f)
	if s > 0 {
		if when != "" {
			title += ": " + when
		}
		if f.stackHas("GitHub") && !f.req.hasCredential() {
			fix += " Unauthenticated GitHub API requests get 60 an hour; send a token to get 5,000."
		}
		if words, ok := anonymousLimit(f); ok {
			// The limit of callers without a credential, to a request
			// with one: the credential was not read (anonymous_limit.go).
			g := fail(RateLimit, Inferred, title+", the limit of callers without a credential, though one was sent (see "+AuthMalformed+")",
				append(dedupe(ev), "the server's words invite the caller to identify itself: "+words), fix)
			g.wordsOnly = true
			return g
		}
		return fail(RateLimit, s, title, dedupe(ev), fix)
	}
	switch {
	case f.status == 503 && rl.HasRetryAfter:
		return warn(RateLimit, "Server unavailable (503); it asks to "+when+": overload or maintenance, not a limit on you", ev, fix)
	case rl.low():
		t := "Rate limit nearly used: " + quotaLine(rl)
		if when != "" {
			t += ", " + when
		}
		return warn(RateLimit, t, rl.Lines, "Slow down before the limit refuses you; "+strings.ToLower(fix[:1])+fix[1:])
	case rl.HasRemaining:
		t := "Not rate limited: " + quotaLine(rl)
		if when != "" && !rl.HasRetryAfter {
			t += ", " + when
		}
		return pass(RateLimit, t, rl.Lines...)
	}
	if f.status == http.StatusServiceUnavailable && f.generic == "nginx" {
		// nginx's limit_req and limit_conn answer with its bare 503 page by
		// default (limit_req_status 503); nothing else in the page says so.
		return fail(RateLimit, Inferred, "nginx's bare 503 page: what limit_req and limit_conn answer by default",
			[]string{f.statusLine(), "the body is nginx's built-in 503 page and gives no reason (an upstream failure answers 502 or 504)"},
			"Slow down and retry later; the server's error log says \"limiting requests\" or \"limiting connections\" when this is a limit.")
	}
	return pass(RateLimit, "No rate-limit marker (no 429, Retry-After, RateLimit headers or limit wording)", f.statusLine())
}

// stackHas reports a recognised vendor.
func (f *facts) stackHas(name string) bool { return contains(f.stack, name) }

// dedupe drops repeated and empty evidence lines.
func dedupe(ev []string) []string {
	seen := map[string]bool{}
	out := ev[:0]
	for _, e := range ev {
		if e != "" && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}
