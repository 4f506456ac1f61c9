// Package bayes is a multinomial naive Bayes classifier over sets of
// string features, with Laplace smoothing: small enough to read, and each
// answer comes with the features that decided it.
//
// A model is its counts (documents per class, documents per class that
// hold each feature) in plain slices, sorted, so that a model can be
// written out as a Go literal the linker lays down as static data: using
// it parses nothing and builds nothing, and probabilities are computed
// from the counts on each call.
package bayes

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// Doc is one training example: its class and its features (duplicates
// count once).
type Doc struct {
	Class    string
	Features []string
}

// Options say how a model is counted.
type Options struct {
	// Alpha is the Laplace smoothing added to every count.
	Alpha float64
	// MinDocs: features held by fewer documents are left out (a word one
	// page used says nothing about the next vendor's).
	MinDocs int
	// UniformPrior gives every class the same prior, instead of its share
	// of the documents: the share of a collected corpus is the collectors',
	// not the world's.
	UniformPrior bool
}

// Model is a trained classifier: its counts, nothing derived from them.
// The features are held as three flat tables without pointers, so that
// a generated model is a few contiguous blocks of static data.
type Model struct {
	Alpha        float64
	UniformPrior bool
	// Classes are sorted; Docs and Tokens follow them: the documents of
	// each class and its feature occurrences (each document's set).
	Classes []string
	Docs    []int
	Tokens  []int
	// Names is every feature's name, sorted, one after the other; the
	// i-th ends at NameEnd[i].
	Names   string
	NameEnd []uint32
	// Counts are, per feature, pairs of a class (by index) and how many
	// of its documents hold the feature; the i-th feature's end at
	// CountEnd[i].
	Counts   []uint16
	CountEnd []uint32
}

// Train counts docs. The same docs, in any order, give the same model.
func Train(docs []Doc, o Options) *Model {
	m := &Model{Alpha: o.Alpha, UniformPrior: o.UniformPrior}
	for _, d := range docs {
		if !slices.Contains(m.Classes, d.Class) {
			m.Classes = append(m.Classes, d.Class)
		}
	}
	sort.Strings(m.Classes)
	m.Docs = make([]int, len(m.Classes))
	m.Tokens = make([]int, len(m.Classes))
	held := map[string][]int{} // per feature, documents per class
	for _, d := range docs {
		c, _ := slices.BinarySearch(m.Classes, d.Class)
		m.Docs[c]++
		for _, f := range dedupe(d.Features) {
			if held[f] == nil {
				held[f] = make([]int, len(m.Classes))
			}
			held[f][c]++
		}
	}
	var names []string
	for f, byClass := range held {
		total := 0
		for _, n := range byClass {
			total += n
		}
		if total >= o.MinDocs {
			names = append(names, f)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, f := range names {
		b.WriteString(f)
		m.NameEnd = append(m.NameEnd, uint32(b.Len()))
		for c, n := range held[f] {
			if n > 0 {
				m.Counts = append(m.Counts, uint16(c), uint16(min(n, math.MaxUint16)))
				m.Tokens[c] += n
			}
		}
		m.CountEnd = append(m.CountEnd, uint32(len(m.Counts)))
	}
	m.Names = b.String()
	return m
}

// Len is how many features the model holds.
func (m *Model) Len() int { return len(m.NameEnd) }

// Name is the i-th feature's name.
func (m *Model) Name(i int) string {
	start := uint32(0)
	if i > 0 {
		start = m.NameEnd[i-1]
	}
	return m.Names[start:m.NameEnd[i]]
}

// feature is the counts of the feature named f, nil when the model does
// not know it.
func (m *Model) feature(f string) []uint16 {
	i := sort.Search(m.Len(), func(i int) bool { return m.Name(i) >= f })
	if i == m.Len() || m.Name(i) != f {
		return nil
	}
	start := uint32(0)
	if i > 0 {
		start = m.CountEnd[i-1]
	}
	return m.Counts[start:m.CountEnd[i]]
}

// Score is one class's posterior probability.
type Score struct {
	Class string
	P     float64
}

// Rank is every class, most probable first (ties by name). Features the
// model does not know are ignored.
func (m *Model) Rank(features []string) []Score {
	s := m.logScores(dedupe(features))
	top := math.Inf(-1)
	for _, v := range s {
		top = max(top, v)
	}
	sum := 0.0
	for _, v := range s {
		sum += math.Exp(v - top)
	}
	out := make([]Score, len(m.Classes))
	for c, v := range s {
		out[c] = Score{m.Classes[c], math.Exp(v-top) / sum}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].P > out[j].P })
	return out
}

// logScores is log P(class) + Σ log P(feature|class) per class.
func (m *Model) logScores(features []string) []float64 {
	total := 0
	for _, n := range m.Docs {
		total += n
	}
	logA := math.Log(m.Alpha)
	s := make([]float64, len(m.Classes))
	for c := range s {
		s[c] = math.Log(float64(m.Docs[c]) / float64(total))
		if m.UniformPrior {
			s[c] = -math.Log(float64(len(m.Classes)))
		}
	}
	known := 0
	for _, f := range features {
		cc := m.feature(f)
		if cc == nil {
			continue
		}
		known++
		for i := 0; i+1 < len(cc); i += 2 {
			s[cc[i]] += math.Log(float64(cc[i+1])+m.Alpha) - logA
		}
	}
	for c := range s {
		s[c] += float64(known) * (logA - m.logDenom(c))
	}
	return s
}

// logDenom is log(occurrences of class c + alpha × features known).
func (m *Model) logDenom(c int) float64 {
	return math.Log(float64(m.Tokens[c]) + m.Alpha*float64(m.Len()))
}

// logP is log P(feature|class).
func (m *Model) logP(f string, c int) float64 {
	n := 0
	cc := m.feature(f)
	for i := 0; i+1 < len(cc); i += 2 {
		if int(cc[i]) == c {
			n = int(cc[i+1])
		}
	}
	return math.Log(float64(n)+m.Alpha) - m.logDenom(c)
}

// Why is the features that point at class rather than against, strongest
// first, at most n of them, keeping only those keep accepts.
func (m *Model) Why(features []string, class, against string, n int, keep func(string) bool) []string {
	ci, ai := slices.Index(m.Classes, class), slices.Index(m.Classes, against)
	if ci < 0 || ai < 0 {
		return nil
	}
	type weighed struct {
		f string
		w float64
	}
	var ws []weighed
	for _, f := range dedupe(features) {
		if m.feature(f) == nil || !keep(f) {
			continue
		}
		if w := m.logP(f, ci) - m.logP(f, ai); w > 0 {
			ws = append(ws, weighed{f, w})
		}
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].w > ws[j].w })
	var out []string
	for _, x := range ws[:min(n, len(ws))] {
		out = append(out, x.f)
	}
	return out
}

// dedupe is features with each once, in order.
func dedupe(features []string) []string {
	seen := make(map[string]bool, len(features))
	out := features[:0:0]
	for _, f := range features {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}
