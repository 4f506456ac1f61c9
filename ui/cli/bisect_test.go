package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// bisectServer counts the requests it gets by method and answers with
// decide.
func bisectServer(t *testing.T, decide func(r *http.Request) int) (*httptest.Server, func() map[string]int) {
	t.Helper()
	var mu sync.Mutex
	counts := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		counts[r.Method]++
		mu.Unlock()
		w.WriteHeader(decide(r))
	}))
	t.Cleanup(srv.Close)
	return srv, func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for k, v := range counts {
			out[k] = v
		}
		return out
	}
}

// wantsAppAndCurl accepts only a request with X-App-Version and a
// User-Agent that is not Dart's.
func wantsAppAndCurl(r *http.Request) int {
	if r.Header.Get("X-App-Version") != "" && !strings.HasPrefix(r.UserAgent(), "Dart/") {
		return 200
	}
	return 403
}

func TestBisectCommandFindsBoth(t *testing.T) {
	srv, counts := bisectServer(t, wantsAppAndCurl)
	good := `curl -A 'curl/8.5.0' -H 'Accept: */*' -H 'X-App-Version: 4.2' ` + "'" + srv.URL + "/v1/items?page=2'"
	bad := `curl -A 'Dart/3.5 (dart:io)' -H 'accept-encoding: gzip' -H 'Accept: */*' ` + "'" + srv.URL + "/v1/items?page=3'"
	code, out, errs := run(t, "bisect", good, bad)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %s\n%s", code, errs, out)
	}
	n := counts()["GET"]
	want := "Refused because of: User-Agent (Dart/3.5 (dart:io) → curl/8.5.0) and the missing X-App-Version; with both changed it is accepted; "
	if !strings.Contains(out, want) || n > 16 {
		t.Fatalf("%d requests:\n%s", n, out)
	}
	if !strings.Contains(out, "Confirmed: GOOD is accepted (200), BAD refused (403") {
		t.Fatalf("no confirmation:\n%s", out)
	}
	// --json: the confirmation, every request sent, the minimal set
	before := counts()["GET"]
	code, out, _ = run(t, "bisect", "--json", good, bad)
	var doc struct {
		Confirmed bool `json:"confirmed"`
		Requests  []struct {
			Role   string `json:"role"`
			Status int    `json:"status"`
		} `json:"requests"`
		Minimal []int `json:"minimal"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if !doc.Confirmed || len(doc.Minimal) != 2 || len(doc.Requests) != counts()["GET"]-before || doc.Requests[0].Role != "good" {
		t.Fatalf("%+v", doc)
	}
}

// A POST pair without consent: no POST reaches the server, and the
// output says what would be sent.
func TestBisectCommandPOSTWithoutConsent(t *testing.T) {
	srv, counts := bisectServer(t, wantsAppAndCurl)
	good := `curl -A 'curl/8.5.0' -H 'X-App-Version: 4.2' --data 'a=1' ` + srv.URL + `/v1/orders`
	bad := `curl -A 'Dart/3.5 (dart:io)' --data 'a=1' ` + srv.URL + `/v1/orders`
	code, out, _ := run(t, "bisect", good, bad)
	if got := counts(); len(got) != 0 {
		t.Fatalf("the server got %v without consent", got)
	}
	if code != ExitRefused || !strings.Contains(out, "POST is sent only with consent (--experiments=all)") || !strings.Contains(out, "It would send:\n  GOOD: POST ") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, "bisect", "--experiments=all", good, bad)
	if code != ExitOK || counts()["POST"] == 0 {
		t.Fatalf("with consent: exit %d, %v:\n%s", code, counts(), out)
	}
}

// A History entry keeps its secrets masked: bisect refuses to send it.
func TestBisectUsage(t *testing.T) {
	for _, args := range [][]string{
		{"bisect", "curl http://127.0.0.1:9/"},
		{"bisect", "--max", "40", "curl http://127.0.0.1:9/", "curl http://127.0.0.1:9/x"},
		{"bisect", "--experiments=maybe", "curl http://127.0.0.1:9/", "curl http://127.0.0.1:9/x"},
	} {
		if code, _, errs := run(t, args...); code != ExitUsage || errs == "" {
			t.Fatalf("%q: exit %d", args, code)
		}
	}
}

// Progress goes to stderr when it is a terminal, and is cleared at the
// end; stdout holds the result only.
func TestBisectProgressOnTerminal(t *testing.T) {
	srv, _ := bisectServer(t, wantsAppAndCurl)
	good := `curl -A 'curl/8.5.0' -H 'X-App-Version: 4.2' ` + srv.URL + `/v1/items`
	bad := `curl -A 'Dart/3.5 (dart:io)' ` + srv.URL + `/v1/items`
	var out, errb strings.Builder
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, IsTerminal: func(s any) bool { return s == io.Writer(&errb) }}
	code := Main(context.Background(), []string{"bisect", good, bad}, env)
	if code != ExitOK || !strings.Contains(errb.String(), "why403: bisect: request 2 (bad) → 403 refused") || !strings.HasSuffix(errb.String(), "\r\x1b[2K") {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if strings.Contains(out.String(), "\x1b") {
		t.Fatalf("escape in stdout: %q", out.String())
	}
}
