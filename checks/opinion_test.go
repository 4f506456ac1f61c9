package checks

import (
	"reflect"
	"slices"
	"strings"
	"testing"

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

// toyOpinion is a model that reads every refusal below as one cause:
// strong enough to speak wherever it is consulted.
func toyOpinion() *bayes.Model {
	var docs []bayes.Doc
	for range 3 {
		docs = append(docs,
			bayes.Doc{Class: WAFBlock, Features: []string{"s:403", "w:forbidden", "w:nginx"}},
			bayes.Doc{Class: MethodDenied, Features: []string{"s:405", "w:method", "w:not", "w:allowed"}},
			bayes.Doc{Class: AccountState, Features: []string{"s:400", "w:widget", "w:unavailable", "w:plan"}},
			bayes.Doc{Class: AuthMissing, Features: []string{"s:401", "w:login", "w:required", "cred:header"}},
			bayes.Doc{Class: AuthExpired, Features: []string{"s:401", "w:wrong", "w:password", "auth:basic"}},
			bayes.Doc{Class: PermissionScope, Features: []string{"s:404", "s:200", "w:gone", "w:fine"}})
	}
	return bayes.Train(docs, bayes.Options{Alpha: 0.5, MinDocs: 1})
}

// TestSecondOpinionLimits: the second opinion adds causes after a
// guess's candidates, and a guess for a refusal the rules named nothing
// for, each with the words that pointed there; it never leads the rules'
// candidates, never makes an answer sure, never changes the decider, and
// stays silent on a sure answer, a 404 that names no refusal, a success,
// a recording without its request, and a cause the rules read away (a
// credential was sent; a password does not expire by itself).
func TestSecondOpinionLimits(t *testing.T) {
	m := toyOpinion()
	nginx := "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	del := get("https://api.example.com/v1/items/7")
	del.Method = "DELETE"
	bearer := "Authorization: Bearer abcdef.ghijkl.mnopqr"
	unknown := exchange(get("https://api.example.com/v1/items"), resp(400, `{"error":"the widget is unavailable"}`, "Content-Type: application/json"))
	unknown.RequestUnknown = true
	for _, tc := range []struct {
		name  string
		ev    Evidence
		added []string // the causes the second opinion adds
		words string   // in the line of the first added; "" for none
	}{
		{"a guess gets a trailing candidate", exchange(del, resp(403, nginx, "Server: nginx", "Content-Type: text/html")),
			[]string{WAFBlock}, "forbidden"},
		{"a refusal the rules named nothing for", exchange(post("https://api.example.com/v1/items", `{"a":1}`, "Content-Type: application/json", bearer),
			resp(400, `{"error":"the widget is unavailable"}`, "Content-Type: application/json")),
			[]string{AccountState}, "widget"},
		{"a sure answer", exchange(get("https://api.example.com/v1/items", bearer),
			resp(401, "", `WWW-Authenticate: Bearer error="invalid_token", error_description="The access token expired"`)),
			nil, ""},
		{"a 404 that names no refusal", exchange(get("https://api.example.com/v1/items"), resp(404, "gone", "Content-Type: text/plain")), nil, ""},
		{"a success", exchange(get("https://api.example.com/v1/items"), resp(200, "fine", "Content-Type: text/plain")), nil, ""},
		{"a recording without its request", unknown, nil, ""},
		{"a credential was sent", exchange(get("https://api.example.com/v1/items", "X-Api-Key: abcdef123456"),
			resp(401, "login required", "Content-Type: text/plain")), nil, ""},
		{"a password does not expire by itself", exchange(get("https://api.example.com/v1/items", "Authorization: Basic dXNlcjp3cm9uZ3Bhc3M="),
			resp(401, "wrong password", "Content-Type: text/plain")), nil, ""},
	} {
		rules := run(tc.ev, nil, opinionDefault)
		got := run(tc.ev, m, opinionDefault)
		var added []string
		for _, o := range got.SecondOpinion {
			added = append(added, o.Cause)
		}
		if !slices.Equal(added, tc.added) {
			t.Errorf("%s: the second opinion added %v, want %v (rules %v, guess %v; with it %v)", tc.name, added, tc.added, rules.Likely, rules.Guess, got.Likely)
			continue
		}
		if want := append(slices.Clone(rules.Likely), added...); !slices.Equal(got.Likely, want) {
			t.Errorf("%s: likely %v, want the rules' %v followed by %v", tc.name, got.Likely, rules.Likely, added)
		}
		if got.Guess != (rules.Guess || len(added) > 0) || got.Decider != rules.Decider || got.Outcome != rules.Outcome {
			t.Errorf("%s: guess %v decider %q outcome %q, the rules said %v %q %q", tc.name, got.Guess, got.Decider, got.Outcome, rules.Guess, rules.Decider, rules.Outcome)
		}
		if tc.words != "" && !slices.Contains(got.SecondOpinion[0].Words, tc.words) {
			t.Errorf("%s: the words that decided %v lack %q", tc.name, got.SecondOpinion[0].Words, tc.words)
		}
		if !slices.Equal(got.rulesLikely(), rules.Likely) {
			t.Errorf("%s: rulesLikely %v, want %v", tc.name, got.rulesLikely(), rules.Likely)
		}
		if len(rules.Likely) > 0 && !reflect.DeepEqual(got.Findings, rules.Findings) {
			t.Errorf("%s: the second opinion changed the rules' findings", tc.name)
		}
		if len(rules.Likely) == 0 && len(added) > 0 {
			// its pick leads: its finding must read as a second opinion
			if f, _ := findingOf(got, added[0]); f.Status != Warn || len(f.Evidence) == 0 || !strings.HasPrefix(f.Evidence[0], "second opinion (from similar refusals): "+added[0]) {
				t.Errorf("%s: the finding of %s does not read as a second opinion: %s %q %q", tc.name, added[0], f.Status, f.Title, f.Evidence)
			}
		}
		if a, b := variantNames(PlanExperiments(tc.ev, rules)), variantNames(PlanExperiments(tc.ev, got)); !slices.Equal(a, b) {
			t.Errorf("%s: the experiments planned changed from %v to %v", tc.name, a, b)
		}
	}
}

// TestSecondOpinionAtMostTwo: however many causes pass the margin, at
// most two are added, and never one below it.
func TestSecondOpinionAtMostTwo(t *testing.T) {
	ev := exchange(get("https://api.example.com/v1/items"), resp(403, "nothing said", "Content-Type: text/plain"))
	var docs []bayes.Doc
	for _, c := range []string{WAFBlock, RateLimit, IPAllowlist, GeoBlock} { // all silent passes
		docs = append(docs, bayes.Doc{Class: c, Features: []string{"s:403"}})
	}
	m := bayes.Train(docs, bayes.Options{Alpha: 0.5, MinDocs: 1}) // 25% each
	if got := run(ev, m, opinionDefault); len(got.SecondOpinion) != 2 {
		t.Errorf("added %+v, want two of four equally likely causes", got.SecondOpinion)
	}
	if got := run(ev, m, opinionLimits{picks: 2, margin: 0.3}); len(got.SecondOpinion) != 0 {
		t.Errorf("added %+v below the margin", got.SecondOpinion)
	}
}

// TestOpinionFeaturesAreGeneric: the features name kinds of evidence, not
// a deployment. The host, the path, the query's values and the credential
// stay out; a code and a sentence fold to the same words, as the lexicon
// reads them.
func TestOpinionFeaturesAreGeneric(t *testing.T) {
	req := get("https://api.acmewidgets.example/v2/orders/8812?key=sk_live_abcdef123456", "Authorization: Bearer tok_secret_value_123")
	ev := exchange(req, resp(401, `{"errorCode":"ExpiredProviderToken","message":"The token expired at 2025-03-14"}`,
		"Content-Type: application/json", `WWW-Authenticate: Bearer error="invalid_token"`))
	got := OpinionFeatures(ev)
	for _, f := range got {
		for _, leak := range []string{"acmewidgets", "orders", "8812", "sk_live", "abcdef", "tok_secret", "2025"} {
			if strings.Contains(strings.ToLower(f), leak) {
				t.Errorf("feature %q names the deployment (%s)", f, leak)
			}
		}
	}
	for _, want := range []string{"s:401", "sc:4xx", "w:expired", "w:provider", "w:token", "k:error", "k:code", "chal:bearer", "m:GET", "cred:header", "cred:query", "auth:bearer", "said:expiry"} {
		if !slices.Contains(got, want) {
			t.Errorf("features %v lack %s", got, want)
		}
	}
}

// defaultOnly reports that the rules' first candidate rests only on the
// status's default meaning: its check read nothing but the status and
// whether a credential was sent (statusDefault), and nothing else in the
// response speaks: no words the lexicon reads, no documented code, no
// WAF or Cloudflare marker, no experiment's conclusion.
func defaultOnly(f *facts, ev Evidence, rep Report) bool {
	rules := rep.rulesLikely()
	if len(rules) == 0 || !rep.rulesGuess() || len(ev.Experiments) > 0 {
		return false
	}
	i := slices.IndexFunc(rep.Findings, func(x Finding) bool { return x.ID == rules[0] })
	if i < 0 {
		return false
	}
	g := rep.Findings[i]
	if !g.statusDefault || g.worded > 0 || g.Strength > Inferred || len(f.said) > 0 || f.waf != nil || f.cfCode != 0 {
		return false
	}
	_, coded := documentedCode(f)
	return !coded
}

// DefaultOnly reports that rep's first candidate rests only on the
// status's default meaning (defaultOnly).
func DefaultOnly(ev Evidence, rep Report) bool { return defaultOnly(newFacts(ev), ev, rep) }

// MayName reports that the rules of rep leave cause id open to the
// second opinion: a candidate already, or a finding mayName allows.
func MayName(ev Evidence, rep Report, id string) bool {
	if slices.Contains(rep.Likely, id) {
		return true
	}
	i := slices.IndexFunc(rep.Findings, func(x Finding) bool { return x.ID == id })
	return i < 0 || mayName(newFacts(ev), rep.Findings[i])
}
