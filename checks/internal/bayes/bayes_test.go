package bayes

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"
)

// docs are a toy corpus: two classes with words of their own and a word
// both share.
var docs = []Doc{
	{Class: "expired", Features: []string{"w:token", "w:expired", "s:401"}},
	{Class: "expired", Features: []string{"w:session", "w:expired", "s:401"}},
	{Class: "expired", Features: []string{"w:token", "w:lapsed", "w:expired", "w:expired"}},
	{Class: "scope", Features: []string{"w:token", "w:scope", "s:403"}},
	{Class: "scope", Features: []string{"w:insufficient", "w:scope", "s:403"}},
}

func TestRankPrefersTheClassWhoseWordsOccur(t *testing.T) {
	m := Train(docs, Options{Alpha: 1, MinDocs: 1})
	for _, tc := range []struct {
		features []string
		want     string
	}{
		{[]string{"w:token", "w:expired"}, "expired"},
		{[]string{"w:token", "w:scope", "s:403"}, "scope"},
		{[]string{"w:insufficient", "w:never-seen"}, "scope"},
	} {
		r := m.Rank(tc.features)
		if r[0].Class != tc.want {
			t.Errorf("Rank(%v) = %v, want %s first", tc.features, r, tc.want)
		}
		sum := 0.0
		for _, s := range r {
			sum += s.P
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("Rank(%v): probabilities sum to %v, want 1", tc.features, sum)
		}
	}
}

func TestMinDocsDropsRareFeatures(t *testing.T) {
	m := Train(docs, Options{Alpha: 1, MinDocs: 2})
	text := string(m.MarshalText())
	if strings.Contains(text, "w:lapsed") || strings.Contains(text, "w:session") {
		t.Errorf("a feature of one document was kept:\n%s", text)
	}
	if !strings.Contains(text, "f w:expired 0:3\n") {
		t.Errorf("w:expired should count 3 documents of class 0 (a document's repeats once):\n%s", text)
	}
}

func TestUniformPriorIgnoresTheClassShare(t *testing.T) {
	counted := Train(docs, Options{Alpha: 1, MinDocs: 1})
	uniform := Train(docs, Options{Alpha: 1, MinDocs: 1, UniformPrior: true})
	// no known feature: the prior alone decides
	if r := counted.Rank(nil); r[0].Class != "expired" || math.Abs(r[0].P-0.6) > 1e-9 {
		t.Errorf("counted prior: %v, want expired at 0.6", r)
	}
	if r := uniform.Rank(nil); math.Abs(r[0].P-0.5) > 1e-9 {
		t.Errorf("uniform prior: %v, want 0.5 each", r)
	}
}

func TestMarshalParseRoundTrip(t *testing.T) {
	for _, o := range []Options{{Alpha: 1, MinDocs: 1}, {Alpha: 0.5, MinDocs: 2, UniformPrior: true}} {
		m := Train(docs, o)
		text := m.MarshalText()
		p, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse: %v\n%s", err, text)
		}
		if !bytes.Equal(p.MarshalText(), text) {
			t.Errorf("round trip differs:\n%s\nwant\n%s", p.MarshalText(), text)
		}
		f := []string{"w:token", "w:scope"}
		a, b := m.Rank(f), p.Rank(f)
		for i := range a {
			if a[i].Class != b[i].Class || math.Abs(a[i].P-b[i].P) > 1e-12 {
				t.Errorf("options %+v: parsed model ranks %v, trained %v", o, b, a)
			}
		}
	}
}

func TestParseRejectsBrokenModels(t *testing.T) {
	for _, text := range []string{
		"",
		"bayes v2\nalpha 1\nclass a 1 1\n",
		"bayes v1\nclass a 1 1\n",
		"bayes v1\nalpha 0\nclass a 1 1\n",
		"bayes v1\nalpha 1\n",
		"bayes v1\nalpha 1\nclass a 1 1\nf w:x 1:1\n", // class 1 unknown
		"bayes v1\nalpha 1\nclass a 1 1\nf w:x 0:zero\n",
		"bayes v1\nalpha 1\nclass a 1 1\nsomething else\n",
	} {
		if _, err := Parse([]byte(text)); err == nil {
			t.Errorf("Parse(%q) accepted a broken model", text)
		}
	}
}

func TestWhyNamesTheDecidingFeatures(t *testing.T) {
	m := Train(docs, Options{Alpha: 1, MinDocs: 1})
	words := func(f string) bool { return strings.HasPrefix(f, "w:") }
	got := m.Why([]string{"w:token", "w:expired", "w:scope", "s:401"}, "expired", "scope", 5, words)
	if len(got) == 0 || got[0] != "w:expired" {
		t.Errorf("Why = %v, want w:expired first", got)
	}
	if slices.Contains(got, "w:scope") || slices.Contains(got, "s:401") {
		t.Errorf("Why = %v: holds a word pointing the other way, or a feature keep refused", got)
	}
}
