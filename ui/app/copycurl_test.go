package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

func TestCopyNoticeNamesThePassword(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	r.Auth = probe.Credentials{BasicUser: "bob", BasicPass: "pw-secret", HasBasic: true}
	m := testModel(t, &r, 160, 40)
	next, cmd := m.Update(keyMsg("ctrl+y"))
	m = next.(model)
	if got := fmt.Sprint(runCmd(cmd)); !strings.Contains(got, "$PASSWORD") || strings.Contains(got, "pw-secret") {
		t.Errorf("clipboard %s", got)
	}
	if !strings.Contains(m.notice, "$PASSWORD") {
		t.Errorf("notice %q does not name $PASSWORD", m.notice)
	}
}

// Copy as curl keeps a multi-line body intact and carries no raw control
// character.
func TestCopyAsCurlMultilineBody(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	r.Method = "POST"
	r.Body = []byte("line1\nline2")
	m := testModel(t, &r, 160, 40)
	_, cmd := m.Update(keyMsg("ctrl+y"))
	got := fmt.Sprint(runCmd(cmd))
	if !strings.Contains(got, `$'line1\nline2'`) || strings.Contains(got, `\\n`) {
		t.Errorf("clipboard %q: body not written as $'line1\\nline2'", got)
	}
}
