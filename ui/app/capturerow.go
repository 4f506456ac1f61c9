package app

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// A row of the capture list: worked out from an item once, masked and
// escaped, and laid out in columns at the window's width.

// captureRow is an item as the list draws it: escaped and masked, worked
// out once when it arrives (and again on ctrl+r), never per frame.
type captureRow struct {
	when, method, target, status, size, took, verdict string
	refused                                           bool
}

// makeRow works out an item's row: everything from the wire is masked
// and escaped here.
func makeRow(it CaptureItem, reveal bool) captureRow {
	red := probe.NewRedactor(it.Request, reveal)
	ex := it.Exchange
	r := captureRow{
		when:   it.Start.Format("15:04:05.000"),
		method: escape.Line(it.Request.Method),
		target: escape.Line(red.URL(it.Target)),
		took:   ms(it.End.Sub(it.Start)),
		status: "—",
	}
	if it.Target == "" {
		r.target = escape.Line(red.URL(it.Request.URL))
	}
	if resp := ex.Response; resp != nil {
		r.status = fmt.Sprint(resp.Status)
		r.size = byteSize(resp.BodySize)
	}
	if it.Answered != 0 {
		r.status = fmt.Sprintf("%d proxy", it.Answered)
	}
	r.refused, r.verdict = refusal(it, red)
	if r.refused {
		r.verdict = "✗ " + r.verdict // stands out without colour too
	}
	return r
}

// CaptureRefused reports a captured exchange the app did not get its
// answer for: no response, a 4xx or 5xx, the proxy's own answer
// (answered: a 502 even after the upstream's head arrived), or a likely
// cause of refusal. The capture list and `why403 proxy`'s lines read it.
func CaptureRefused(ex probe.Exchange, answered int, likely []string) bool {
	return ex.Response == nil || ex.Response.Status >= 400 || answered != 0 || len(likely) > 0
}

// refusal says whether an exchange was refused, and why in words: the
// likely cause's title, the failed phase, or that no cause matched.
func refusal(it CaptureItem, red probe.Redactor) (bool, string) {
	ex, rep := it.Exchange, it.Report
	refused := CaptureRefused(ex, it.Answered, rep.Likely)
	if it.Judge != nil {
		// never a blank verdict, nor a refusal's "no known cause"
		return refused, notJudged
	}
	if !refused {
		return false, ""
	}
	if len(rep.Likely) > 0 {
		if f, ok := findingOf(rep, rep.Likely[0]); ok {
			words := f.Title
			if rep.Guess {
				words = "likely: " + words
			}
			return true, escape.Line(red.Text(words))
		}
	}
	switch {
	case ex.Err != nil && ex.Response == nil:
		return true, escape.Line(red.Text("no answer: " + ex.Err.Phase + ": " + ex.Err.Message))
	case it.Answered != 0:
		return true, "the proxy answered itself"
	}
	return true, "refused; no known cause matched (enter: the checks)"
}

// notJudged is the verdict of a row the proxy did not judge.
const notJudged = "not judged: judging fell behind a burst (enter judges it)"

// judgeLate judges item i if the proxy did not (Judge), and words its row
// again: the user opened it.
func (c *captureModel) judgeLate(i int) CaptureItem {
	it := c.items[i]
	if it.Judge == nil {
		return it
	}
	it = it.Judge()
	it.Judge = nil
	if c.rows[i].refused {
		c.refused--
	}
	c.items[i], c.rows[i] = it, makeRow(it, c.app.reveal)
	if c.rows[i].refused {
		c.refused++
	}
	c.refilter(i)
	return it
}

// byteSize is a body's size for a column.
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}

// captureLine lays a row out in columns at width w, the same for every
// row: the path takes about half of what the fixed columns leave, the
// verdict the rest. A narrow window drops the milliseconds, size and
// duration.
func captureLine(r captureRow, w int) string {
	wide := w >= 100
	when, timeW := r.when, 12
	if !wide {
		timeW = 8
		if len(when) > timeW {
			when = when[:timeW] // 15:04:05 of 15:04:05.000
		}
	}
	head := fmt.Sprintf("%-*s %-7s %-9s ", timeW, when, clipTo(r.method, 7), clipTo(r.status, 9))
	tail := ""
	if wide {
		tail = fmt.Sprintf(" %8s %8s", r.size, r.took)
	}
	room := max(4, w-ansi.StringWidth(head)-ansi.StringWidth(tail))
	pathW := min(room, max(16, min(room/2, max(room-40, 24))))
	path := clipTo(r.target, pathW)
	line := head + path + strings.Repeat(" ", max(0, pathW-ansi.StringWidth(path))) + tail
	if r.verdict != "" {
		line += "  " + r.verdict
	}
	return ansi.Truncate(strings.TrimRight(line, " "), w, "…")
}

func clipTo(s string, w int) string { return ansi.Truncate(s, w, "…") }
