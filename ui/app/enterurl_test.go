package app

import (
	"context"
	"testing"

	"github.com/why403/why403/probe"
)

// enter in the URL field sends when the field holds a URL, and does
// nothing when it holds something else (half a command typed as keys).
func TestEnterInTheURLFieldSendsAURL(t *testing.T) {
	for _, tt := range []struct {
		url   string
		sends bool
	}{
		{"http://127.0.0.1:9/v1/orders", true},
		{"https://api.example.test/", true},
		{"api.example", false},
		{"not a url at all", false},
	} {
		r := probe.NewRequest(tt.url)
		m := testModel(t, &r, 120, 40)
		sent := 0
		m.send = func(context.Context, probe.Request) probe.Exchange { sent++; return refused(r) }
		if !m.req.focused || m.req.focus != fieldURL {
			t.Fatal("the URL field does not have the focus at start")
		}
		m = pressCmd(t, m, "enter")
		if got := sent > 0; got != tt.sends {
			t.Errorf("enter on %q: sent %v, want %v", tt.url, got, tt.sends)
		}
	}
}
