package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// undecidedExchange is a refusal the response cannot decide between two
// causes, with the experiment that would.
func undecidedExchange() (probe.Request, probe.Exchange, checks.Report) {
	req := probe.NewRequest("https://www.example.com/private/report")
	ex := probe.Exchange{
		Request:  probe.WireRequest{Method: "GET", URL: req.URL, Proto: "HTTP/1.1", Headers: req.EffectiveHeaders()},
		Response: &probe.Response{Status: 403, Reason: "Forbidden", Proto: "HTTP/1.1", Body: []byte("Forbidden"), BodySize: 9},
	}
	rep := checks.Report{
		Findings: []checks.Finding{
			{ID: checks.AuthMissing, Status: checks.Fail, Title: "No credentials were sent", Fix: "Send the credential", Strength: checks.Inferred},
			{ID: checks.ResourceDenied, Status: checks.Fail, Title: "nginx's built-in 403 page", Fix: "Read nginx's error log", Strength: checks.Inferred},
		},
		Likely: []string{checks.AuthMissing, checks.ResourceDenied}, Guess: true,
		Decider: "trailing-slash", DeciderChange: "the path with a trailing slash",
	}
	return req, ex, rep
}

func TestUndecidedIsSaid(t *testing.T) {
	req, ex, rep := undecidedExchange()
	d := Build(req, ex, rep, Options{})
	const want = "Cannot tell from this response: auth.missing or resource.denied; the experiment trailing-slash would decide (the path with a trailing slash)."

	var text, md, js bytes.Buffer
	if err := WriteText(&text, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), want) {
		t.Errorf("text report lacks %q:\n%s", want, text.String())
	}
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "Cannot tell from this response") || !strings.Contains(md.String(), "trailing-slash") {
		t.Errorf("Markdown report lacks the undecided line:\n%s", md.String())
	}
	if err := WriteJSON(&js, d); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Likely          []string `json:"likely"`
		Guess           bool     `json:"guess"`
		DecidedBy       string   `json:"decided_by"`
		DecidedByChange string   `json:"decided_by_change"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !got.Guess || len(got.Likely) != 2 || got.DecidedBy != "trailing-slash" || got.DecidedByChange == "" {
		t.Errorf("JSON: %+v; want guess, both likely and decided_by", got)
	}

	// A sure answer says nothing of the kind.
	rep.Guess, rep.Decider, rep.DeciderChange = false, "", ""
	text.Reset()
	if err := WriteText(&text, Build(req, ex, rep, Options{}), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text.String(), "Cannot tell") {
		t.Errorf("a sure answer says it cannot tell:\n%s", text.String())
	}
}

// An answer that is no refusal says what happened, in every format.
func TestOutcomeIsSaid(t *testing.T) {
	req := probe.NewRequest("https://www.example.com/nothing.html")
	ex := probe.Exchange{
		Request:  probe.WireRequest{Method: "GET", URL: req.URL, Proto: "HTTP/1.1", Headers: req.EffectiveHeaders()},
		Response: &probe.Response{Status: 404, Reason: "Not Found", Proto: "HTTP/1.1"},
	}
	rep := checks.Report{Outcome: "the path was not found (HTTP 404 Not Found)"}
	d := Build(req, ex, rep, Options{})
	var text, md, js bytes.Buffer
	if err := WriteText(&text, d, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, d); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "Markdown": md.String()} {
		if !strings.Contains(out, "Not found") || !strings.Contains(out, "the path was not found") || strings.Contains(out, "no cause identified") {
			t.Errorf("%s report does not say the path was not found:\n%s", name, out)
		}
	}
	if !strings.Contains(js.String(), `"outcome": "the path was not found (HTTP 404 Not Found)"`) {
		t.Errorf("JSON lacks the outcome:\n%s", js.String())
	}
}
