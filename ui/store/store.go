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
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
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

// lockTimeout is how long an operation waits for another process (or
// Store) to close a database before giving up. A variable for tests.
var lockTimeout = 2 * time.Second

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
// either if it was loosened, and the buckets.
func (f *dbFile) prepare() error {
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	// The why403 directory is ours: tighten it if someone loosened it.
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	fh, err := os.OpenFile(f.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening %s: %w", f.path, err)
	}
	fh.Close()
	// the file exists now, a link's target too (creating followed it)
	f.path = resolveLink(f.path)
	if err := os.Chmod(f.path, 0o600); err != nil {
		return fmt.Errorf("making %s private: %w", f.path, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	db, err := openDB(f.path)
	if err != nil {
		if isSQLite(f.path) {
			return fmt.Errorf("opening %s: written by an earlier why403 (SQLite), which this one cannot read: move it away to start afresh", f.path)
		}
		return err
	}
	defer db.Close()
	// Under the lock no compaction is under way: any copy left is from a
	// process killed while compacting.
	removeCompactionLeftovers(f.path)
	// A write transaction ends in an fsync even when it changes nothing:
	// look first, so that an ordinary start writes nothing.
	missing, pending := false, false
	if err := db.View(func(tx *bolt.Tx) error {
		for _, name := range f.buckets {
			missing = missing || tx.Bucket(name) == nil
		}
		pending = tx.Bucket(wipeBucket) != nil
		return nil
	}); err != nil {
		return fmt.Errorf("opening %s: %w", f.path, err)
	}
	if pending {
		// An earlier wipe was cut short (a kill, a full disk): finish it.
		// Failing again keeps the marker for the next open; it must not
		// take the saved requests away.
		if compact(db, f.path) == nil {
			return nil // a marker is only set where the buckets exist
		}
	}
	if !missing {
		return nil
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range f.buckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("opening %s: %w", f.path, err)
	}
	return nil
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
// missing.
func (f *dbFile) do(ctx context.Context, write bool, fn func(*bolt.Tx) error) error {
	return f.with(ctx, func(db *bolt.DB) error {
		if !write {
			return db.View(fn)
		}
		return db.Update(func(tx *bolt.Tx) error {
			for _, name := range f.buckets {
				if _, err := tx.CreateBucketIfNotExists(name); err != nil {
					return err
				}
			}
			return fn(tx)
		})
	})
}

// with opens the file, runs fn and closes it again, one operation of this
// Store at a time.
func (f *dbFile) with(ctx context.Context, fn func(*bolt.DB) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return errors.New("the store is closed")
	}
	db, err := openDB(f.path)
	if err != nil {
		return err
	}
	err = fn(db)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing %s: %w", f.path, cerr)
	}
	return err
}

// openDB opens the database at path, waiting up to lockTimeout for
// another process to close it. The file it locks must still be the one at
// path: a compaction renames a new file over it while others wait on the
// old one's lock.
func openDB(path string) (*bolt.DB, error) {
	deadline := time.Now().Add(lockTimeout)
	for attempt := 0; ; attempt++ {
		var opened *os.File
		wait := max(time.Until(deadline), 100*time.Millisecond)
		db, err := bolt.Open(path, 0o600, &bolt.Options{
			Timeout: wait,
			OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
				fh, err := os.OpenFile(name, flag, perm)
				if opened == nil {
					opened = fh
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
		if attempt >= 20 || time.Now().After(deadline) {
			return nil, fmt.Errorf("opening %s: the file kept being replaced while waiting for it", path)
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
