package store

import (
	"bytes"
	"context"
	bolt "go.etcd.io/bbolt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// secret is a credential distinct enough to find in a file's bytes.
const secret = "S3cr3tVALUE-x9q2-7Hw4Zt81Lm0Pr"

// jwt is a JWT-shaped secret.
const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ"

// Secrets do not reach the database files unless asked: not in a saved
// request (neither whole nor but for their end), and in history only
// masked. With KeepSecrets they are there, which shows the search works.
func TestSecretsNotStored(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		secret string
		build  func(*probe.Request) []string // returns extra secret header names
		// plain are values that are no secret: both files keep them whole.
		plain []string
	}{
		{"authorization header", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "Authorization", Value: "Bearer " + secret})
			return nil
		}, nil},
		{"oauth2-bearer", secret, func(r *probe.Request) []string { r.Auth.Bearer = secret; return nil }, nil},
		{"basic password", secret, func(r *probe.Request) []string {
			r.Auth = probe.Credentials{BasicUser: "ada", BasicPass: secret, HasBasic: true}
			return nil
		}, nil},
		{"cookie", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "Cookie", Value: "sid=" + secret + "; theme=dark"})
			return nil
		}, nil},
		{"api key header", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "X-Api-Key", Value: secret})
			return nil
		}, nil},
		{"custom-named key header", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "X-Partner", Value: secret})
			return []string{"X-Partner"}
		}, nil},
		{"key under a name that says nothing", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "project_id", Value: secret},
				probe.Header{Name: "X-Request-Id", Value: "3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a54"},
				probe.Header{Name: "X-Device-Id", Value: "dev8Hk2Lm5Np9Qr3St7Uv1Wx4"})
			return nil
		}, []string{"3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a54", "dev8Hk2Lm5Np9Qr3St7Uv1Wx4"}},
		{"url password", secret, func(r *probe.Request) []string {
			r.URL = "http://ada:" + secret + "@127.0.0.1:1/x"
			return nil
		}, nil},
		{"query token", secret, func(r *probe.Request) []string {
			r.URL = "http://127.0.0.1:1/x?access_token=" + secret + "&page=2"
			return nil
		}, nil},
		{"jwt in path", jwt, func(r *probe.Request) []string {
			r.URL = "http://127.0.0.1:1/magic/" + jwt + "/open"
			return nil
		}, nil},
		{"form password", secret, func(r *probe.Request) []string {
			r.Method = "POST"
			r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"})
			r.Body = []byte("user=ada&password=" + secret)
			return nil
		}, nil},
		{"json token", secret, func(r *probe.Request) []string {
			r.Method = "POST"
			r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: "application/json"})
			r.Body = []byte(`{"user":"ada","refresh_token":"` + secret + `"}`)
			return nil
		}, nil},
		{"proxy password", secret, func(r *probe.Request) []string {
			r.Proxy = "http://ada:" + secret + "@127.0.0.1:3128"
			return nil
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// all but the last four characters, which masking shows
			needle := []byte(tc.secret[:len(tc.secret)-4])
			for _, keep := range []bool{false, true} {
				dir := t.TempDir()
				s, err := Open(dir)
				if err != nil {
					t.Fatal(err)
				}
				req := probe.NewRequest("http://127.0.0.1:1/x")
				extra := tc.build(&req)
				if err := s.SaveRequest(ctx, "r", req, SaveOptions{KeepSecrets: keep, Secret: extra}); err != nil {
					t.Fatal(err)
				}
				if err := s.AddHistory(ctx, Entry{Request: req, Secret: extra, Status: 401}); err != nil {
					t.Fatal(err)
				}
				saved, err := s.LoadRequest(ctx, "r")
				if err != nil {
					t.Fatal(err)
				}
				if !keep && len(saved.Removed) == 0 {
					t.Error("nothing reported as left out")
				}
				// read while the Store is open and after Close (bbolt holds no file
				// open between operations, so both see the same bytes)
				found := filesContain(t, dir, needle)
				for _, v := range tc.plain {
					for _, name := range []string{"saved.db", "history.db"} {
						if !fileContains(t, filepath.Join(dir, name), []byte(v)) {
							t.Errorf("KeepSecrets=%v: %s lacks %q, which is no secret", keep, name, v)
						}
					}
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				found = found || filesContain(t, dir, needle)
				if found != keep {
					t.Errorf("KeepSecrets=%v: secret in the files = %v", keep, found)
				}
			}
		})
	}
}

func fileContains(t *testing.T, path string, needle []byte) bool {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(b, needle)
}

func filesContain(t *testing.T, dir string, needle []byte) bool {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, needle) {
			return true
		}
	}
	return false
}

// A history entry, restored for editing, carries no masked value that
// would be sent as is.
func TestHistoryRestoreHasNoMaskedValues(t *testing.T) {
	req := probe.NewRequest("http://ada:" + secret + "@127.0.0.1:1/x?token=" + secret)
	req.Headers = append(req.Headers, probe.Header{Name: "Authorization", Value: "Bearer " + secret})
	req.Auth = probe.Credentials{BasicUser: "ada", BasicPass: secret, HasBasic: true}
	back, removed := WithoutSecrets(Masked(req))
	if len(removed) == 0 {
		t.Fatal("nothing removed")
	}
	all := back.URL + back.Auth.BasicPass + back.Auth.Bearer
	for _, h := range back.Headers {
		all += h.Value
	}
	if strings.Contains(all, "••••") {
		t.Errorf("restored request still holds masked values: %+v", back)
	}
}

// A secret saved on purpose (KeepSecrets) and then replaced, or deleted
// with its request, is gone from saved.db: bbolt does not zero the pages
// it frees, so the store rewrites the file from its live data.
func TestReplacedSecretLeavesTheFile(t *testing.T) {
	ctx := context.Background()
	needle := []byte(secret[:len(secret)-4])
	for _, tc := range []struct {
		name  string
		after func(*Store) error
	}{
		{"replaced without it", func(s *Store) error {
			return s.SaveRequest(ctx, "r", probe.NewRequest("http://127.0.0.1:1/x"), SaveOptions{})
		}},
		{"replaced by a token reference", func(s *Store) error {
			req := probe.NewRequest("http://127.0.0.1:1/x")
			req.Auth.Bearer = secret // taken out: the reference replaces it
			return s.SaveRequest(ctx, "r", req, SaveOptions{KeepSecrets: true, Token: TokenRef{Source: "env:API_TOKEN"}})
		}},
		{"deleted", func(s *Store) error { return s.DeleteRequest(ctx, "r") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			req := probe.NewRequest("http://127.0.0.1:1/x")
			req.Auth.Bearer = secret
			req.Headers = append(req.Headers, probe.Header{Name: "X-Api-Key", Value: secret})
			// others around it, so that the secret's page is shared
			for _, name := range []string{"a", "r", "z"} {
				if err := s.SaveRequest(ctx, name, req, SaveOptions{KeepSecrets: name == "r"}); err != nil {
					t.Fatal(err)
				}
			}
			if !filesContain(t, dir, needle) {
				t.Fatal("the secret saved with KeepSecrets is not in the file: the search finds nothing")
			}
			if err := tc.after(s); err != nil {
				t.Fatal(err)
			}
			if filesContain(t, dir, needle) {
				t.Errorf("the secret is still in the files after it was %s", tc.name)
			}
			list, err := s.ListRequests(ctx)
			if err != nil || len(list) < 2 || list[0].Name != "a" || list[len(list)-1].Name != "z" {
				t.Errorf("after compaction: ListRequests = %+v, %v", list, err)
			}
			if err := s.IntegrityCheck(ctx); err != nil {
				t.Error(err)
			}
			if st, err := os.Stat(filepath.Join(dir, SavedFile)); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("saved.db after compaction: %v, %v", st.Mode(), err)
			}
		})
	}
}

// A replace whose compaction never ran (the process was killed between the
// commit and the rename, or the disk was full) leaves its marker; the next
// open finishes the wipe, and the marker goes with it.
func TestInterruptedWipeIsFinishedAtOpen(t *testing.T) {
	needle := []byte(secret[:len(secret)-4])
	dir := t.TempDir()
	storeSecret(t, dir).Close()
	// the replace's transaction, as SaveRequest commits it, without the
	// compaction that follows it
	db, err := bolt.Open(filepath.Join(dir, SavedFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := markWipe(tx); err != nil {
			return err
		}
		return tx.Bucket(requestsBucket).Put([]byte("r"), []byte(`{"saved_at":1,"request":{"version":1}}`))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !filesContain(t, dir, needle) {
		t.Fatal("the replaced secret is not in the file before the open: the case tests nothing")
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if filesContain(t, dir, needle) {
		t.Error("the open did not finish the interrupted wipe")
	}
	db, err = bolt.Open(filepath.Join(dir, SavedFile), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(wipeBucket) != nil {
			t.Error("the marker survived the wipe")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A saved.db that is a symbolic link (a dotfiles manager's) stays a link,
// and the wipe reaches its target.
func TestWipeFollowsASymlinkedFile(t *testing.T) {
	ctx := context.Background()
	needle := []byte(secret[:len(secret)-4])
	dir, target := t.TempDir(), t.TempDir()
	if err := os.Symlink(filepath.Join(target, "saved.db"), filepath.Join(dir, SavedFile)); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	s := storeSecret(t, dir)
	defer s.Close()
	if err := s.DeleteRequest(ctx, "r"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, SavedFile)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("saved.db is no longer the link: %v, %v", fi, err)
	}
	if filesContain(t, target, needle) {
		t.Error("the secret is still in the link's target")
	}
}

// storeSecret opens the store in dir and saves a request "r" that keeps
// the secret (KeepSecrets), so that a test can see whether its bytes go.
func storeSecret(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	req := probe.NewRequest("http://127.0.0.1:1/x")
	req.Auth.Bearer = secret
	if err := s.SaveRequest(context.Background(), "r", req, SaveOptions{KeepSecrets: true}); err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s
}
