package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
)

// The token's masked form keeps its last 4 characters: they are escaped.
func TestMaskedTokenIsEscaped(t *testing.T) {
	for _, tok := range []string{"abcdefghijklmnop\u202e", "abcdefghijklmnop\r"} {
		lines := tokenLines(tokenInput{source: "token field (Bearer)", token: tok}, fixedNow)
		if s := strings.Join(lines, "\n"); strings.ContainsAny(s, "\u202e\r") {
			t.Errorf("token tab for %q: raw character in %q", tok, s)
		}
	}
	r := probe.NewRequest("https://api.example.com/")
	r.Headers = append(r.Headers, probe.Header{Name: "Authorization", Value: "Bearer abcdefghijklmnop\u202e"})
	m := testModel(t, &r, 120, 40)
	m = press(t, m, "tab", "tab", "tab", "tab", "right", "right", "right", "right") // Token tab
	if s := m.render(); strings.ContainsRune(s, '\u202e') {
		t.Errorf("raw U+202E on screen:\n%s", plain(m))
	}
}

// No raw format character from a loaded, typed or pasted value ever
// reaches the output, focused or not, masked or revealed.
func TestNoRawFormatCharacterInOutput(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/a\u202egnp.exe")
	r.Headers = append(r.Headers, probe.Header{Name: "X-Note", Value: "rtl\u202eltr"})
	r.Auth = probe.Credentials{BasicUser: "bob\u2066", BasicPass: "pw\u202e", HasBasic: true}
	r.Body = []byte("body \u202e text\u2028")
	m := testModel(t, &r, 120, 40)
	if !strings.Contains(m.notice, "format character") {
		t.Errorf("load: notice %q does not say format characters were replaced", m.notice)
	}
	check := func(where string) {
		t.Helper()
		v := m.View().Content
		if strings.ContainsAny(v, "\u202e\u2066\u2028") {
			t.Fatalf("%s: raw format character in the output:\n%s", where, plain(m))
		}
	}
	check("loaded")
	m = step(t, m, tea.PasteMsg{Content: "?q=\u202ex"})
	if !strings.Contains(m.notice, "format character") {
		t.Errorf("paste: notice %q", m.notice)
	}
	check("URL focused after paste")
	m = typeText(t, m, "\u200b")
	check("URL typed")
	for i := 0; i < 6; i++ {
		m = press(t, m, "tab")
		m = step(t, m, tea.PasteMsg{Content: "p\u202eq"})
		check(fmt.Sprintf("tab %d", i+1))
		m = press(t, m, "ctrl+r")
		check(fmt.Sprintf("tab %d revealed", i+1))
		m = press(t, m, "ctrl+r")
	}
	// the search field
	m.req.Load(probe.NewRequest("https://api.example.com/"))
	m = sendWith(t, m, refused(m.req.Build()))
	m = press(t, m, "/")
	m = step(t, m, tea.PasteMsg{Content: "x\u202e"})
	check("search")
}

// The header line and the unfocused URL field mask the URL's password and
// secret query parameters; the URL field has a CharLimit.
func TestHeaderLineMasksTheURL(t *testing.T) {
	r := probe.NewRequest("https://bob:hunter2secret@api.example.com/v1?access_token=supersecretvalue&q=1")
	m := testModel(t, &r, 160, 30)
	m = press(t, m, "tab")
	s := plain(m)
	if strings.Contains(s, "hunter2secret") || strings.Contains(s, "supersecretvalue") {
		t.Fatalf("URL secret shown:\n%s", s)
	}
	if !strings.Contains(strings.Split(s, "\n")[0], "api.example.com") {
		t.Errorf("header line lost the host: %q", strings.Split(s, "\n")[0])
	}
	m = press(t, m, "ctrl+r")
	if s := plain(m); !strings.Contains(s, "hunter2secret") {
		t.Errorf("ctrl+r does not reveal the URL:\n%s", s)
	}
	if m.req.url.CharLimit <= 0 {
		t.Error("the URL field has no CharLimit")
	}
}

// ctrl+r during a send: the result is shown with the setting in force
// when it arrives, and a stale formatting is dropped.
func TestRevealDuringSendAndFormatting(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1?access_token=supersecretvalue")
	m := testModel(t, &r, 160, 40)
	ex := refused(r)
	ex.Request.URL = "/v1?access_token=supersecretvalue"
	m.send = func(context.Context, probe.Request) probe.Exchange { return ex }
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	var sent sentMsg
	for _, msg := range runCmd(cmd) {
		if sm, ok := msg.(sentMsg); ok {
			sent = sm
		}
	}
	m = press(t, m, "ctrl+r") // while the send is in flight
	next, cmd = m.Update(sent)
	m = next.(model)
	for _, msg := range runCmd(cmd) {
		m = step(t, m, msg)
	}
	if !strings.Contains(strings.Join(m.resp.data.lines[tabRequest], "\n"), "supersecretvalue") {
		t.Errorf("revealed during the send, the Request tab is still masked:\n%s", strings.Join(m.resp.data.lines[tabRequest], "\n"))
	}

	// ctrl+r twice: the first formatting arrives after the second press
	next, c1 := m.Update(keyMsg("ctrl+r"))
	m = next.(model)
	next, c2 := m.Update(keyMsg("ctrl+r"))
	m = next.(model)
	for _, msg := range append(runCmd(c2), runCmd(c1)...) {
		m = step(t, m, msg)
	}
	if !strings.Contains(strings.Join(m.resp.data.lines[tabRequest], "\n"), "supersecretvalue") {
		t.Errorf("a stale formatting (masked) replaced the revealed tabs")
	}
}

// The History tab follows ctrl+r.
func TestHistoryFollowsReveal(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 160, 40)
	m = sendWith(t, m, refused(r))
	m.req.headers = append(m.req.headers, headerRow{Header: probe.Header{Name: "X-Api-Key", Value: "k-secretvalue-123456"}})
	m = sendWith(t, m, refused(m.req.Build()))
	hist := func() string { return strings.Join(m.resp.history, "\n") }
	if strings.Contains(hist(), "k-secretvalue") {
		t.Fatalf("history shows the key: %s", hist())
	}
	m = press(t, m, "ctrl+r")
	if !strings.Contains(hist(), "k-secretvalue-123456") {
		t.Fatalf("ctrl+r did not reveal the history: %s", hist())
	}
	m = press(t, m, "ctrl+r")
	if strings.Contains(hist(), "k-secretvalue") {
		t.Fatalf("second ctrl+r did not mask the history: %s", hist())
	}
}

// An API key sent under a custom header name is a secret everywhere.
func TestAPIKeyUnderCustomNameIsMasked(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	m := testModel(t, &r, 160, 40)
	m = sendWith(t, m, refused(r))
	m.req.scheme = schemeAPIKey
	m.req.token.SetValue("clientsecret-0123456789")
	m.req.keyName.SetValue("X-Client")
	m.req.changed()
	m = sendWith(t, m, refused(m.req.Build()))
	for tab, lines := range map[string][]string{"Request": m.resp.data.lines[tabRequest], "History": m.resp.history} {
		if s := strings.Join(lines, "\n"); strings.Contains(s, "clientsecret") {
			t.Errorf("%s tab shows the key:\n%s", tab, s)
		}
	}
	next, cmd := m.Update(keyMsg("ctrl+y"))
	m = next.(model)
	got := fmt.Sprint(runCmd(cmd))
	if strings.Contains(got, "clientsecret") || !strings.Contains(got, `"X-Client: $TOKEN"`) {
		t.Errorf("clipboard %s: key not written as $TOKEN", got)
	}
}

func TestCopyNoticeNamesThePassword(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	r.Auth = probe.Credentials{BasicUser: "bob", BasicPass: "pw-secret", HasBasic: true}
	m := testModel(t, &r, 160, 40)
	next, cmd := m.Update(keyMsg("ctrl+y"))
	m = next.(model)
	if got := fmt.Sprint(runCmd(cmd)); !strings.Contains(got, "$PASSWORD") || strings.Contains(got, "pw-secret") {
		t.Errorf("clipboard %s", got)
	}
	if !strings.Contains(m.notice, "$PASSWORD") {
		t.Errorf("notice %q does not name $PASSWORD", m.notice)
	}
}

// The Request tab masks the secret fields of the body.
func TestRequestTabMasksTheBody(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/login")
	r.Method = "POST"
	r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: "application/json"})
	r.Body = []byte(`{"user":"alice","password":"hunter2-very-secret"}`)
	m := testModel(t, &r, 160, 40)
	ex := refused(r)
	ex.Request.Body = r.Body
	m = sendWith(t, m, ex)
	if s := strings.Join(m.resp.data.lines[tabRequest], "\n"); strings.Contains(s, "hunter2-very-secret") {
		t.Errorf("Request tab shows the password:\n%s", s)
	}
}

// Copy as curl keeps a multi-line body intact and carries no raw control
// character.
func TestCopyAsCurlMultilineBody(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	r.Method = "POST"
	r.Body = []byte("line1\nline2")
	m := testModel(t, &r, 160, 40)
	_, cmd := m.Update(keyMsg("ctrl+y"))
	got := fmt.Sprint(runCmd(cmd))
	if !strings.Contains(got, `$'line1\nline2'`) || strings.Contains(got, `\\n`) {
		t.Errorf("clipboard %q: body not written as $'line1\\nline2'", got)
	}
}

// At 80×24 the full help shows every key it lists, and the short bar
// shows "? help".
func TestFullHelpFitsAt80x24(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m = press(t, m, "tab", "tab", "tab", "tab") // the checks pane: ? is a command
	if s := plain(m); !strings.Contains(s, "? help") {
		t.Errorf("short help bar lacks ? help:\n%s", s)
	}
	m = press(t, m, "?")
	s := plain(m)
	for _, col := range m.keys.FullHelp() {
		for _, b := range col {
			if b.Enabled() && !strings.Contains(s, b.Help().Desc) {
				t.Errorf("full help lacks %q:\n%s", b.Help().Desc, s)
			}
		}
	}
	if n := len(strings.Split(s, "\n")); n != 24 {
		t.Errorf("help view has %d lines", n)
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

// A body over the textarea's cap is kept raw and read-only, loaded or
// pasted.
func TestBigBodyIsReadOnly(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	r.Method = "POST"
	r.Body = []byte(strings.Repeat("a", 20<<10))
	m := testModel(t, &r, 120, 40)
	if !m.req.rawBodyKept || !strings.Contains(plain(m), "ctrl+x") {
		t.Errorf("a 20 KiB body is editable:\n%s", plain(m))
	}
	if string(m.req.Build().Body) != string(r.Body) {
		t.Error("the big body is not sent as loaded")
	}
	m = testModel(t, nil, 120, 40)
	m = press(t, m, "tab", "tab", "tab") // body
	big := strings.Repeat("b", 17<<10)
	m = step(t, m, tea.PasteMsg{Content: big})
	if !m.req.rawBodyKept || string(m.req.Build().Body) != big {
		t.Errorf("a 17 KiB paste: raw kept %v, body %d bytes", m.req.rawBodyKept, len(m.req.Build().Body))
	}
	if !strings.Contains(m.notice, "ctrl+x") {
		t.Errorf("notice %q", m.notice)
	}
	if m.req.body.CharLimit <= 0 {
		t.Error("the body textarea has no CharLimit")
	}
}
