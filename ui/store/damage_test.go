package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// damagedStore writes a store with some saved requests and history into
// dir, then flips 200 bytes of file (SavedFile or HistoryFile), chosen by
// seed, or cuts it short (seed 0).
func damagedStore(t *testing.T, dir, file string, seed uint64) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		req := probe.NewRequest(fmt.Sprintf("http://127.0.0.1:1/%d", i))
		if err := s.SaveRequest(ctx, fmt.Sprintf("r%d", i), req, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		// a fixed clock: the same bytes every run, so a seed flips the same
		if err := s.AddHistory(ctx, Entry{Request: req, Status: 403, At: time.Unix(1.7e9+int64(i), 0)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	path := filepath.Join(dir, file)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if seed == 0 {
		b = b[:100]
	} else {
		r := rand.New(rand.NewPCG(seed, 0))
		for range 200 {
			b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
		}
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// movedAside lists the copies of file moved aside in dir.
func movedAside(t *testing.T, dir, file string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, file+".corrupt-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A damaged saved.db or history.db (bytes flipped, or cut short) makes no
// operation panic: the one that meets the damage moves the file aside as
// FILE.corrupt-TIME, says so in one line, and is done on a fresh file;
// the next operation works. The seeds were picked among those whose damage
// bbolt meets: a freelist above the high water mark (the tester's case),
// a page that names another, a nil page, both meta pages' checksums.
func TestDamagedFileMovedAside(t *testing.T) {
	ctx := context.Background()
	req, ops := storeOps()
	cases := []struct {
		file  string
		seeds []uint64
		ops   []string
	}{
		// 15 and 26: freelist pgid above high water mark on a write
		{SavedFile, []uint64{0, 2, 6, 15, 26, 29}, []string{"list", "load", "save"}},
		// 28 fails at open, 26 on a write, 29 both checksums. 30 once
		// had bbolt make slices from offsets that point into Go's heap,
		// and about one run in thirty the garbage collector stopped the
		// process ("found pointer to free object"), which no recover
		// catches: checkPages now refuses its pages before bbolt reads
		// them. TestDamageNeverCrashes sweeps further seeds.
		{HistoryFile, []uint64{0, 6, 26, 28, 29, 30}, []string{"history", "append"}},
	}
	for _, tc := range cases {
		for _, seed := range tc.seeds {
			for _, op := range tc.ops {
				t.Run(fmt.Sprintf("%s/seed%d/%s", tc.file, seed, op), func(t *testing.T) {
					dir := t.TempDir()
					damagedStore(t, dir, tc.file, seed)
					s, err := Open(dir)
					if err != nil {
						t.Fatalf("Open: %v", err)
					}
					defer s.Close()
					// The operation under test first; where its path
					// through the file misses the damage, the others of
					// the file (a write meets more) until one meets it.
					var warned error
					for _, o := range append([]string{op}, tc.ops...) {
						if err := ops[o](s); err != nil {
							warned = err
							break
						}
					}
					err = warned
					moved := movedAside(t, dir, tc.file)
					if len(moved) != 1 {
						t.Fatalf("%d copies moved aside (%v), want 1; the operation said %v", len(moved), moved, err)
					}
					if err == nil || !strings.Contains(err.Error(), moved[0]) || strings.Contains(err.Error(), "\n") {
						t.Errorf("the warning is %q; want one line naming %s", err, moved[0])
					}
					// the next operations work on a fresh file
					if tc.file == SavedFile {
						if err := ops["save"](s); err != nil {
							t.Fatalf("saving after: %v", err)
						}
						if got, err := s.LoadRequest(ctx, "r1"); err != nil || got.Request.URL != req.URL {
							t.Fatalf("loading after: %+v, %v", got.Request, err)
						}
					} else {
						if err := ops["append"](s); err != nil {
							t.Fatalf("appending after: %v", err)
						}
						if h, err := s.History(ctx, 0); err != nil || len(h) == 0 {
							t.Fatalf("history after: %d entries, %v", len(h), err)
						}
					}
					if err := s.IntegrityCheck(ctx); err != nil {
						t.Error(err)
					}
					if m := movedAside(t, dir, tc.file); len(m) != 1 {
						t.Errorf("%d copies moved aside after, want 1", len(m))
					}
				})
			}
		}
	}
}

func seedRange(from, to uint64) []uint64 {
	var out []uint64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}

// Whatever 200 flipped bytes do to a file, no operation crashes the
// process (a crash here ends the test binary), at most one copy is moved
// aside, and saving and reading work afterwards. Seeds whose bytes land
// in values, not in the structure, damage nothing bbolt reads.
func TestDamageNeverCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps 30 damaged files")
	}
	ctx := context.Background()
	_, ops := storeOps()
	for _, file := range []string{SavedFile, HistoryFile} {
		for _, seed := range seedRange(31, 45) {
			dir := t.TempDir()
			damagedStore(t, dir, file, seed)
			s, err := Open(dir)
			if err != nil {
				t.Fatalf("%s seed %d: Open: %v", file, seed, err)
			}
			for _, o := range []string{"list", "load", "history", "append", "save"} {
				_ = ops[o](s) // a warning or an error, never a crash
			}
			if m := movedAside(t, dir, file); len(m) > 1 {
				t.Errorf("%s seed %d: %d copies moved aside", file, seed, len(m))
			}
			if err := ops["save"](s); err != nil && !strings.Contains(err.Error(), "moved it aside") {
				t.Errorf("%s seed %d: saving after: %v", file, seed, err)
			}
			if _, err := s.History(ctx, 0); err != nil && !strings.Contains(err.Error(), "moved it aside") {
				t.Errorf("%s seed %d: history after: %v", file, seed, err)
			}
			s.Close()
		}
	}
}

// storeOps are the operations the damage tests run, by name, and the
// request they save.
func storeOps() (probe.Request, map[string]func(*Store) error) {
	ctx := context.Background()
	req := probe.NewRequest("http://127.0.0.1:1/fresh")
	return req, map[string]func(*Store) error{
		"save": func(s *Store) error { return s.SaveRequest(ctx, "r1", req, SaveOptions{}) },
		"list": func(s *Store) error { _, err := s.ListRequests(ctx); return err },
		"load": func(s *Store) error { _, err := s.LoadRequest(ctx, "r1"); return err },
		"history": func(s *Store) error {
			_, err := s.History(ctx, 0)
			return err
		},
		"append": func(s *Store) error { return s.AddHistory(ctx, Entry{Request: req, Status: 401}) },
	}
}
