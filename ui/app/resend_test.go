package app

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
)

// ctrl+s while a POST is in flight does not send the POST again: the
// server counts exactly one, and the status line says why.
func TestSendKeyDuringAPostNeverResendsIt(t *testing.T) {
	var posts atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		select {
		case <-release:
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()

	r := probe.NewRequest(srv.URL + "/orders")
	r.Method = http.MethodPost
	r.Body = []byte(`{"qty":1}`)
	m := testModel(t, &r, 100, 30)
	m.getenv = func(string) string { return "" }
	done := make(chan []tea.Msg, 2)

	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	go func() { done <- runCmd(cmd) }()
	if s := plain(m); strings.Contains(s, "Press ctrl+s") {
		t.Errorf("while sending, the screen says to press ctrl+s:\n%s", s)
	}
	for deadline := time.Now().Add(5 * time.Second); posts.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if posts.Load() != 1 {
		t.Fatalf("the first POST never arrived")
	}

	next, cmd = m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	go func() { done <- runCmd(cmd) }()
	time.Sleep(300 * time.Millisecond) // time for a second POST to arrive
	close(release)
	for range 2 {
		select {
		case msgs := <-done:
			for _, msg := range msgs {
				if sm, ok := msg.(sentMsg); ok {
					m = step(t, m, sm)
				}
			}
		case <-time.After(10 * time.Second):
			t.Fatal("a send never came back")
		}
	}
	if n := posts.Load(); n != 1 {
		t.Errorf("the server got %d POSTs after a double ctrl+s, want 1", n)
	}
	if m.last == nil || m.last.status != http.StatusForbidden {
		t.Errorf("the first send's answer was not kept: %+v", m.last)
	}
}

// The status line says a second ctrl+s did not send the POST again.
func TestSendKeyDuringAPostSaysWhy(t *testing.T) {
	r := probe.NewRequest("http://127.0.0.1:1/orders")
	r.Method = http.MethodPost
	m := testModel(t, &r, 100, 30)
	m = press(t, m, "ctrl+s")
	if !m.inflight {
		t.Fatal("no send started")
	}
	id := m.sendID
	m = press(t, m, "ctrl+s")
	if m.sendID != id || !m.inflight || !strings.Contains(m.notice, "not sent again") {
		t.Errorf("second ctrl+s during a POST: send %d→%d, in flight %v, notice %q", id, m.sendID, m.inflight, m.notice)
	}
}
