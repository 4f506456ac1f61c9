package probe

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SSLKEYLOGFILE, as in curl: the TLS secrets are appended there, in the
// NSS format Wireshark reads, and the exchange says so.
func TestKeyLogFile(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, http.HandlerFunc(hello), true, nil)
	path := filepath.Join(t.TempDir(), "keys.log")
	if err := os.WriteFile(path, []byte("# earlier\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ex := Send(context.Background(), Request{URL: srv.URL, TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick(), Env: Env{"SSLKEYLOGFILE": path}})
	mustOK(t, ex)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "# earlier\n") || !strings.Contains(string(data), "CLIENT_TRAFFIC_SECRET_0 ") {
		t.Fatalf("key log %q: want the earlier line kept and the secrets appended", data)
	}
	if !strings.Contains(strings.Join(ex.Warnings, "\n"), "TLS secrets were appended to "+path+" (SSLKEYLOGFILE)") {
		t.Fatalf("warnings %q", ex.Warnings)
	}

	// A new file is made private.
	fresh := filepath.Join(t.TempDir(), "new.log")
	mustOK(t, Send(context.Background(), Request{URL: srv.URL, TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick(), Env: Env{"SSLKEYLOGFILE": fresh}}))
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("new key log: %v, mode %v, want 0600", err, st.Mode().Perm())
	}

	// Without the variable, nothing is written anywhere.
	ex = Send(context.Background(), Request{URL: srv.URL, TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
	mustOK(t, ex)
	if strings.Contains(strings.Join(ex.Warnings, "\n"), "SSLKEYLOGFILE") {
		t.Fatalf("warnings %q", ex.Warnings)
	}
}

// A FIFO (or a device) is not a key log: never block on it or write to it.
func TestKeyLogFileRefusesSpecialFiles(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, http.HandlerFunc(hello), false, nil)
	fifo := filepath.Join(t.TempDir(), "keys.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// A reader, so that opening for writing would succeed and block nothing.
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	start := time.Now()
	ex := Send(context.Background(), Request{URL: srv.URL, TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick(), Env: Env{"SSLKEYLOGFILE": fifo}})
	mustOK(t, ex)
	if time.Since(start) > 3*time.Second {
		t.Fatalf("took %s", time.Since(start))
	}
	if !strings.Contains(strings.Join(ex.Warnings, "\n"), "not a regular file") {
		t.Fatalf("warnings %q", ex.Warnings)
	}
	buf := make([]byte, 10)
	if n, _ := r.Read(buf); n > 0 {
		t.Fatalf("%d bytes written into the FIFO", n)
	}
}
