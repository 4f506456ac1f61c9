package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// loopedHistory writes a history.db whose history bucket is a B+tree of
// several pages, then points its root branch's first child back at the
// root itself: a loop bbolt would walk for ever.
func loopedHistory(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, HistoryFile)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{historyBucket, sizesBucket} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		b := tx.Bucket(historyBucket)
		for i := 0; i < 3000; i++ {
			if err := b.Put([]byte(fmt.Sprintf("%020d", i)), []byte(strings.Repeat("x", 64))); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = db.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(historyBucket).Root()); return nil })
	}
	pageSize := int64(db.Info().PageSize)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := make([]byte, pageHeader+elementSize)
	if _, err := f.ReadAt(head, int64(root)*pageSize); err != nil {
		t.Fatal(err)
	}
	if binary.NativeEndian.Uint16(head[8:])&branchFlag == 0 {
		t.Fatal("the bucket's root is not a branch page: the test shows nothing")
	}
	binary.NativeEndian.PutUint64(head[pageHeader+8:], root) // first child := the root
	if _, err := f.WriteAt(head[pageHeader+8:pageHeader+16], int64(root)*pageSize+pageHeader+8); err != nil {
		t.Fatal(err)
	}
}

// A loop of pages is refused by checkPages, and the store moves the file
// aside instead of bbolt going round it for ever.
func TestPageLoopIsDamage(t *testing.T) {
	dir := t.TempDir()
	loopedHistory(t, dir)
	f, err := os.Open(filepath.Join(dir, HistoryFile))
	if err != nil {
		t.Fatal(err)
	}
	err = checkPages(f)
	f.Close()
	if !errors.Is(err, errPages) || !strings.Contains(err.Error(), "twice") {
		t.Fatalf("checkPages = %v, want a loop named", err)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan error, 1)
	go func() { _, err := s.History(context.Background(), 0); done <- err }()
	select {
	case err := <-done:
		var d *DamagedError
		if !errors.As(err, &d) {
			t.Fatalf("History = %v, want the damage moved aside", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("reading a looped history did not end")
	}
}

// A sound file passes, and is walked once while it stays unchanged.
func TestSoundFilePasses(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for i := 0; i < 50; i++ {
		if err := s.AddHistory(ctx, Entry{Status: 403}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(filepath.Join(dir, HistoryFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := checkPages(f); err != nil {
		t.Fatalf("checkPages on a sound file: %v", err)
	}
}
