package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// An edit after a send marks the title, verdict, checks and response as
// stale; undoing it gives the diagnosis back.
func TestEditMarksStaleAndUndoClearsIt(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, refused(r))
	if s := plain(m); strings.Contains(strings.ToLower(s), "stale") {
		t.Fatalf("stale right after a send:\n%s", s)
	}
	m = press(t, m, "end")
	m = typeText(t, m, "x")
	s := plain(m)
	lines := strings.Split(s, "\n")
	for _, want := range []struct{ where, text string }{
		{lines[0], "stale: 401 Unauthorized"},
		{lines[1], "Stale: the request changed"},
		{s, "Checks · edited, before sending"},
		{s, "Response · stale"},
	} {
		if !strings.Contains(want.where, want.text) {
			t.Errorf("after an edit, %q missing:\n%s", want.text, s)
		}
	}
	m = press(t, m, "backspace")
	s = plain(m)
	if strings.Contains(strings.ToLower(s), "stale") || !strings.Contains(s, "Checks · 1 failed") {
		t.Errorf("the edit undone, the diagnosis is not back:\n%s", s)
	}
}

// After a send the tab shown fits the result: the TLS tab for a TLS
// failure, and never the Experiments tab the send emptied.
func TestTabAfterASendFitsTheResult(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, refused(r))
	m.resp.SetTab(tabExperiments)
	m = sendWith(t, m, refused(r))
	if m.resp.tab != tabResponse {
		t.Errorf("after a send from the Experiments tab, tab %s is shown", tabNames[m.resp.tab])
	}
	tlsFail := probe.Exchange{Err: &probe.Error{Phase: probe.PhaseTLS, Message: "remote error: tls: certificate required"}}
	m = sendWith(t, m, tlsFail)
	if m.resp.tab != tabTLS {
		t.Errorf("after a TLS failure, tab %s is shown", tabNames[m.resp.tab])
	}
}
