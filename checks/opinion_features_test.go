package checks

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/why403/why403/checks/internal/bayes"
)

// A second opinion (issue 14 §2): a naive Bayes model (checks/internal/bayes)
// counted from the recorded refusals of testdata/real, which may reorder
// the candidates of a guess or offer one where the rules found nothing for
// a refusal, shows the words that pointed there, and never touches a sure
// answer. Its features and its policies live here; the tests measure it
// (opinion_test.go, opinion_cv_test.go).

// OpinionPolicy says when the model may speak: the posterior probability
// its pick needs to put one of a guess's candidates first (Reorder; above
// 1: never) and to offer a guess where the rules found nothing (Fill), and
// whether it may reorder a guess the server's words decided (Worded).
// Outside lets its pick lead a guess even when the rules did not name it
// (beyond what issue 14 allows: measured only to know what the limit
// costs).
type OpinionPolicy struct {
	Reorder, Fill   float64
	Worded, Outside bool
}

// secondOpinion applies the model m to a judgement: likely and guess as
// ranked, outcome as noRefusal said. A sure answer, a response that is
// no refusal and an exchange without a response stay as they are.
func secondOpinion(m *bayes.Model, p OpinionPolicy, f *facts, findings []Finding, likely []string, guess bool, outcome string) ([]string, bool) {
	if m == nil || f.resp == nil || outcome != "" || len(likely) > 0 && !guess || len(likely) == 0 && !f.refused() {
		return likely, guess
	}
	features := opinionFeatures(f)
	scores := m.Rank(features)
	if len(likely) == 0 {
		best := scores[0]
		i := slices.IndexFunc(findings, func(g Finding) bool { return g.ID == best.Class })
		if best.P < p.Fill || i < 0 {
			return likely, guess
		}
		g := &findings[i]
		g.Status, g.Strength, g.wordsOnly = Fail, Inferred, true
		g.Title = "The server's words resemble refusals of this kind (a second opinion, not a finding)"
		g.Evidence = append([]string{opinionEvidence(m, features, best, scores)}, g.Evidence...)
		return []string{best.Class}, true
	}
	best := bayes.Score{}
	for _, s := range scores {
		if p.Outside || slices.Contains(likely, s.Class) {
			best = s
			break
		}
	}
	if best.Class == "" || best.Class == likely[0] || best.P < p.Reorder {
		return likely, guess
	}
	for i := range findings {
		if findings[i].ID == likely[0] && findings[i].worded > 0 && !p.Worded {
			return likely, guess
		}
	}
	for i := range findings {
		if g := &findings[i]; g.ID == best.Class {
			if g.Status != Fail {
				g.Status, g.Strength, g.wordsOnly = Fail, Inferred, true
				g.Title = "The server's words resemble refusals of this kind (a second opinion, not a finding)"
			}
			g.Evidence = append(g.Evidence, opinionEvidence(m, features, best, scores))
		}
	}
	out := append([]string{best.Class}, slices.DeleteFunc(slices.Clone(likely), func(id string) bool { return id == best.Class })...)
	return out, true
}

// opinionEvidence is the evidence line: the server's words that point at
// the model's pick rather than at its runner-up.
func opinionEvidence(m *bayes.Model, features []string, pick bayes.Score, scores []bayes.Score) string {
	against := scores[0].Class
	if against == pick.Class && len(scores) > 1 {
		against = scores[1].Class
	}
	words := m.Why(features, pick.Class, against, 5, func(f string) bool { return strings.HasPrefix(f, "w:") })
	for i, w := range words {
		words[i] = strings.TrimPrefix(w, "w:")
	}
	said := "no words of the server; its status and the request"
	if len(words) > 0 {
		said = "words that point here: " + strings.Join(words, ", ")
	}
	return fmt.Sprintf("second opinion (a model of the recorded refusals, %.0f%% for %s): %s", 100*pick.P, pick.Class, said)
}

// The second opinion's features: what a response and its request show, as
// generic tokens a naive Bayes model counts. They hold no host, path or
// value that names one deployment: the status, the folded words the server
// chose (the lexicon's lexWords, so that a code and a sentence read alike)
// and the meaning classes the lexicon reads in them, the JSON member names,
// the challenge's scheme, and what the request carried. A prefix tells the
// kinds apart; "w:" marks the server's words, the only kind shown to the
// user as what decided.
//
// Left out because the cross-validation showed them hurting (by 1–3 points
// of the model's top-1): response header names, the Server product and the
// recognised stack (they name a vendor more than a cause), the kind of body,
// and pairs of adjacent words.

// opinionFeatures lists the features of the exchange f holds.
func opinionFeatures(f *facts) []string {
	if f.resp == nil {
		return nil
	}
	var out []string
	add := func(kind, v string) {
		if v = strings.Join(strings.Fields(v), "_"); v != "" {
			out = append(out, kind+v)
		}
	}
	add("s:", strconv.Itoa(f.status))
	add("sc:", strconv.Itoa(f.status/100)+"xx")
	text, _ := serverSays(f)
	for _, w := range lexWords(text) {
		if opinionWord(w) {
			add("w:", w)
		}
	}
	for _, h := range f.said {
		add("said:", h.m.Class)
	}
	for _, k := range jsonMemberNames(f.body.raw) {
		for _, w := range lexWords(k) {
			if opinionWord(w) {
				add("k:", w)
			}
		}
	}
	for _, c := range f.challenges {
		add("chal:", strings.ToLower(c.Scheme))
	}
	add("m:", strings.ToUpper(f.req.Method))
	if !f.req.hasCredential() {
		add("cred:", "none")
	}
	for _, c := range f.req.Creds {
		add("cred:", c.Kind)
	}
	if f.req.AuthScheme != "" {
		add("auth:", strings.ToLower(f.req.AuthScheme))
	}
	if f.req.BodyKind != "" {
		add("reqbody:", f.req.BodyKind)
	}
	return out
}

// opinionWord keeps a word that may mean something beyond one page: not a
// number (an ID, a count, a time), not a single letter, and not one of
// the words every sentence has.
func opinionWord(w string) bool {
	if len(w) < 2 || len(w) > 30 || slices.Contains(functionWords, w) {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// functionWords carry no meaning of their own: shown as "the words that
// pointed here" they explain nothing.
var functionWords = []string{"an", "the", "is", "are", "was", "were", "be", "been", "has", "have", "to", "of", "in", "on",
	"for", "or", "and", "at", "by", "with", "from", "this", "that", "it", "its", "as", "your", "you", "we", "our", "please"}

// jsonMemberNames is the member names of a JSON document ("error_code",
// "errmsg"), each once, sorted; none when it does not parse.
func jsonMemberNames(raw string) []string {
	t := strings.TrimSpace(raw)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return nil
	}
	var v any
	if json.Unmarshal([]byte(t), &v) != nil {
		return nil
	}
	seen := map[string]bool{}
	var walk func(any, int)
	walk = func(v any, depth int) {
		if depth > 8 || len(seen) > 100 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			for k, e := range x {
				seen[k] = true
				walk(e, depth+1)
			}
		}
	}
	walk(v, 0)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
