// Package store keeps what why403 remembers between runs: requests saved
// under a name and the history of sends. Both live in SQLite databases
// (modernc.org/sqlite, pure Go) in the user's own directories, readable
// by the user only, in WAL mode so that a process killed mid-write loses
// at most that write and never corrupts the file. Secrets are not written
// unless the user asks: a saved request keeps no token (or only a
// reference to where it lives), and history keeps requests masked.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
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

// Store is the open pair of databases. Its methods are safe to call from
// several goroutines (tea.Cmds).
type Store struct {
	saved, history *sql.DB
	savedPath      string
	historyPath    string
	maxEntries     int
	maxBytes       int64
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

// OpenWith opens the store as opts say.
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
	var err error
	s.savedPath = filepath.Join(opts.ConfigDir, SavedFile)
	if s.saved, err = openDB(s.savedPath, savedSchema); err != nil {
		return nil, err
	}
	s.historyPath = filepath.Join(opts.StateDir, HistoryFile)
	if s.history, err = openDB(s.historyPath, historySchema); err != nil {
		s.saved.Close()
		return nil, err
	}
	return s, nil
}

// Close closes both databases.
func (s *Store) Close() error {
	return errors.Join(s.saved.Close(), s.history.Close())
}

// Paths are the two database files, for messages.
func (s *Store) Paths() (saved, history string) { return s.savedPath, s.historyPath }

// IntegrityCheck runs SQLite's own check on both databases and returns
// nil when both answer "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	for _, db := range []struct {
		path string
		db   *sql.DB
	}{{s.savedPath, s.saved}, {s.historyPath, s.history}} {
		var res string
		if err := db.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
			return fmt.Errorf("checking %s: %w", db.path, err)
		}
		if res != "ok" {
			return fmt.Errorf("checking %s: %s", db.path, res)
		}
	}
	return nil
}

const savedSchema = `CREATE TABLE IF NOT EXISTS requests (
	name     TEXT PRIMARY KEY,
	saved_at INTEGER NOT NULL,
	request  TEXT NOT NULL
)`

const historySchema = `CREATE TABLE IF NOT EXISTS history (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	at      INTEGER NOT NULL,
	request TEXT NOT NULL,
	status  INTEGER NOT NULL,
	reason  TEXT NOT NULL,
	took_ns INTEGER NOT NULL,
	err     TEXT NOT NULL,
	likely  TEXT NOT NULL,
	stack   TEXT NOT NULL,
	size    INTEGER NOT NULL
)`

// openDB creates the directory (0700) and the file (0600) before SQLite
// sees them, so that SQLite's own files (-wal, -shm), which take the
// database file's mode, are private too.
func openDB(path, schema string) (*sql.DB, error) {
	if strings.ContainsAny(path, "?#") {
		// the driver reads what follows '?' as its own parameters
		return nil, fmt.Errorf("opening %s: the path may not contain '?' or '#'", path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	// The why403 directory is ours: tighten it if someone loosened it.
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("making %s private: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("making %s private: %w", p, err)
		}
	}
	// WAL with synchronous=NORMAL: a killed process loses at most the
	// transaction it was writing, never the file (a power cut may lose the
	// last commits, still without corruption). Incremental auto-vacuum
	// gives back the pages of trimmed history; secure_delete zeroes what
	// is deleted, so a secret saved once and then replaced is gone.
	dsn := path + "?_busy_timeout=5000&_auto_vacuum=INCREMENTAL&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate&_pragma=secure_delete(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// One connection: the app's commands queue on it instead of meeting
	// SQLITE_BUSY; other processes wait on busy_timeout.
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	return db, nil
}
