//go:build unix

package app

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A keys file that is a FIFO is refused at once: opening one to read
// waits for a writer, and the app would never start.
func TestKeysFileFIFODoesNotBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), KeysFileName)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		// a reader still blocked in open gets a writer, and ends
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	done := make(chan string, 1)
	go func() {
		_, warn := loadKeys(path)
		done <- warn
	}()
	select {
	case warn := <-done:
		if !strings.Contains(warn, "not a regular file") {
			t.Errorf("a FIFO as the keys file: %q", warn)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("reading a FIFO as the keys file blocked: the app would not start")
	}
}
