package app

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapPlainBreaksAtSpacesOnly(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  []string
	}{
		{"Send it (curl --oauth2-bearer <token>).", 20, []string{"Send it (curl", "--oauth2-bearer", "<token>)."}},
		{"short", 20, []string{"short"}},
		{"abcdefghij klm", 4, []string{"abcd", "efgh", "ij", "klm"}},
		{"a  b", 2, []string{"a ", "b"}},
	} {
		if got := wrapPlain(c.in, c.width); !reflect.DeepEqual(got, c.want) {
			t.Errorf("wrapPlain(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// The empty tabs' text wraps at spaces in the pane, never cut: at 80×24
// the Experiments tab says the whole sentence.
func TestEmptyTabTextWrapsAt80x24(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m.resp.SetTab(tabExperiments)
	var text []string
	for _, l := range m.resp.View(m.styles) {
		text = append(text, strings.Trim(ansi.Strip(l), " │╭╮╰╯─"))
	}
	got := strings.Join(strings.Fields(strings.Join(text, " ")), " ")
	want := "After a refused send, ctrl+e tries variants of it, one change each."
	if !strings.Contains(got, want) {
		t.Errorf("the empty Experiments tab does not hold %q whole:\n%s", want, strings.Join(text, "\n"))
	}
}
