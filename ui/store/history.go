package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

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

// historyRecord is the JSON kept for an entry, under its key (the
// bucket's sequence); its size is also kept in the sizes bucket. Request
// is a storedRequest, decoded apart so that an entry a later version
// wrote in a shape this one cannot read is skipped, not an error.
type historyRecord struct {
	At      int64           `json:"at"`
	Request json.RawMessage `json:"request"`
	Status  int             `json:"status"`
	Reason  string          `json:"reason"`
	TookNS  int64           `json:"took_ns"`
	Err     string          `json:"err"`
	Likely  string          `json:"likely"`
	Stack   string          `json:"stack"`
	Size    int64           `json:"size"`
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
	size := len(b) + len(e.Reason) + len(e.Err) + len(e.Likely) + len(e.Stack)
	val, err := json.Marshal(historyRecord{
		At: at.UnixNano(), Request: b, Status: e.Status, Reason: e.Reason, TookNS: int64(e.Took),
		Err: e.Err, Likely: e.Likely, Stack: e.Stack, Size: int64(size),
	})
	if err != nil {
		return fmt.Errorf("recording the send: %w", err)
	}
	err = s.history.do(ctx, true, func(tx *bolt.Tx) error {
		h, sz := tx.Bucket(historyBucket), tx.Bucket(sizesBucket)
		id, err := h.NextSequence()
		if err != nil {
			return err
		}
		k := key(id)
		if err := h.Put(k, val); err != nil {
			return err
		}
		if err := sz.Put(k, binary.BigEndian.AppendUint64(nil, uint64(size))); err != nil {
			return err
		}
		return s.trim(h, sz)
	})
	dmg, err := damaged(err)
	if err != nil {
		return fmt.Errorf("recording the send in %s: %w", s.history.path, err)
	}
	return alsoDamaged(nil, dmg)
}

// trim keeps the newest maxEntries, and of those no more than maxBytes
// counted from the newest; the newest entry always stays. Both counts
// only grow going back, so what goes is everything from the first entry
// over either bound back to the oldest. bbolt reuses the freed pages for
// later entries, so the file stays about the size of what is kept.
func (s *Store) trim(h, sz *bolt.Bucket) error {
	c := sz.Cursor()
	var n int
	var total int64
	var cut []byte
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		n++
		total += sizeOf(v)
		if n > 1 && (n > s.maxEntries || total > s.maxBytes) {
			cut = k
			break
		}
	}
	if cut == nil {
		return nil
	}
	var gone [][]byte
	for k, _ := c.First(); k != nil && string(k) <= string(cut); k, _ = c.Next() {
		gone = append(gone, slices.Clone(k))
	}
	for _, k := range gone {
		if err := h.Delete(k); err != nil {
			return err
		}
		if err := sz.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// History returns the newest limit sends, oldest first (the order they
// are shown in); limit <= 0 means all that are kept.
func (s *Store) History(ctx context.Context, limit int) ([]Entry, error) {
	var out []Entry
	err := s.history.do(ctx, false, func(tx *bolt.Tx) error {
		out = nil
		h := tx.Bucket(historyBucket)
		if h == nil {
			return nil
		}
		c := h.Cursor()
		n := 0
		for k, v := c.Last(); k != nil && (limit <= 0 || n < limit); k, v = c.Prev() {
			var hr historyRecord
			var rec storedRequest
			if json.Unmarshal(v, &hr) != nil || json.Unmarshal(hr.Request, &rec) != nil {
				continue // an entry written by a future version we cannot read
			}
			n++
			out = append(out, Entry{
				ID: int64(binary.BigEndian.Uint64(k)), At: time.Unix(0, hr.At),
				Request: rec.toRequest(), Secret: rec.Secret,
				Status: hr.Status, Reason: hr.Reason, Took: time.Duration(hr.TookNS),
				Err: hr.Err, Likely: hr.Likely, Stack: hr.Stack,
			})
		}
		return nil
	})
	dmg, err := damaged(err)
	if err != nil {
		return nil, fmt.Errorf("reading the history in %s: %w", s.history.path, err)
	}
	slices.Reverse(out)
	return out, alsoDamaged(nil, dmg)
}

// HistoryBytes is the size counted against the bound, for tests and
// messages.
func (s *Store) HistoryBytes(ctx context.Context) (entries int, bytes int64, err error) {
	err = s.history.do(ctx, false, func(tx *bolt.Tx) error {
		entries, bytes = 0, 0
		sz := tx.Bucket(sizesBucket)
		if sz == nil {
			return nil
		}
		return sz.ForEach(func(_, v []byte) error {
			entries++
			bytes += sizeOf(v)
			return nil
		})
	})
	dmg, err := damaged(err)
	if err != nil {
		err = fmt.Errorf("measuring the history in %s: %w", s.history.path, err)
	}
	return entries, bytes, alsoDamaged(err, dmg)
}

// sizeOf reads a size from the sizes bucket (IntegrityCheck reports one
// that is not 8 bytes).
func sizeOf(v []byte) int64 {
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}
