package app

import (
	"reflect"
	"testing"
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
