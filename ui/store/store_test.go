package store

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

func openTest(t *testing.T, opts Options) *Store {
	t.Helper()
	s, err := OpenWith(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The directories are the user's only (0700) and every file in them is
// 0600, also when the directory or the file was there before with looser
// modes, and also saved.db as compaction rewrites it (replacing a saved
// request). bbolt keeps one file per database, nothing beside it.
func TestPermissions(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		loose bool
	}{{"fresh", false}, {"loosened before", true}} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			cfg, state := filepath.Join(root, "config", "why403"), filepath.Join(root, "state", "why403")
			if tc.loose {
				for _, d := range []string{cfg, state} {
					if err := os.MkdirAll(d, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.Chmod(d, 0o755); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.WriteFile(filepath.Join(cfg, SavedFile), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s := openTest(t, Options{ConfigDir: cfg, StateDir: state})
			req := probe.NewRequest("http://127.0.0.1:1/x")
			for range 2 { // the second replaces the first: compacted
				if err := s.SaveRequest(ctx, "one", req, SaveOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.AddHistory(ctx, Entry{Request: req, Status: 403}); err != nil {
				t.Fatal(err)
			}
			for _, d := range []string{cfg, state} {
				st, err := os.Stat(d)
				if err != nil {
					t.Fatal(err)
				}
				if st.Mode().Perm() != 0o700 {
					t.Errorf("%s: mode %v, want 0700", d, st.Mode().Perm())
				}
				files := 0
				err = filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
					if err != nil || e.IsDir() {
						return err
					}
					files++
					info, err := e.Info()
					if err != nil {
						return err
					}
					if info.Mode().Perm() != 0o600 {
						t.Errorf("%s: mode %v, want 0600", p, info.Mode().Perm())
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if files != 1 {
					t.Errorf("%s holds %d files, want the database alone", d, files)
				}
			}
		})
	}
}

// A saved request comes back as it was saved (with KeepSecrets: whole).
func TestSaveLoadRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{ConfigDir: t.TempDir(), StateDir: t.TempDir()})
	req := probe.NewRequest("https://127.0.0.1:8443/v1/orders?page=2")
	req.Method = "POST"
	req.Headers = append(req.Headers, probe.Header{Name: "Content-Type", Value: "application/json"})
	req.Body = []byte(`{"a":1}`)
	req.Auth.Bearer = "tok-1234567890"
	req.TLS.CAFile = "/tmp/ca.pem"
	req.Timeouts.Total = 7e9
	req.ConnectTo = []string{"a:443:127.0.0.1:8443"}
	if err := s.SaveRequest(ctx, "orders", req, SaveOptions{KeepSecrets: true}); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadRequest(ctx, "orders")
	if err != nil {
		t.Fatal(err)
	}
	if probe.MaskURL(got.Request.URL) != probe.MaskURL(req.URL) || got.Request.Method != "POST" || string(got.Request.Body) != `{"a":1}` ||
		got.Request.Auth.Bearer != req.Auth.Bearer || got.Request.TLS.CAFile != req.TLS.CAFile ||
		got.Request.Timeouts.Total != req.Timeouts.Total || len(got.Request.Headers) != 3 || len(got.Request.ConnectTo) != 1 {
		t.Errorf("loaded %+v, want %+v", got.Request, req)
	}
	list, err := s.ListRequests(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "orders" || list[0].Method != "POST" {
		t.Errorf("ListRequests = %+v, %v", list, err)
	}
	if err := s.DeleteRequest(ctx, "orders"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadRequest(ctx, "orders"); err == nil {
		t.Error("loaded a deleted request")
	}
	if err := s.DeleteRequest(ctx, "orders"); err == nil {
		t.Error("deleting twice did not fail")
	}
}

func TestValidName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"orders", true}, {"prod.orders_v2-x", true}, {string(make([]byte, 64)), false},
		{"a23456789012345678901234567890123456789012345678901234567890abcd", true},
		{"a23456789012345678901234567890123456789012345678901234567890abcde", false},
		{"", false}, {"a b", false}, {"../x", false}, {"a/b", false}, {"naïve", false}, {"x\x1b[2J", false},
	} {
		if err := ValidName(tc.name); (err == nil) != tc.ok {
			t.Errorf("ValidName(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

// A token reference is stored instead of the token, and read on load.
func TestTokenReference(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTest(t, Options{ConfigDir: dir, StateDir: dir})
	tokFile := filepath.Join(t.TempDir(), "tok")
	if err := os.WriteFile(tokFile, []byte("from-file-token-123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"API_TOKEN": "from-env-token-456"}
	getenv := func(k string) string { return env[k] }
	for _, tc := range []struct {
		name, source, header string
		want                 func(probe.Request) bool
		wantErr              bool
	}{
		{"env", "env:API_TOKEN", "", func(r probe.Request) bool { return r.Auth.Bearer == "from-env-token-456" }, false},
		{"file", "file:" + tokFile, "", func(r probe.Request) bool { return r.Auth.Bearer == "from-file-token-123" }, false},
		{"header", "env:API_TOKEN", "X-Api-Key", func(r probe.Request) bool { v, _ := r.Header("X-Api-Key"); return v == "from-env-token-456" }, false},
		{"unset", "env:NOPE", "", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := probe.NewRequest("http://127.0.0.1:1/")
			req.Auth.Bearer = "inline-secret-should-go"
			if err := s.SaveRequest(ctx, tc.name, req, SaveOptions{Token: TokenRef{Source: tc.source, Header: tc.header}}); err != nil {
				t.Fatal(err)
			}
			saved, err := s.LoadRequest(ctx, tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if saved.Request.Auth.Bearer != "" || saved.Token.Source != tc.source {
				t.Fatalf("saved %+v", saved)
			}
			got, err := saved.Resolve(getenv)
			if tc.wantErr {
				if err == nil {
					t.Fatal("resolving an unset variable did not fail")
				}
				return
			}
			if err != nil || !tc.want(got) {
				t.Errorf("Resolve = %+v, %v", got, err)
			}
		})
	}
	for _, bad := range []string{"env:", "env:1X", "file:", "vault:x", "TOKEN"} {
		if err := s.SaveRequest(ctx, "bad", probe.NewRequest("http://127.0.0.1:1/"), SaveOptions{Token: TokenRef{Source: bad}}); err == nil {
			t.Errorf("saved with token reference %q", bad)
		}
	}
}

// Two Stores on the same files, as the app in one terminal and `why403
// save` in another would have, take turns: their writes interleave and
// each reads what the other wrote.
func TestTwoStoresShareTheFiles(t *testing.T) {
	ctx := context.Background()
	cfg, state := t.TempDir(), t.TempDir()
	a := openTest(t, Options{ConfigDir: cfg, StateDir: state})
	b := openTest(t, Options{ConfigDir: cfg, StateDir: state})
	const rounds = 25
	deadline := time.Now().Add(30 * time.Second)
	errs := make(chan error, 2)
	for w, s := range []*Store{a, b} {
		go func() {
			errs <- func() error {
				for i := 0; i < rounds && time.Now().Before(deadline); i++ {
					req := probe.NewRequest(fmt.Sprintf("http://127.0.0.1:1/%d/%d", w, i))
					if err := s.AddHistory(ctx, Entry{Request: req, Status: 200 + w}); err != nil {
						return err
					}
					// the same name from both: replaced (and compacted) under the other's feet
					if err := s.SaveRequest(ctx, "shared", req, SaveOptions{}); err != nil {
						return err
					}
					if err := s.SaveRequest(ctx, fmt.Sprintf("w%d-%d", w, i), req, SaveOptions{}); err != nil {
						return err
					}
					if _, err := s.LoadRequest(ctx, "shared"); err != nil {
						return err
					}
					if _, err := s.History(ctx, 5); err != nil {
						return err
					}
				}
				return nil
			}()
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []*Store{a, b} {
		list, err := s.ListRequests(ctx)
		if err != nil || len(list) != 2*rounds+1 {
			t.Errorf("ListRequests = %d requests, %v; want %d", len(list), err, 2*rounds+1)
		}
		n, _, err := s.HistoryBytes(ctx)
		if err != nil || n != 2*rounds {
			t.Errorf("HistoryBytes = %d entries, %v; want %d", n, err, 2*rounds)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	}
}

// A database another process keeps open is waited for, then given up on
// with an error that names the file.
func TestLockedFileNamed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTest(t, Options{ConfigDir: dir, StateDir: dir})
	old := lockTimeout
	lockTimeout = 300 * time.Millisecond
	t.Cleanup(func() { lockTimeout = old })
	held, err := openDB(filepath.Join(dir, SavedFile), true, new(*os.File))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = s.SaveRequest(ctx, "x", probe.NewRequest("http://127.0.0.1:1/"), SaveOptions{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, SavedFile)) || !strings.Contains(err.Error(), "in use") {
		t.Errorf("SaveRequest on a held file: %v", err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond || waited > 10*time.Second {
		t.Errorf("waited %v for the lock, want about %v", waited, lockTimeout)
	}
	// the other file is free meanwhile
	if err := s.AddHistory(ctx, Entry{Request: probe.NewRequest("http://127.0.0.1:1/"), Status: 403}); err != nil {
		t.Error(err)
	}
	held.Close()
	if err := s.SaveRequest(ctx, "x", probe.NewRequest("http://127.0.0.1:1/"), SaveOptions{}); err != nil {
		t.Errorf("after the other closed it: %v", err)
	}
}

// A saved.db the SQLite store of earlier versions wrote is reported as
// such, not taken for a damaged file (nor overwritten).
func TestSQLiteFileReported(t *testing.T) {
	dir := t.TempDir()
	old := append([]byte("SQLite format 3\x00"), make([]byte, 8192)...)
	if err := os.WriteFile(filepath.Join(dir, SavedFile), old, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), "SQLite") || !strings.Contains(err.Error(), SavedFile) {
		t.Errorf("Open over an SQLite file: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, SavedFile)); string(b) != string(old) {
		t.Error("the SQLite file was changed")
	}
}
