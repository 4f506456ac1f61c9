package app

import (
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
)

// updating reports -update, the flag x/exp/golden (through teatest)
// already defines: go test -update rewrites the golden files.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// fixedNow is the clock of every test that renders.
var fixedNow = time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)

func testModel(t testing.TB, req *probe.Request, w, h int) model {
	t.Helper()
	m := newModel(context.Background(), Options{Request: req})
	m.now = func() time.Time { return fixedNow }
	dir := t.TempDir()
	m.copyDir = func() (string, error) { return dir, nil }
	m.preflight()
	m.tokenSet = false // format the Token tab again with the fixed clock
	m.refreshToken()
	m = step(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// step runs one message through Update, and the commands it returns that
// finish at once (no I/O, no timers), like the runtime would.
func step(t testing.TB, m model, msg tea.Msg) model {
	t.Helper()
	next, _ := m.Update(msg)
	return next.(model)
}

func press(t testing.TB, m model, keys ...string) model {
	t.Helper()
	for _, k := range keys {
		m = step(t, m, keyMsg(k))
	}
	return m
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	if len(k) > 5 && k[:5] == "ctrl+" {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

func typeText(t testing.TB, m model, s string) model {
	t.Helper()
	for _, r := range s {
		m = step(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func plain(m model) string { return ansi.Strip(m.render()) }

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// runCmd runs cmd and the batches it returns, collecting the messages;
// spinner ticks and cursor blinks are left out (they are timers).
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// sendReal presses ctrl+s with the model's own sender (probe.Send unless a
// test swapped it) and feeds the result back, running the command for real.
func sendReal(t testing.TB, m model) model {
	t.Helper()
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	if !m.inflight {
		t.Fatalf("ctrl+s did not start a send; notice %q", m.notice)
	}
	for _, msg := range runCmd(cmd) {
		if sm, ok := msg.(sentMsg); ok {
			m = step(t, m, sm)
		}
	}
	if m.inflight || m.last == nil {
		t.Fatal("the send did not come back")
	}
	return m
}

// sendWith presses ctrl+s with probe.Send replaced by one returning ex,
// and feeds the result back.
func sendWith(t testing.TB, m model, ex probe.Exchange) model {
	t.Helper()
	m.send = func(context.Context, probe.Request) probe.Exchange { return ex }
	return sendReal(t, m)
}

// refused is a canned 401 for an expired token, with fixed timings.
func refused(req probe.Request) probe.Exchange {
	return probe.Exchange{
		Request: probe.WireRequest{Method: req.Method, URL: "/v1/orders", FullURL: req.URL, Proto: "HTTP/1.1",
			Headers: append([]probe.Header{{Name: "Host", Value: "api.example.com"}}, req.EffectiveHeaders()...)},
		Response: &probe.Response{
			Status: 401, Reason: "Unauthorized", Proto: "HTTP/1.1",
			Headers: []probe.Header{
				{Name: "Content-Type", Value: "application/json"},
				{Name: "Date", Value: fixedNow.Format(http.TimeFormat)},
				{Name: "Www-Authenticate", Value: `Bearer error="invalid_token", error_description="The access token expired"`},
			},
			Body:     []byte(`{"error":"invalid_token","error_description":"The access token expired"}`),
			BodySize: 73,
		},
		Timing: probe.Timing{Start: fixedNow, Connect: 20 * time.Millisecond, FirstByte: 150 * time.Millisecond, Total: 182 * time.Millisecond},
	}
}

// built is the request pane's request, addressable.
func built(m model) *probe.Request {
	r := m.req.Build()
	return &r
}

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// open reports whether a dialog of type T is open, and returns it.
func open[T dialog](m model) (T, bool) {
	d, ok := m.overlay.(T)
	return d, ok
}

// isOpen reports whether a dialog of type T is open.
func isOpen[T dialog](m model) bool {
	_, ok := open[T](m)
	return ok
}

// boxText is the import box's text ("" when closed).
func boxText(m model) string {
	d, _ := open[importDialog](m)
	return d.text
}

// offered reports whether b is among the keys the help bar offers where
// the focus is (model.available).
func offered(m model, b key.Binding) bool {
	for _, a := range m.available() {
		if slices.Equal(a.Keys(), b.Keys()) && a.Help().Key == b.Help().Key {
			return true
		}
	}
	return false
}
