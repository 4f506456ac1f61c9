package checks

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// signedTime is the clock a signed request carries: the time it says it
// was signed at (X-Amz-Date, x-ms-date, a *-timestamp header, a
// timestamp query parameter), and where it was read. Servers compare it
// with their own clock, whatever the client's clock says now.
func signedTime(f *facts) (at time.Time, src string, ok bool) {
	if v, found := f.reqHeader("X-Amz-Date"); found {
		if t, err := time.Parse("20060102T150405Z", strings.TrimSpace(v)); err == nil {
			return t, "X-Amz-Date", true
		}
	}
	if v, found := f.reqHeader("x-ms-date"); found {
		if t, err := http.ParseTime(strings.TrimSpace(v)); err == nil {
			return t, "x-ms-date", true
		}
	}
	for _, h := range f.reqHeaders {
		if n := strings.ToLower(h.Name); strings.HasSuffix(n, "-timestamp") {
			if t, ok := parseStamp(h.Value); ok {
				return t, h.Name, true
			}
		}
	}
	if u, err := url.Parse(f.req.URL); err == nil && u.RawQuery != "" {
		q, _ := url.ParseQuery(u.RawQuery)
		for _, name := range []string{"timestamp", "Timestamp", "ts"} {
			if t, ok := parseStamp(q.Get(name)); ok {
				return t, name, true
			}
		}
	}
	return time.Time{}, "", false
}

// requestTimeOnly names the part of the request that carries the time it
// was made (a *timestamp* header or parameter, X-Amz-Date, x-ms-date)
// when the request carries no lifetime of its own (no expiry parameter of
// a presigned URL, no JWT). "Request has expired" to such a request can
// only mean that time is outside the server's window: the clocks disagree
// (clock.skew), not a credential that lapsed. "" otherwise.
func requestTimeOnly(f *facts) string {
	if f.req.Token != nil || f.req.URLExpires != nil {
		return ""
	}
	var q url.Values
	if f.req.u != nil {
		q = f.req.u.Query()
		for k := range q {
			if strings.Contains(strings.ToLower(k), "expir") {
				return ""
			}
		}
	}
	if _, src, ok := signedTime(f); ok {
		return src
	}
	timeName := func(n string) bool {
		n = strings.ToLower(n)
		return n == "x-amz-date" || n == "x-ms-date" || n == "ts" || strings.Contains(n, "timestamp")
	}
	for _, h := range f.reqHeaders {
		if timeName(h.Name) {
			return "header " + h.Name
		}
	}
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if timeName(k) {
			return "query parameter " + k
		}
	}
	return ""
}

// parseStamp reads Unix seconds or milliseconds, or an RFC 3339 time;
// a number that is no plausible time (before 2000, after 2200) is not one.
func parseStamp(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	var t time.Time
	switch {
	case n > 1e12:
		t = time.UnixMilli(n).UTC()
	default:
		t = time.Unix(n, 0).UTC()
	}
	if t.Before(earliestDate) || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}

// beforeOrAfter says how a signed time compares with the server's.
func beforeOrAfter(d time.Duration) string {
	if d < 0 {
		return human(d) + " before"
	}
	return human(d) + " after"
}

// signAgainFix is the fix for a stale signature. localAgrees: the local
// clock was measured and agrees with the server's, so it is not the one
// to set.
func signAgainFix(at time.Time, src string, d time.Duration, localAgrees bool) string {
	fix := "The request was signed at " + at.UTC().Format("15:04:05 UTC") + " (" + src + "), " + beforeOrAfter(d) + " the server's Date: sign it again, just before sending it."
	if localAgrees {
		return fix + " Your clock agrees with the server's, so the signature was made earlier (reused, cached or replayed) or on a machine whose clock is off: sign each request when it is sent, on a machine with time sync."
	}
	return fix + " If a fresh signature fails too, set the clock of the machine that signs (enable time sync: timedatectl set-ntp true)."
}
