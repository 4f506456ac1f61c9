package app

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/store"
)

// breakFreelist writes, into both freelist pages of the bbolt file at
// path, one free page far above the file's end: what the tester's
// flipped bytes did ("freelist pgid above high water mark"), met by the
// next write. Offsets are bbolt's page layout: a 16-byte page header
// (count at 10), the meta after it (page size at 8, freelist page at 40).
func breakFreelist(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.LittleEndian.Uint32(b[16+8:]))
	for meta := range 2 {
		free := int(binary.LittleEndian.Uint64(b[meta*pageSize+16+40:]))
		at := free * pageSize
		binary.LittleEndian.PutUint16(b[at+10:], 1)
		binary.LittleEndian.PutUint64(b[at+16:], 1<<40)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A send with a damaged history.db (the write meets the damage) keeps
// the request in the editor, says in the footer that the file was moved
// aside, and the next send is recorded in a fresh history.
func TestSendWithDamagedHistory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if err := st.AddHistory(ctx, store.Entry{Request: probe.NewRequest("http://127.0.0.1:9/old"), Status: 403}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	breakFreelist(t, filepath.Join(dir, store.HistoryFile))
	if st, err = store.Open(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })

	r := probe.NewRequest("http://127.0.0.1:9/v1/orders?page=2")
	r.Method = "POST"
	r.Body = []byte(`{"edited":true}`)
	m := testModel(t, &r, 120, 40)
	m.saved.open = func() (*store.Store, error) { return st, nil }
	m = feed(t, m, m.saved.openStoreCmd(ctx))
	// The store walks the file's pages when it first reads it, so the
	// damage may be met on opening the history rather than on the send.
	opened := m.notice
	m.send = func(context.Context, probe.Request) probe.Exchange { return refused(r) }
	m = pressCmd(t, m, "ctrl+s")

	if got := m.req.Build(); got.URL != r.URL || got.Method != "POST" || string(got.Body) != `{"edited":true}` {
		t.Errorf("the editor holds %s %s %q after the send", got.Method, got.URL, got.Body)
	}
	moved, _ := filepath.Glob(filepath.Join(dir, store.HistoryFile+".corrupt-*"))
	if len(moved) != 1 {
		t.Fatalf("moved aside: %v", moved)
	}
	said := m.notice
	if !strings.Contains(said, "damaged") {
		said = opened
	}
	if !strings.Contains(said, "damaged") || !strings.Contains(said, moved[0]) || strings.Contains(said, "\n") {
		t.Errorf("the footer says %q (on opening: %q); want one line naming %s", m.notice, opened, moved[0])
	}
	m = pressCmd(t, m, "ctrl+s")
	if h, err := st.History(ctx, 0); err != nil || len(h) != 2 {
		t.Errorf("the fresh history holds %d sends, %v; want both", len(h), err)
	}
	if m.saved.failed {
		t.Error("the store was turned off")
	}
}
