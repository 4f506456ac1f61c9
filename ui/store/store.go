// Package store keeps what why403 remembers between runs: requests saved
// under a name and the history of sends. Both live in bbolt databases
// (go.etcd.io/bbolt: etcd's embedded B+tree store, pure Go) in the user's
// own directories, readable by the user only. bbolt never writes over
// committed pages (copy on write) and commits by fsyncing the data and then
// a new meta page, so a process killed mid-write loses at most that write
// and never corrupts the file. bbolt rather than SQLite (modernc): the
// binary is 6 MB smaller and starts about 0.4 ms sooner, and start-up time
// is most of what `why403 check` and the first frame cost.
//
// bbolt holds an exclusive lock on a database for as long as it is open,
// so a Store opens each file for one operation and closes it again: the
// app open in one terminal and `why403 save` in another take turns instead
// of locking each other out.
//
// Secrets are not written unless the user asks: a saved request keeps no
// token (or only a reference to where it lives), and history keeps
// requests masked. bbolt does not zero the pages it frees, so saved.db is
// rewritten from its live data (compacted) whenever a saved request is
// replaced or deleted: a secret saved once and then replaced is gone from
// the file.
package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// File names inside the directories.
const (
	SavedFile   = "saved.db"
	HistoryFile = "history.db"
)

// Defaults for the history bound.
const (
	DefaultMaxEntries = 1000
	DefaultMaxBytes   = 4 << 20
)

// Buckets: saved requests by name in saved.db; in history.db the entries,
// and their sizes under the same keys so that trimming and HistoryBytes
// do not decode every entry.
var (
	requestsBucket = []byte("requests")
	// wipeBucket holds a marker while saved.db may still hold the bytes
	// of a replaced or deleted request: set in the same transaction as
	// the change, gone from the compacted copy, so that a compaction a
	// kill or an error interrupted is done at the next open.
	wipeBucket    = []byte("wipe")
	historyBucket = []byte("history")
	sizesBucket   = []byte("sizes")
)

// lockTimeout is how long an operation waits for other processes (or
// Stores) to close a database before giving up: long enough for fifty
// writers queued on one file. A variable for tests.
var lockTimeout = 30 * time.Second

// Options say where the databases are and how much history is kept.
type Options struct {
	// ConfigDir holds saved.db, StateDir history.db. Empty: the user's
	// (see DefaultDirs).
	ConfigDir, StateDir string
	// MaxEntries and MaxBytes bound the history: the newest MaxEntries
	// sends, and at most MaxBytes of stored (masked) requests and
	// excerpts. Zero: the defaults.
	MaxEntries int
	MaxBytes   int64
	// Getenv reads XDG_CONFIG_HOME and XDG_STATE_HOME for the default
	// directories; nil is os.Getenv.
	Getenv func(string) string
}

// Store is the pair of databases. Its methods are safe to call from
// several goroutines (tea.Cmds), and several Stores (in several processes)
// may use the same files: each operation opens its file, holding bbolt's
// file lock only for that operation.
type Store struct {
	saved, history dbFile
	maxEntries     int
	maxBytes       int64
}

// dbFile is one database file; mu queues this Store's operations on it
// (bbolt's file lock would queue them too, but by polling).
type dbFile struct {
	mu      sync.Mutex
	path    string
	buckets [][]byte
	closed  bool
	// checked is the file as checkPages last found it sound: unchanged
	// since, it is not walked again.
	checked os.FileInfo
}

// Open opens (creating them if needed) both databases in dir; an empty dir
// means the user's own directories.
func Open(dir string) (*Store, error) {
	return OpenWith(Options{ConfigDir: dir, StateDir: dir})
}

// DefaultDirs are where the databases live: os.UserConfigDir()/why403 for
// saved requests (which the user may want to back up), and
// $XDG_STATE_HOME/why403 or ~/.local/state/why403 for history (state that
// may be lost without harm).
func DefaultDirs(getenv func(string) string) (configDir, stateDir string, err error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	// XDG_CONFIG_HOME through getenv first, so that callers (and tests)
	// that pass their own environment get the same answer everywhere.
	cfg := getenv("XDG_CONFIG_HOME")
	if cfg == "" || !filepath.IsAbs(cfg) {
		var err error
		if cfg, err = os.UserConfigDir(); err != nil {
			return "", "", fmt.Errorf("finding the config directory: %w", err)
		}
	}
	state := getenv("XDG_STATE_HOME")
	if state == "" || !filepath.IsAbs(state) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", "", fmt.Errorf("finding the home directory: %w", err)
		}
		state = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(cfg, "why403"), filepath.Join(state, "why403"), nil
}

// OpenWith opens the store as opts say: it creates the directories and
// files if needed, makes them private, and checks that both open.
func OpenWith(opts Options) (*Store, error) {
	if opts.ConfigDir == "" || opts.StateDir == "" {
		cfg, state, err := DefaultDirs(opts.Getenv)
		if err != nil {
			return nil, err
		}
		if opts.ConfigDir == "" {
			opts.ConfigDir = cfg
		}
		if opts.StateDir == "" {
			opts.StateDir = state
		}
	}
	s := &Store{maxEntries: opts.MaxEntries, maxBytes: opts.MaxBytes}
	if s.maxEntries <= 0 {
		s.maxEntries = DefaultMaxEntries
	}
	if s.maxBytes <= 0 {
		s.maxBytes = DefaultMaxBytes
	}
	s.saved.path = filepath.Join(opts.ConfigDir, SavedFile)
	s.saved.buckets = [][]byte{requestsBucket}
	s.history.path = filepath.Join(opts.StateDir, HistoryFile)
	s.history.buckets = [][]byte{historyBucket, sizesBucket}
	for _, f := range []*dbFile{&s.saved, &s.history} {
		if err := f.prepare(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Close ends the store: later calls fail. The files are closed after
// every operation already.
func (s *Store) Close() error {
	for _, f := range []*dbFile{&s.saved, &s.history} {
		f.mu.Lock()
		f.closed = true
		f.mu.Unlock()
	}
	return nil
}

// Paths are the two database files, for messages.
func (s *Store) Paths() (saved, history string) { return s.saved.path, s.history.path }

// IntegrityCheck runs bbolt's own consistency check (Tx.Check: every page
// reachable once, none both used and free) on both databases, and checks
// that history's entries and sizes go together; nil when all is well.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	for _, f := range []*dbFile{&s.saved, &s.history} {
		err := f.do(ctx, false, func(tx *bolt.Tx) error {
			var errs []error
			for err := range tx.Check() {
				if len(errs) < 10 { // read the channel to its end all the same
					errs = append(errs, err)
				}
			}
			for _, name := range f.buckets {
				if tx.Bucket(name) == nil {
					errs = append(errs, fmt.Errorf("bucket %q is missing", name))
				}
			}
			if f == &s.history && len(errs) == 0 {
				errs = append(errs, checkSizes(tx))
			}
			return errors.Join(errs...)
		})
		if err != nil {
			return fmt.Errorf("checking %s: %w", f.path, err)
		}
	}
	return nil
}

// checkSizes: every history entry has its size, and no size is left
// without its entry.
func checkSizes(tx *bolt.Tx) error {
	h, sz := tx.Bucket(historyBucket), tx.Bucket(sizesBucket)
	n := 0
	err := h.ForEach(func(k, _ []byte) error {
		n++
		if v := sz.Get(k); len(v) != 8 {
			return fmt.Errorf("history entry %x has no size", k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if m := sz.Stats().KeyN; m != n {
		return fmt.Errorf("%d history entries, %d sizes", n, m)
	}
	return nil
}

// prepare creates the directory (0700) and the file (0600), tightening
// either if it was loosened, and the buckets. It writes nothing where all
// is in place, and needs no write where reads are all that can be done
// (a read-only directory): the writes then fail and say why.
func (f *dbFile) prepare() error {
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	// The why403 directory is ours: tighten it if someone loosened it.
	if err := tighten(dir, 0o700); err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	empty, err := f.create()
	if err != nil {
		return err
	}
	// the file exists now, a link's target too (creating followed it)
	f.path = resolveLink(f.path)
	if err := tighten(f.path, 0o600); err != nil {
		return fmt.Errorf("making %s private: %w", f.path, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	// A write transaction ends in an fsync even when it changes nothing:
	// look first (a shared lock), so that an ordinary start writes nothing.
	missing, pending := empty, false
	err = f.run(false, func(db *bolt.DB) error {
		// Under the lock no compaction is under way: any copy left is
		// from a process killed while compacting.
		removeCompactionLeftovers(f.path)
		return db.View(func(tx *bolt.Tx) error {
			for _, name := range f.buckets {
				missing = missing || tx.Bucket(name) == nil
			}
			pending = tx.Bucket(wipeBucket) != nil
			return nil
		})
	})
	if err == nil && (missing || pending) {
		err = f.run(true, func(db *bolt.DB) error {
			if missing {
				if err := db.Update(f.createBuckets); err != nil {
					return fmt.Errorf("opening %s: %w", f.path, err)
				}
			}
			if pending {
				// An earlier wipe was cut short (a kill, a full disk):
				// finish it. Failing again keeps the marker for the next
				// open; it must not take the saved requests away.
				_ = compact(db, f.path)
			}
			return nil
		})
	}
	var d *damage
	switch {
	case errors.As(err, &d):
		// The operation that next uses the file moves it aside and says
		// so; this one has no way to tell the user.
		d.release()
		return nil
	case readOnly(err):
		return nil // reads work; a write says why it cannot
	}
	return err
}

// createBuckets creates the file's buckets that are missing.
func (f *dbFile) createBuckets(tx *bolt.Tx) error {
	for _, name := range f.buckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// create makes the file (0600) if there is none; empty says that it is
// (bbolt writes its first pages at the first write). Anything but a
// regular file is refused: open(2) of a named pipe waits for a writer.
func (f *dbFile) create() (empty bool, err error) {
	info, err := os.Stat(f.path)
	if err == nil {
		if !info.Mode().IsRegular() {
			return false, notRegular(f.path, info)
		}
		return info.Size() == 0, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("opening %s: %w", f.path, err)
	}
	fh, err := openRegular(f.path, os.O_RDWR|os.O_CREATE, 0o600)
	if readOnly(err) {
		return false, nil // nothing to read; a write says why it cannot
	}
	if err != nil {
		return false, fmt.Errorf("creating %s: %w", f.path, err)
	}
	return true, fh.Close()
}

// tighten takes away the permission bits of path beyond mode, if any are
// set; one already as tight (a read-only 0500 directory) is left as it
// is, its times too.
func tighten(path string, mode os.FileMode) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // not created (a read-only directory)
	}
	if err != nil {
		return err
	}
	if info.Mode().Perm()&^mode == 0 {
		return nil
	}
	return os.Chmod(path, mode)
}

// readOnly reports whether err says that the file or directory cannot be
// written.
func readOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// openRegular opens a file that must be a regular one, without waiting
// on a named pipe (O_NONBLOCK; a regular file ignores it).
func openRegular(name string, flag int, perm os.FileMode) (*os.File, error) {
	fh, err := os.OpenFile(name, flag|syscall.O_NONBLOCK, perm)
	if err != nil {
		return nil, err
	}
	info, err := fh.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = notRegular(name, info)
	}
	if err != nil {
		fh.Close()
		return nil, err
	}
	return fh, nil
}

// notRegular says that the database path is something why403 does not
// replace.
func notRegular(path string, info os.FileInfo) error {
	kind := "not a regular file"
	switch t := info.Mode().Type(); {
	case t&fs.ModeDir != 0:
		kind = "a directory"
	case t&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case t&fs.ModeSocket != 0:
		kind = "a socket"
	case t&fs.ModeDevice != 0:
		kind = "a device"
	}
	return fmt.Errorf("opening %s: it is %s, not a database file: move it away and why403 starts a fresh one", path, kind)
}

// resolveLink follows a symbolic link at path (a dotfiles manager makes
// them): a compaction renames its copy over the path, which would replace
// the link and leave the old bytes in its target.
func resolveLink(path string) string {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		return p
	}
	return path
}

// isSQLite reports whether the file at path is an SQLite database, as
// the first versions of the store wrote.
func isSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == "SQLite format 3\x00"
}

// do runs fn in a transaction (writable or not) on the file, opened for
// that transaction only. fn finds the buckets there, created if they went
// missing. A fn run again on a fresh file after damage starts afresh: it
// must set what it returns at its start.
func (f *dbFile) do(ctx context.Context, write bool, fn func(*bolt.Tx) error) error {
	return f.with(ctx, write, func(db *bolt.DB) error {
		if !write {
			return db.View(fn)
		}
		return db.Update(func(tx *bolt.Tx) error {
			if err := f.createBuckets(tx); err != nil {
				return err
			}
			return fn(tx)
		})
	})
}

// with opens the file, runs fn and closes it again, one operation of this
// Store at a time. A read opens it read-only (a shared lock, nothing
// written). On a damaged file fn runs again on a fresh one, and with
// returns a *DamagedError if all else went well.
func (f *dbFile) with(ctx context.Context, write bool, fn func(*bolt.DB) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return errors.New("the store is closed")
	}
	err := f.run(write, fn)
	if d, ok := err.(*damage); ok {
		return f.recoverDamage(d, write, fn)
	}
	return err
}

// run opens the file, runs fn and closes the file; a panic or fault in
// bbolt, or an error about the file's contents, comes back as *damage.
// A read of a file not there or empty finds nothing, without fn.
func (f *dbFile) run(write bool, fn func(*bolt.DB) error) error {
	info, err := os.Stat(f.path)
	switch {
	case err == nil && !info.Mode().IsRegular():
		return notRegular(f.path, info)
	case !write && (errors.Is(err, fs.ErrNotExist) || err == nil && info.Size() == 0):
		return nil
	case err != nil:
		info = nil
	}
	var held *os.File
	var db *bolt.DB
	err, panicked := guard(func() error {
		var err error
		if db, err = openDB(f.path, write, &held); err != nil {
			return err
		}
		// under bbolt's lock, so no writer is half-way through a commit
		if err := f.checkOnce(held); err != nil {
			return err
		}
		return fn(db)
	})
	if panicked {
		// bbolt may hold its own locks now: the database is left as it
		// is, its file closed once moved aside.
		return &damage{err: err, file: info, held: held}
	}
	if db != nil {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("closing %s: %w", f.path, cerr)
		}
	}
	if isDamage(err) || errors.Is(err, errPages) {
		if isSQLite(f.path) {
			return fmt.Errorf("opening %s: written by an earlier why403 (SQLite), which this one cannot read: move it away to start afresh", f.path)
		}
		return &damage{err: err, file: info}
	}
	return err
}

// openDB opens the database at path, read-only unless write, waiting up
// to lockTimeout for other processes to close it: fifty `why403 save`
// of one name at once each rewrite the file under the lock, and queue.
// The file it locks must still be the one at path: a compaction renames
// a new file over it while others wait on the old one's lock. held is set
// to the file bbolt opened, to be closed if bbolt panics.
func openDB(path string, write bool, held **os.File) (*bolt.DB, error) {
	deadline := time.Now().Add(lockTimeout)
	for attempt := 0; ; attempt++ {
		var opened *os.File
		wait := max(time.Until(deadline), 100*time.Millisecond)
		db, err := bolt.Open(path, 0o600, &bolt.Options{
			Timeout:  wait,
			ReadOnly: !write,
			OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
				fh, err := openRegular(name, flag, perm)
				if opened == nil && err == nil {
					opened, *held = fh, fh
				}
				return fh, err
			},
		})
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("%s is in use by another why403 (waited %v for it): %w", path, lockTimeout, err)
		}
		if err != nil {
			return nil, fmt.Errorf("opening %s: %w", path, err)
		}
		if same, err := isFileAt(opened, path); same || err != nil {
			if err != nil {
				db.Close()
				return nil, fmt.Errorf("opening %s: %w", path, err)
			}
			return db, nil
		}
		db.Close()
		// each replace of the file is another process's turn: bounded by
		// the deadline, and by a count for a file replaced without end
		if attempt >= 10000 || time.Now().After(deadline) {
			return nil, fmt.Errorf("opening %s: the file kept being replaced while waiting for it (%v)", path, lockTimeout)
		}
	}
}

// isFileAt reports whether f is the file now at path (not one renamed
// over since it was opened).
func isFileAt(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}

// compactionInfix names the copy compact writes next to the database.
const compactionInfix = ".compact-"

// compact rewrites the database at path from its live data only, so that
// the bytes of replaced and deleted values (bbolt frees pages without
// zeroing them) leave the file: a fresh copy (0600, same directory),
// fsynced, renamed over the original. db is the open database, whose lock
// is held until the copy is in place so that no other process writes in
// between; the caller closes it (closing twice is harmless).
func compact(db *bolt.DB, path string) (err error) {
	dir := filepath.Dir(path)
	removeCompactionLeftovers(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+compactionInfix+"*")
	if err != nil {
		return err
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmpPath)
		}
	}()
	if err := os.Chmod(tmpPath, 0o600); err != nil {
		return err
	}
	// Synced once at the end rather than at each commit.
	dst, err := bolt.Open(tmpPath, 0o600, &bolt.Options{Timeout: lockTimeout, NoSync: true})
	if err != nil {
		return err
	}
	if err := bolt.Compact(dst, db, 0); err != nil {
		dst.Close()
		return err
	}
	err = dst.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(wipeBucket); err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return err
		}
		return nil
	})
	if err == nil {
		// through bbolt's own handle: Windows syncs only a writable one
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if runtime.GOOS == "windows" {
		// Windows renames over no open file: close first (a writer that
		// gets in between loses its write to the rename).
		db.Close()
	}
	if err := os.Rename(tmpPath, path); err != nil {
		return err
	}
	// The rename itself survives a power cut once the directory is synced;
	// some systems cannot sync a directory, and a kill does not need it.
	if runtime.GOOS != "windows" {
		_ = syncPath(dir)
	}
	return nil
}

// markWipe records, in the transaction that replaces or deletes a saved
// request, that the file must be compacted (see wipeBucket).
func markWipe(tx *bolt.Tx) error {
	b, err := tx.CreateBucketIfNotExists(wipeBucket)
	if err != nil {
		return err
	}
	return b.Put([]byte("pending"), []byte{1})
}

// WipeError says that a change was stored but the file may still hold the
// earlier version's bytes; the compaction is retried when the store next
// opens. Callers report it as a warning: the change itself is done.
type WipeError struct {
	Path string
	Err  error
}

func (e *WipeError) Error() string {
	return fmt.Sprintf("the earlier version could not be wiped from %s yet (retried when why403 next opens it): %v", e.Path, e.Err)
}

func (e *WipeError) Unwrap() error { return e.Err }

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeCompactionLeftovers removes the copies of path that a process
// killed while compacting left behind. Only to be called with the lock on
// path held: then no compaction is under way.
func removeCompactionLeftovers(path string) {
	ents, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return
	}
	prefix := filepath.Base(path) + compactionInfix
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			os.Remove(filepath.Join(filepath.Dir(path), e.Name()))
		}
	}
}

// key is a history key: the bucket's sequence, big-endian, so that keys
// sort in the order the entries were added.
func key(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }
