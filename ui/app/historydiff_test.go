package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// c on one History send and c on another shows their diff, grouped as
// `why403 diff` words it, the token masked; ctrl+r reveals it and esc goes
// back to the list.
func TestAppHistoryDiffOfTwoSends(t *testing.T) {
	a := probe.Request{Method: "GET", URL: "https://api.example.com/v1/orders?page=1", Headers: hdrs(
		"User-Agent", "curl/8.5.0", "Authorization", "Bearer tok-AAAA-1111-secret", "Accept", "*/*")}
	b := probe.Request{Method: "GET", URL: "https://api.example.com/v1/orders?page=2", Headers: hdrs(
		"User-Agent", "Dart/3.5 (dart:io)", "Authorization", "Bearer tok-BBBB-2222-secret")}
	m := testModel(t, &a, 120, 40)
	m = sendWith(t, m, refused(a))
	m.req.Load(b)
	m = sendWith(t, m, refused(b))
	m.setFocus(paneResponse, false)
	m.resp.SetTab(tabHistory)
	m = press(t, m, "up", "c")
	if !strings.HasPrefix(m.resp.history[0], "A ") {
		t.Fatalf("the first pick is not marked:\n%s", historyText(m))
	}
	m = press(t, m, "down", "c")
	if m.hc.view != viewDiff {
		t.Fatalf("the second c did not show the diff; notice %q", m.notice)
	}
	got := historyText(m)
	golden(t, "history_diff.txt", got+"\n")
	for _, w := range []string{"only in A", "Accept", "Credentials", "Authorization"} {
		if !strings.Contains(got, w) {
			t.Errorf("the diff lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "AAAA-1111") || strings.Contains(got, "BBBB-2222") {
		t.Errorf("a token shows unmasked:\n%s", got)
	}
	if s := plain(m); strings.Contains(s, "AAAA-1111") || strings.Contains(s, "BBBB-2222") {
		t.Errorf("a token shows on screen:\n%s", s)
	}
	m = press(t, m, "ctrl+r")
	if got := historyText(m); !strings.Contains(got, "tok-BBBB-2222-secret") {
		t.Errorf("ctrl+r does not reveal the diff's tokens:\n%s", got)
	}
	m = press(t, m, "ctrl+r", "esc")
	if m.hc.view != viewList || !strings.Contains(historyText(m), "#2") {
		t.Errorf("esc did not go back to the list:\n%s", historyText(m))
	}
	if m = press(t, m, "enter"); !strings.HasPrefix(m.notice, "restored send #2") {
		t.Errorf("enter in the list does not restore any more: %q", m.notice)
	}
}
