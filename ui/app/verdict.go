package app

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// The verdict is the first thing read after a send: the likely cause in
// words, the one piece of evidence that decided it, and the fix. It sits
// under the title line at every window size, wrapped at spaces and grown
// to fit rather than cut. It is worked out once per send (and on the
// reveal key), never per frame.

// verdict is the answer of the last send.
type verdict struct {
	status checks.Status // Fail: refused for a cause; Warn: a guess or no cause known; Pass: accepted
	text   string        // escaped and masked, one paragraph
}

// buildVerdict words the report of one exchange; expKey is the key that
// sends the experiments.
func buildVerdict(rep checks.Report, ex probe.Exchange, red probe.Redactor, expKey string) verdict {
	status := ""
	if ex.Response != nil {
		status = strings.TrimSpace(fmt.Sprintf("%d %s", ex.Response.Status, ex.Response.Reason))
	}
	if len(rep.Likely) > 0 {
		f, ok := findingOf(rep, rep.Likely[0])
		if ok {
			var b strings.Builder
			st := checks.Fail
			if rep.Guess {
				st = checks.Warn
				b.WriteString("Likely, a guess: ")
			}
			b.WriteString(f.Title)
			if ev := decisiveEvidence(f.Evidence); ev != "" {
				b.WriteString(" (" + ev + ")")
			}
			if f.Fix != "" {
				b.WriteString(" → " + f.Fix)
			}
			if rep.Guess {
				if others := otherCandidates(rep); others != "" {
					b.WriteString(" · Also possible: " + others + ".")
				}
				if ex.Response != nil {
					b.WriteString(" · Not certain: " + expKey + " sends the experiments that would decide.")
				} else {
					b.WriteString(" · Not certain: the server gave no answer that names the cause.")
				}
			}
			return verdict{status: st, text: escape.Line(red.Text(b.String()))}
		}
	}
	switch {
	case ex.Response == nil && ex.Err != nil:
		return verdict{status: checks.Fail, text: escape.Line(red.Text("No response: " + ex.Err.Phase + " error: " + ex.Err.Message))}
	case ex.Response == nil:
		return verdict{status: checks.Warn, text: "No response."}
	case ex.Response.Status < 400:
		return verdict{status: checks.Pass, text: escape.Line("Accepted: " + red.Text(status) + ". Nothing refused this request.")}
	}
	return verdict{status: checks.Warn, text: escape.Line("Refused (" + red.Text(status) + "), and no known cause matched · " + expKey + " sends the experiments that may tell the causes apart; the checks below say what was ruled out.")}
}

// otherCandidates lists a guess's other likely causes (at most three),
// marking those only the second opinion named: a guess is read together
// with what else the response fits.
func otherCandidates(rep checks.Report) string {
	var out []string
	for _, id := range rep.Likely[1:min(len(rep.Likely), 4)] {
		for _, o := range rep.SecondOpinion {
			if o.Cause == id {
				id += " (from similar refusals)"
				break
			}
		}
		out = append(out, id)
	}
	return strings.Join(out, ", ")
}

// findingOf is the finding with id.
func findingOf(rep checks.Report, id string) (checks.Finding, bool) {
	for _, f := range rep.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return checks.Finding{}, false
}

// decisiveEvidence is the first evidence line that says more than the
// status does.
func decisiveEvidence(ev []string) string {
	for _, e := range ev {
		if !repeatsStatus(e) {
			return e
		}
	}
	return ""
}

// statusOnly matches evidence that is only a status line: "HTTP 403",
// "HTTP/1.1 403 Forbidden", "403 Forbidden", "status 403".
var statusOnly = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:HTTP(?:/[0-9.]+)?\s+|status:?\s+)?([1-5][0-9]{2})(?:\s+(.*?))?\s*$`)
})

// repeatsStatus reports whether an evidence line only repeats the
// response's status, which the title line shows already: "403 Forbidden"
// does, "403 from the IP allow list" does not.
func repeatsStatus(e string) bool {
	g := statusOnly().FindStringSubmatch(e)
	if g == nil {
		return false
	}
	code, _ := strconv.Atoi(g[1])
	return g[2] == "" || strings.EqualFold(g[2], http.StatusText(code))
}

// verdictLines wraps the verdict at the window's width: a symbol, then
// the text at spaces, the rows after the first indented under it.
func (m model) verdictLines() []string {
	v := m.verdict
	if v == nil {
		return nil
	}
	s := m.styles
	text := v.text
	if m.stale {
		text = "Stale: the request changed since this send (" + keyName(m.keys.Send) + " sends it) · " + text
	}
	w := max(10, m.width-3)
	rows := wrapPlain(text, w)
	out := make([]string, 0, len(rows))
	for i, r := range rows {
		r = strings.TrimRight(r, " ")
		if m.stale {
			r = s.Dim.Render(r)
		}
		if i == 0 {
			out = append(out, " "+symbol(s, v.status)+" "+r)
		} else {
			out = append(out, "   "+r)
		}
	}
	return out
}
