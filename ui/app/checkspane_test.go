package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/why403/why403/checks"
)

// Details longer than the pane scroll in a viewport instead of being cut.
func TestCheckDetailsScroll(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	var ev []string
	for i := 1; i <= 40; i++ {
		ev = append(ev, fmt.Sprintf("evidence line %02d", i))
	}
	m.chk.SetReport(checks.Report{
		Findings: []checks.Finding{{ID: "auth.expired", Status: checks.Fail, Title: "Token expired", Evidence: ev, Fix: "Get a new token."}},
		Likely:   []string{"auth.expired"},
	}, "")
	m = press(t, m, "tab", "tab", "tab", "tab") // the checks pane
	if m.focus != paneChecks {
		t.Fatalf("focus %v", m.focus)
	}
	m = press(t, m, "enter")
	view := plain(m)
	if !m.chk.detail || !strings.Contains(view, "evidence line 01") {
		t.Fatalf("details not open:\n%s", view)
	}
	if strings.Contains(view, "evidence line 40") || strings.Contains(view, "Get a new token") {
		t.Fatalf("the pane is too short for all of it, yet everything shows:\n%s", view)
	}
	if !strings.Contains(view, "scroll") {
		t.Errorf("no hint that the details scroll:\n%s", view)
	}
	for range 60 {
		m = press(t, m, "down")
	}
	view = plain(m)
	for _, want := range []string{"evidence line 40", "Get a new token.", "100%"} {
		if !strings.Contains(view, want) {
			t.Errorf("scrolled to the end, %q missing:\n%s", want, view)
		}
	}
	if strings.Contains(view, "evidence line 01") {
		t.Errorf("scrolled to the end, the first line still shows:\n%s", view)
	}
	m = press(t, m, "esc", "enter")
	if view := plain(m); !strings.Contains(view, "evidence line 01") {
		t.Errorf("reopened details do not start at the top:\n%s", view)
	}
	// a resize keeps the details laid out at the new size
	m = step(t, m, sizeMsg(120, 40))
	if lines := strings.Split(plain(m), "\n"); len(lines) != 40 {
		t.Errorf("%d lines after the resize", len(lines))
	}
}

// Skipped checks sharing one reason fold into one row, and a send that got
// no answer says so in the pane's title instead of "no cause found".
func TestNoResponseFoldsSkips(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	var fs []checks.Finding
	for _, id := range []string{"auth.missing", "ratelimit", "waf.block", "csrf"} {
		fs = append(fs, checks.Finding{ID: id, Status: checks.Skip, Title: "no response: connect error", Evidence: []string{"connection refused"}})
	}
	fs = append(fs, checks.Finding{ID: "tls.client_cert", Status: checks.Skip, Title: "Plain HTTP: there was no TLS handshake"})
	m.chk.SetReport(checks.Report{Findings: fs}, "connect")
	view := plain(m)
	if n := strings.Count(view, "no response: connect error"); n != 1 {
		t.Errorf("the shared reason shows %d times, want once:\n%s", n, view)
	}
	for _, want := range []string{"4 checks not judged: no response: connect error", "Plain HTTP", "Checks · no response (connect error)"} {
		if !strings.Contains(view, want) {
			t.Errorf("lacks %q:\n%s", want, view)
		}
	}
	m = press(t, m, "tab", "tab", "tab", "tab", "enter") // details of the folded row
	if view := plain(m); !strings.Contains(view, "auth.missing, ratelimit, waf.block, csrf") {
		t.Errorf("the folded row's details do not list its checks:\n%s", view)
	}
}
