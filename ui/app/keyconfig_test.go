package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/store"
)

// modelWithKeys is a test model whose keymap file holds text.
func modelWithKeys(t *testing.T, text string) model {
	t.Helper()
	path := filepath.Join(t.TempDir(), KeysFileName)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r := sampleRequest()
	m := newModel(context.Background(), Options{Request: &r, KeysFile: path})
	return step(t, m, sizeMsg(80, 24))
}

func altKey(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModAlt} }

// Every action on a ctrl key a host may take (VS Code keeps ctrl+p and
// ctrl+e, Docker detaches on ctrl+p) also works on alt and the same
// letter, and ? shows both.
func TestSecondKeysWork(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	method := m.req.method
	m = step(t, m, altKey('g'))
	if m.req.method == method {
		t.Error("alt+g did not change the method")
	}
	for range len(methods) - 1 {
		m = step(t, m, altKey('g')) // round to GET again
	}
	m = step(t, m, altKey('p'))
	if !isOpen[importDialog](m) {
		t.Fatal("alt+p did not open the import box")
	}
	m = step(t, m, altKey('p'))
	if isOpen[importDialog](m) {
		t.Fatal("alt+p did not close the import box")
	}
	m = step(t, m, altKey('n'))
	if !isOpen[optionsDialog](m) {
		t.Fatal("alt+n did not open the Options section")
	}
	m = press(t, m, "esc")
	m = sendWith(t, m, refused(r))
	next, cmd := m.Update(altKey('e'))
	m = next.(model)
	if cmd == nil || !m.exp.running() && m.exp.phase != expConfirming {
		t.Errorf("alt+e did not start the experiments (phase %v)", m.exp.phase)
	}
	m.exp.stop()
	m = step(t, m, altKey('r'))
	if !m.reveal {
		t.Error("alt+r did not reveal")
	}
	m = press(t, m, "tab", "tab", "tab", "tab", "tab", "?")
	view := plain(m)
	for _, want := range []string{"ctrl/alt+s send", "ctrl/alt+p paste a curl command", "ctrl/alt+e experiments", "alt+key works as ctrl+key", "keys.conf rebinds keys"} {
		if !strings.Contains(view, want) {
			t.Errorf("? lacks %q:\n%s", want, view)
		}
	}
}

// alt+s sends like ctrl+s.
func TestAltSSends(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m.send = func(context.Context, probe.Request) probe.Exchange { return refused(r) }
	next, _ := m.Update(altKey('s'))
	if !next.(model).inflight {
		t.Error("alt+s did not send")
	}
}

// The keymap file rebinds an action: its keys replace the defaults, and
// help shows them.
func TestKeysFileRebinds(t *testing.T) {
	m := modelWithKeys(t, "# mine\n\nimport = f2, alt+i\nsend=F5\n")
	if m.notice != "" {
		t.Errorf("a good file warned: %q", m.notice)
	}
	m = step(t, m, tea.KeyPressMsg{Code: tea.KeyF2})
	if !isOpen[importDialog](m) {
		t.Fatal("f2 did not open the import box")
	}
	m = step(t, m, tea.KeyPressMsg{Code: tea.KeyF2})
	m = press(t, m, "ctrl+p")
	if isOpen[importDialog](m) {
		t.Error("ctrl+p still opens the import box once import is rebound")
	}
	m.send = func(context.Context, probe.Request) probe.Exchange { return probe.Exchange{} }
	next, _ := m.Update(tea.KeyPressMsg{Code: tea.KeyF5})
	if !next.(model).inflight {
		t.Error("f5 did not send")
	}
	if !strings.Contains(plain(m), "f5 send") {
		t.Errorf("the help bar does not show the rebound key:\n%s", plain(m))
	}
}

// A malformed file gives one warning naming each line left out (an
// unknown action by its name), keeps the defaults for those, and applies
// the rest; it never stops the app.
func TestKeysFileMalformedWarnsAndKeepsDefaults(t *testing.T) {
	m := modelWithKeys(t, "sned = ctrl+s\nsend\nimport = ctrl+🙂x\nsend = s\nquit = f10\noptions = f3\n")
	for _, want := range []string{"4 line(s) left out", `unknown action "sned"`, "line 2: want action = key, key", "line 3:", "is not a key", "line 4: send needs a key with ctrl or alt"} {
		if !strings.Contains(m.notice, want) {
			t.Errorf("warning lacks %q: %q", want, m.notice)
		}
	}
	if !m.noticeBad || strings.Contains(m.notice, "\n") {
		t.Errorf("not one warning line: %q", m.notice)
	}
	m = press(t, m, "ctrl+p")
	if !isOpen[importDialog](m) {
		t.Error("the default ctrl+p is gone after a bad import line")
	}
	m = press(t, m, "esc")
	m = step(t, m, tea.KeyPressMsg{Code: tea.KeyF3})
	if !isOpen[optionsDialog](m) {
		t.Error("the good line was not applied")
	}
	// quit rebound keeps ctrl+c
	if _, cmd := m.Update(keyMsg("ctrl+c")); cmd == nil {
		t.Error("ctrl+c does not quit once quit is rebound")
	}
	// a file that is not one warns and changes nothing
	dir := t.TempDir()
	km, warn := loadKeys(dir)
	if warn == "" || km.Send.Keys()[0] != "ctrl+s" {
		t.Errorf("a directory as the keys file: %q", warn)
	}
	if _, warn := loadKeys(filepath.Join(dir, "none")); warn != "" {
		t.Errorf("no keys file warned: %q", warn)
	}
}

// `why403 open NAME` starts the app on a saved request: the notice names
// the send key as keys.conf binds it, never a default it rebinds.
func TestOpenedSavedNamesTheBoundSendKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), KeysFileName)
	if err := os.WriteFile(path, []byte("send = f5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	saved := store.Saved{Name: "orders", Request: sampleRequest()}
	m := newModel(context.Background(), Options{Saved: &saved, KeysFile: path})
	if !strings.Contains(m.notice, "opened orders · f5 to send") || strings.Contains(m.notice, "ctrl+s") {
		t.Errorf("the start notice reads %q", m.notice)
	}
	if r := m.req.Request(); r.URL != saved.Request.URL {
		t.Errorf("the editor holds %s", r.URL)
	}
}
