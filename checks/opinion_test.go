package checks

import (
	"github.com/why403/why403/checks/internal/bayes"
)

// OpinionFeatures is the model's features of an exchange.
func OpinionFeatures(ev Evidence) []string { return opinionFeatures(newFacts(ev)) }

// OpinionModel is the generated model Run consults.
func OpinionModel() *bayes.Model { return &opinionModel }

// OpinionLimits are opinionLimits for tests in checks_test.
type OpinionLimits struct {
	Picks  int
	Margin float64
	Any    bool
}

// DefaultOpinionLimits are the limits Run uses.
func DefaultOpinionLimits() OpinionLimits {
	return OpinionLimits{opinionDefault.picks, opinionDefault.margin, opinionDefault.any}
}

// RunWith is Run with the second opinion of model m (nil: the rules alone)
// under limits l.
func RunWith(ev Evidence, m *bayes.Model, l OpinionLimits) Report {
	return run(ev, m, opinionLimits{picks: l.Picks, margin: l.Margin, any: l.Any})
}
