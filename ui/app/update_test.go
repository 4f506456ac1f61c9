package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

func sampleRequest() probe.Request {
	r := probe.NewRequest("https://api.example.com/v1/orders")
	r.Headers = append(r.Headers,
		probe.Header{Name: "Authorization", Value: "Bearer abcdefghijklmnopqrstu3f9a"},
		probe.Header{Name: "X-Debug", Value: "1"})
	return r
}

func TestTabWalksEveryFieldAndPane(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	type stop struct {
		p pane
		f field
	}
	at := func() stop { return stop{m.focus, m.req.focus} }
	want := []stop{{paneRequest, fieldHeaders}, {paneRequest, fieldToken}, {paneRequest, fieldBody}, {paneChecks, fieldBody}, {paneResponse, fieldBody}, {paneRequest, fieldURL}}
	if got := at(); got != (stop{paneRequest, fieldURL}) {
		t.Fatalf("starts at %v, want the URL", got)
	}
	for i, w := range want {
		m = press(t, m, "tab")
		if got := at(); got.p != w.p || (w.p == paneRequest && got.f != w.f) {
			t.Fatalf("tab %d: focus %v, want %v", i+1, got, w)
		}
	}
	m = press(t, m, "shift+tab")
	if m.focus != paneResponse {
		t.Fatalf("shift+tab from the URL: focus %v, want the response", m.focus)
	}
	m = press(t, m, "shift+tab", "shift+tab")
	if m.focus != paneRequest || m.req.focus != fieldBody {
		t.Fatalf("shift+tab into the request pane lands on %v/%v, want its last field (body)", m.focus, m.req.focus)
	}
}

func TestHeadersToggleAddEditDelete(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	m = press(t, m, "tab") // headers; the Authorization header became the token
	if got := len(m.req.headers); got != 3 {
		t.Fatalf("%d header rows, want 3 (User-Agent, Accept, X-Debug)", got)
	}
	m = press(t, m, "down", "down", "space")
	b := built(m)
	if _, ok := b.Header("X-Debug"); ok {
		t.Fatal("a header toggled off is still sent")
	}
	if len(m.req.headers) != 3 {
		t.Fatal("space deleted the header instead of toggling it")
	}
	if !strings.Contains(plain(m), "[ ] X-Debug: 1") {
		t.Errorf("disabled header not shown as [ ]:\n%s", plain(m))
	}
	m = press(t, m, "space")
	if _, ok := built(m).Header("X-Debug"); !ok {
		t.Fatal("toggled back on, X-Debug is not sent")
	}

	m = press(t, m, "a")
	if !m.req.editing {
		t.Fatal("a did not open a new header")
	}
	m = typeText(t, m, "X-Tenant: acme")
	m = press(t, m, "enter")
	if v, ok := built(m).Header("X-Tenant"); !ok || v != "acme" {
		t.Fatalf("added header: %q, %v", v, ok)
	}
	// typing in the header editor is text, not commands
	if m.req.editing {
		t.Fatal("enter did not close the editor")
	}

	m = press(t, m, "up") // onto X-Debug (X-Tenant is selected after adding)
	m = press(t, m, "enter")
	m = press(t, m, "backspace")
	m = typeText(t, m, "2")
	m = press(t, m, "enter")
	if v, _ := built(m).Header("X-Debug"); v != "2" {
		t.Fatalf("edited X-Debug = %q, want 2", v)
	}

	m = press(t, m, "d")
	if _, ok := built(m).Header("X-Debug"); ok {
		t.Fatal("d did not delete X-Debug")
	}
}

func TestURLIsValidatedAsYouType(t *testing.T) {
	m := testModel(t, nil, 100, 30)
	m = typeText(t, m, "api.example.com/x")
	want := (&probe.ValidationError{Field: `URL "api.example.com/x"`, Reason: `no scheme; write "https://api.example.com/x" (or http:// for plain HTTP)`}).Error()
	err := probe.Validate(func() *probe.Request { r := m.req.Build(); return &r }())
	if err == nil || err.Error() != want {
		t.Fatalf("test premise: Validate says %v", err)
	}
	pane := ansi.Strip(strings.Join(m.req.View(m.styles), " "))
	if !strings.Contains(strings.Join(strings.Fields(pane), " "), "✗ "+want) {
		t.Errorf("the exact reason %q is not on screen:\n%s", want, plain(m))
	}
	// ctrl+s refuses, with the reason, and sends nothing
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	if m.inflight || cmd != nil {
		t.Fatal("an invalid request was sent")
	}
	if !strings.Contains(m.notice, want) {
		t.Errorf("notice %q does not give the reason", m.notice)
	}
	for range len("api.example.com/x") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, "https://api.example.com/x")
	if m.req.invalid != nil {
		t.Fatalf("a valid URL is reported invalid: %v", m.req.invalid)
	}
}

func TestMethodAndSchemeCycle(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	m = press(t, m, "ctrl+g")
	if m.req.method != "POST" {
		t.Fatalf("ctrl+g on the URL: method %s, want POST", m.req.method)
	}
	m = press(t, m, "tab", "tab") // token
	m = press(t, m, "ctrl+g")
	if m.req.scheme != schemeBasic {
		t.Fatalf("ctrl+g on the token: scheme %v, want Basic", m.req.scheme)
	}
	m = press(t, m, "ctrl+g")
	if m.req.scheme != schemeAPIKey {
		t.Fatalf("scheme %v, want API key", m.req.scheme)
	}
	if v, ok := built(m).Header("X-API-Key"); !ok || v != "abcdefghijklmnopqrstu3f9a" {
		t.Fatalf("API key header: %q %v", v, ok)
	}
	if m.req.method != "POST" {
		t.Fatal("ctrl+g on the token changed the method")
	}
}

func TestTokenMaskedUntilRevealed(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 160, 30)
	if s := plain(m); !strings.Contains(s, "Token Bearer ••••3f9a") || strings.Contains(s, "abcdefghijklmnop") {
		t.Fatalf("token not masked:\n%s", s)
	}
	m = press(t, m, "ctrl+r")
	if s := plain(m); !strings.Contains(s, "abcdefghijklmnopqrstu3f9a") {
		t.Fatalf("ctrl+r did not reveal the token:\n%s", s)
	}
	m = press(t, m, "ctrl+r")
	if strings.Contains(plain(m), "abcdefghijklmnop") {
		t.Fatal("second ctrl+r did not mask again")
	}
}

func TestPasteGoesToTheFocusedField(t *testing.T) {
	m := testModel(t, nil, 100, 30)
	m = step(t, m, tea.PasteMsg{Content: "https://example.com/a"})
	if got := m.req.url.Value(); got != "https://example.com/a" {
		t.Fatalf("URL after paste = %q", got)
	}
	m = press(t, m, "tab", "tab") // token
	m = step(t, m, tea.PasteMsg{Content: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"})
	if got := m.req.Build().Auth.Bearer; !strings.HasPrefix(got, "eyJ") {
		t.Fatalf("token after paste = %q", got)
	}
	if got := m.req.url.Value(); got != "https://example.com/a" {
		t.Fatalf("the paste into the token changed the URL: %q", got)
	}
}

func TestPreflightFollowsEdits(t *testing.T) {
	m := testModel(t, nil, 100, 30)
	m = typeText(t, m, "https://api.example.com/")
	status := func() checks.Status {
		for _, f := range m.chk.all {
			if f.ID == checks.AuthMissing {
				return f.Status
			}
		}
		return ""
	}
	if status() != checks.Warn {
		t.Fatalf("no credentials: auth.missing is %q, want warn", status())
	}
	m = press(t, m, "tab", "tab")
	m = typeText(t, m, "s3cr3t-token-value")
	if status() != checks.Pass {
		t.Fatalf("with a token: auth.missing is %q, want pass", status())
	}
}

func TestSendDropsStaleResultsAndEscCancels(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	var sawCtx context.Context
	m.send = func(ctx context.Context, req probe.Request) probe.Exchange {
		sawCtx = ctx
		return refused(req)
	}
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	if !m.inflight || cmd == nil {
		t.Fatal("ctrl+s did not start a send")
	}
	if !offered(m, m.keys.Cancel) {
		t.Error("esc is not offered while a send is in flight")
	}
	msgs := runCmd(cmd)
	m = press(t, m, "esc")
	if m.inflight {
		t.Fatal("esc did not cancel")
	}
	if sawCtx.Err() == nil {
		t.Fatal("esc did not cancel the send's context")
	}
	for _, msg := range msgs {
		m = step(t, m, msg)
	}
	if m.last != nil {
		t.Fatal("the result of a cancelled send was shown")
	}

	m = sendWith(t, m, refused(r))
	if m.last == nil || m.last.status != 401 {
		t.Fatalf("after a send: %+v", m.last)
	}
	old := sentMsg{id: m.sendID - 1, ex: probe.Exchange{Response: &probe.Response{Status: 200}}}
	m = step(t, m, old)
	if m.last.status != 401 {
		t.Fatal("a stale result replaced the current one")
	}
}

func TestReportReplacesPreflightAndEnterShowsEvidence(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, refused(r))
	if m.chk.report == nil || !strings.HasPrefix(m.chk.Title(), "Checks · 1 failed") {
		t.Fatalf("title %q after a send", m.chk.Title())
	}
	if len(m.chk.all) != len(m.chk.report.Findings) {
		t.Fatal("the report's findings do not replace the preflight")
	}
	m = press(t, m, "tab", "tab", "tab", "tab") // checks pane
	if m.focus != paneChecks {
		t.Fatalf("focus %v", m.focus)
	}
	first := m.chk.findings[0]
	m = press(t, m, "enter")
	s := plain(m)
	if !m.chk.detail || !strings.Contains(s, first.ID) {
		t.Fatalf("enter did not show the details of %s:\n%s", first.ID, s)
	}
	if first.Fix != "" && !strings.Contains(s, "Fix") {
		t.Errorf("no fix shown:\n%s", s)
	}
	m = press(t, m, "esc")
	if m.chk.detail {
		t.Fatal("esc did not close the details")
	}
}

func TestCopyAsCurlMasksTheToken(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	next, cmd := m.Update(keyMsg("ctrl+y"))
	m = next.(model)
	if !strings.Contains(m.notice, "$TOKEN") || !strings.Contains(m.notice, "sent to the terminal's clipboard (OSC 52)") {
		t.Errorf("status bar %q does not say what was done and that the token is masked", m.notice)
	}
	msgs := runCmd(cmd)
	if len(msgs) != 2 {
		t.Fatalf("ctrl+y gave %d messages, want the clipboard and the file", len(msgs))
	}
	got := fmt.Sprint(msgs[0])
	if !strings.Contains(got, "$TOKEN") || strings.Contains(got, "abcdefghijklmnop") {
		t.Fatalf("clipboard %q: token not masked as $TOKEN", got)
	}
	w, ok := msgs[1].(copyWrittenMsg)
	if !ok || w.err != nil {
		t.Fatalf("no fallback copy written: %#v", msgs[1])
	}
	if b, err := os.ReadFile(w.path); err != nil || string(b) != got {
		t.Errorf("the file %s does not hold the command: %q, %v", w.path, b, err)
	}
	m = step(t, m, w)
	if !strings.Contains(m.notice, w.path) {
		t.Errorf("status bar %q does not say where the copy is", m.notice)
	}
}

// With secrets revealed, a copy goes to the clipboard only: no file on
// disk holds them.
func TestRevealedCopyIsNotWrittenToAFile(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 100, 30)
	m = press(t, m, "ctrl+r")
	_, cmd := m.Update(keyMsg("ctrl+y"))
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(copyWrittenMsg); ok {
			t.Fatal("a copy holding revealed secrets was written to a file")
		}
	}
}

func TestHelpKeyIsTextWhileTyping(t *testing.T) {
	m := testModel(t, nil, 100, 30)
	m = typeText(t, m, "https://x.example/?a=1")
	if isOpen[helpDialog](m) {
		t.Fatal("? in the URL opened the help instead of typing")
	}
	if m.req.url.Value() != "https://x.example/?a=1" {
		t.Fatalf("URL %q", m.req.url.Value())
	}
	m = press(t, m, "tab", "tab", "tab", "tab") // checks
	m = press(t, m, "?")
	if !isOpen[helpDialog](m) || !strings.Contains(plain(m), "copy as curl") {
		t.Fatal("? on the checks pane did not show the full help")
	}
	m = press(t, m, "?")
	if isOpen[helpDialog](m) {
		t.Fatal("? did not close the help")
	}
}

func TestResponseTabsAndHistory(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, refused(r))
	m = press(t, m, "tab", "down", "down", "space") // X-Debug off
	m = sendWith(t, m, refused(m.req.Build()))
	m = press(t, m, "tab", "tab", "tab") // token, body, checks
	m = press(t, m, "tab")               // response
	if m.focus != paneResponse {
		t.Fatalf("focus %v", m.focus)
	}
	m = press(t, m, "right")
	if m.resp.tab != tabRequest {
		t.Fatalf("right from Response: tab %d", m.resp.tab)
	}
	m = press(t, m, "left", "left")
	if m.resp.tab != tabHistory {
		t.Fatalf("left from Response: tab %d, want History", m.resp.tab)
	}
	if s := plain(m); !strings.Contains(s, "#2 GET /v1/orders · removed header X-Debug → 401") {
		t.Fatalf("history does not say what changed:\n%s", s)
	}
	m = press(t, m, "up", "enter")
	if v, ok := built(m).Header("X-Debug"); !ok || v != "1" {
		t.Fatal("enter on send #1 did not restore X-Debug")
	}
}
