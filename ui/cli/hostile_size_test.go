package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/internal/hostile"
)

// Answers too big to hold: a gzip bomb, 100 000 headers, a 1 MiB header,
// 20 000 cookies, a flood of 1xx, a 20 MB single-line JSON, deeply nested
// JSON, a 100 MB body. Each ends quickly with a bounded body and a report
// that says what was cut.
func TestHostileSizes(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	cases := []struct {
		name string
		args []string
		code int
		want []string // in the JSON report (raw text)
		kept bool     // the body kept is capped and marked truncated
	}{
		{"gzip bomb 64 MiB", []string{"--compressed", s.URL(hostile.PathGzipBomb + "?mib=64")}, ExitRefused, []string{"decompression bomb"}, true},
		{"gzip bomb not asked for", []string{s.URL(hostile.PathGzipBomb + "?mib=64")}, ExitRefused, []string{"Content-Encoding: gzip although no compression was asked for"}, false},
		{"100 000 headers", []string{s.URL(hostile.PathManyHeaders)}, ExitNoResponse, []string{"exceeds 1048576 bytes"}, false},
		{"1 MiB header", []string{s.URL(hostile.PathBigHeader)}, ExitNoResponse, []string{"exceeds 1048576 bytes"}, false},
		{"20 000 cookies", []string{s.URL(hostile.PathCookies)}, ExitRefused, []string{`"name": "Set-Cookie"`}, false},
		{"flood of 1xx", []string{s.URL(hostile.PathFlood1xx)}, ExitNoResponse, []string{"informational (1xx) responses"}, false},
		{"20 MB single-line JSON", []string{s.URL(hostile.PathBigJSON)}, ExitRefused, []string{"body truncated"}, true},
		{"deeply nested JSON", []string{s.URL(hostile.PathDeepJSON)}, ExitRefused, nil, false},
		{"100 MB body", []string{s.URL(hostile.PathStream + "?bytes=100000000")}, ExitRefused, []string{"body truncated"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runHostile(t, 30*time.Second, nil, append([]string{"check", "--json", "--no-experiments", "-m", "20"}, c.args...)...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d; stderr %q", r.code, c.code, r.stderr)
			}
			// The bound is -m's: a hostile body must end within the
			// user's own time limit. Idle, these take a second or two; on
			// a loaded 2-core machine, under -race, several times that.
			if r.took > 20*time.Second {
				t.Errorf("took %v", r.took)
			}
			assertInert(t, "stdout", r.stdout)
			d := decodeReport(t, r.stdout)
			for _, w := range c.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			if len(r.stdout) > 8<<20 {
				t.Errorf("report is %d bytes", len(r.stdout))
			}
			if c.kept {
				if d.Response == nil || !d.Response.Truncated || d.Response.BodyKept > probe.DefaultMaxBody || d.Response.BodySize <= d.Response.BodyKept {
					t.Errorf("want a truncated body of at most %d kept bytes: %+v", probe.DefaultMaxBody, d.Response)
				}
			}
		})
	}
}

// The binary, run as a process, stays within 64 MiB of peak RSS on a 1 GiB
// streamed body and on a 512 MiB gzip bomb (0.5 MiB on the wire), and within
// 150 MiB on the other oversized answers. Skipped with -short: with the two
// builds it takes about 5 s (more under load).
func TestHostilePeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux rusage (KiB)")
	}
	if testing.Short() {
		t.Skip("builds the binary and streams 1 GiB and a 512 MiB gzip bomb (-short)")
	}
	bin := buildWhy403(t)
	runner := buildRSSRunner(t)
	s := startHostile(t, hostile.Options{ConnLife: 60 * time.Second})
	// the budgets: 64 MiB for the 1 GiB body and the gzip bomb,
	// 150 MiB for every other answer
	const big, other = 64 << 10, 150 << 10 // KiB
	cases := []struct {
		name   string
		args   []string
		want   string
		code   int
		budget int64
	}{
		{"1 GiB body", []string{s.URL(hostile.PathStream)}, "truncated at 8388608 of 1073741824 bytes", ExitRefused, big},
		{"512 MiB gzip bomb", []string{"--compressed", s.URL(hostile.PathGzipBomb)}, "decompression bomb", ExitRefused, big},
		// past the decode cap (64× the body cap): decoding stops and the report says so
		{"1 GiB gzip bomb", []string{"--compressed", s.URL(hostile.PathGzipBomb + "?mib=1024")}, "stopped decoding after 536870912 bytes", ExitRefused, big},
		{"100 000 headers", []string{s.URL(hostile.PathManyHeaders)}, "exceeds", ExitNoResponse, other},
		{"1 MiB header", []string{s.URL(hostile.PathBigHeader)}, "exceeds", ExitNoResponse, other},
		{"20 000 cookies", []string{s.URL(hostile.PathCookies)}, "403 Forbidden", ExitRefused, other},
		{"flood of 1xx", []string{s.URL(hostile.PathFlood1xx)}, "informational", ExitNoResponse, other},
		{"20 MB single-line JSON", []string{s.URL(hostile.PathBigJSON)}, "truncated", ExitRefused, other},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rssFile := filepath.Join(t.TempDir(), "maxrss")
			cmd := exec.Command(runner, append([]string{rssFile, bin, "check", "--no-experiments", "-m", "60"}, c.args...)...)
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "NO_COLOR=1"}
			t0 := time.Now()
			out, err := cmd.Output()
			took := time.Since(t0)
			if code := cmd.ProcessState.ExitCode(); code != c.code {
				t.Errorf("exit %d (%v), want %d\n%s", code, err, c.code, out)
			}
			b, err := os.ReadFile(rssFile)
			if err != nil {
				t.Fatalf("reading the runner's figure: %v", err)
			}
			maxrss, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
			if err != nil {
				t.Fatalf("runner wrote %q: %v", b, err)
			}
			t.Logf("%s: peak RSS %d KiB, %v", c.name, maxrss, took.Round(time.Millisecond))
			if maxrss > c.budget {
				t.Errorf("peak RSS %d KiB, budget %d KiB", maxrss, c.budget)
			}
			if !strings.Contains(string(out), c.want) {
				t.Errorf("report lacks %q:\n%s", c.want, out)
			}
			assertInert(t, "stdout", string(out))
		})
	}
}

// rssRunner runs a command and writes its peak RSS (KiB) to a file. It
// exists because on Linux a child's ru_maxrss also counts the address space
// it was forked from: Go starts children with vfork (CLONE_VM), so a child of
// the test process inherits the test's own peak (100 MiB and more) and the
// figure would say nothing about why403. The runner is a few MiB, so the
// figure it reports for its child is why403's own (at most the runner's few
// MiB high).
const rssRunner = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Run()
	if cmd.ProcessState == nil {
		os.Exit(125)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	os.WriteFile(os.Args[1], []byte(fmt.Sprint(ru.Maxrss)), 0o600)
	os.Exit(cmd.ProcessState.ExitCode())
}
`

func buildRSSRunner(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"go.mod": "module rssrunner\n\ngo 1.26\n", "main.go": rssRunner} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "rssrunner")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the RSS runner: %v\n%s", err, out)
	}
	return bin
}

// buildWhy403 builds the module's main package into a temporary directory.
func buildWhy403(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	bin := filepath.Join(t.TempDir(), "why403")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
