package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// The golden views: before sending and after a refused send, at the
// smallest supported size and a roomy one.
func TestGoldenViews(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {220, 60}} {
		w, h := size[0], size[1]
		r := sampleRequest()
		m := testModel(t, &r, w, h)
		golden(t, fmt.Sprintf("start_%dx%d.golden", w, h), plain(m))

		m = sendWith(t, m, refused(r))
		view := plain(m)
		for _, want := range []string{"401 Unauthorized · 182 ms", "Checks · 1 failed", "checks passed", "HTTP/1.1 401 Unauthorized"} {
			if !strings.Contains(view, want) {
				t.Errorf("%dx%d after the send: %q missing:\n%s", w, h, want, view)
			}
		}
		golden(t, fmt.Sprintf("refused_%dx%d.golden", w, h), view)

		lines := strings.Split(view, "\n")
		if len(lines) != h {
			t.Errorf("%dx%d: the view has %d lines", w, h, len(lines))
		}
		for i, l := range lines {
			if n := len([]rune(l)); n > w {
				t.Errorf("%dx%d: line %d is %d cells wide: %q", w, h, i, n, l)
			}
		}
	}
}

// Every resize redraws to the new size.
func TestResizeRedraws(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, refused(r))
	for _, size := range [][2]int{{80, 24}, {100, 30}, {200, 60}, {81, 25}} {
		m = step(t, m, sizeMsg(size[0], size[1]))
		lines := strings.Split(plain(m), "\n")
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		top := 1
		for top < len(lines) && !strings.HasPrefix(lines[top], "╭") {
			top++ // the verdict's rows
		}
		if top == len(lines) {
			t.Fatalf("%v: no pane border", size)
		}
		if got := len([]rune(lines[top])); got != size[0] {
			t.Errorf("%v: the pane borders are %d wide", size, got)
		}
	}
}

func TestMaskedEverywhereByDefault(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, refused(r))
	for tab := range numTabs {
		m.resp.SetTab(tab)
		if s := plain(m); strings.Contains(s, "abcdefghijklmnop") {
			t.Errorf("tab %s shows the token:\n%s", tabNames[tab], s)
		}
	}
}

// After a resize the unfocused URL field starts at its scheme and host.
func TestURLFieldShowsItsStartAfterResize(t *testing.T) {
	u := "https://api.example.com/" + strings.Repeat("segment/", 20) + "end"
	r := probe.NewRequest(u)
	m := testModel(t, &r, 80, 24)
	m = typeText(t, m, "x") // the field scrolls to its end
	m = press(t, m, "tab")
	m = step(t, m, sizeMsg(200, 30))
	m = step(t, m, sizeMsg(100, 24))
	if s := plain(m); !strings.Contains(strings.Split(s, "\n")[2], "GET https://api.example.com/") {
		t.Errorf("URL line after resize: %q", strings.Split(s, "\n")[2])
	}
}

func TestTooSmallWindow(t *testing.T) {
	m := testModel(t, nil, 20, 5)
	got := plain(m)
	if strings.Contains(got, "\n") || !strings.HasPrefix(got, "why403 needs") {
		t.Errorf("20×5 renders %q", got)
	}
	m = step(t, m, sizeMsg(100, 5))
	if got := plain(m); got != "why403 needs at least 60×12; this window is 100×5" {
		t.Errorf("100×5 renders %q", got)
	}
}
