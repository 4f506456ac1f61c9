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

// urlRow is the request pane's URL row on screen.
func urlRow(t *testing.T, m model) string {
	t.Helper()
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.Contains(l, "GET") && strings.HasPrefix(l, "│") {
			_, inner, _ := strings.Cut(l, "│")
			inner, _, _ = strings.Cut(inner, "│")
			return inner
		}
	}
	t.Fatalf("no URL row:\n%s", plain(m))
	return ""
}

// A URL longer than the focused field scrolls with a marker at each edge
// where text is cut: the scheme is never hidden without one.
func TestFocusedURLFieldMarksWhereItIsCut(t *testing.T) {
	r := probe.NewRequest("http://127.0.0.1:8080/lab/scenarios/auth-expired/orders/12345?expand=items&page=2")
	m := testModel(t, &r, 80, 24)
	row := urlRow(t, m)
	if !strings.Contains(row, "›GET http://127.0.0.1") || !strings.HasSuffix(strings.TrimRight(row, " "), "…") {
		t.Errorf("at start the field shows the scheme and marks the cut end: %q", row)
	}
	m = press(t, m, "end")
	m = typeText(t, m, "x")
	row = urlRow(t, m)
	if !strings.Contains(row, "›GET ‹") || !strings.Contains(row, "page=2x") {
		t.Errorf("scrolled to the end, the field marks the hidden start: %q", row)
	}
	m = press(t, m, "home")
	row = urlRow(t, m)
	if !strings.Contains(row, "›GET http://127.0.0.1") || !strings.HasSuffix(strings.TrimRight(row, " "), "…") {
		t.Errorf("back at the start, the field shows the scheme and marks the cut end: %q", row)
	}
	// the row never overflows the pane (no cut by the border)
	for _, l := range strings.Split(plain(m), "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("a row is %d columns wide: %q", w, l)
		}
	}
}

// Editing a header that fits its row shows no cut mark at the edge.
func TestHeaderEditShowsNoStrayCutMark(t *testing.T) {
	r := probe.NewRequest("http://127.0.0.1:8080/v1")
	r.SetHeader("X-Debug", "1")
	m := testModel(t, &r, 80, 24)
	m = press(t, m, "tab") // the headers
	m = press(t, m, "enter")
	if !m.req.editing {
		t.Fatal("enter on a header did not edit it")
	}
	for _, l := range strings.Split(plain(m), "\n") {
		_, inner, _ := strings.Cut(l, "│")
		inner, _, _ = strings.Cut(inner, "│")
		if strings.Contains(inner, "[x] ") && strings.Contains(inner, "…") {
			t.Errorf("a header row being edited ends in a stray …: %q", inner)
		}
	}
	// a value longer than the row is cut with a mark, the cursor in view
	m = typeText(t, m, strings.Repeat("v", 60))
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.Contains(l, "vvvv") && !strings.Contains(l, "‹") {
			t.Errorf("a long header being edited hides its start without a mark: %q", l)
		}
	}
}
