// Package bisect finds the smallest set of changes that turns a refused
// request into an accepted one: delta debugging (Zeller and Hildebrandt's
// ddmin) over the differences between a good and a bad request. The
// engine here is pure: it knows units only by number and asks a predicate
// whether a set of them, applied to the bad request, is accepted. Run
// (run.go) supplies that predicate by sending through checks/diagnose.
package bisect

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// Test says whether the bad request with the given units applied (sorted
// unit numbers) is accepted. An error stops the search: the server pushed
// back, the budget is spent, or the context ended.
type Test func(ctx context.Context, units []int) (bool, error)

// Search is the outcome of Minimize.
type Search struct {
	// Minimal is the smallest accepted set found. It is 1-minimal (no
	// single unit can be left out) when Complete is true; otherwise it is
	// the smallest accepted set known when the search stopped.
	Minimal []int
	// Complete reports that the search ended by itself.
	Complete bool
	// Tests counts the sets tested (each at most once).
	Tests int
	// Err is why the search stopped early, nil when Complete.
	Err error
}

// Minimize runs ddmin over units 0..n-1. The whole set is taken as
// accepted and the empty set as refused (the caller confirmed both), so
// neither is tested. Each distinct set is tested at most once, and a set
// whose answer follows from one tested (inside a refused set, or holding
// an accepted one) is not tested at all: with requests as the cost, this
// is what keeps an interaction of two changes within a budget of 14.
func Minimize(ctx context.Context, n int, test Test) Search {
	s := search{test: test, seen: map[string]bool{}}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	s.seen[key(all)] = true
	s.seen[key(nil)] = false
	if n <= 1 {
		return Search{Minimal: all, Complete: true}
	}
	c, err := s.ddmin(ctx, all, 2)
	return Search{Minimal: c, Complete: err == nil, Tests: s.tests, Err: err}
}

type search struct {
	test  Test
	seen  map[string]bool
	tests int
	// accepted and refused are the sets tested, for inferring: a set
	// holding an accepted set is accepted, a set inside a refused one is
	// refused (the predicate is taken as monotone: more of GOOD's values
	// never make BAD worse).
	accepted, refused [][]int
}

// ddmin is the recursive step: split c into n parts; keep a part that is
// accepted alone, else a complement that is accepted, else split finer.
// Testing complements is what finds interactions: two units that are
// needed together stay together in a complement. On an error the
// smallest accepted set so far (c) is returned with it.
func (s *search) ddmin(ctx context.Context, c []int, n int) ([]int, error) {
	for len(c) >= 2 {
		parts := split(c, n)
		next := []int(nil)
		nextN := 0
		for _, p := range parts {
			ok, err := s.try(ctx, p)
			if err != nil {
				return c, err
			}
			if ok {
				next, nextN = p, 2
				break
			}
		}
		if next == nil && n > 2 {
			for i := range parts {
				comp := complement(c, parts[i])
				ok, err := s.try(ctx, comp)
				if err != nil {
					return c, err
				}
				if ok {
					next, nextN = comp, max(n-1, 2)
					break
				}
			}
		}
		switch {
		case next != nil:
			c, n = next, nextN
		case n < len(c):
			n = min(2*n, len(c))
		default:
			return c, nil
		}
	}
	return c, nil
}

// try tests a set once; a set seen before answers from memory.
func (s *search) try(ctx context.Context, set []int) (bool, error) {
	k := key(set)
	if ok, seen := s.seen[k]; seen {
		return ok, nil
	}
	for _, a := range s.accepted {
		if subset(a, set) {
			return true, nil
		}
	}
	for _, r := range s.refused {
		if subset(set, r) {
			return false, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	ok, err := s.test(ctx, slices.Clone(set))
	if err != nil {
		return false, err
	}
	s.tests++
	s.seen[k] = ok
	if ok {
		s.accepted = append(s.accepted, slices.Clone(set))
	} else {
		s.refused = append(s.refused, slices.Clone(set))
	}
	return ok, nil
}

// subset reports whether every unit of a is in b.
func subset(a, b []int) bool {
	for _, u := range a {
		if !slices.Contains(b, u) {
			return false
		}
	}
	return true
}

// split cuts c into n parts of nearly equal size, in order.
func split(c []int, n int) [][]int {
	out := make([][]int, 0, n)
	start := 0
	for i := 0; i < n; i++ {
		end := start + (len(c)-start)/(n-i)
		out = append(out, c[start:end])
		start = end
	}
	return out
}

func complement(c, part []int) []int {
	out := make([]int, 0, len(c)-len(part))
	for _, u := range c {
		if !slices.Contains(part, u) {
			out = append(out, u)
		}
	}
	return out
}

func key(set []int) string {
	s := slices.Clone(set)
	slices.Sort(s)
	var b strings.Builder
	for _, u := range s {
		b.WriteString(strconv.Itoa(u))
		b.WriteByte(',')
	}
	return b.String()
}
