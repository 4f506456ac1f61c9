package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/why403/why403/checks/internal/bayes"
)

// The second opinion (issue 14 §2): a naive Bayes model (internal/bayes)
// counted from the recorded refusals of testdata/real (opinion_model.go,
// generated) names causes that refusals worded like this one had, with
// the server's words that pointed there. It only adds: when the rules'
// answer is a guess, or a refusal got no candidate, its picks follow the
// rules' candidates in Likely. It never leads a guess the rules made,
// never turns a guess sure, and stays silent where the rules chose to
// give no cause: a sure answer, a 404 or 5xx that names no refusal, a
// success, a recording whose request is unknown. Experiments and the
// decider weigh only the rules' candidates (rulesLikely).
//
// It does not lead even where the rules' first candidate rests only on
// the status's default meaning (statusDefault, and nothing else speaks): measured leave-one-batch-out
// on batches 0-22 (TestOpinionOnDefaultOnly), the model's top was right in
// 87 of those 172 refusals, the default in 96; promoting it would gain 7
// and lose 16 (net -9; -3 even when only tops of p >= 0.7 lead), and no
// family gains (anonymous 403s: 11 right either way; 403s and 401s to a
// sent credential: -4 and -5). Of the 76 the default got wrong, the model
// named 7.

//go:generate go test -count=1 -run ^TestOpinionModelIsCurrent$ . -args -regenerate

// opinionLimits say how much the second opinion may add: at most picks
// causes, each with a probability of margin or more, and, only when any
// is set (measured, not used), causes the rules read away (mayName).
type opinionLimits struct {
	picks  int
	margin float64
	any    bool
}

// opinionDefault are the limits Run uses, chosen by
// TestOpinionCrossValidation (leave-one-batch-out): with no margin the
// model added 652 causes to the corpus's guesses, 30 of them right; at
// 0.1 it adds 152, 16 right, and keeps most of the recall (538 of 614
// within three against 550); higher margins raise the share of right
// ones only from 1 in 10 to 1 in 7 (0.3: 78 added, 12 right) and cost
// recall. A second pick adds one case (537 with one
// pick) for 26 more causes.
var opinionDefault = opinionLimits{picks: 2, margin: 0.1}

// Opinion is one cause the second opinion adds after the rules'.
type Opinion struct {
	Cause string
	// P is the model's probability for Cause.
	P float64
	// Words are the server's words that point at Cause rather than at the
	// rules' first candidate (or, when they have none, the model's next
	// cause), strongest first; none when the status and the request
	// decided.
	Words []string
}

// withOpinion adds the second opinion of model m to rep (Run's last
// step); m nil or empty adds nothing.
func withOpinion(rep *Report, m *bayes.Model, l opinionLimits, f *facts, ev Evidence) {
	picks := secondOpinion(m, l, f, ev, *rep)
	if len(picks) == 0 {
		return
	}
	filled := len(rep.Likely) == 0
	rep.SecondOpinion = picks
	for _, p := range picks {
		rep.Likely = append(rep.Likely, p.Cause)
	}
	rep.Guess = true
	if !filled {
		return // the rules' findings stay as they are; the report says the rest
	}
	// The rules named nothing: the first candidate is the model's, and
	// whoever reads its finding (the verdict, the fix) must read a
	// second opinion, not the check's pass.
	for i := range rep.Findings {
		if x := &rep.Findings[i]; x.ID == picks[0].Cause {
			ev := append([]string{picks[0].line(), "the check itself found: " + x.Title}, x.Evidence...)
			x.Status, x.Strength, x.opinion, x.Evidence = Warn, 0, true, ev
			x.Title = "A second opinion, not a finding: refusals worded like this one often had this cause"
		}
	}
}

// line is the second opinion's evidence: "second opinion (from similar
// refusals): X (41%), by the words a, b".
func (o Opinion) line() string {
	return fmt.Sprintf("second opinion (from similar refusals): %s (%.0f%%), %s", o.Cause, 100*o.P, OpinionBasis(o.Words))
}

// OpinionBasis says what a second opinion went by: "by the words a, b",
// or the status and the request when no word decided. The reports say it
// of the words as masked (ui/report), so it takes them apart from Opinion.
func OpinionBasis(words []string) string {
	if len(words) == 0 {
		return "by the status and what the request carried"
	}
	return "by the words " + strings.Join(words, ", ")
}

// secondOpinion is the causes model m adds to the rules' report rep.
func secondOpinion(m *bayes.Model, l opinionLimits, f *facts, ev Evidence, rep Report) []Opinion {
	switch {
	case m == nil || len(m.Classes) < 2 || f.resp == nil || rep.Outcome != "" || ev.RequestUnknown:
		return nil
	case len(rep.Likely) > 0 && !rep.Guess:
		return nil // a sure answer
	case len(rep.Likely) == 0 && (f.status < 400 || !f.refused()):
		return nil // a success, or a 200 the rules did not judge a refusal
	}
	features := opinionFeatures(f)
	scores := m.Rank(features)
	var out []Opinion
	for _, s := range scores {
		if len(out) == l.picks || s.P < l.margin {
			break
		}
		if slices.Contains(rep.Likely, s.Class) {
			continue
		}
		if i := slices.IndexFunc(rep.Findings, func(x Finding) bool { return x.ID == s.Class }); i >= 0 && !l.any && !mayName(f, rep.Findings[i]) {
			continue
		}
		against := ""
		if len(rep.Likely) > 0 {
			against = rep.Likely[0]
		} else if i := slices.IndexFunc(scores, func(o bayes.Score) bool { return o.Class != s.Class }); i >= 0 {
			against = scores[i].Class
		}
		words := m.Why(features, s.Class, against, 5, func(f string) bool { return strings.HasPrefix(f, "w:") })
		for i, w := range words {
			words[i] = strings.TrimPrefix(w, "w:")
		}
		out = append(out, Opinion{Cause: s.Class, P: s.P, Words: words})
	}
	return out
}

// silentPasses are the causes whose check passes, saying "No ..." (no
// WAF marker, no rate-limit marker), when the response shows none of
// their markers: the silence of one response, not a reading of it or of
// the request ("Not IAM: the message says the credential was refused"),
// so the model may still name them.
var silentPasses = []string{WAFBlock, RateLimit, PermissionScope, IPAllowlist, GeoBlock, AccountState}

// mayName reports whether the second opinion may name the cause of
// finding x: not one the rules read away on purpose. A pass rules a
// cause out by what the request held (a credential was sent, no Origin,
// no redirect) or by what the response says, unless it is a silent
// pass; a skip says the cause could not arise (no credential to expire,
// no handshake), except an expiry that could not be read off an opaque
// credential (a password does not expire by itself); an aside warning is
// never a candidate.
func mayName(f *facts, x Finding) bool {
	switch x.Status {
	case Pass:
		return slices.Contains(silentPasses, x.ID) && strings.HasPrefix(x.Title, "No ")
	case Skip:
		return x.ID == AuthExpired && f.req.hasCredential() && !passwordSent(&f.req) || x.ID == ClockSkew
	case Warn:
		return !x.Aside
	}
	return true
}

// rulesLikely is the rules' own candidates: Likely without the second
// opinion's picks, which always come last.
func (r Report) rulesLikely() []string {
	n := len(r.Likely)
	for i := len(r.SecondOpinion) - 1; i >= 0 && n > 0 && r.Likely[n-1] == r.SecondOpinion[i].Cause; i-- {
		n--
	}
	return r.Likely[:n]
}

// rulesGuess is the rules' own Guess: a second opinion makes a guess of
// a refusal they named nothing for.
func (r Report) rulesGuess() bool {
	return r.Guess && len(r.rulesLikely()) > 0
}

// byStatus marks g as resting only on the status's default meaning for
// what the request carried (Finding.statusDefault).
func byStatus(g Finding) Finding {
	g.statusDefault = true
	return g
}
