package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// TextOptions shape the text report.
type TextOptions struct {
	// Color adds ANSI colours; only for a terminal, never with NO_COLOR.
	Color bool
	// Verbose shows evidence for passing and skipped checks too.
	Verbose bool
}

// symbols used for each status, as in the TUI's checklist.
var symbols = sync.OnceValue(func() map[string]string {
	return map[string]string{"fail": "✗", "warn": "!", "pass": "✓", "skip": "–"}
})

// WriteText writes the human report: the status line, the redirect chain,
// each check with its evidence, then the likely causes and the first fix.
// Every string from the server or the user goes through escape first.
func WriteText(w io.Writer, d Document, o TextOptions) error {
	// one write for the report instead of one per line
	bw := bufio.NewWriter(w)
	p := &printer{w: bw, color: o.Color}
	p.statusLine(d)
	p.connection(d)
	if d.Stack != nil {
		ref := ""
		if d.Stack.Reference != "" {
			ref = " · reference " + escape.Line(d.Stack.Reference) + " (quote it to their support)"
		}
		p.line("Stack: " + escape.Line(d.Stack.Name) + ref)
	}
	for _, h := range d.Redirects {
		p.line(fmt.Sprintf("  ↪ %d %s %s → %s", h.Status, escape.Line(h.Method), escape.Line(h.URL), escape.Line(h.Location)))
		for _, dr := range h.Dropped {
			p.line("      " + p.dim("withheld: "+escape.Line(dr)))
		}
	}
	for _, wmsg := range d.Warnings {
		p.line(p.paint(yellow, "! ") + escape.Line(wmsg))
	}
	p.line("")
	width := 0
	for _, c := range d.Checks {
		width = max(width, len(c.ID))
	}
	grouped := sharedSkips(d.Checks)
	for _, c := range d.Checks {
		if _, ok := grouped[c.Title]; ok && c.Status == "skip" {
			continue
		}
		sym := p.symbol(c.Status)
		title := escape.Line(c.Title)
		if c.Status == "skip" {
			title = p.dim(title)
		}
		p.line(fmt.Sprintf("%s %-*s  %s", sym, width, c.ID, title))
		if c.Status == "fail" || c.Status == "warn" || o.Verbose {
			for _, e := range c.Evidence {
				p.line(strings.Repeat(" ", width+4) + p.dim(escape.Line(e)))
			}
		}
	}
	for _, title := range sortedKeys(grouped) {
		ids := grouped[title]
		p.line(fmt.Sprintf("%s %d checks not judged: %s", p.symbol("skip"), len(ids), p.dim(escape.Line(title))))
		p.line(strings.Repeat(" ", 2) + p.dim(strings.Join(ids, ", ")))
	}
	p.experiments(d)
	p.line("")
	p.likely(d)
	return errors.Join(p.err, bw.Flush())
}

// experiments prints the variants as "changed → status  what it shows".
func (p *printer) experiments(d Document) {
	if len(d.Experiments) == 0 {
		if d.ExperimentsSkipped != "" {
			p.line("")
			p.line("Experiments: none sent: " + escape.Line(d.ExperimentsSkipped))
		}
		return
	}
	sent := 0
	for _, x := range d.Experiments {
		if x.Sent {
			sent++
		}
	}
	p.line("")
	p.line(fmt.Sprintf("Experiments (%d sent on your behalf, one change each):", sent))
	width := 0
	for _, x := range d.Experiments {
		width = max(width, utf8.RuneCountInString(escape.Line(x.Change)))
	}
	width = min(width, 48)
	for _, x := range d.Experiments {
		change := escape.Line(x.Change)
		if n := utf8.RuneCountInString(change); n < width {
			change += strings.Repeat(" ", width-n)
		}
		status := "not sent"
		what := x.NotSent
		if x.Sent {
			status = "no answer"
			if x.Status > 0 {
				status = fmt.Sprint(x.Status)
			}
			what = x.Conclusion
		}
		p.line(fmt.Sprintf("  %s → %-9s  %s", change, status, escape.Line(what)))
	}
}

func (p *printer) statusLine(d Document) {
	target := escape.Line(d.Request.Method) + " " + escape.Line(d.Request.URL)
	if d.Request.Method == "" && d.Request.URL == "" {
		target = "request not recorded"
	}
	took := fmt.Sprintf("%.0f ms", d.Timing.Total)
	if d.Timing.Total < 10 {
		took = fmt.Sprintf("%.1f ms", d.Timing.Total)
	}
	if d.Timing.Total == 0 {
		took = "recorded" // explain: no timing was measured
	}
	switch {
	case d.Response != nil:
		r := d.Response
		status := fmt.Sprintf("%s %d %s", escape.Line(r.Proto), r.Status, escape.Line(r.Reason))
		col := green
		if r.Status >= 400 || len(d.Likely) > 0 {
			col = red
		}
		size := fmt.Sprintf("%d bytes", r.BodySize)
		if r.Truncated {
			size = fmt.Sprintf("truncated at %d of %d bytes", r.BodyKept, r.BodySize)
		}
		p.line(p.paint(col+bold, status) + " · " + took + " · " + size)
		p.line(p.dim(target))
		if e := d.Error; e != nil {
			// The head arrived but the body did not finish: say so, since
			// the body seen is only part of the answer.
			if e.Phase == probe.PhaseRedirect {
				p.line(p.paint(red, incomplete(e)+": "+escape.Line(e.Message)))
			} else {
				p.line(p.paint(red, fmt.Sprintf("%s (%s): %s", incomplete(e), e.Phase, escape.Line(e.Message))) +
					fmt.Sprintf(" · %d bytes received", r.BodySize))
			}
		}
	case d.Error != nil:
		p.line(p.paint(red+bold, "No response: "+d.Error.Phase+" error") + " · " + took)
		p.line(p.dim(target))
		p.line(escape.Line(d.Error.Message))
		if d.Error.Detail != "" && d.Error.Detail != d.Error.Message {
			p.line(p.dim(escape.Line(d.Error.Detail)))
		}
	}
}

func (p *printer) connection(d Document) {
	c := d.Connection
	if c.Remote == "" {
		return
	}
	s := "Connected " + escape.Line(c.Local) + " → " + escape.Line(c.Remote)
	if c.Local == "" {
		s = "Server " + escape.Line(c.Remote)
	}
	if d.TLS != nil && d.TLS.Version != "" { // empty when the handshake failed
		s += " · " + escape.Line(d.TLS.Version)
		if d.TLS.ALPN != "" {
			s += " (" + escape.Line(d.TLS.ALPN) + ")"
		}
	}
	if c.Proxy != "" {
		s += " · via proxy " + escape.Line(c.Proxy)
	}
	if c.Attempts > 1 {
		s += fmt.Sprintf(" · sent %d× (transport retry)", c.Attempts)
	}
	p.line(p.dim(s))
}

func (p *printer) likely(d Document) {
	if len(d.Likely) == 0 {
		label, text, ok := "", "", false
		if d.Response != nil {
			label, text, ok = verdict(d)
		}
		if ok && label == "Accepted" {
			p.line(p.paint(green, label+": "+text))
		} else if ok {
			p.line(p.paint(yellow, label+": "+text))
		} else if d.Response == nil && d.Error != nil {
			// Nothing HTTP came back, so no check had a refusal to read:
			// the error printed above is the whole story.
			what := "error"
			if d.Error.Phase != "" { // transcripts and HAR files may not say
				what = d.Error.Phase + " error"
			}
			p.line("Likely: no HTTP answer to judge; the " + what + " above is the problem.")
		} else {
			p.line("Likely: no cause identified. The response carries no marker why403 knows; the server's logs decide.")
		}
		return
	}
	head := "Likely: " + strings.Join(d.Likely, ", ")
	if d.Guess {
		head += p.dim("  (a guess: the server did not name the cause)")
	}
	p.line(p.paint(bold, head))
	if line, ok := undecided(d); ok {
		p.line(p.paint(yellow, escape.Line(line)))
	}
	if line, ok := opinionLine(d); ok {
		p.line(p.dim(escape.Line(line)))
	}
	for _, c := range d.Checks {
		if c.ID == d.Likely[0] && c.Fix != "" {
			p.line("Fix: " + escape.Line(c.Fix))
			break
		}
	}
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	bold   = "\x1b[1m"
	faint  = "\x1b[2m"
	reset  = "\x1b[0m"
)

type printer struct {
	w     io.Writer
	color bool
	err   error
}

func (p *printer) line(s string) {
	if p.err != nil {
		return
	}
	_, p.err = io.WriteString(p.w, s+"\n")
}

func (p *printer) paint(code, s string) string {
	if !p.color {
		return s
	}
	return code + s + reset
}

func (p *printer) dim(s string) string { return p.paint(faint, s) }

func (p *printer) symbol(status string) string {
	sym, ok := symbols()[status]
	if !ok {
		sym = "?"
	}
	switch status {
	case "fail":
		return p.paint(red, sym)
	case "warn":
		return p.paint(yellow, sym)
	case "pass":
		return p.paint(green, sym)
	}
	return p.dim(sym)
}

// sharedSkips finds skipped checks that share one reason (no response:
// every check skips alike), so the report says it once.
func sharedSkips(cs []CheckDoc) map[string][]string {
	byTitle := map[string][]string{}
	for _, c := range cs {
		if c.Status == "skip" {
			byTitle[c.Title] = append(byTitle[c.Title], c.ID)
		}
	}
	for t, ids := range byTitle {
		if len(ids) < 3 {
			delete(byTitle, t)
		}
	}
	return byTitle
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
