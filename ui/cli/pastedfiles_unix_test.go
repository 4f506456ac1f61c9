//go:build unix

package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestPastedCurlReadsNoFileWithoutConsent: a --curl paste that names local
// files is refused with one line naming each of them, and neither file is
// opened (both are FIFOs: opening one to read would block) nor anything
// sent; --allow-files lets it read them, and a -H @FILE typed on the
// command line is read as curl would.
func TestPastedCurlReadsNoFileWithoutConsent(t *testing.T) {
	var got []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("X-From-File"))
		mu.Unlock()
	}))
	defer srv.Close()
	dir := t.TempDir()
	hdr, data := filepath.Join(dir, "headers"), filepath.Join(dir, "data.json")
	for _, f := range []string{hdr, data} {
		if err := syscall.Mkfifo(f, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		code        int
		out, stderr string
	}
	res := make(chan result, 1)
	go func() {
		code, out, stderr := run(t, "check", "--no-experiments", "--curl", "curl -H @"+hdr+" -d @"+data+" "+srv.URL)
		res <- result{code, out, stderr}
	}()
	var r result
	select {
	case r = <-res:
	case <-time.After(10 * time.Second):
		// still blocked opening a FIFO: let it go, and fail
		for _, f := range []string{hdr, data} {
			if w, err := os.OpenFile(f, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				w.Close()
			}
		}
		t.Fatal("why403 opened a file the paste names")
	}
	want := "why403: the pasted command reads local files: " + hdr + " (-H @), " + data + " (-d @); pass --allow-files to let it\n"
	if r.code != ExitUsage || r.stderr != want {
		t.Errorf("exit %d, stderr %q\nwant exit %d, stderr %q", r.code, r.stderr, ExitUsage, want)
	}
	for _, f := range []string{hdr, data} {
		// Opening a FIFO's write end without blocking fails (ENXIO) when
		// nobody has it open to read.
		if w, err := os.OpenFile(f, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
			t.Errorf("%s is open for reading", f)
		}
	}

	// Regular files now: with --allow-files the paste reads them, and a
	// file typed on the command line is read without it.
	hdr2 := filepath.Join(dir, "headers.txt")
	if err := os.WriteFile(hdr2, []byte("X-From-File: yes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "check", "--no-experiments", "--allow-files", "--curl", "curl -H @"+hdr2+" "+srv.URL); code != ExitOK {
		t.Errorf("--allow-files: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, "check", "--no-experiments", "-H", "@"+hdr2, "--curl", "curl "+srv.URL); code != ExitOK {
		t.Errorf("a typed -H @FILE: exit %d, %s", code, stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, ",") != "yes,yes" {
		t.Errorf("the server saw X-From-File %q, want yes twice (and nothing from the refused paste)", got)
	}
}
