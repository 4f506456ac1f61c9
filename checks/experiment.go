package checks

import (
	"fmt"
	"net/http"
	"time"

	"github.com/why403/why403/probe"
)

// Experiment is one variant of the request, sent after a refusal with
// exactly one thing changed, and what its answer shows. PlanExperiments
// chooses the variants, package checks/experiment sends them, Conclude
// reads each answer, and Run folds the conclusions into the findings.
type Experiment struct {
	// Name is stable: "no-credential", "browser-user-agent", ...
	Name string
	// Change says, in one line, what the variant changed.
	Change string
	// Method and URL of the variant as sent (an OPTIONS variant differs).
	Method, URL string
	Sent        bool
	// NotSent says why the variant was not sent (Sent is false).
	NotSent string
	// Status of the variant's answer; zero when none came.
	Status int
	// Error is why no answer came, when one did not.
	Error string
	// Conclusion is what the answer shows, in words.
	Conclusion string
	// Shows are the causes the answer shows; RulesOut those it rules out.
	Shows, RulesOut []string
	// Fix is the next step the conclusion suggests, for a cause whose
	// finding has none.
	Fix string
	// Took is how long the variant's exchange took.
	Took time.Duration
	// Exchange is the variant's request and answer as recorded, for
	// exports that show every request sent on the user's behalf
	// (--output-har). It holds secrets unmasked, as probe recorded them:
	// whoever writes it out masks it. Never part of a JSON report.
	Exchange probe.Exchange `json:"-"`
}

// applyExperiments turns conclusions into findings: a cause an experiment
// showed fails as Named (the server's own behaviour named it), and an
// inferred or suspected cause an experiment ruled out passes.
func applyExperiments(findings []Finding, exps []Experiment) {
	for _, x := range exps {
		if !x.Sent || x.Status == 0 {
			continue
		}
		ev := fmt.Sprintf("experiment %s: %s → %s", x.Name, x.Change, StatusWord(x.Status))
		for i := range findings {
			f := &findings[i]
			switch {
			case contains(x.Shows, f.ID):
				f.Evidence = append([]string{ev}, f.Evidence...)
				if f.Status == Fail && f.Strength >= Indicated {
					// the finding's own title is the more specific one
					// ("the server asks for Bearer; you sent Basic")
					f.Evidence = append(f.Evidence, "shown by experiment: "+x.Conclusion)
				} else {
					f.Title = "Shown by experiment: " + x.Conclusion
				}
				// Shown by what the server did, not only by its words.
				f.Status, f.Strength, f.wordsOnly = Fail, Named, false
				if f.Fix == "" {
					f.Fix = x.Fix
				}
			case contains(x.RulesOut, f.ID) && (f.Status == Warn || f.Status == Fail && f.Strength <= Inferred):
				f.Evidence = append([]string{ev}, f.Evidence...)
				f.Title = "Ruled out by experiment: " + x.Conclusion
				f.Status, f.Strength, f.Fix, f.Setting = Pass, 0, "", nil
			}
		}
	}
}

// StatusWord is "403 Forbidden" for a status code, the code alone when
// it has no standard text.
func StatusWord(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprint(code)
}

// clonedRequest copies what a variant may change, so that editing the
// variant never touches the user's request.
func clonedRequest(r probe.Request) probe.Request {
	c := r
	c.Headers = append([]probe.Header(nil), r.Headers...)
	c.ConnectTo = append([]string(nil), r.ConnectTo...)
	return c
}
