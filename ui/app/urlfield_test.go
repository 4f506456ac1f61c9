package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// The URL field has the focus at start: a token in its query stays masked
// there, as in the title bar, until the user edits the URL.
func TestFocusedURLFieldMasksItsSecretUntilEdited(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1?access_token=supersecretvalue&q=1")
	m := testModel(t, &r, 120, 40)
	if !m.req.focused || m.req.focus != fieldURL {
		t.Fatal("the URL field does not have the focus at start: the test shows nothing")
	}
	if s := plain(m); strings.Contains(s, "supersecretvalue") || !strings.Contains(s, "access_token=") {
		t.Fatalf("focused URL field:\n%s", s)
	}
	m = press(t, m, "end")
	m = typeText(t, m, "2")
	if s := plain(m); !strings.Contains(s, "q=12") {
		t.Errorf("while editing, the URL is shown as typed:\n%s", s)
	}
	m = press(t, m, "tab", "shift+tab")
	if s := plain(m); strings.Contains(s, "supersecretvalue") {
		t.Errorf("focus back on the URL: the secret shows again:\n%s", s)
	}
}
