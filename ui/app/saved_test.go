package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/store"
)

const appSecret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnLXNlY3JldC1hYmNkZWZnaGlq"

// storeModel is a test model with a store in a temporary directory,
// opened the way Init does and fed back.
func storeModel(t *testing.T, req *probe.Request) (model, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := testModel(t, req, 120, 40)
	m.saved.open = func() (*store.Store, error) { return st, nil }
	return m, st
}

// feed runs cmd and steps every message it yields back into the model,
// as the runtime would (one level: enough for the store's commands).
func feed(t *testing.T, m model, cmd tea.Cmd) model {
	t.Helper()
	for _, msg := range runCmd(cmd) {
		switch msg.(type) {
		case storeOpenedMsg, historyWrittenMsg, savedListMsg, savedLoadedMsg, savedWrittenMsg, sentMsg:
			next, c := m.Update(msg)
			m = feed(t, next.(model), c)
		}
	}
	return m
}

func pressCmd(t *testing.T, m model, k string) model {
	t.Helper()
	next, cmd := m.Update(keyMsg(k))
	return feed(t, next.(model), cmd)
}

// Init never opens the store itself: the first frame does not wait for
// the disk.
func TestStoreOpensOffTheFirstFrame(t *testing.T) {
	m := testModel(t, nil, 80, 24)
	release := make(chan struct{})
	opened := make(chan struct{}, 1)
	m.saved.open = func() (*store.Store, error) {
		opened <- struct{}{}
		<-release
		return nil, errors.New("never")
	}
	done := make(chan tea.Cmd, 1)
	go func() { done <- m.Init() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Init blocked on the store")
	}
	select {
	case <-opened:
		t.Fatal("Init opened the store itself")
	default:
	}
	_ = m.View()
	close(release)
}

// History of earlier runs is loaded into the History tab with what changed
// between neighbouring sends and the status each got; a new send is
// written back, masked.
func TestPersistentHistory(t *testing.T) {
	ctx := context.Background()
	r := probe.NewRequest("http://127.0.0.1:9/v1/orders")
	m, st := storeModel(t, &r)
	first := probe.NewRequest("http://127.0.0.1:9/v1/orders")
	second := first
	second.Headers = append(append([]probe.Header(nil), first.Headers...), probe.Header{Name: "Authorization", Value: "Bearer " + appSecret})
	for i, e := range []store.Entry{
		{Request: first, Status: 401, Likely: "auth.missing"},
		{Request: second, Status: 401, Likely: "auth.expired"},
	} {
		e.At = fixedNow.Add(time.Duration(i) * time.Minute)
		if err := st.AddHistory(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	m = feed(t, m, m.saved.openStoreCmd(ctx))
	if len(m.history) != 2 || !m.history[0].past {
		t.Fatalf("history after start = %d entries", len(m.history))
	}
	lines := strings.Join(historyLines(m.history, m.histAt, false, "enter"), "\n")
	for _, want := range []string{"first send → 401 auth.missing", "added header Authorization: Bearer ••••aGlq", "→ 401 auth.expired"} {
		if !strings.Contains(lines, want) {
			t.Errorf("History tab lacks %q:\n%s", want, lines)
		}
	}
	if strings.Contains(lines, appSecret[:20]) {
		t.Errorf("History tab shows the token:\n%s", lines)
	}

	// a send now: recorded, compared with the last earlier one
	m.send = func(context.Context, probe.Request) probe.Exchange { return refused(r) }
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = feed(t, next.(model), cmd)
	if len(m.history) != 3 {
		t.Fatalf("history after a send = %d entries", len(m.history))
	}
	lines = strings.Join(historyLines(m.history, m.histAt, false, "enter"), "\n")
	if !strings.Contains(lines, "#3 GET /v1/orders · removed header Authorization → 401") {
		t.Errorf("History tab:\n%s", lines)
	}
	h, err := st.History(ctx, 0)
	if err != nil || len(h) != 3 || h[2].Status != 401 {
		t.Fatalf("store history = %d entries, %v", len(h), err)
	}

	// restoring an earlier run's send leaves its masked token out
	m.histAt = 1
	m.restore()
	if b := m.req.Build(); b.Auth.Bearer != "" || strings.Contains(b.URL+headerText(b), "••••") {
		t.Errorf("restored a masked secret: %+v", b)
	}
	if !strings.Contains(m.notice, "again") {
		t.Errorf("notice %q does not say the token must be set again", m.notice)
	}
}

func headerText(r probe.Request) string {
	var b strings.Builder
	for _, h := range r.EffectiveHeaders() {
		b.WriteString(h.Name + ": " + h.Value + "\n")
	}
	return b.String()
}

// ctrl+t saves the request under a name (without its token), ctrl+l lists
// the saved ones and enter opens one.
func TestSaveAndOpenInTheApp(t *testing.T) {
	ctx := context.Background()
	r := probe.NewRequest("http://127.0.0.1:9/v1/orders")
	r.Method = "DELETE"
	r.Auth.Bearer = appSecret
	m, st := storeModel(t, &r)
	m = feed(t, m, m.saved.openStoreCmd(ctx))

	m = pressCmd(t, m, "ctrl+t")
	if !isOpen[saveNamer](m) || !strings.Contains(plain(m), "save as:") {
		t.Fatalf("ctrl+t did not open the name prompt:\n%s", plain(m))
	}
	m = typeText(t, m, "bad name")
	m = pressCmd(t, m, "enter")
	if !isOpen[saveNamer](m) || !m.noticeBad {
		t.Fatalf("a bad name was accepted (notice %q)", m.notice)
	}
	if lines := strings.Split(plain(m), "\n"); !strings.Contains(lines[len(lines)-1], "✗") {
		t.Fatalf("the refused name's error is not on the screen: %q", lines[len(lines)-1])
	}
	for range len("bad name") {
		m = step(t, m, keyMsg("backspace"))
	}
	m = typeText(t, m, "del-order")
	m = pressCmd(t, m, "enter")
	if isOpen[saveNamer](m) || !strings.Contains(m.notice, "saved del-order without token") {
		t.Fatalf("after enter: naming %v, notice %q", isOpen[saveNamer](m), m.notice)
	}
	saved, err := st.LoadRequest(ctx, "del-order")
	if err != nil || saved.Request.Method != "DELETE" || saved.Request.Auth.Bearer != "" {
		t.Fatalf("stored %+v, %v", saved.Request, err)
	}

	// edit something else, then open the saved one again
	other := probe.NewRequest("http://127.0.0.1:9/other")
	m.req.Load(other)
	m = pressCmd(t, m, "ctrl+l")
	if !isOpen[savedPicker](m) || !strings.Contains(plain(m), "del-order") {
		t.Fatalf("ctrl+l did not list the saved request:\n%s", plain(m))
	}
	// the picker filters as you type
	m = typeText(t, m, "zz")
	if strings.Contains(plain(m), "del-order") || !strings.Contains(plain(m), "No saved request matches") {
		t.Fatalf("typing zz did not filter the list:\n%s", plain(m))
	}
	m = press(t, m, "backspace", "backspace")
	m = typeText(t, m, "del")
	m = pressCmd(t, m, "enter")
	if isOpen[savedPicker](m) || m.inflight {
		t.Fatalf("picker open %v, sending %v", isOpen[savedPicker](m), m.inflight)
	}
	if b := m.req.Build(); b.Method != "DELETE" || b.URL != r.URL {
		t.Errorf("opened %s %s", b.Method, b.URL)
	}
	if !strings.Contains(m.notice, "without token") {
		t.Errorf("notice %q does not say the token was left out", m.notice)
	}
}

// Without a store (read-only home) the app works and says so once.
func TestNoStore(t *testing.T) {
	r := probe.NewRequest("http://127.0.0.1:9/v1/orders")
	m := testModel(t, &r, 120, 40)
	m.saved.open = func() (*store.Store, error) {
		return nil, errors.New("mkdir /home/ada/.config/why403: read-only file system")
	}
	m = feed(t, m, m.saved.openStoreCmd(context.Background()))
	if !strings.Contains(m.notice, "history and saved requests are off") || !strings.Contains(m.notice, "read-only") {
		t.Fatalf("notice %q", m.notice)
	}
	m.send = func(context.Context, probe.Request) probe.Exchange { return refused(r) }
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = feed(t, next.(model), cmd)
	if len(m.history) != 1 || (m.notice != "" && m.noticeBad) {
		t.Errorf("send without a store: %d history entries, notice %q", len(m.history), m.notice)
	}
	m = pressCmd(t, m, "ctrl+t")
	if isOpen[saveNamer](m) || !strings.Contains(m.notice, "off") {
		t.Errorf("ctrl+t without a store: naming %v, notice %q", isOpen[saveNamer](m), m.notice)
	}
}
