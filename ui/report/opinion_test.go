package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/why403/why403/checks"
)

// TestSecondOpinionIsSaid: the causes a second opinion added to a guess
// are named with the words that decided, in every form of the report,
// the server's words escaped, and the JSON only gains a field.
func TestSecondOpinionIsSaid(t *testing.T) {
	req, ex, rep := undecidedExchange()
	rep.Likely = append(rep.Likely, checks.AuthExpired, checks.WAFBlock)
	rep.SecondOpinion = []checks.Opinion{
		{Cause: checks.AuthExpired, P: 0.412, Words: []string{"token", "expired\x1b[31m"}},
		{Cause: checks.WAFBlock, P: 0.12},
	}
	d := Build(req, ex, rep, Options{})
	const want = "Second opinion (from similar refusals, not a finding): auth.expired (41%), by the words token, expired"

	var text, md, js bytes.Buffer
	if err := WriteText(&text, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), want) || !strings.Contains(text.String(), "waf.block (12%), by the status and what the request carried") {
		t.Errorf("text report lacks the second opinion %q:\n%s", want, text.String())
	}
	assertInert(t, text.String())
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "Second opinion (from similar refusals") || !strings.Contains(md.String(), "auth.expired") {
		t.Errorf("Markdown report lacks the second opinion:\n%s", md.String())
	}
	assertInert(t, md.String())
	if err := WriteJSON(&js, d); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Likely        []string `json:"likely"`
		Guess         bool     `json:"guess"`
		DecidedBy     string   `json:"decided_by"`
		SecondOpinion []struct {
			Cause string   `json:"cause"`
			P     float64  `json:"p"`
			Words []string `json:"words"`
		} `json:"second_opinion"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Likely) != 4 || got.Likely[2] != checks.AuthExpired || !got.Guess || got.DecidedBy != "trailing-slash" {
		t.Errorf("JSON likely %v guess %v decided_by %q: the rules' fields changed", got.Likely, got.Guess, got.DecidedBy)
	}
	if len(got.SecondOpinion) != 2 || got.SecondOpinion[0].Cause != checks.AuthExpired || got.SecondOpinion[0].P != 0.41 ||
		len(got.SecondOpinion[0].Words) != 2 || got.SecondOpinion[1].Words == nil {
		t.Errorf("JSON second_opinion = %+v", got.SecondOpinion)
	}

	// none added: no line, no field
	req, ex, rep = undecidedExchange()
	d = Build(req, ex, rep, Options{})
	text.Reset()
	js.Reset()
	if err := WriteText(&text, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, d); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text.String(), "Second opinion") || strings.Contains(js.String(), "second_opinion") {
		t.Errorf("a report without a second opinion mentions one:\n%s\n%s", text.String(), js.String())
	}
}
