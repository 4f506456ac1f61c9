package cli

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/why403/why403/ui/report"
)

// demo judges each scenario as check does (one pipeline): the same likely
// causes and the same experiments sent. demo once skipped the experiments.
func TestDemoAgreesWithCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("sends every scenario and its experiments")
	}
	l := startLab(t)
	for _, sc := range l.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			code, out, stderr := run(t, append([]string{"check", "--json"}, sc.Args...)...)
			var checked report.Document
			if err := json.Unmarshal([]byte(out), &checked); err != nil {
				t.Fatalf("check exit %d, not JSON: %v\n%s", code, err, stderr)
			}
			demo := diagnoseScenario(context.Background(), sc)
			if demo.err != nil {
				t.Fatal(demo.err)
			}
			if !slices.Equal(demo.doc.Likely, checked.Likely) {
				t.Errorf("likely: demo %v, check %v", demo.doc.Likely, checked.Likely)
			}
			if got, want := experimentNames(demo.doc), experimentNames(checked); !slices.Equal(got, want) {
				t.Errorf("experiments: demo %v, check %v", got, want)
			}
			if demo.doc.ExperimentsSkipped != checked.ExperimentsSkipped {
				t.Errorf("experiments skipped: demo %q, check %q", demo.doc.ExperimentsSkipped, checked.ExperimentsSkipped)
			}
		})
	}
}

func experimentNames(d report.Document) []string {
	var names []string
	for _, x := range d.Experiments {
		names = append(names, x.Name)
	}
	return names
}
