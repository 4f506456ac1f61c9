package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/probe/curlpaste"
	"github.com/why403/why403/ui/report"
)

const testToken = "tok-SECRET-0123456789abcdef"

// runWith calls Main in-process with an environment and standard input.
func runWith(t *testing.T, vars map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv:     func(k string) string { return vars[k] },
		IsTerminal: func(any) bool { return false },
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := Main(ctx, args, env)
	return code, out.String(), errb.String()
}

// refusingServer answers 403 and counts what reaches it.
func refusingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("<h1>denied</h1> [x](https://evil.example/) \x1b]2;pwned\x07"))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// bashWords runs cmd in bash with curl replaced by a function that prints
// its arguments, so the test sees exactly what bash would hand curl.
func bashWords(t *testing.T, cmd string, env ...string) []string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not installed")
	}
	c := exec.Command(bash, "--noprofile", "--norc", "-c", `curl() { printf '%s\0' curl "$@"; }; `+cmd)
	c.Env = append([]string{"PATH=/usr/bin:/bin"}, env...)
	out, err := c.Output()
	if err != nil {
		t.Fatalf("bash -c %s: %v", cmd, err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

// --print-curl prints one command and sends nothing; revealed, the command
// parses back (by a real shell parser and by bash) to the same request.
func TestPrintCurlRoundTrip(t *testing.T) {
	srv, hits := refusingServer(t)
	args := []string{
		"-X", "PUT", "-H", "X-Note: it's \"quoted\" $HOME `x`", "-H", "Accept:", "-A", "agent 007",
		"--data-raw", "line1\nline2\x1b[2J \u202eevil", "-L", "--max-redirs", "3", "--http1.1", "-m", "2.5",
		"-u", "alice:pa ss", srv.URL + "/v1/things?q=a%20b&x=1",
	}
	want, err := curlargs.Parse(args)
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runWith(t, nil, "", append([]string{"check", "--print-curl", "--reveal"}, args...)...)
	if code != ExitOK || hits.Load() != 0 {
		t.Fatalf("exit %d, %d requests sent; want 0 and none\nstderr: %s", code, hits.Load(), stderr)
	}
	line := strings.TrimSuffix(out, "\n")
	if strings.Contains(line, "\n") || strings.ContainsAny(line, "\x1b\u202e") {
		t.Fatalf("not one inert line: %q", out)
	}
	words, err := curlpaste.Words(line)
	if err != nil {
		t.Fatalf("curlpaste.Words(%s): %v", line, err)
	}
	got, err := curlargs.Parse(words[1:])
	if err != nil {
		t.Fatalf("Parse(%q): %v", words, err)
	}
	if !reflect.DeepEqual(got.Request, want.Request) {
		t.Errorf("printed command\n  %s\nparses to\n  %+v\nwant\n  %+v", line, got.Request, want.Request)
	}
	if b := bashWords(t, line); !reflect.DeepEqual(b, words) {
		t.Errorf("bash reads\n  %q\nmvdan/sh reads\n  %q", b, words)
	}
}

func TestPrintCurlMasksSecrets(t *testing.T) {
	srv, hits := refusingServer(t)
	code, out, stderr := runWith(t, nil, "", "check", "--print-curl", "--oauth2-bearer", testToken,
		"-H", "Cookie: sid=SECRETCOOKIE42", srv.URL+"/?access_token=SECRETQUERY123")
	if code != ExitOK || hits.Load() != 0 {
		t.Fatalf("exit %d, %d sent; stderr %s", code, hits.Load(), stderr)
	}
	for _, secret := range []string{testToken, "SECRETCOOKIE42", "SECRETQUERY123"} {
		if strings.Contains(out, secret) {
			t.Errorf("secret %q printed: %s", secret, out)
		}
	}
	if !strings.Contains(out, `--oauth2-bearer "$TOKEN"`) {
		t.Errorf("bearer not written as $TOKEN: %s", out)
	}
	if !strings.Contains(stderr, "visible to other users in ps") || !strings.Contains(stderr, "--token-env VAR") {
		t.Errorf("no argv warning naming the safer flags: %s", stderr)
	}
}

// A token from --token-env is printed as its variable, which bash expands
// to the same Authorization header.
func TestPrintCurlNamesTokenVariable(t *testing.T) {
	srv, hits := refusingServer(t)
	vars := map[string]string{"API_TOKEN": testToken}
	code, out, stderr := runWith(t, vars, "", "check", "--print-curl", "--token-env", "API_TOKEN", srv.URL+"/")
	if code != ExitOK || hits.Load() != 0 || stderr != "" {
		t.Fatalf("exit %d, %d sent; stderr %q", code, hits.Load(), stderr)
	}
	line := strings.TrimSuffix(out, "\n")
	if strings.Contains(line, testToken) || !strings.Contains(line, `-H "Authorization: Bearer $API_TOKEN"`) {
		t.Fatalf("command %s", line)
	}
	words := bashWords(t, line, "API_TOKEN="+testToken)
	got, err := curlargs.Parse(words[1:])
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := got.Request.Header("Authorization"); v != "Bearer "+testToken {
		t.Errorf("bash sends Authorization %q", v)
	}
}

// The token flags reach the request: the server sees the token, no
// warning about argv is printed, and errors never show the token.
func TestCheckTokenSources(t *testing.T) {
	var seen atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	vars := map[string]string{"API_TOKEN": testToken}
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"--token-env", "", []string{"--token-env", "API_TOKEN"}},
		{"--token -", testToken + "\n", []string{"--token", "-"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seen.Store("")
			args := append(append([]string{"check", "--no-experiments"}, tt.args...), srv.URL+"/")
			code, out, stderr := runWith(t, vars, tt.stdin, args...)
			if code != ExitOK || seen.Load() != "Bearer "+testToken {
				t.Fatalf("exit %d, server saw %q\nstdout %s\nstderr %s", code, seen.Load(), out, stderr)
			}
			if strings.Contains(out+stderr, testToken) || strings.Contains(stderr, "visible to other users") {
				t.Errorf("output shows the token or warns about argv:\n%s\n%s", out, stderr)
			}
		})
	}
	code, _, stderr := runWith(t, vars, "", "check", "--token-env", testToken, srv.URL+"/")
	if code != ExitUsage || strings.Contains(stderr, testToken) || !strings.Contains(stderr, "--token-env takes the name of an environment variable") {
		t.Errorf("--token-env VALUE: exit %d, stderr %s", code, stderr)
	}
}

// --format markdown writes the ticket report; --format json is --json.
func TestCheckFormats(t *testing.T) {
	srv, _ := refusingServer(t)
	code, out, stderr := runWith(t, nil, "", "check", "--no-experiments", "--format", "markdown", "--oauth2-bearer", testToken, srv.URL+"/v1")
	if code != ExitRefused {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, want := range []string{"## why403: 403 Forbidden for `GET http://127.0.0.1:", "```sh\ncurl ", `--oauth2-bearer "$TOKEN"`,
		"- **Status:** HTTP/1.1 403 Forbidden", "- **Sent:** ", " UTC", "### Response", "```http\nHTTP/1.1 403 Forbidden\n", `<h1>denied</h1> [x](https://evil.example/) \x1b]2;pwned\x07`} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, testToken) || strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("Markdown report leaks the token or control bytes:\n%s", out)
	}

	_, viaFormat, _ := runWith(t, nil, "", "check", "--no-experiments", "--format=json", srv.URL+"/v1")
	_, viaJSON, _ := runWith(t, nil, "", "check", "--no-experiments", "--json", srv.URL+"/v1")
	var a, b report.Document
	if err := json.Unmarshal([]byte(viaFormat), &a); err != nil {
		t.Fatalf("--format=json is not JSON: %v\n%s", err, viaFormat)
	}
	if err := json.Unmarshal([]byte(viaJSON), &b); err != nil {
		t.Fatal(err)
	}
	if a.Response == nil || b.Response == nil || a.Response.Status != b.Response.Status || !reflect.DeepEqual(a.Likely, b.Likely) {
		t.Errorf("--format=json and --json differ:\n%s\n%s", viaFormat, viaJSON)
	}
	if code, _, stderr := runWith(t, nil, "", "check", "--format", "yaml", srv.URL); code != ExitUsage ||
		!strings.Contains(stderr, `--format "yaml": use text, json or markdown`) {
		t.Errorf("--format yaml: exit %d, %s", code, stderr)
	}
}
