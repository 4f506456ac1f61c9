package app

import (
	"strings"
	"testing"
)

// importTyped presses enter in the URL field and feeds back what the
// import command returns.
func importTyped(t *testing.T, m model) model {
	t.Helper()
	next, cmd := m.Update(keyMsg("enter"))
	m = next.(model)
	if m.inflight {
		t.Fatal("enter on a curl command in the URL field started a send")
	}
	for _, msg := range runCmd(cmd) {
		if im, ok := msg.(curlImportMsg); ok {
			m = step(t, m, im)
		}
	}
	return m
}

// A curl command that arrives as keys in the URL field (a terminal
// without bracketed paste) is imported on its enter, never sent; while it
// is being typed, the URL error line does not show its JWT.
func TestCurlTypedIntoTheURLFieldIsImported(t *testing.T) {
	m := testModel(t, nil, 120, 40)
	m = typeText(t, m, "curl -H 'Authorization: Bearer "+chromeToken+"' http://127.0.0.1:1/orders")
	if s := plain(m); strings.Contains(s, chromeToken) || strings.Contains(s, "c2lnbmF0dXJlX3NlY3JldA") {
		t.Errorf("the screen shows the typed command's JWT:\n%s", s)
	}
	m = importTyped(t, m)
	req := m.req.Request()
	if req.URL != "http://127.0.0.1:1/orders" || req.Auth.Bearer != chromeToken {
		t.Fatalf("not imported: URL %q, bearer %q, notice %q", req.URL, req.Auth.Bearer, m.notice)
	}
}

// A command on several lines arrives with an enter after each backslash:
// the first goes on in the import box, the last imports.
func TestCurlTypedOnSeveralLinesGoesOnInTheImportBox(t *testing.T) {
	m := testModel(t, nil, 120, 40)
	m = typeText(t, m, `curl http://127.0.0.1:1/orders \`)
	m = importTyped(t, m)
	if !isOpen[importDialog](m) {
		t.Fatalf("the command did not go on in the import box; notice %q", m.notice)
	}
	m = typeText(t, m, `  -H 'X-Trace: 7'`)
	m = importTyped(t, m)
	req := m.req.Request()
	if v, _ := req.Header("X-Trace"); req.URL != "http://127.0.0.1:1/orders" || v != "7" || m.overlay != nil {
		t.Fatalf("not imported whole: URL %q, X-Trace %q, dialog %T, notice %q", req.URL, v, m.overlay, m.notice)
	}
}
