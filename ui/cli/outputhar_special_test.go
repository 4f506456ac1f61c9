//go:build linux || darwin

package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/why403/why403/probe/transcript"
)

// These tests make their special files in t.TempDir(): a test must never
// write to the system's /dev nodes (CI runs as root).

// checkHAR runs check --output-har path against a loopback 401 server and
// fails unless the report printed and the command exited as refused.
func checkHAR(t *testing.T, path string) {
	t.Helper()
	srv, _ := unauthorizedServer(t)
	code, stdout, stderr := runWith(t, nil, "", "check", "--no-experiments", "--output-har", path, srv.URL+"/orders")
	if code != ExitRefused || !strings.Contains(stdout, "401") {
		t.Fatalf("exit %d, want %d; stdout %q; stderr %q", code, ExitRefused, stdout, stderr)
	}
}

// isHAR fails unless b is a HAR of the refused request.
func isHAR(t *testing.T, b []byte) {
	t.Helper()
	c, err := transcript.Parse(b, transcript.Limits{})
	if err != nil {
		t.Fatalf("not a HAR (%v): %q", err, b)
	}
	if r := c.Entries[0].Exchange.Response; r == nil || r.Status != 401 {
		t.Errorf("the HAR's response is %+v, want the 401", r)
	}
}

// A FIFO is written in place: its reader gets the HAR and it stays a FIFO.
func TestOutputHARFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// The reader opens without blocking; the extra writer keeps it from
	// reading an end of file before why403 opens the FIFO. The deadline
	// bounds the read should why403 never write it.
	r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	r.SetReadDeadline(time.Now().Add(20 * time.Second))
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(r)
		got <- b
	}()
	checkHAR(t, path)
	w.Close()
	isHAR(t, <-got)
	if fi, err := os.Lstat(path); err != nil || fi.Mode().Type() != os.ModeNamedPipe {
		t.Errorf("%s is no longer a FIFO: %v %v", path, fi.Mode(), err)
	}
}

// A character device is written in place, never replaced. The node is a
// null device (major 1, minor 3) made in the test's own directory.
func TestOutputHARCharDevice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("mknod needs root: %v", err)
	}
	before, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err != nil {
		t.Skipf("this file system does not open device nodes: %v", err)
	} else {
		f.Close()
	}
	checkHAR(t, path)
	after, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if after.Mode().Type() != os.ModeDevice|os.ModeCharDevice || !os.SameFile(before, after) {
		t.Errorf("the device was replaced: mode %v, want a character device", after.Mode())
	}
	if after.Mode().Perm() != before.Mode().Perm() {
		t.Errorf("the device's mode changed from %v to %v", before.Mode().Perm(), after.Mode().Perm())
	}
}

// A symlink to a regular file is followed: the file takes the HAR, and the
// symlink stays a symlink.
func TestOutputHARSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.har")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.har")
	if err := os.Symlink("real.har", link); err != nil {
		t.Fatal(err)
	}
	checkHAR(t, link)
	if dest, err := os.Readlink(link); err != nil || dest != "real.har" {
		t.Fatalf("the symlink was replaced: %q %v", dest, err)
	}
	b, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	isHAR(t, b)
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode is %v, want 0600", fi.Mode().Perm())
	}
}

// A symlink to nothing, or to a directory, is refused before anything is
// sent, and stays as it was.
func TestOutputHARSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, dest, want string }{
		{"dangling", "missing.har", "symlink to a missing file"},
		{"to a directory", "sub", "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hits := unauthorizedServer(t)
			link := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			if err := os.Symlink(tc.dest, link); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runWith(t, nil, "", "check", "--output-har", link, srv.URL+"/orders")
			if code != ExitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, ExitUsage, tc.want)
			}
			if n := hits.Load(); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
			if dest, err := os.Readlink(link); err != nil || dest != tc.dest {
				t.Errorf("the symlink was replaced: %q %v", dest, err)
			}
			if _, err := os.Lstat(filepath.Join(dir, "missing.har")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a file was made where the symlink points: %v", err)
			}
		})
	}
}

// An open descriptor named through /proc/self/fd (what /dev/stdout is on
// Linux) is written in place, after what is already there: with
// `--output-har /dev/stdout > out.txt` the report stays and the HAR
// follows it. The descriptor here is a file of the test's own.
func TestOutputHARDescriptor(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	path := filepath.Join(t.TempDir(), "stdout.txt")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("the report\n"); err != nil {
		t.Fatal(err)
	}
	before, _ := f.Stat()
	checkHAR(t, "/proc/self/fd/"+strconv.Itoa(int(f.Fd())))
	after, err := os.Stat(path)
	if err != nil || !os.SameFile(before, after) {
		t.Fatalf("the file behind the descriptor was replaced: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rest, ok := strings.CutPrefix(string(b), "the report\n")
	if !ok {
		t.Fatalf("what was written before is gone: %q", b)
	}
	isHAR(t, []byte(rest))
}
