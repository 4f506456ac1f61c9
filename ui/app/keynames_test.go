package app

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
)

// A key rebound in keys.conf is the key every message names: the empty
// response pane, the verdict, the stale verdict and the notices, never
// the default it replaced.
func TestMessagesNameReboundKeys(t *testing.T) {
	m := modelWithKeys(t, "send = f5\nexperiments = f6\nreveal = alt+v\ncancel = f8\n")
	m.now = func() time.Time { return fixedNow }
	noOld := func(where, s string) {
		t.Helper()
		for _, old := range []string{"ctrl+s", "ctrl+e", "ctrl+r", "esc cancels"} {
			if strings.Contains(s, old) {
				t.Errorf("%s names %q after the rebinding:\n%s", where, old, s)
			}
		}
	}
	s := plain(m)
	if !strings.Contains(s, "Press f5 to send") {
		t.Errorf("the empty response pane does not name f5:\n%s", s)
	}
	noOld("the screen before a send", s)
	m.resp.SetTab(tabExperiments)
	s = plain(m)
	if !strings.Contains(s, "f6 tries variants") {
		t.Errorf("the empty Experiments tab does not name f6:\n%s", s)
	}
	noOld("the empty Experiments tab", s)
	m.resp.SetTab(tabResponse)

	// a 403 no cause explains: the verdict names the experiments' key
	r := m.req.Request()
	ex := refused(r)
	ex.Response.Status, ex.Response.Reason = 403, "Forbidden"
	ex.Response.Headers = ex.Response.Headers[:1]
	ex.Response.Body = []byte(`{"error":"nope"}`)
	m.send = func(context.Context, probe.Request) probe.Exchange { return ex }
	next, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyF5})
	m = next.(model)
	if !m.inflight {
		t.Fatalf("f5 did not send; notice %q", m.notice)
	}
	s = plain(m)
	if !strings.Contains(s, "Sending… (f8 cancels)") || !strings.Contains(s, "· f8 cancels") {
		t.Errorf("while sending, the response pane and the title do not name f8:\n%s", s)
	}
	noOld("the screen while sending", s)
	for _, msg := range runCmd(cmd) {
		if sm, ok := msg.(sentMsg); ok {
			m = step(t, m, sm)
		}
	}
	s = strings.Join(m.verdictLines(), " ")
	if !strings.Contains(s, "f6 sends the experiments") {
		t.Errorf("the verdict does not name f6: %s", s)
	}
	noOld("the verdict", s)

	m = step(t, m, tea.KeyPressMsg{Code: 'v', Mod: tea.ModAlt})
	if !m.reveal || !strings.Contains(m.notice, "alt+v masks them again") {
		t.Errorf("the reveal notice does not name alt+v: %q", m.notice)
	}
	noOld("the reveal notice", m.notice)

	m = press(t, m, "end")
	m = typeText(t, m, "x")
	s = strings.Join(m.verdictLines(), " ")
	if !strings.Contains(s, "f5 sends it") {
		t.Errorf("the stale verdict does not name f5: %s", s)
	}
	noOld("the stale verdict", s)

	// a POST in flight: the notice on a second send names the new keys
	m = press(t, m, "backspace")
	m = press(t, m, "ctrl+g")
	if got := m.req.Request().Method; got != "POST" {
		t.Fatalf("ctrl+g gave %s, want POST", got)
	}
	next, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyF5})
	m = next.(model)
	next, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyF5})
	m = next.(model)
	if !strings.Contains(m.notice, "f8 cancels it; f5 once it is back") {
		t.Errorf("the notice on a second send does not name f8 and f5: %q", m.notice)
	}
	noOld("the second send's notice", m.notice)
	m.cancelSend("")
}

// The keys the panes' own lines name follow keys.conf too: the checks'
// fold row, the search line and the History tab's hint.
func TestPaneLinesNameReboundKeys(t *testing.T) {
	m := modelWithKeys(t, "details = o\nnext-match = >\nprev-match = <\nrestore = r\n")
	m.now = func() time.Time { return fixedNow }
	r := m.req.Request()
	m = sendWith(t, m, refused(r))
	s := plain(m)
	if !strings.Contains(s, "o: all") || strings.Contains(s, "enter: all") {
		t.Errorf("the checks' fold row does not name o:\n%s", s)
	}
	m = searchFor(t, m, "expired")
	if s := plain(m); !strings.Contains(s, "(>/<)") || strings.Contains(s, "(n/N)") {
		t.Errorf("the search line does not name > and <:\n%s", s)
	}
	m.resp.SetTab(tabHistory)
	if s := plain(m); !strings.Contains(s, "r restores that request") || strings.Contains(s, "enter restores") {
		t.Errorf("the History tab does not name r:\n%s", s)
	}
}

// keys.conf is text from a file: a key it names that is a control or
// format character (alt+U+202E, a bidi override) reaches the screen
// escaped, in the help bar and in every message naming it.
func TestReboundKeyNamesAreEscaped(t *testing.T) {
	m := modelWithKeys(t, "send = alt+\u202e\nexperiments = alt+\u009b\n")
	m.resp.SetTab(tabExperiments)
	s := plain(m)
	m.resp.SetTab(tabResponse)
	s += plain(m)
	if strings.ContainsAny(s, "\u202e\u009b") {
		t.Errorf("a key name reached the screen raw:\n%q", s)
	}
	for _, want := range []string{`alt+\u202e send`, `Press alt+\u202e to send`, `alt+\u009b tries`} {
		if !strings.Contains(s, want) {
			t.Errorf("the screen lacks %q:\n%s", want, s)
		}
	}
}

// The ? view's "ctrl/alt+x" label of a rebound pair is escaped too.
func TestHelpViewEscapesReboundPairs(t *testing.T) {
	m := modelWithKeys(t, "send = ctrl+\u202e, alt+\u202e\n")
	m = press(t, m, "tab", "tab", "tab", "tab", "?")
	s := plain(m)
	if strings.ContainsRune(s, '\u202e') || !strings.Contains(s, `ctrl/alt+\u202e send`) {
		t.Errorf("the ? view does not escape the rebound pair:\n%q", s)
	}
}
