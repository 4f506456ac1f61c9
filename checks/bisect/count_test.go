package bisect

import (
	"context"
	"reflect"
	"testing"
)

// Every pair of interacting units among up to 10 is found within the
// default budget (16 requests less the two confirmations), and every
// single unit too.
func TestPairsWithinBudget(t *testing.T) {
	const budget = DefaultMax - 2
	for n := 2; n <= 10; n++ {
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				want := []int{i, j}
				if i == j {
					want = []int{i}
				}
				test, _ := needs(want...)
				r := Minimize(context.Background(), n, test)
				if !r.Complete || !reflect.DeepEqual(r.Minimal, want) || r.Tests > budget {
					t.Fatalf("n=%d want %v: got %v complete %v after %d tests", n, want, r.Minimal, r.Complete, r.Tests)
				}
			}
		}
	}
}
