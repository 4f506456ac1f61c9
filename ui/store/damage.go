package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// This file is what the store does with a damaged database (a disk
// fault, a tool that wrote into it, a bad copy): bbolt trusts its file
// and panics, or faults in its memory map, on pages that make no sense.
// An operation that meets such damage moves the file aside, starts a
// fresh one and is done there, and says so (DamagedError): a broken
// history or list of saved requests must not cost the user what they
// are editing, nor stop every later save.

// DamagedError says that a database was damaged and moved aside, and
// that the operation was done on a fresh one. Callers report it as a
// warning: the operation itself is done.
type DamagedError struct {
	Path    string // the database
	MovedTo string // where the damaged file is now
	Err     error  // what bbolt met
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("%s was damaged (%s): moved it aside to %s and started a fresh one",
		e.Path, oneLine(e.Err.Error()), e.MovedTo)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// damage is what run met in a damaged file: the panic or error, and the
// file as it was when the operation began, so that only that file is
// moved aside (not one another process put there meanwhile).
type damage struct {
	err  error
	file os.FileInfo
	// held is bbolt's handle, still open and locked after a panic (bbolt
	// may hold its own locks too, so the database is not closed): let go
	// once the file is moved aside.
	held *os.File
}

// release lets go of the file bbolt held when it panicked.
func (d *damage) release() {
	if d.held != nil {
		unlock(d.held)
		d.held.Close()
	}
}

func (d *damage) Error() string { return d.err.Error() }

// guard runs fn with a panic (and a fault in bbolt's memory map, which
// SetPanicOnFault turns into one) caught as an error; panicked says
// which.
func guard(fn func() error) (err error, panicked bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err, panicked = fmt.Errorf("%v", r), true
		}
	}()
	return fn(), false
}

// isDamage reports whether bbolt's error is about the file's contents:
// its own checks, or keys and values no why403 writes (met copying a
// damaged file into its compacted copy).
func isDamage(err error) bool {
	for _, e := range []error{
		berrors.ErrInvalid, berrors.ErrChecksum, berrors.ErrVersionMismatch, berrors.ErrInvalidMapping,
		berrors.ErrKeyTooLarge, berrors.ErrValueTooLarge, berrors.ErrKeyRequired, berrors.ErrIncompatibleValue,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// corruptInfix names the copy a damaged file is moved aside to.
const corruptInfix = ".corrupt-"

// moveAside renames the damaged file at path to path.corrupt-TIME, if
// it is still the file d met and a regular file; "" when another process
// moved it already.
func moveAside(path string, d *damage) (string, error) {
	defer d.release() // the lock goes with it, once the file is aside
	now, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !now.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", path)
	}
	if d.file != nil && !os.SameFile(now, d.file) {
		return "", nil
	}
	stamp := time.Now().UTC().Format("20060102-150405")
	for i := 1; i <= 100; i++ {
		to := path + corruptInfix + stamp
		if i > 1 {
			to += fmt.Sprintf("-%d", i)
		}
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			return to, os.Rename(path, to)
		}
	}
	return "", fmt.Errorf("%s%s%s-* are all taken", path, corruptInfix, stamp)
}

// recoverDamage moves the file aside after run met damage, starts a
// fresh one and runs the operation again there.
func (f *dbFile) recoverDamage(d *damage, write bool, fn func(*bolt.DB) error) error {
	moved, err := moveAside(f.path, d)
	if err != nil {
		return fmt.Errorf("%s is damaged (%s) and could not be moved aside: %w", f.path, oneLine(d.Error()), err)
	}
	if err := f.run(true, func(db *bolt.DB) error { return db.Update(f.createBuckets) }); err != nil {
		return err
	}
	if err := f.run(write, fn); err != nil {
		return err
	}
	if moved == "" {
		return nil // another process moved it aside and says so
	}
	return &DamagedError{Path: f.path, MovedTo: moved, Err: d.err}
}

// oneLine keeps a message (a panic's, say) on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// damaged splits an operation's error into the damage it recovered from
// (a warning) and any other error.
func damaged(err error) (*DamagedError, error) {
	if d, ok := err.(*DamagedError); ok {
		return d, nil
	}
	return nil, err
}

// alsoDamaged adds the warning of a recovered damage to an operation's
// result (nil: the warning alone), on the same line.
func alsoDamaged(err error, dmg *DamagedError) error {
	switch {
	case dmg == nil:
		return err
	case err == nil:
		return dmg
	}
	return fmt.Errorf("%w; %w", err, dmg)
}
