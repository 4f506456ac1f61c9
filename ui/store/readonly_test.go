package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// In a read-only directory (0500, its files 0400) the store opens and
// reads what it holds, and changes nothing: neither the directory's
// mode and time nor the files'. A root user passes the permission bits,
// so the modes and times are what this asserts; a write fails with a
// clear error where the bits stop the user.
func TestReadOnlyDirectoryReads(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "why403")
	s := openTest(t, Options{ConfigDir: dir, StateDir: dir})
	req := probe.NewRequest("http://127.0.0.1:1/orders")
	if err := s.SaveRequest(ctx, "orders", req, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddHistory(ctx, Entry{Request: req, Status: 403}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, f := range []string{SavedFile, HistoryFile} {
		if err := os.Chmod(filepath.Join(dir, f), 0o400); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	before := statAll(t, dir)

	ro, err := Open(dir)
	if err != nil {
		t.Fatalf("Open in a read-only directory: %v", err)
	}
	defer ro.Close()
	if list, err := ro.ListRequests(ctx); err != nil || len(list) != 1 {
		t.Errorf("ListRequests = %+v, %v", list, err)
	}
	if got, err := ro.LoadRequest(ctx, "orders"); err != nil || got.Request.URL != req.URL {
		t.Errorf("LoadRequest = %+v, %v", got.Request, err)
	}
	if h, err := ro.History(ctx, 0); err != nil || len(h) != 1 {
		t.Errorf("History = %d entries, %v", len(h), err)
	}
	after := statAll(t, dir)
	for name, b := range before {
		if a := after[name]; a != b {
			t.Errorf("%s changed by reading: %s, was %s", name, a, b)
		}
	}
	if os.Geteuid() != 0 {
		err := ro.SaveRequest(ctx, "other", req, SaveOptions{})
		if err == nil || !strings.Contains(err.Error(), SavedFile) || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("saving in a read-only directory: %v", err)
		}
	}
}

// statAll is the mode and modification time of dir and of each file in
// it, by name.
func statAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range []string{dir, filepath.Join(dir, SavedFile), filepath.Join(dir, HistoryFile)} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = st.Mode().String() + " " + st.ModTime().String()
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("%d files in %s, want 2", len(ents), dir)
	}
	return out
}
