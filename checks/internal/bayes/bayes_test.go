package bayes

import (
	"math"
	"math/rand/v2"
	"reflect"
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
	if m.feature("w:lapsed") != nil || m.feature("w:session") != nil {
		t.Errorf("a feature of one document was kept: %q", m.Names)
	}
	if got := m.feature("w:expired"); !slices.Equal(got, []uint16{0, 3}) {
		t.Errorf("w:expired counts %v, want [0 3]: 3 documents of class 0 (a document's repeats once)", got)
	}
}

// TestTrainingIsDeterministic: the same documents in another order count
// the same model, so that a generated model changes only when its corpus
// does.
func TestTrainingIsDeterministic(t *testing.T) {
	want := Train(docs, Options{Alpha: 0.5, MinDocs: 1})
	for i := range 20 {
		shuffled := slices.Clone(docs)
		rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		if got := Train(shuffled, Options{Alpha: 0.5, MinDocs: 1}); !reflect.DeepEqual(got, want) {
			t.Fatalf("order %v counts\n%+v\nwant\n%+v", shuffled, got, want)
		}
	}
	for i := 1; i < want.Len(); i++ {
		if want.Name(i-1) >= want.Name(i) {
			t.Errorf("features are not sorted by name: %q before %q", want.Name(i-1), want.Name(i))
		}
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
