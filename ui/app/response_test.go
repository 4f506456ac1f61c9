package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// Where the reader scrolled to in a tab survives what does not change the
// tab's lines: opening and closing the search, visiting another tab. A
// resize rewraps the lines but keeps the place (by row).
func TestResponseTabKeepsItsScroll(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, bigExchange(r))
	m = press(t, m, "tab", "tab", "tab", "tab", "tab")
	if m.focus != paneResponse {
		t.Fatalf("focus %v, want the response pane", m.focus)
	}
	m = press(t, m, "pgdown", "pgdown", "pgdown")
	at := m.resp.vp().YOffset()
	if at == 0 {
		t.Fatal("pgdown did not scroll the response")
	}
	for _, keys := range [][]string{{"/", "esc"}, {"right", "left"}, {"left", "right"}} {
		m = press(t, m, keys...)
		if got := m.resp.vp().YOffset(); got != at {
			t.Errorf("after %v the response scrolled from row %d to %d", keys, at, got)
		}
	}
	m = step(t, m, sizeMsg(121, 40))
	if got := m.resp.vp().YOffset(); got != at {
		t.Errorf("after a resize the response scrolled from row %d to %d", at, got)
	}
}

// A new exchange opens every tab at its top, the one on screen and the
// others, wherever the reader was in the last one.
func TestNewExchangeOpensTabsAtTheTop(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m = sendWith(t, m, bigExchange(r))
	m = press(t, m, "tab", "tab", "tab", "tab", "tab", "pgdown", "pgdown") // Response tab, scrolled
	m = press(t, m, "right", "pgdown")                                     // Request tab, scrolled
	m = sendWith(t, m, bigExchange(r))
	if got := m.resp.vp().YOffset(); got != 0 {
		t.Errorf("the tab on screen opens at row %d of the new exchange", got)
	}
	if m.resp.tab != tabRequest {
		t.Fatalf("on tab %d, want the Request tab still", m.resp.tab)
	}
	m.resp.SetTab(tabResponse)
	if got := m.resp.vp().YOffset(); got != 0 {
		t.Errorf("the Response tab opens at row %d of the new exchange", got)
	}
}

// A window made taller at the bottom of a long response shows the end of
// it, not blank rows past it.
func TestTallerWindowDoesNotScrollPastTheEnd(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 30)
	m = sendWith(t, m, bigExchange(r))
	m = press(t, m, "tab", "tab", "tab", "tab", "tab")
	vp := m.resp.vp()
	vp.GotoBottom()
	m = step(t, m, sizeMsg(120, 60))
	vp = m.resp.vp()
	if end := vp.YOffset() + vp.Height(); end != vp.TotalLineCount() {
		t.Errorf("rows %d..%d of %d on screen, want the last %d", vp.YOffset(), end, vp.TotalLineCount(), vp.Height())
	}
}

// The API-key header the user named (any name) is a secret like the known
// credential headers: echoed back by the server in the body, the reason
// or a warning, it is masked on the tabs and in the top line.
func TestNamedKeyHeaderEchoIsMasked(t *testing.T) {
	const key = "kk7Hq2Lx9Vw4Rt8Nz3"
	ex := probe.Exchange{
		Request: probe.WireRequest{Method: "GET", URL: "/v1", FullURL: "http://127.0.0.1:1/v1",
			Headers: []probe.Header{{Name: "X-Client", Value: key}}},
		Response: &probe.Response{Status: 403, Reason: "Forbidden " + key, Proto: "HTTP/1.1",
			Headers: []probe.Header{{Name: "Content-Type", Value: "text/plain"}}, Body: []byte("you sent X-Client: " + key)},
		Warnings: []string{"the server echoed " + key},
	}
	req := probe.Request{Method: "GET", URL: ex.Request.FullURL, Headers: ex.Request.Headers, SecretHeaders: []string{"X-Client"}}
	tabs := formatExchange(ex, probe.NewRedactor(req, false))
	for tab, lines := range tabs.lines {
		if text := strings.Join(lines, "\n"); strings.Contains(text, key) {
			t.Errorf("tab %s shows the key:\n%s", tabNames[tab], text)
		}
	}
	if s := summarize(req, ex); strings.Contains(s.reason, key) {
		t.Errorf("the top line shows the key: %q", s.reason)
	}
	if text := strings.Join(formatExchange(ex, probe.NewRedactor(req, true)).lines[tabResponse], "\n"); !strings.Contains(text, key) {
		t.Error("revealed, the echoed key is still masked")
	}
}
