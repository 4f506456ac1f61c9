//go:build unix

package store

import (
	"os"
	"syscall"
)

// unlock drops bbolt's lock on f, left after a panic. Closing f alone
// does not: the memory map bbolt keeps holds the file open, and with it
// the lock (flock), until the process ends.
func unlock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
