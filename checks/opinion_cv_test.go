package checks_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/internal/bayes"
	"github.com/why403/why403/probe"
)

// How the second opinion's model is counted (bayes.Options), chosen by
// the cross-validation below among alpha 0.1–1, 1–5 documents and counted
// or uniform priors: the differences were within two points of top-1.
var opinionCounting = bayes.Options{Alpha: 0.5, MinDocs: 3, UniformPrior: true}

// replayedCase is one corpus case replayed on loopback, as TestRealCorpus
// does: the evidence Run judges.
type replayedCase struct {
	file, batch, expect string
	ev                  checks.Evidence
}

// replayCorpus replays every case of testdata/real once, in file order.
func replayCorpus(tb testing.TB) []replayedCase {
	tb.Helper()
	files, ca, caFile := corpusReplaySetup(tb)
	var out []replayedCase
	for _, file := range files {
		c, err := loadRealCase(file)
		if err != nil {
			tb.Fatalf("%s: %v", filepath.Base(file), err)
		}
		req := c.probeRequest(replayServer(tb, c, ca, caFile), caFile)
		ex := probe.Send(context.Background(), req)
		if ex.Err != nil {
			tb.Fatalf("%s: replay failed: %v", c.file, ex.Err)
		}
		batch := c.fields["batch"]
		if batch == "" {
			batch = "0"
		}
		out = append(out, replayedCase{file: c.file, batch: batch, expect: c.fields["expect"],
			ev: checks.Evidence{Request: req, Exchange: ex, Now: c.recordedNow()}})
	}
	return out
}

// trainOpinion counts a model from cases, leaving out those skip names.
func trainOpinion(cases []replayedCase, skip func(replayedCase) bool) *bayes.Model {
	var docs []bayes.Doc
	for _, c := range cases {
		if !skip(c) {
			docs = append(docs, bayes.Doc{Class: c.expect, Features: checks.OpinionFeatures(c.ev)})
		}
	}
	return bayes.Train(docs, opinionCounting)
}

// answerScore is the figures of one way of answering over some cases.
type answerScore struct{ n, top1, top3, sure, sureRight int }

func (s *answerScore) add(expect string, r checks.Report) {
	s.n++
	i := slices.Index(r.Likely, expect)
	if i == 0 {
		s.top1++
	}
	if i >= 0 && i < 3 {
		s.top3++
	}
	if len(r.Likely) > 0 && !r.Guess {
		s.sure++
		if i == 0 {
			s.sureRight++
		}
	}
}

func (s answerScore) String() string {
	pct := func(k, n int) string {
		if n == 0 {
			return fmt.Sprintf("%d/%d", k, n)
		}
		return fmt.Sprintf("%d/%d (%.1f%%)", k, n, 100*float64(k)/float64(n))
	}
	return fmt.Sprintf("top-1 %s, recall@3 %s, sure right %s", pct(s.top1, s.n), pct(s.top3, s.n), pct(s.sureRight, s.sure))
}

// opinionVariant is one set of limits the cross-validation measures
// besides Run's, and what its picks did.
type opinionVariant struct {
	limits      checks.OpinionLimits
	score       answerScore
	picks, hits int // causes added, and of those the right one
}

// TestOpinionCrossValidation measures the second opinion as Run consults
// it, on first sight: each batch of testdata/real is judged with a model
// counted from the other batches (leave-one-batch-out), by the rules alone
// and by the rules with the model's picks after theirs. Then the same with
// each of batches 9-16 judged by a model of the batches before it only
// (time-ordered), the model alone, and the margins and limits Run could
// use. The rules were tuned on these very batches, so their figures are
// optimistic; the model's are honest. It fails if the second opinion
// changes a sure answer or the rules' first cause, or costs top-1.
func TestOpinionCrossValidation(t *testing.T) {
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
	var variants []*opinionVariant
	for _, margin := range []float64{0, 0.05, 0.1, 0.2, 0.3, 0.5} {
		for _, any := range []bool{false, true} {
			variants = append(variants, &opinionVariant{limits: checks.OpinionLimits{Picks: def.Picks, Margin: margin, Any: any}})
		}
	}
	variants = append(variants, &opinionVariant{limits: checks.OpinionLimits{Picks: 1, Margin: def.Margin}})

	var rules, wired, modelAlone answerScore
	var timedRules, timedWired answerScore
	for _, b := range batches {
		m := trainOpinion(cases, func(c replayedCase) bool { return c.batch == b })
		var timed *bayes.Model
		if num(b) >= 9 {
			timed = trainOpinion(cases, func(c replayedCase) bool { return num(c.batch) >= num(b) })
		}
		var br, bw answerScore
		for _, c := range cases {
			if c.batch != b {
				continue
			}
			r := checks.RunWith(c.ev, nil, def)
			w := checks.RunWith(c.ev, m, def)
			checkOpinionLimits(t, c.file, r, w)
			if a, b := planNames(checks.PlanExperiments(c.ev, r)), planNames(checks.PlanExperiments(c.ev, w)); !slices.Equal(a, b) {
				t.Errorf("%s: the second opinion changed the experiments planned from %v to %v", c.file, a, b)
			}
			br.add(c.expect, r)
			bw.add(c.expect, w)
			ranked := checks.Report{Guess: true}
			for _, s := range m.Rank(checks.OpinionFeatures(c.ev)) {
				ranked.Likely = append(ranked.Likely, s.Class)
			}
			modelAlone.add(c.expect, ranked)
			for _, v := range variants {
				vr := checks.RunWith(c.ev, m, v.limits)
				v.score.add(c.expect, vr)
				v.picks += len(vr.SecondOpinion)
				for _, o := range vr.SecondOpinion {
					if o.Cause == c.expect {
						v.hits++
					}
				}
			}
			if timed != nil {
				timedRules.add(c.expect, r)
				timedWired.add(c.expect, checks.RunWith(c.ev, timed, def))
			}
			if i := slices.Index(w.Likely, c.expect); i > 0 && i < 3 && slices.Index(r.Likely, c.expect) < 0 {
				t.Logf("recalled: %s: %s (rules: %v, with the second opinion: %v)", c.file, c.expect, r.Likely, w.Likely)
			}
		}
		t.Logf("batch %-3s rules: %s", b, br)
		t.Logf("batch %-3s wired: %s", b, bw)
		rules.add2(br)
		wired.add2(bw)
	}
	t.Logf("all, rules alone:                 %s", rules)
	t.Logf("all, with the second opinion:     %s", wired)
	t.Logf("all, the model alone:             %s", modelAlone)
	t.Logf("batches 9-16 time-ordered, rules: %s", timedRules)
	t.Logf("batches 9-16 time-ordered, wired: %s", timedWired)
	for _, v := range variants {
		t.Logf("limits %+v: %s; causes added %d, right %d", v.limits, v.score, v.picks, v.hits)
	}
	if wired.top1 < rules.top1 || wired.sureRight != rules.sureRight || wired.sure != rules.sure {
		t.Errorf("the second opinion cost top-1 or sure answers: rules %s; with it %s", rules, wired)
	}
}

func (s *answerScore) add2(o answerScore) {
	s.n += o.n
	s.top1 += o.top1
	s.top3 += o.top3
	s.sure += o.sure
	s.sureRight += o.sureRight
}

// checkOpinionLimits: the report with the second opinion (w) keeps the
// rules' report (r) as it was and only adds after it.
func checkOpinionLimits(t *testing.T, file string, r, w checks.Report) {
	t.Helper()
	if !slices.Equal(w.Likely[:min(len(r.Likely), len(w.Likely))], r.Likely) {
		t.Errorf("%s: the second opinion changed the rules' candidates %v into %v", file, r.Likely, w.Likely)
	}
	if len(r.Likely) > 0 && !r.Guess && len(w.SecondOpinion) > 0 {
		t.Errorf("%s: the second opinion spoke on a sure answer %v: %v", file, r.Likely, w.Likely)
	}
	if len(w.SecondOpinion) > 0 && !w.Guess {
		t.Errorf("%s: the second opinion made a sure answer: %v", file, w.Likely)
	}
	if w.Decider != r.Decider {
		t.Errorf("%s: the decider changed from %q to %q", file, r.Decider, w.Decider)
	}
}

func planNames(p checks.Plan) []string {
	var out []string
	for _, v := range p.Variants {
		out = append(out, v.Name)
	}
	return out
}
