package report

import (
	"fmt"
	"strings"

	"github.com/why403/why403/checks"
)

// opinionLine is the line for the causes a second opinion added to the
// likely ones: "Second opinion (from similar refusals): X, by the words
// a, b"; ok is false when it added none. The words are the server's:
// the caller escapes the line. Text and Markdown reports both use it.
func opinionLine(d Document) (line string, ok bool) {
	if len(d.SecondOpinion) == 0 {
		return "", false
	}
	parts := make([]string, 0, len(d.SecondOpinion))
	for _, o := range d.SecondOpinion {
		parts = append(parts, fmt.Sprintf("%s (%.0f%%), %s", o.Cause, 100*o.P, checks.OpinionBasis(o.Words)))
	}
	return "Second opinion (from similar refusals, not a finding): " + strings.Join(parts, "; "), true
}
