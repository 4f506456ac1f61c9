package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/why403/why403/probe"
)

// Entry is one send in the history.
type Entry struct {
	ID int64
	At time.Time
	// Request is masked by AddHistory before it is written (see Masked):
	// what History returns is never sendable as is; WithoutSecrets makes
	// it a request to edit.
	Request probe.Request
	// Secret names the headers that carry a secret whatever their name.
	Secret []string
	Status int
	Reason string
	Took   time.Duration
	// Err is the failure when no response came ("connect: refused").
	Err string
	// Likely is the most likely cause, Stack the server or vendor seen.
	Likely string
	Stack  string
}

// AddHistory records a send, masked, and trims the history to its bound
// in the same transaction, so that a kill leaves either both or neither.
func (s *Store) AddHistory(ctx context.Context, e Entry) error {
	var rec storedRequest
	rec.Version = 1
	rec.Secret = e.Secret
	rec.fromRequest(Masked(e.Request, e.Secret...))
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	at := e.At
	if at.IsZero() {
		at = time.Now()
	}
	tx, err := s.history.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("recording the send in %s: %w", s.historyPath, err)
	}
	defer tx.Rollback()
	size := len(b) + len(e.Reason) + len(e.Err) + len(e.Likely) + len(e.Stack)
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO history (at, request, status, reason, took_ns, err, likely, stack, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		at.UnixNano(), string(b), e.Status, e.Reason, int64(e.Took), e.Err, e.Likely, e.Stack, size); err != nil {
		return fmt.Errorf("recording the send in %s: %w", s.historyPath, err)
	}
	// Keep the newest maxEntries, and of those no more than maxBytes
	// counted from the newest; the newest entry always stays.
	if _, err := tx.ExecContext(ctx,
		`DELETE FROM history WHERE id IN (
			SELECT id FROM (
				SELECT id,
					ROW_NUMBER() OVER (ORDER BY id DESC) AS n,
					SUM(size) OVER (ORDER BY id DESC) AS total
				FROM history)
			WHERE n > 1 AND (n > ? OR total > ?))`,
		s.maxEntries, s.maxBytes); err != nil {
		return fmt.Errorf("trimming the history in %s: %w", s.historyPath, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("recording the send in %s: %w", s.historyPath, err)
	}
	// Give the freed pages back to the file system; a failure here costs
	// disk space, not data.
	_, _ = s.history.ExecContext(ctx, `PRAGMA incremental_vacuum`)
	return nil
}

// History returns the newest limit sends, oldest first (the order they
// are shown in); limit <= 0 means all that are kept.
func (s *Store) History(ctx context.Context, limit int) ([]Entry, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.history.QueryContext(ctx,
		`SELECT id, at, request, status, reason, took_ns, err, likely, stack FROM
			(SELECT * FROM history ORDER BY id DESC LIMIT ?) ORDER BY id`, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the history in %s: %w", s.historyPath, err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at, took int64
		var body string
		if err := rows.Scan(&e.ID, &at, &body, &e.Status, &e.Reason, &took, &e.Err, &e.Likely, &e.Stack); err != nil {
			return nil, fmt.Errorf("reading the history in %s: %w", s.historyPath, err)
		}
		var rec storedRequest
		if err := json.Unmarshal([]byte(body), &rec); err != nil {
			continue // an entry written by a future version we cannot read
		}
		e.At, e.Took = time.Unix(0, at), time.Duration(took)
		e.Request, e.Secret = rec.toRequest(), rec.Secret
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the history in %s: %w", s.historyPath, err)
	}
	return out, nil
}

// HistoryBytes is the size counted against the bound, for tests and
// messages.
func (s *Store) HistoryBytes(ctx context.Context) (entries int, bytes int64, err error) {
	err = s.history.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(size), 0) FROM history`).Scan(&entries, &bytes)
	if err != nil {
		err = fmt.Errorf("measuring the history in %s: %w", s.historyPath, err)
	}
	return entries, bytes, err
}
