package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/ui/report"
)

// explainFile is a recording in testdata/explain.
func explainFile(name string) string { return filepath.Join("testdata", "explain", name) }

// runWithStdin calls Main in-process with stdin, for `explain -`.
func runWithStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" }, IsTerminal: func(any) bool { return false }}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return Main(ctx, args, env), out.String(), errb.String()
}

// explainReport is a report of explain --json: the report plus its source.
type explainReport struct {
	Source explainSource `json:"source"`
	report.Document
}

// The cause each recording shows, named the way the server named it: an
// RFC 6750 expired-token 401 in a Firefox HAR, GitHub's rate limit in a
// Chrome HAR and in a curl -i transcript, Cloudflare's 1020 firewall page
// in a curl -v transcript.
func TestExplainJSONFindsTheCause(t *testing.T) {
	tests := []struct {
		file    string
		format  string
		entries bool // {"entries": [...]}: a HAR with several entries
		entry   int
		status  int
		likely  string
	}{
		{"firefox.har", "har", true, 2, 401, "auth.expired"},
		{"chrome.har", "har", true, 2, 403, "ratelimit"},
		{"curl-i-github-ratelimit.txt", "curl-i", false, 1, 403, "ratelimit"},
		{"curl-v-cloudflare-1020.txt", "curl-v", true, 2, 403, "waf.block"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			code, out, errOut := run(t, "explain", "--json", explainFile(tt.file))
			if code != ExitRefused || errOut != "" {
				t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errOut)
			}
			var d explainReport
			if tt.entries {
				var all struct{ Entries []explainReport }
				if err := json.Unmarshal([]byte(out), &all); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
				if len(all.Entries) != 1 {
					t.Fatalf("%d entries explained, want the one refused", len(all.Entries))
				}
				d = all.Entries[0]
			} else if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if d.Source.Format != tt.format || d.Source.Entry != tt.entry {
				t.Errorf("source %+v, want %s entry %d", d.Source, tt.format, tt.entry)
			}
			if d.Response == nil || d.Response.Status != tt.status {
				t.Fatalf("response %+v, want %d", d.Response, tt.status)
			}
			if len(d.Likely) == 0 || d.Likely[0] != tt.likely {
				t.Errorf("likely %v, want %s first", d.Likely, tt.likely)
			}
			if d.Guess {
				t.Error("guess: the server named the cause")
			}
			if len(d.Warnings) == 0 || !strings.Contains(d.Warnings[0], "Offline") || !strings.Contains(d.Warnings[0], "TLS handshake") || !strings.Contains(d.Warnings[0], "timing") {
				t.Errorf("warnings %q: want the offline caveat first", d.Warnings)
			}
			if len(d.Experiments) != 0 || !strings.Contains(d.ExperimentsSkipped, "offline") {
				t.Errorf("experiments %v skipped %q", d.Experiments, d.ExperimentsSkipped)
			}
		})
	}
}

// With only the response recorded, the checks that read the request are
// not judged rather than blaming what an empty request lacks.
func TestExplainUnknownRequest(t *testing.T) {
	for _, file := range []string{"curl-i-github-ratelimit.txt", "raw-chunked-401.txt"} {
		t.Run(file, func(t *testing.T) {
			_, out, _ := run(t, "explain", "--json", explainFile(file))
			var d explainReport
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"auth.missing", "useragent.required", "host.mismatch"} {
				if c := findCheck(d.Document, id); c == nil || c.Status != "skip" {
					t.Errorf("%s: %+v, want skip", id, c)
				}
			}
			for _, id := range d.Likely {
				if id == "auth.missing" || id == "useragent.required" {
					t.Errorf("likely %v blames the unknown request", d.Likely)
				}
			}
			if !strings.Contains(strings.Join(d.Warnings, "\n"), "request (method, URL, headers, credentials) is unknown") {
				t.Errorf("warnings %q do not say the request is unknown", d.Warnings)
			}
		})
	}
}

func TestExplainEntries(t *testing.T) {
	jwtPayload := "eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20vIi"
	tests := []struct {
		name     string
		args     []string
		code     int
		outHas   []string
		outLacks []string
	}{
		{"text report per refused entry, token masked", []string{"explain", explainFile("firefox.har")}, ExitRefused,
			[]string{"── Entry 2 of 3 · GET https://api.example.com/v1/orders?limit=20 · 401 Unauthorized", "✗ auth.expired", "Likely: auth.expired", "! Offline: judged from a HAR file"},
			[]string{jwtPayload, "Entry 1 of 3", "Entry 3 of 3"}},
		{"--reveal shows the token", []string{"explain", "--reveal", "--json", explainFile("firefox.har")}, ExitRefused,
			[]string{jwtPayload}, nil},
		{"--entry picks an accepted entry", []string{"explain", "--entry", "1", explainFile("firefox.har")}, ExitOK,
			[]string{"── Entry 1 of 3 · OPTIONS https://api.example.com/v1/orders?limit=20 · 204 No Content"}, []string{"Entry 2 of 3"}},
		{"--entry=N with --json is one object", []string{"explain", explainFile("firefox.har"), "--entry=2", "--json"}, ExitRefused,
			[]string{`"source": {`, `"entry": 2`, `"auth.expired"`}, []string{`"entries"`}},
		{"an entry with no response", []string{"explain", "--entry", "5", explainFile("chrome.har")}, ExitNoResponse,
			[]string{"POST https://telemetry.example.net/collect · no response", "net::ERR_BLOCKED_BY_CLIENT"}, nil},
		{"nothing refused", []string{"explain", explainFile("chrome-accepted.har")}, ExitOK,
			[]string{"No refused response among the 3 entries of this HAR file (200 ×2, 302 ×1)."}, nil},
		{"nothing refused, JSON", []string{"explain", "--json", explainFile("chrome-accepted.har")}, ExitOK,
			[]string{`"entries": []`}, nil},
		{"help", []string{"explain", "--help"}, ExitOK,
			[]string{"Usage: why403 explain [options] FILE", "--entry N", "nothing is sent"}, nil},
		{"help through why403 help", []string{"help", "explain"}, ExitOK,
			[]string{"Usage: why403 explain [options] FILE"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.code || errOut != "" {
				t.Fatalf("exit %d stderr %q, want %d\n%s", code, errOut, tt.code, out)
			}
			for _, s := range tt.outHas {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.outLacks {
				if strings.Contains(out, s) {
					t.Errorf("output has %q:\n%s", s, out)
				}
			}
		})
	}
}

// `explain -` reads stdin, here a curl -v transcript with CRLF line ends.
func TestExplainStdin(t *testing.T) {
	b, err := os.ReadFile(explainFile("curl-v-cloudflare-1020.txt"))
	if err != nil {
		t.Fatal(err)
	}
	crlf := strings.ReplaceAll(string(b), "\n", "\r\n")
	code, out, errOut := runWithStdin(t, crlf, "explain", "-", "--json")
	if code != ExitRefused || errOut != "" {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	var all struct{ Entries []explainReport }
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatal(err)
	}
	if len(all.Entries) != 1 || len(all.Entries[0].Likely) == 0 || all.Entries[0].Likely[0] != "waf.block" {
		t.Fatalf("entries %+v", all.Entries)
	}
	if d := all.Entries[0]; len(d.Redirects) != 1 || d.Redirects[0].Status != 301 {
		t.Errorf("redirects %+v, want the 301 curl -L followed", d.Redirects)
	}
}

// Usage errors: one line on stderr, exit 2, nothing on stdout.
func TestExplainUsageErrors(t *testing.T) {
	dir := t.TempDir()
	prose := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(prose, []byte("The API said no.\nSee attached.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		has  string
	}{
		{"no file", []string{"explain"}, "explain needs a FILE"},
		{"two files", []string{"explain", "a.har", "b.har"}, "one FILE"},
		{"missing file", []string{"explain", filepath.Join(dir, "nope.har")}, "no such file"},
		{"a directory", []string{"explain", dir}, "is a directory"},
		{"unknown format", []string{"explain", prose}, "not a HAR file"},
		{"entry out of range", []string{"explain", "--entry", "9", explainFile("firefox.har")}, "--entry 9: " + explainFile("firefox.har") + " holds 3 entries"},
		{"entry not a number", []string{"explain", "--entry", "two", explainFile("firefox.har")}, "--entry takes a number"},
		{"entry without value", []string{"explain", explainFile("firefox.har"), "--entry"}, "--entry needs a number"},
		{"unknown option", []string{"explain", "--send", explainFile("firefox.har")}, `unknown option "--send"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != ExitUsage || out != "" {
				t.Errorf("exit %d stdout %q, want 2 and nothing", code, out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "why403: ") || !strings.Contains(errOut, tt.has) {
				t.Errorf("stderr %q, want one line with %q", errOut, tt.has)
			}
		})
	}
}

// A recording is untrusted text: what it holds reaches the terminal
// escaped, never as control sequences.
func TestExplainEscapesHostileText(t *testing.T) {
	hostile := "HTTP/1.1 403 Forbidden\x1b]52;c;cHduZWQ=\x07\r\nX-Evil: a\x1b[2Jb\u202e\r\n\r\nnope \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\\r\n"
	code, out, _ := runWithStdin(t, hostile, "explain", "-", "--verbose")
	if code != ExitRefused {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if strings.ContainsAny(out, "\x1b\x07\u202e") {
		t.Errorf("raw control characters in the output:\n%q", out)
	}
	if !strings.Contains(out, `\x1b]52;c;`) {
		t.Errorf("the escape sequence is not shown escaped:\n%s", out)
	}
}

// A secret in a URL the recording mentions (a redirect's Location) is
// masked in the warnings too.
func TestExplainMasksURLsInNotes(t *testing.T) {
	in := "HTTP/1.1 302 Found\r\nLocation: https://a.example/cb?access_token=sekr1t-value-123\r\n\r\nHTTP/1.1 403 Forbidden\r\n\r\nno"
	_, out, _ := runWithStdin(t, in, "explain", "-")
	if strings.Contains(out, "sekr1t-value-123") {
		t.Errorf("token shown:\n%s", out)
	}
	if !strings.Contains(out, "A 302 redirect to https://a.example/cb?access_token=") {
		t.Errorf("redirect note missing:\n%s", out)
	}
}
