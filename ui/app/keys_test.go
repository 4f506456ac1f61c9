package app

import (
	"strings"
	"testing"
)

// At 80×24 the full help shows every key it lists, and the short bar
// shows "? help".
func TestFullHelpFitsAt80x24(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m = press(t, m, "tab", "tab", "tab", "tab") // the checks pane: ? is a command
	if s := plain(m); !strings.Contains(s, "? help") {
		t.Errorf("short help bar lacks ? help:\n%s", s)
	}
	m = press(t, m, "?")
	s := plain(m)
	for _, col := range m.keys.FullHelp() {
		for _, b := range col {
			if b.Enabled() && !strings.Contains(s, b.Help().Desc) {
				t.Errorf("full help lacks %q:\n%s", b.Help().Desc, s)
			}
		}
	}
	if n := len(strings.Split(s, "\n")); n != 24 {
		t.Errorf("help view has %d lines", n)
	}
}

// The m key's help says what its Markdown is for (GitHub, Slack; not
// Jira), whole, in the ? view at 80×24.
func TestCopyReportHelpNamesWhereMarkdownGoes(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m = press(t, m, "tab", "tab", "tab", "tab", "?")
	s := plain(m)
	want := "m     " + m.keys.CopyReport.Help().Desc
	if !strings.Contains(m.keys.CopyReport.Help().Desc, "GitHub/Slack") || !strings.Contains(s, want) {
		t.Errorf("the ? view at 80×24 lacks the m key's help for GitHub/Slack (%q):\n%s", want, s)
	}
}
