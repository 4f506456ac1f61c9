package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// explain holds a HAR's entries one at a time: its peak memory is at most
// 4× its input plus 64 MiB. It once took 100× (a 62 MB HAR of 120,000
// entries, 6.2 GB), and a redirect chain grew as its square (2,000 hops,
// 1.1 MB: 664 MB). The binary runs as a process, under a limit of 4 GiB of
// address space. Skipped with -short: with the builds it takes 10 s and
// more.
func TestExplainMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds why403 and explains a 60 MB HAR")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux rusage (KiB)")
	}
	bin := buildWhy403(t)
	runner := buildRSSRunner(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		entries int
		chain   bool
		refused int // entries in the output
	}{
		{"100,000 entries", 100_000, false, 10_000},
		{"a chain of 2,000 redirects", 2_000, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("%d.har", tc.entries))
			size := writeBigHAR(t, path, tc.entries, tc.chain)
			// The runner reads the peak RSS (see rssRunner); the shell
			// between bounds the address space.
			rssFile := filepath.Join(t.TempDir(), "maxrss")
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, runner, rssFile, "/bin/sh", "-c", `ulimit -v 4194304 && exec "$@"`, "sh", bin, "explain", "--json", path)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "NO_COLOR=1"}
			var out, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &stderr
			start := time.Now()
			err := cmd.Run()
			took := time.Since(start)
			if code := cmd.ProcessState.ExitCode(); code != ExitRefused {
				t.Fatalf("exit %d (%v), want %d; stderr: %s", code, err, ExitRefused, stderr.Bytes())
			}
			b, err := os.ReadFile(rssFile)
			if err != nil {
				t.Fatalf("reading the runner's figure: %v", err)
			}
			kib, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
			if err != nil {
				t.Fatalf("runner wrote %q: %v", b, err)
			}
			rss, limit := kib<<10, 4*size+64<<20
			t.Logf("input %.1f MB, peak RSS %.1f MB (limit %.1f MB), %v", mb(size), mb(rss), mb(limit), took.Round(time.Millisecond))
			if rss > limit {
				t.Errorf("peak RSS %.1f MB for an input of %.1f MB, want at most %.1f MB", mb(rss), mb(size), mb(limit))
			}
			var got struct {
				Entries []struct {
					Source explainSource `json:"source"`
				} `json:"entries"`
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("the output is not JSON: %v", err)
			}
			if len(got.Entries) != tc.refused || got.Entries[0].Source.Of != tc.entries {
				t.Errorf("%d reports (want %d), the first of %d entries", len(got.Entries), tc.refused, got.Entries[0].Source.Of)
			}
		})
	}
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// writeBigHAR writes a HAR of n small entries, like a long browsing
// session: every tenth a 403, the rest 200. With chain, each entry but
// the last is a 302 to the next, and the last a 403. It returns the size.
func writeBigHAR(t *testing.T, path string, n int, chain bool) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[`)
	for i := range n {
		if i > 0 {
			w.WriteByte(',')
		}
		url := fmt.Sprintf("https://api.example.com/v1/items/%d", i)
		status, loc := 200, ""
		switch {
		case chain && i < n-1:
			status, loc = 302, fmt.Sprintf("https://api.example.com/v1/items/%d", i+1)
		case chain, i%10 == 9:
			status = 403
		}
		fmt.Fprintf(w, `{"startedDateTime":"2025-03-14T16:05:14.123Z","time":12.5,"request":{"method":"GET","url":%q,"httpVersion":"HTTP/1.1",`+
			`"headers":[{"name":"Host","value":"api.example.com"},{"name":"Accept","value":"application/json"}],"headersSize":-1,"bodySize":0},`+
			`"response":{"status":%d,"statusText":"","httpVersion":"HTTP/1.1","headers":[{"name":"Content-Type","value":"application/json"},`+
			`{"name":"Date","value":"Fri, 14 Mar 2025 16:05:14 GMT"},{"name":"Location","value":%q}],`+
			`"content":{"size":15,"mimeType":"application/json","text":"{\"ok\":false}"},"redirectURL":%q,"headersSize":-1,"bodySize":15}}`,
			url, status, loc, loc)
	}
	fmt.Fprint(w, "]}}\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
