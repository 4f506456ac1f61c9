//go:build unix

package store

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A named pipe (or a directory) where a database should be is refused at
// once with an error that says what it is, and left in place: open(2) of
// a pipe would wait for a writer that never comes.
func TestNonRegularFileRefused(t *testing.T) {
	for _, file := range []string{SavedFile, HistoryFile} {
		for _, kind := range []string{"named pipe", "directory"} {
			t.Run(file+"/"+kind, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, file)
				var err error
				if kind == "named pipe" {
					err = syscall.Mkfifo(path, 0o600)
				} else {
					err = os.Mkdir(path, 0o700)
				}
				if err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() {
					s, err := Open(dir)
					if err == nil {
						s.Close()
					}
					done <- err
				}()
				select {
				case err = <-done:
				case <-time.After(10 * time.Second):
					// unblock the open with a writer, so the test ends
					if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
						w.Close()
					}
					t.Fatal("Open blocked on a named pipe")
				}
				if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), kind) {
					t.Errorf("Open with a %s as %s: %v", kind, file, err)
				}
				st, lerr := os.Lstat(path)
				if lerr != nil || st.Mode().IsRegular() {
					t.Errorf("the %s was replaced: %v %v", kind, st.Mode(), lerr)
				}
				if m, _ := filepath.Glob(path + ".*"); len(m) != 0 {
					t.Errorf("moved aside: %v", m)
				}
			})
		}
	}
}
