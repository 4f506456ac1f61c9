package checks

import (
	"slices"
	"testing"

	"github.com/why403/why403/probe"
)

// sureCase is one exchange and the cause and confidence Run must give.
type sureCase struct {
	name  string
	req   probe.Request
	resp  *probe.Response
	first string
	sure  bool
}

func runSureCases(t *testing.T, cases []sureCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(c.req, c.resp))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.first)
			}
			if rep.Guess == c.sure {
				t.Errorf("guess %v, want sure %v (likely %v)", rep.Guess, c.sure, rep.Likely)
			}
			if !slices.Contains(Causes(), rep.Likely[0]) {
				t.Errorf("unknown cause %s", rep.Likely[0])
			}
		})
	}
}
