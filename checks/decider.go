package checks

import "slices"

// decider names the planned experiment that would tell the first two
// likely causes apart, when the response alone cannot (the first is a
// guess): the report then says "cannot tell from this response: A or B;
// experiment X would decide" instead of a confident wrong cause. It
// prefers a variant whose Causes hold both, then one that holds either,
// and skips the variants already sent. It returns the variant's name and
// change, "" when there is no such variant or nothing may be re-sent.
func decider(f *facts, ev Evidence, rep Report) (name, change string) {
	if !rep.Guess || len(rep.Likely) < 2 {
		return "", ""
	}
	plan := planExperiments(f, ev, rep)
	if plan.Blocked != "" {
		return "", ""
	}
	a, b := rep.Likely[0], rep.Likely[1]
	var either *Variant
	for i := range plan.Variants {
		v := &plan.Variants[i]
		if sent(ev.Experiments, v.Name) {
			continue
		}
		hasA, hasB := slices.Contains(v.Causes, a), slices.Contains(v.Causes, b)
		if hasA && hasB {
			return v.Name, v.Change
		}
		if (hasA || hasB) && either == nil {
			either = v
		}
	}
	if either != nil {
		return either.Name, either.Change
	}
	return "", ""
}

// sent reports an experiment of this name already sent.
func sent(exps []Experiment, name string) bool {
	for _, x := range exps {
		if x.Name == name && x.Sent {
			return true
		}
	}
	return false
}
