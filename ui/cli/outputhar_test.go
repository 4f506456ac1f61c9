package cli

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/transcript"
)

// Secrets the --output-har tests send; masked, none may reach the file.
const (
	harToken    = "tok-SECRET-har-bearer-12345678"
	harCookie   = "sid-SECRET-har-cookie-87654321"
	harAPIKey   = "key-SECRET-har-apikey-55555555"
	harQueryTok = "qs-SECRET-har-access-token-777"
	harPassword = "pw-SECRET-har-url-password-99"
)

// unauthorizedServer answers 401 with a Bearer challenge whatever it is
// sent, so that a request with a credential gets experiments.
func unauthorizedServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("WWW-Authenticate", `Bearer realm="test", error="invalid_token"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"invalid_token"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestOutputHARSecrets(t *testing.T) {
	srv, _ := unauthorizedServer(t)
	host := strings.TrimPrefix(srv.URL, "http://")
	basic := base64.StdEncoding.EncodeToString([]byte("alice:" + harPassword))
	for _, tc := range []struct {
		name    string
		args    []string
		secrets []string
	}{
		{"token, cookie, API key, query token",
			[]string{"-H", "Authorization: Bearer " + harToken, "-b", "sid=" + harCookie, "-H", "X-Api-Key: " + harAPIKey,
				srv.URL + "/orders?access_token=" + harQueryTok},
			[]string{harToken, harCookie, harAPIKey, harQueryTok}},
		{"password in the URL",
			[]string{"http://alice:" + harPassword + "@" + host + "/orders?password=" + harPassword},
			[]string{harPassword, basic}},
	} {
		for _, reveal := range []bool{false, true} {
			name := tc.name
			if reveal {
				name += " with --reveal"
			}
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "out.har")
				args := append([]string{"check", "--output-har", path}, tc.args...)
				if reveal {
					args = append(args, "--reveal")
				}
				code, stdout, stderr := runWith(t, nil, "", args...)
				if code != ExitRefused {
					t.Fatalf("exit %d, want %d; stderr: %s", code, ExitRefused, stderr)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range tc.secrets {
					if got := strings.Contains(string(b), s); got != reveal {
						t.Errorf("file contains %q: %v, want %v", s, got, reveal)
					}
					if !reveal && strings.Contains(stdout+stderr, s) {
						t.Errorf("the report shows %q unmasked", s)
					}
				}
			})
		}
	}
}

func TestOutputHARFile(t *testing.T) {
	srv, _ := unauthorizedServer(t)
	path := filepath.Join(t.TempDir(), "out.har")
	// An existing file is replaced, and takes mode 0600 whatever it had.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runWith(t, nil, "", "check", "--output-har", path,
		"-H", "Authorization: Bearer "+harToken, srv.URL+"/orders")
	if code != ExitRefused {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitRefused, stderr)
	}
	if !strings.Contains(stdout, "401") || !strings.Contains(stdout, "Likely") {
		t.Errorf("the report should still print:\n%s", stdout)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".why403-*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := transcript.Parse(b, transcript.Limits{})
	if err != nil {
		t.Fatalf("reading the HAR back: %v\n%s", err, b)
	}
	if c.Format != transcript.FormatHAR || c.Creator != "why403 "+Version {
		t.Errorf("format %s, creator %q", c.Format, c.Creator)
	}
	if len(c.Entries) < 2 {
		t.Fatalf("%d entries, want the request and at least one experiment", len(c.Entries))
	}
	first := c.Entries[0]
	if first.Request.Method != "GET" || first.Request.URL != srv.URL+"/orders" {
		t.Errorf("first entry is %s %s, want GET %s/orders", first.Request.Method, first.Request.URL, srv.URL)
	}
	if r := first.Exchange.Response; r == nil || r.Status != 401 || string(r.Body) != `{"error":"invalid_token"}` {
		t.Errorf("first entry's response = %+v", r)
	}
	if got := first.Exchange.Request.Headers; !hasHeaderValue(got, "Authorization", "Bearer ••••5678") {
		t.Errorf("first entry's Authorization should be masked: %v", got)
	}

	// The experiment entries say which experiment they are and what it
	// showed; the one without the credential sent none.
	var raw struct {
		Log struct {
			Entries []struct {
				Comment string `json:"comment"`
			} `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	found := false
	for i, e := range raw.Log.Entries[1:] {
		if !strings.HasPrefix(e.Comment, "experiment ") || !strings.Contains(e.Comment, "→") {
			t.Errorf("entry %d comment %q should name the experiment and its conclusion", i+2, e.Comment)
		}
		if strings.HasPrefix(e.Comment, "experiment no-credential:") {
			found = true
			if h := c.Entries[i+1].Exchange.Request.Headers; hasHeaderValue(h, "Authorization", "") {
				t.Errorf("the no-credential experiment sent Authorization: %v", h)
			}
			if r := c.Entries[i+1].Exchange.Response; r == nil || r.Status != 401 {
				t.Errorf("the no-credential experiment's response = %+v", r)
			}
		}
	}
	if !found {
		t.Errorf("no entry for the no-credential experiment: %+v", raw.Log.Entries)
	}
}

// hasHeaderValue reports a header named name, with value want (any value
// when want is empty).
func hasHeaderValue(hs []probe.Header, name, want string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) && (want == "" || h.Value == want) {
			return true
		}
	}
	return false
}

// An unwritable --output-har is a usage error found before anything is sent.
func TestOutputHARUnwritable(t *testing.T) {
	srv, hits := unauthorizedServer(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing directory", filepath.Join(dir, "nope", "out.har"), "cannot write in"},
		{"a directory", dir, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runWith(t, nil, "", "check", "--output-har", tc.path, srv.URL+"/orders")
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("stderr %q should be one line saying %q", stderr, tc.want)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	code, _, stderr := runWith(t, nil, "", "check", "--output-har", "", srv.URL)
	if code != ExitUsage || !strings.Contains(stderr, "--output-har") {
		t.Errorf("an empty --output-har: exit %d, stderr %q", code, stderr)
	}
}
