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

// A value with terminal escapes reaches the diff sanitized: no ESC byte
// of a request gets to the screen.
func TestAppHistoryDiffSanitizes(t *testing.T) {
	a := probe.Request{Method: "GET", URL: "https://api.example.com/v1/orders", Headers: hdrs("X-Note", "plain")}
	b := probe.Request{Method: "GET", URL: "https://api.example.com/v1/orders", Headers: hdrs("X-Note", "\x1b]52;c;cGF3bmVk\x07\x1b[31mred")}
	m := testModel(t, &a, 120, 40)
	m = sendWith(t, m, refused(a))
	m.hc.from, m.hc.diffA, m.hc.diffB = 0, 0, 0
	m.history = append(m.history, historyEntry{req: b})
	m.setFocus(paneResponse, false)
	m.resp.SetTab(tabHistory)
	m.histAt = 0
	m = press(t, m, "c", "down", "c")
	if m.hc.view != viewDiff || !strings.Contains(historyText(m), "X-Note") {
		t.Fatalf("no diff shown:\n%s", historyText(m))
	}
	if strings.ContainsAny(historyText(m), "\x1b\x07") || strings.Contains(plain(m), "\x07") {
		t.Errorf("an escape of the request reached the tab:\n%q", historyText(m))
	}
}
