package probe

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// zeroFIFO makes a FIFO in a temporary directory and feeds it zeros from a
// goroutine, at most limit bytes and for at most 10 s, so that a reader
// without a cap is bounded too. It returns the path and the count of bytes
// the reader took.
func zeroFIFO(t *testing.T, limit int64) (string, *atomic.Int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fifo.pem")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	var written atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		// O_NONBLOCK on open fails at once if nobody reads, so poll for
		// the reader for a bounded time instead of blocking for ever.
		deadline := time.Now().Add(10 * time.Second)
		var f *os.File
		for time.Now().Before(deadline) {
			var err error
			if f, err = os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if f == nil {
			return
		}
		defer f.Close()
		f.SetWriteDeadline(deadline)
		buf := make([]byte, 64<<10)
		for written.Load() < limit && time.Now().Before(deadline) {
			n, err := f.Write(buf)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		// Unblock a writer still waiting for a reader, then wait for it.
		if f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		<-done
	})
	return path, &written
}

func TestCheckFilesCapsAFIFOOfZeros(t *testing.T) {
	const feed = 64 << 20
	path, written := zeroFIFO(t, feed)
	err := CheckFiles(context.Background(), &Request{URL: "http://127.0.0.1/", TLS: TLSOptions{CAFile: path}})
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "larger than 4 MiB") {
		t.Fatalf("err = %v, want the file named and the 4 MiB cap", err)
	}
	if n := written.Load(); n >= feed {
		t.Fatalf("the reader took all %d bytes offered: no cap", n)
	}
}

func TestCheckFilesCapsARegularFile(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.pem")
	if err := os.WriteFile(big, make([]byte, maxCertFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tls := range []TLSOptions{{CAFile: big}, {CertFile: big}, {CertFile: big, KeyFile: big}} {
		err := CheckFiles(context.Background(), &Request{URL: "http://127.0.0.1/", TLS: tls})
		if err == nil || !strings.Contains(err.Error(), big) || !strings.Contains(err.Error(), "larger than 4 MiB") {
			t.Errorf("%+v: err = %v, want the file named and the 4 MiB cap", tls, err)
		}
	}
}

// A FIFO nobody writes to blocks the open itself; the caller's deadline
// and the request's -m must still end the wait.
func TestCertFilesHonourTheDeadline(t *testing.T) {
	path := filepath.Join(t.TempDir(), "silent.pem")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// Let an abandoned open return.
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := CheckFiles(ctx, &Request{URL: "http://127.0.0.1/", TLS: TLSOptions{CAFile: path}})
	if err == nil || time.Since(start) > 3*time.Second {
		t.Fatalf("CheckFiles: err = %v after %s, want a prompt error", err, time.Since(start))
	}

	start = time.Now()
	ex := Send(context.Background(), Request{URL: "http://127.0.0.1:1/", TLS: TLSOptions{CertFile: path}, Timeouts: Timeouts{Total: 200 * time.Millisecond}})
	if ex.Err == nil || time.Since(start) > 3*time.Second || !strings.Contains(ex.Err.Message, path) {
		t.Fatalf("Send: err = %v after %s, want a prompt error naming the file", ex.Err, time.Since(start))
	}
}
