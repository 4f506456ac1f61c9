package bisect

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
)

// needs is a predicate accepted when the set holds every unit of want.
func needs(want ...int) (Test, *int) {
	calls := 0
	return func(_ context.Context, set []int) (bool, error) {
		calls++
		for _, w := range want {
			if !slices.Contains(set, w) {
				return false, nil
			}
		}
		return true, nil
	}, &calls
}

func TestMinimizeFindsOneUnit(t *testing.T) {
	test, calls := needs(5)
	r := Minimize(context.Background(), 8, test)
	if !r.Complete || !reflect.DeepEqual(r.Minimal, []int{5}) {
		t.Fatalf("got %+v", r)
	}
	if r.Tests != *calls || r.Tests > 8 {
		t.Fatalf("tests %d, calls %d", r.Tests, *calls)
	}
}

// Two units needed together (an interaction) are both found, not one.
func TestMinimizeFindsInteraction(t *testing.T) {
	for _, pair := range [][2]int{{0, 1}, {0, 5}, {2, 3}, {1, 4}} {
		test, _ := needs(pair[0], pair[1])
		r := Minimize(context.Background(), 6, test)
		if !r.Complete || !reflect.DeepEqual(r.Minimal, []int{pair[0], pair[1]}) {
			t.Fatalf("pair %v: got %+v", pair, r)
		}
		if r.Tests > 14 {
			t.Fatalf("pair %v: %d tests, over a budget of 14", pair, r.Tests)
		}
	}
}

// The result is 1-minimal: leaving out any one unit of it is refused.
func TestMinimizeOneMinimal(t *testing.T) {
	accepted := func(set []int) bool {
		// either {1,3} or {2,4,6}
		has := func(us ...int) bool {
			for _, u := range us {
				if !slices.Contains(set, u) {
					return false
				}
			}
			return true
		}
		return has(1, 3) || has(2, 4, 6)
	}
	r := Minimize(context.Background(), 8, func(_ context.Context, set []int) (bool, error) { return accepted(set), nil })
	if !r.Complete || !accepted(r.Minimal) {
		t.Fatalf("got %+v", r)
	}
	for i := range r.Minimal {
		less := slices.Delete(slices.Clone(r.Minimal), i, i+1)
		if accepted(less) {
			t.Fatalf("%v is not 1-minimal: %v is accepted too", r.Minimal, less)
		}
	}
}

// A set is never tested twice, and neither the whole nor the empty set
// is tested (the confirmation did).
func TestMinimizeTestsEachSetOnce(t *testing.T) {
	seen := map[string]bool{}
	r := Minimize(context.Background(), 7, func(_ context.Context, set []int) (bool, error) {
		k := key(set)
		if seen[k] {
			t.Fatalf("set %v tested twice", set)
		}
		if len(set) == 0 || len(set) == 7 {
			t.Fatalf("set %v should not be tested", set)
		}
		seen[k] = true
		return slices.Contains(set, 6) && slices.Contains(set, 0), nil
	})
	if !reflect.DeepEqual(r.Minimal, []int{0, 6}) {
		t.Fatalf("got %+v", r)
	}
}

// An error stops the search at once, with the smallest accepted set so
// far.
func TestMinimizeStopsOnError(t *testing.T) {
	stop := errors.New("rate limited")
	n := 0
	r := Minimize(context.Background(), 8, func(_ context.Context, set []int) (bool, error) {
		n++
		if n == 2 {
			return false, stop
		}
		return slices.Contains(set, 7), nil
	})
	if r.Complete || !errors.Is(r.Err, stop) || n != 2 || r.Tests != 1 {
		t.Fatalf("got %+v after %d calls", r, n)
	}
	if len(r.Minimal) != 8 {
		t.Fatalf("minimal so far %v, want the whole set (no accepted subset known)", r.Minimal)
	}
}

func TestMinimizeSmall(t *testing.T) {
	for n := 0; n <= 1; n++ {
		r := Minimize(context.Background(), n, func(context.Context, []int) (bool, error) {
			t.Fatal("nothing to test")
			return false, nil
		})
		if !r.Complete || len(r.Minimal) != n {
			t.Fatalf("n=%d: %+v", n, r)
		}
	}
}
