package app

import (
	"fmt"
	"strings"
	"testing"
)

// TestCopyReportAsMarkdown: m in the checks pane copies the diagnosis as
// Markdown, the token masked, and only after a send.
func TestCopyReportAsMarkdown(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = press(t, m, "tab", "tab", "tab", "tab") // checks
	if offered(m, m.keys.CopyReport) {
		t.Fatal("m is offered before any send")
	}
	m = sendWith(t, m, refused(r))
	if m.focus != paneChecks {
		m = press(t, m, "tab")
	}
	next, cmd := m.Update(keyMsg("m"))
	m = next.(model)
	msgs := runCmd(cmd)
	if len(msgs) != 2 {
		t.Fatalf("m gave %d messages, want the clipboard and the file", len(msgs))
	}
	got := fmt.Sprint(msgs[0])
	for _, want := range []string{"```sh", "401", "Likely"} {
		if !strings.Contains(got, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "abcdefghijklmnop") {
		t.Errorf("the token is in the copied report:\n%s", got)
	}
	if !strings.Contains(m.notice, "Markdown") {
		t.Errorf("notice %q", m.notice)
	}
}
