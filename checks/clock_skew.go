package checks

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxSkew is the clock difference beyond which signed requests and tokens
// start to fail (AWS SigV4 allows 5 minutes for most services, 15 for S3;
// JWT libraries allow a minute or two of leeway).
const maxSkew = 5 * time.Minute

// A server Date before earliestDate comes from a clock that was never
// set (an embedded device after a power loss reads 1970), not from a
// clock a few minutes off: it says nothing about the user's clock.
var earliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Why a Date header present is not used (facts.badDate).
const (
	dateUnreadable = "unreadable"
	dateBroken     = "broken"
)

// serverNow is the server's clock at the time of the response: its Date,
// plus Age when a cache served a stored copy.
func serverNow(f *facts) (time.Time, bool) {
	if !f.hasDate {
		return time.Time{}, false
	}
	d := f.date
	if age, err := strconv.Atoi(strings.TrimSpace(f.h.get("age"))); err == nil && age > 0 {
		d = d.Add(time.Duration(age) * time.Second)
	}
	return d, true
}

// aheadOrBehind says how the local clock compares.
func aheadOrBehind(skew time.Duration) string {
	if skew > 0 {
		return human(skew) + " ahead of"
	}
	return human(skew) + " behind"
}

func checkClockSkew(f *facts) Finding {
	if f.resp == nil {
		return skip(ClockSkew, f.noResponse(), f.noResponseEvidence()...)
	}
	switch f.badDate {
	case dateUnreadable:
		return skip(ClockSkew, "The response's Date header cannot be read, so there is no server time to compare your clock with", f.h.line("date"))
	case dateBroken:
		d, _ := f.resp.Date()
		return warn(ClockSkew, "The server's clock is wrong: its Date reads "+d.UTC().Format("2006-01-02 15:04:05 UTC")+", so nothing is judged against it",
			[]string{f.h.line("date")},
			"Nothing to fix on your side; tell the server's operator that its clock is not set (enable NTP there). Tokens and signatures it checks against that clock may be refused.")
	}
	var ev []string
	var s Strength
	var title string
	note := func(st Strength, t string, e ...string) {
		if st > s {
			s, title = st, t
		}
		ev = append(ev, e...)
	}
	srv, hasSrv := serverNow(f)
	var skew time.Duration
	skewed := false
	if hasSrv && !f.now.IsZero() {
		skew = f.now.Sub(srv).Round(time.Second)
		skewed = skew > maxSkew || skew < -maxSkew
		ev = append(ev, f.h.line("date"), "your clock: "+clock(f.now, srv))
		if f.h.has("age") {
			ev = append(ev, f.h.line("age"))
		}
	}
	// S3 and other AWS XML APIs name the skew and give their own time.
	if x := f.body.xml; x != nil && x.Code == "RequestTimeTooSkewed" {
		t := "S3: the request's time is too far from the server's (RequestTimeTooSkewed)"
		e := []string{"S3 error RequestTimeTooSkewed: " + x.Message}
		if x.RequestTime != "" {
			e = append(e, "RequestTime: "+x.RequestTime)
		}
		if x.ServerTime != "" {
			e = append(e, "ServerTime: "+x.ServerTime)
			if st, err := time.Parse(time.RFC3339, x.ServerTime); err == nil {
				local := f.now.Sub(st).Round(time.Second)
				rt, rerr := time.Parse("20060102T150405Z", strings.TrimSpace(x.RequestTime))
				switch {
				case !f.now.IsZero() && (local > maxSkew || local < -maxSkew):
					t = fmt.Sprintf("S3 RequestTimeTooSkewed: your clock is %s the server's", aheadOrBehind(local))
				case rerr == nil:
					// The local clock agrees or was not recorded: the
					// request's own time is what is off.
					t = fmt.Sprintf("S3 RequestTimeTooSkewed: the request was signed at %s (X-Amz-Date), %s the server's Date",
						rt.UTC().Format("15:04:05 UTC"), beforeOrAfter(rt.Sub(st).Round(time.Second)))
				}
			}
		}
		note(Named, t, e...)
	}
	if j := f.body.json; j.hasReason("RequestTimeTooSkewed") || j.hasReason("RequestExpired") && skewed {
		note(Named, "The server says the request's time is too far from its own", bodyLine(j.summary()))
	}
	if p, ex, ok := f.body.find(skewPhrases); ok && f.refused() && (p != "request has expired" || skewed || requestTimeOnly(f) != "") &&
		(p != "signature has expired" || !f.req.carriesToken()) {
		st := Named
		if (p == "signature expired" || p == "signature has expired") && !skewed && !f.body.has("is now earlier than") {
			st = Indicated
		}
		note(st, fmt.Sprintf("The server says the request's time is off: %q", p), bodyLine(ex))
	}
	// A token issued in the future was minted by a clock ahead of the server's.
	if tok := f.req.Token; tok != nil && tok.Iat != nil && tok.Iat.Sub(f.ref) > time.Minute && f.refused() {
		note(Indicated, fmt.Sprintf("The JWT was issued %s in the future (iat %s, %s)", human(tok.Iat.Sub(f.ref)), clock(*tok.Iat, f.ref), f.refName()),
			"JWT iat: "+clock(*tok.Iat, f.ref))
	}
	// A signed request carries its own clock (X-Amz-Date, x-ms-date, a
	// timestamp): far from the server's, it is refused whatever the local
	// clock says now.
	var signedAt time.Time
	var signedSrc string
	var signedOff time.Duration
	stale := false
	if at, src, ok := signedTime(f); ok && hasSrv {
		if d := at.Sub(srv).Round(time.Second); d > maxSkew || d < -maxSkew {
			signedAt, signedSrc, signedOff, stale = at, src, d, true
			shown := at.UTC().Format(time.RFC3339)
			if src == "X-Amz-Date" {
				shown = at.UTC().Format("20060102T150405Z")
			}
			ev = append(ev, fmt.Sprintf("request: %s: %s (%s the server's Date)", src, shown, aheadOrBehind(d)))
			if f.refused() && s < Indicated {
				note(Indicated, fmt.Sprintf("The request was signed at %s (%s), %s the server's Date", at.UTC().Format("15:04:05 UTC"), src, beforeOrAfter(d)))
			}
		}
	}
	if skewed && f.refused() {
		note(Inferred, fmt.Sprintf("Your clock is %s the server's Date", aheadOrBehind(skew)))
	}
	fix := "Set the clock right: enable time sync (timedatectl set-ntp true, or w32tm /resync on Windows; in a VM or container fix the host's clock), then sign or mint the token again."
	if s > 0 {
		localAgrees := hasSrv && !f.now.IsZero() && !skewed
		switch {
		case skewed:
			if !strings.Contains(strings.ToLower(title), "your clock is") {
				title += fmt.Sprintf("; your clock is %s the server's", aheadOrBehind(skew))
			}
		case stale:
			// Never "set your clock" when it agrees, nor when it was not
			// measured: the signature's own time is what is off.
			fix = signAgainFix(signedAt, signedSrc, signedOff, localAgrees)
		case localAgrees:
			fix = "Your clock agrees with the server's Date: sign the request or mint the token again. If it fails again, the clock that signed the request or token (another machine, a build server) is the one to fix: enable time sync there."
		case f.now.IsZero():
			fix = "Sign the request or mint the token again, just before sending it; if it fails again, set the clock of the machine that signs (enable time sync: timedatectl set-ntp true)."
		}
		return fail(ClockSkew, s, title, dedupe(ev), fix)
	}
	if !hasSrv {
		return skip(ClockSkew, "The response has no Date header to compare your clock with", f.statusLine())
	}
	if f.now.IsZero() {
		return skip(ClockSkew, "The local time of the exchange was not recorded", f.h.line("date"))
	}
	if skewed {
		return warn(ClockSkew, fmt.Sprintf("Your clock is %s the server's Date: signed requests and fresh tokens will fail", aheadOrBehind(skew)), dedupe(ev), fix)
	}
	d := skew
	if d < 0 {
		d = -d
	}
	return pass(ClockSkew, fmt.Sprintf("Your clock agrees with the server's Date (within %s)", human(d)), dedupe(ev)...)
}
