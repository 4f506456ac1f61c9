package report

import (
	"fmt"
	"strings"
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
		by := "by the status and what the request carried"
		if len(o.Words) > 0 {
			by = "by the words " + strings.Join(o.Words, ", ")
		}
		parts = append(parts, fmt.Sprintf("%s (%.0f%%), %s", o.Cause, 100*o.P, by))
	}
	return "Second opinion (from similar refusals, not a finding): " + strings.Join(parts, "; "), true
}
