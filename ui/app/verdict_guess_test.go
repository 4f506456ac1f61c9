package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// A guess's verdict names what else the response fits, marking the causes
// only the second opinion (similar recorded refusals) named: a bare 403 to
// an anonymous request fits more than the missing credential it leads with.
func TestGuessVerdictNamesTheOtherCandidates(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	req := probe.Request{Method: "GET", URL: srv.URL + "/x"}
	ex := probe.Send(context.Background(), req)
	rep := checks.Run(checks.Evidence{Request: req, Exchange: ex})
	if !rep.Guess || len(rep.Likely) < 2 {
		t.Fatalf("a bare 403 gave likely %v, guess %v: want a guess with other candidates", rep.Likely, rep.Guess)
	}
	v := buildVerdict(rep, ex, probe.NewRedactor(req, false), "ctrl+e")
	if !strings.Contains(v.text, "Also possible: ") {
		t.Fatalf("verdict %q names no other candidate", v.text)
	}
	for _, id := range rep.Likely[1:min(len(rep.Likely), 4)] {
		if !strings.Contains(v.text, id) {
			t.Errorf("verdict %q lacks %s", v.text, id)
		}
	}
	for _, o := range rep.SecondOpinion {
		if !strings.Contains(v.text, o.Cause+" (from similar refusals)") {
			t.Errorf("verdict %q does not mark %s as the second opinion's", v.text, o.Cause)
		}
	}
}
