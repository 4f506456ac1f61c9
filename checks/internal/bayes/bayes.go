// Package bayes is a multinomial naive Bayes classifier over sets of
// string features, with Laplace smoothing: small enough to read, and each
// answer comes with the features that decided it.
//
// A model is its counts (documents per class, documents per class that
// hold each feature), kept as text so that a change to it reads in a diff.
// Probabilities are computed from the counts when the model is parsed.
package bayes

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// header is the first line of a model's text: its format.
const header = "bayes v1"

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

// Model is a trained classifier.
type Model struct {
	alpha   float64
	uniform bool
	classes []string
	docs    []int // documents per class
	tokens  []int // feature occurrences per class (each document's set)
	// counts is, per feature, the classes holding it and how many of their
	// documents do.
	counts map[string][]classCount

	// computed by prepare
	prior   []float64 // log P(class)
	denom   []float64 // log(tokens + alpha*V)
	logA    float64
	vocabSz int
}

type classCount struct {
	class int
	n     int
}

// Train counts docs.
func Train(docs []Doc, o Options) *Model {
	m := &Model{alpha: o.Alpha, uniform: o.UniformPrior, counts: map[string][]classCount{}}
	index := map[string]int{}
	for _, d := range docs {
		if _, ok := index[d.Class]; !ok {
			index[d.Class] = 0
			m.classes = append(m.classes, d.Class)
		}
	}
	sort.Strings(m.classes)
	for i, c := range m.classes {
		index[c] = i
	}
	m.docs = make([]int, len(m.classes))
	m.tokens = make([]int, len(m.classes))
	held := map[string]map[int]int{}
	seen := map[string]int{}
	for _, d := range docs {
		c := index[d.Class]
		m.docs[c]++
		for _, f := range dedupe(d.Features) {
			if held[f] == nil {
				held[f] = map[int]int{}
			}
			held[f][c]++
			seen[f]++
		}
	}
	for f, byClass := range held {
		if seen[f] < o.MinDocs {
			continue
		}
		for c, n := range byClass {
			m.counts[f] = append(m.counts[f], classCount{c, n})
			m.tokens[c] += n
		}
		slices.SortFunc(m.counts[f], func(a, b classCount) int { return a.class - b.class })
	}
	m.prepare()
	return m
}

// prepare computes the log probabilities from the counts.
func (m *Model) prepare() {
	m.vocabSz = len(m.counts)
	m.logA = math.Log(m.alpha)
	total := 0
	for _, n := range m.docs {
		total += n
	}
	m.prior = make([]float64, len(m.classes))
	m.denom = make([]float64, len(m.classes))
	for c := range m.classes {
		m.prior[c] = math.Log(float64(m.docs[c]) / float64(total))
		if m.uniform {
			m.prior[c] = -math.Log(float64(len(m.classes)))
		}
		m.denom[c] = math.Log(float64(m.tokens[c]) + m.alpha*float64(m.vocabSz))
	}
}

// Score is one class's posterior probability.
type Score struct {
	Class string
	P     float64
}

// Rank is every class, most probable first. Features the model does not
// know are ignored.
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
	out := make([]Score, len(m.classes))
	for c, v := range s {
		out[c] = Score{m.classes[c], math.Exp(v-top) / sum}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].P > out[j].P })
	return out
}

// logScores is log P(class) + Σ log P(feature|class) per class.
func (m *Model) logScores(features []string) []float64 {
	s := slices.Clone(m.prior)
	known := 0
	for _, f := range features {
		cc, ok := m.counts[f]
		if !ok {
			continue
		}
		known++
		for _, x := range cc {
			s[x.class] += math.Log(float64(x.n)+m.alpha) - m.logA
		}
	}
	for c := range s {
		s[c] += float64(known) * (m.logA - m.denom[c])
	}
	return s
}

// logP is log P(feature|class).
func (m *Model) logP(f string, c int) float64 {
	n := 0
	for _, x := range m.counts[f] {
		if x.class == c {
			n = x.n
		}
	}
	return math.Log(float64(n)+m.alpha) - m.denom[c]
}

// Why is the features that point at class rather than against, strongest
// first, at most n of them, keeping only those keep accepts.
func (m *Model) Why(features []string, class, against string, n int, keep func(string) bool) []string {
	ci, ai := slices.Index(m.classes, class), slices.Index(m.classes, against)
	if ci < 0 || ai < 0 {
		return nil
	}
	type weighed struct {
		f string
		w float64
	}
	var ws []weighed
	for _, f := range dedupe(features) {
		if _, ok := m.counts[f]; !ok || !keep(f) {
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

// Classes is the classes the model knows, sorted.
func (m *Model) Classes() []string { return slices.Clone(m.classes) }

// Features is how many features the model holds.
func (m *Model) Features() int { return len(m.counts) }

// MarshalText writes the model's counts, sorted, one line each:
//
//	bayes v1
//	alpha 1
//	prior uniform
//	class auth.missing 57 812
//	f w:token 0:3 4:12
//
// (a class line holds its documents and its feature occurrences; a
// feature line the classes, by index, that hold it and how often).
func (m *Model) MarshalText() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\nalpha %s\n", header, strconv.FormatFloat(m.alpha, 'g', -1, 64))
	if m.uniform {
		b.WriteString("prior uniform\n")
	}
	for c, name := range m.classes {
		fmt.Fprintf(&b, "class %s %d %d\n", name, m.docs[c], m.tokens[c])
	}
	names := make([]string, 0, len(m.counts))
	for f := range m.counts {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		b.WriteString("f " + f)
		for _, x := range m.counts[f] {
			fmt.Fprintf(&b, " %d:%d", x.class, x.n)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Parse reads a model written by MarshalText. It runs at a model's first
// use, so it reads the text in place: one string for all of it, each
// feature's name a part of it, and no slice of fields per line.
func Parse(text []byte) (*Model, error) {
	all := string(text)
	m := &Model{counts: make(map[string][]classCount, strings.Count(all, "\nf "))}
	for line, rest := 1, all; rest != ""; line++ {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		bad := func(why string) error { return fmt.Errorf("model line %d: %s", line, why) }
		kind, args, _ := strings.Cut(l, " ")
		switch {
		case line == 1:
			if l != header {
				return nil, bad("want " + header)
			}
		case kind == "alpha":
			a, err := strconv.ParseFloat(args, 64)
			if err != nil || a <= 0 {
				return nil, bad("alpha must be a positive number")
			}
			m.alpha = a
		case l == "prior uniform":
			m.uniform = true
		case kind == "class":
			name, nums, _ := strings.Cut(args, " ")
			ds, ts, _ := strings.Cut(nums, " ")
			d, err1 := strconv.Atoi(ds)
			t, err2 := strconv.Atoi(ts)
			if name == "" || err1 != nil || err2 != nil || d <= 0 || t < 0 {
				return nil, bad("want class NAME DOCS TOKENS")
			}
			m.classes = append(m.classes, name)
			m.docs = append(m.docs, d)
			m.tokens = append(m.tokens, t)
		case kind == "f":
			name, pairs, _ := strings.Cut(args, " ")
			if name == "" || pairs == "" {
				return nil, bad("want f NAME CLASS:COUNT...")
			}
			cc := make([]classCount, 0, strings.Count(pairs, " ")+1)
			for pairs != "" {
				var p string
				p, pairs, _ = strings.Cut(pairs, " ")
				cs, ns, _ := strings.Cut(p, ":")
				c, err1 := strconv.Atoi(cs)
				n, err2 := strconv.Atoi(ns)
				if err1 != nil || err2 != nil || c < 0 || c >= len(m.classes) || n <= 0 {
					return nil, bad("want CLASS:COUNT pairs of known classes")
				}
				cc = append(cc, classCount{c, n})
			}
			m.counts[name] = cc
		default:
			return nil, bad("unknown line")
		}
	}
	if m.alpha == 0 || len(m.classes) == 0 {
		return nil, fmt.Errorf("model: no alpha or no classes")
	}
	m.prepare()
	return m, nil
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
