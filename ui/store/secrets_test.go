package store

import (
	"bytes"
	"context"
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
	}{
		{"authorization header", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "Authorization", Value: "Bearer " + secret})
			return nil
		}},
		{"oauth2-bearer", secret, func(r *probe.Request) []string { r.Auth.Bearer = secret; return nil }},
		{"basic password", secret, func(r *probe.Request) []string {
			r.Auth = probe.Credentials{BasicUser: "ada", BasicPass: secret, HasBasic: true}
			return nil
		}},
		{"cookie", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "Cookie", Value: "sid=" + secret + "; theme=dark"})
			return nil
		}},
		{"api key header", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "X-Api-Key", Value: secret})
			return nil
		}},
		{"custom-named key header", secret, func(r *probe.Request) []string {
			r.Headers = append(r.Headers, probe.Header{Name: "X-Partner", Value: secret})
			return []string{"X-Partner"}
		}},
		{"url password", secret, func(r *probe.Request) []string {
			r.URL = "http://ada:" + secret + "@127.0.0.1:1/x"
			return nil
		}},
		{"query token", secret, func(r *probe.Request) []string {
			r.URL = "http://127.0.0.1:1/x?access_token=" + secret + "&page=2"
			return nil
		}},
		{"jwt in path", jwt, func(r *probe.Request) []string {
			r.URL = "http://127.0.0.1:1/magic/" + jwt + "/open"
			return nil
		}},
		{"form password", secret, func(r *probe.Request) []string {
			r.Method = "POST"
			r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"})
			r.Body = []byte("user=ada&password=" + secret)
			return nil
		}},
		{"json token", secret, func(r *probe.Request) []string {
			r.Method = "POST"
			r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: "application/json"})
			r.Body = []byte(`{"user":"ada","refresh_token":"` + secret + `"}`)
			return nil
		}},
		{"proxy password", secret, func(r *probe.Request) []string {
			r.Proxy = "http://ada:" + secret + "@127.0.0.1:3128"
			return nil
		}},
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
				// read while open (the WAL holds the writes) and after close
				found := filesContain(t, dir, needle)
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
