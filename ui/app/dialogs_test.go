package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// An open dialog takes the keys before the global ones and its own help
// replaces the global help in the footer; closing it leaves no overlay.
func TestDialogTakesKeysAndGivesItsHelp(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	m := testModel(t, &r, 120, 40)
	m = press(t, m, "ctrl+p")
	if !isOpen[importDialog](m) {
		t.Fatal("ctrl+p did not open the import box")
	}
	m.notice = ""
	last := strings.Split(plain(m), "\n")
	footer := last[len(last)-1]
	if !strings.Contains(footer, "enter import") || strings.Contains(footer, "ctrl+s send") {
		t.Errorf("footer with the import box open: %q", footer)
	}
	m = press(t, m, "ctrl+s")
	if m.inflight {
		t.Error("ctrl+s reached the global keys with a dialog open")
	}
	m = press(t, m, "esc")
	if m.overlay != nil {
		t.Errorf("esc left %T open", m.overlay)
	}
}

// ? lists every key, those that work only elsewhere too (from the checks
// pane: the response's ←/→, /, n/N), and first the ones that work here.
func TestHelpListsEveryKey(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	m := testModel(t, &r, 120, 40)
	m = press(t, m, "tab", "tab", "tab", "tab")
	if m.focus != paneChecks {
		t.Fatalf("focus %v", m.focus)
	}
	m = press(t, m, "?")
	s := plain(m)
	for _, want := range []string{"Works here", "←/h", "/ ", "next match", "toggle header", "Anywhere"} {
		if !strings.Contains(s, want) {
			t.Errorf("the help lacks %q:\n%s", want, s)
		}
	}
}
