package app

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
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
// no answer says so in the pane's title instead of "no cause found". The
// folded row's details list every check folded in, wrapped at 80 columns.
func TestNoResponseFoldsSkips(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	var fs []checks.Finding
	for _, id := range checks.Causes() {
		if id != checks.TLSClientCert {
			fs = append(fs, checks.Finding{ID: id, Status: checks.Skip, Title: "no response: connect error", Evidence: []string{"connection refused"}})
		}
	}
	fs = append(fs, checks.Finding{ID: checks.TLSClientCert, Status: checks.Skip, Title: "Plain HTTP: there was no TLS handshake"})
	m.chk.SetReport(checks.Report{Findings: fs}, "connect")
	view := plain(m)
	if n := strings.Count(view, "no response: connect"); n != 1 {
		t.Errorf("the shared reason shows %d times, want once:\n%s", n, view)
	}
	for _, want := range []string{fmt.Sprintf("%d checks not judged: no response: connect", len(fs)-1), "Plain HTTP", "Checks · no response (connect error)"} {
		if !strings.Contains(view, want) {
			t.Errorf("lacks %q:\n%s", want, view)
		}
	}
	m = press(t, m, "tab", "tab", "tab", "tab", "enter") // details of the folded row
	details := strings.Join(strings.Fields(m.chk.vp.GetContent()), " ")
	for _, f := range fs[:len(fs)-1] {
		if !strings.Contains(ansi.Strip(details), f.ID) {
			t.Errorf("the folded row's details lack %s:\n%s", f.ID, m.chk.vp.GetContent())
		}
	}
}

// Skips with one title but different evidence are not folded: the
// evidence would be lost.
func TestSkipsWithDifferentEvidenceStayApart(t *testing.T) {
	var fs []checks.Finding
	for i, id := range []string{"auth.missing", "ratelimit", "waf.block"} {
		fs = append(fs, checks.Finding{ID: id, Status: checks.Skip, Title: "not judged", Evidence: []string{fmt.Sprint("reason ", i)}})
	}
	if got := groupSkips(fs); len(got) != 3 {
		t.Errorf("folded %d rows into %d: %+v", len(fs), len(got), got)
	}
}

// After a send the passing checks fold into one row, which enter opens;
// evidence that only repeats the status is not shown on a row.
func TestPassedChecksFold(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, refused(r))
	passed := 0
	for _, f := range m.chk.all {
		if f.Status == checks.Pass {
			passed++
		}
	}
	view := plain(m)
	if !strings.Contains(view, fmt.Sprintf("✓ %d checks passed", passed)) || strings.Count(view, "✓") != 1 {
		t.Fatalf("the %d passing checks are not one row:\n%s", passed, view)
	}
	m = press(t, m, "tab", "tab", "tab", "tab")
	for i := 0; i < 10 && m.chk.findings[m.chk.cursor].ID != passedFold; i++ {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter")
	if m.chk.detail || len(m.chk.findings) != len(m.chk.all) {
		t.Fatalf("enter on the folded row: details %v, %d of %d rows", m.chk.detail, len(m.chk.findings), len(m.chk.all))
	}
	if strings.Contains(plain(m), "HTTP 401 Unauthorized") {
		t.Errorf("a row shows evidence that only repeats the status:\n%s", plain(m))
	}
}

func TestRepeatsStatus(t *testing.T) {
	for e, want := range map[string]bool{
		"HTTP 403 Forbidden":                    true,
		"HTTP/1.1 401 Unauthorized":             true,
		"403":                                   true,
		"status 429":                            true,
		"403 Forbidden: Your IP is not allowed": false,
		"Www-Authenticate: Bearer":              false,
		"HTTP 403 from the WAF":                 false,
	} {
		if got := repeatsStatus(e); got != want {
			t.Errorf("repeatsStatus(%q) = %v, want %v", e, got, want)
		}
	}
}

// A list longer than its box says where the view is.
func TestScrollPositionInTitles(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m = sendWith(t, m, refused(r))
	if s := plain(m); !strings.Contains(s, "Response · 1–") {
		t.Errorf("the response is longer than its box, its title does not say where:\n%s", s)
	}
	var fs []checks.Finding
	for i := range 30 {
		fs = append(fs, checks.Finding{ID: fmt.Sprint("c", i), Status: checks.Fail, Title: fmt.Sprint("check ", i)})
	}
	m.chk.SetReport(checks.Report{Findings: fs}, "")
	m.layout()
	if s := plain(m); !strings.Contains(s, "of 30") {
		t.Errorf("30 checks in a short box, the title does not say where:\n%s", s)
	}
}
