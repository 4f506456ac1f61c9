package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// History keeps the newest sends within both bounds (count and bytes),
// returns them oldest first, and the file does not grow with what was
// trimmed.
func TestHistoryBound(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		maxEntries int
		maxBytes   int64
		adds       int
		bodySize   int
		wantMax    int
	}{
		{"by count", 5, 1 << 20, 40, 10, 5},
		{"by bytes", 1000, 32 << 10, 200, 3 << 10, 10},
		{"one entry larger than the bound stays", 10, 1 << 10, 3, 3 << 10, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openTest(t, Options{ConfigDir: dir, StateDir: dir, MaxEntries: tc.maxEntries, MaxBytes: tc.maxBytes})
			base := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
			for i := range tc.adds {
				req := probe.NewRequest(fmt.Sprintf("http://127.0.0.1:1/%d", i))
				req.Method = "POST"
				req.Body = []byte(strings.Repeat("x", tc.bodySize))
				if err := s.AddHistory(ctx, Entry{At: base.Add(time.Duration(i) * time.Second), Request: req, Status: 400 + i%100, Took: time.Millisecond, Likely: "auth.expired"}); err != nil {
					t.Fatal(err)
				}
			}
			n, size, err := s.HistoryBytes(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n > tc.wantMax || n == 0 {
				t.Errorf("%d entries kept, want 1..%d", n, tc.wantMax)
			}
			if n > 1 && size > tc.maxBytes {
				t.Errorf("%d bytes kept, bound %d", size, tc.maxBytes)
			}
			h, err := s.History(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			last := h[len(h)-1]
			if want := fmt.Sprintf("http://127.0.0.1:1/%d", tc.adds-1); last.Request.URL != want || !last.At.Equal(base.Add(time.Duration(tc.adds-1)*time.Second)) {
				t.Errorf("newest entry = %s at %v, want %s", last.Request.URL, last.At, want)
			}
			for i := 1; i < len(h); i++ {
				if h[i].ID <= h[i-1].ID {
					t.Fatalf("history not oldest first: %d then %d", h[i-1].ID, h[i].ID)
				}
			}
			if lim, _ := s.History(ctx, 2); len(lim) != min(2, n) || lim[len(lim)-1].ID != last.ID {
				t.Errorf("History(2) = %d entries, last %d", len(lim), lim[len(lim)-1].ID)
			}
		})
	}
}

// Writing far more than the bound leaves a small file: bbolt reuses the
// pages of trimmed entries for new ones.
func TestHistoryFileStaysSmall(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := OpenWith(Options{ConfigDir: dir, StateDir: dir, MaxBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	req := probe.NewRequest("http://127.0.0.1:1/")
	req.Body = []byte(strings.Repeat("y", 4<<10))
	for range 600 { // 2.4 MB written
		if err := s.AddHistory(ctx, Entry{Request: req, Status: 403}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, HistoryFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 512<<10 {
		t.Errorf("history file is %d bytes after trimming to 64 KiB", st.Size())
	}
	t.Logf("history file: %d bytes after 2.4 MB written, trimmed to 64 KiB", st.Size())
}
