package checks_test

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/internal/bayes"
)

// defaultTally is what the rules and the held-out model answered among
// the refusals whose rules' first candidate rests only on the status's
// default meaning (checks.DefaultOnly).
type defaultTally struct{ n, rules, model, gained, lost int }

func (d *defaultTally) add(rulesRight, modelRight bool) {
	d.n++
	if rulesRight {
		d.rules++
	}
	if modelRight {
		d.model++
	}
	if modelRight && !rulesRight {
		d.gained++
	}
	if rulesRight && !modelRight {
		d.lost++
	}
}

func (d defaultTally) String() string {
	return fmt.Sprintf("%d cases: rules' first right %d, the model's top right %d; promoting it gains %d, loses %d (net %+d)",
		d.n, d.rules, d.model, d.gained, d.lost, d.gained-d.lost)
}

// TestOpinionOnDefaultOnly measures, leave-one-batch-out, whether the
// second opinion's top cause is right more often than the rules' first
// candidate where that candidate rests only on the status's default
// meaning (a bare 403 to an anonymous request, a 403 or 401 to a sent
// credential: checks.DefaultOnly). The model's top is its first cause
// the rules did not read away (checks.MayName). It logs the figures per
// batch and per family (first candidate, status, credential sent) and
// with a floor on the model's probability.
func TestOpinionOnDefaultOnly(t *testing.T) {
	cases := replayCorpus(t)
	var batches []string
	for _, c := range cases {
		if !slices.Contains(batches, c.batch) {
			batches = append(batches, c.batch)
		}
	}
	num := func(b string) int { n, _ := strconv.Atoi(b); return n }
	sort.Slice(batches, func(i, j int) bool { return num(batches[i]) < num(batches[j]) })
	def := checks.DefaultOpinionLimits()
	floors := []float64{0, 0.3, 0.5, 0.7}
	var all, timed defaultTally
	raw := defaultTally{}
	byFloor := make([]defaultTally, len(floors))
	family := map[string]*defaultTally{}
	truth := map[string]map[string]int{} // per family, how often each cause was the right one
	var lines []string
	for _, b := range batches {
		m := trainOpinion(cases, func(c replayedCase) bool { return c.batch == b })
		var earlier *bayes.Model
		if num(b) >= 9 {
			earlier = trainOpinion(cases, func(c replayedCase) bool { return num(c.batch) >= num(b) })
		}
		var bt defaultTally
		for _, c := range cases {
			if c.batch != b {
				continue
			}
			r := checks.RunWith(c.ev, nil, def)
			if !checks.DefaultOnly(c.ev, r) {
				continue
			}
			if !r.Guess {
				t.Errorf("%s: a sure answer %v marked default-only", c.file, r.Likely)
			}
			features := checks.OpinionFeatures(c.ev)
			scores := m.Rank(features)
			if len(scores) == 0 {
				continue
			}
			top, p := openTop(c.ev, r, scores)
			rulesRight, modelRight := r.Likely[0] == c.expect, top == c.expect
			if earlier != nil {
				et, _ := openTop(c.ev, r, earlier.Rank(features))
				timed.add(rulesRight, et == c.expect)
			}
			all.add(rulesRight, modelRight)
			bt.add(rulesRight, modelRight)
			raw.add(rulesRight, scores[0].Class == c.expect)
			for k, fl := range floors {
				byFloor[k].add(rulesRight, p >= fl && modelRight || p < fl && rulesRight)
			}
			cred := "none"
			if !slices.Contains(features, "cred:none") {
				cred = "sent"
			}
			key := fmt.Sprintf("%s at %s, credential %s", r.Likely[0], statusOf(features), cred)
			if family[key] == nil {
				family[key] = &defaultTally{}
			}
			family[key].add(rulesRight, modelRight)
			if truth[key] == nil {
				truth[key] = map[string]int{}
			}
			truth[key][c.expect]++
			lines = append(lines, fmt.Sprintf("%s (batch %s): want %s; rules %s; model %s (%.2f)", c.file, b, c.expect, r.Likely[0], top, p))
		}
		t.Logf("batch %-3s %s", b, bt)
	}
	sort.Strings(lines)
	for _, l := range lines {
		t.Logf("case %s", l)
	}
	keys := make([]string, 0, len(family))
	for k := range family {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("family %s: %s; right causes %s", k, family[k], countsOf(truth[k]))
	}
	t.Logf("all default-only, the model's top the rules leave open: %s", all)
	t.Logf("batches 9-22, the model counted from earlier batches only: %s", timed)
	t.Logf("all default-only, the model's raw top: %s", raw)
	for k, fl := range floors {
		t.Logf("all default-only, promoted only at p >= %.1f: %s", fl, byFloor[k])
	}
}

// openTop is the model's first cause (scores) that the rules' report r
// leaves open, with its probability; the rules' first when there is none.
func openTop(ev checks.Evidence, r checks.Report, scores []bayes.Score) (string, float64) {
	i := slices.IndexFunc(scores, func(s bayes.Score) bool { return checks.MayName(ev, r, s.Class) })
	if i < 0 {
		return r.Likely[0], 0
	}
	return scores[i].Class, scores[i].P
}

// countsOf is counts as "a 12, b 5", most first.
func countsOf(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, counts[k])
	}
	return strings.Join(parts, ", ")
}

// statusOf is the status among the model's features ("s:403" → "403").
func statusOf(features []string) string {
	for _, f := range features {
		if s, ok := strings.CutPrefix(f, "s:"); ok {
			return s
		}
	}
	return "?"
}
