package probe

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
)

// bodySource is where a request body comes from. A file is opened at send
// time and streamed, never read into memory; it can be sent again (for a
// 307/308) only when it is a regular file.
type bodySource struct {
	data []byte
	file string
	// once is set after the first open of a file that cannot be re-read
	// (a pipe, a FIFO, /dev/stdin).
	once bool
}

// open returns the body, its length (-1 when unknown, e.g. a pipe) and
// whether it can be opened again.
func (b *bodySource) open() (io.ReadCloser, int64, error) {
	if b.file == "" {
		return io.NopCloser(bytes.NewReader(b.data)), int64(len(b.data)), nil
	}
	f, err := os.Open(b.file)
	if err != nil {
		return nil, 0, fmt.Errorf("opening the body file: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("reading the body file: %w", err)
	}
	if !st.Mode().IsRegular() {
		b.once = true
		return f, -1, nil
	}
	return f, st.Size(), nil
}

// replayable reports whether the body can be sent again.
func (b *bodySource) replayable() bool {
	return b == nil || b.file == "" || !b.once
}

// sentBody wraps the body being written: it keeps the first max bytes for
// the record, counts everything, and reports progress to the watchdog. The
// lock is for snapshot: net/http's HTTP/2 writer may still be reading when
// the attempt is recorded.
type sentBody struct {
	r        io.Reader
	max      int64
	progress func(int)

	mu   sync.Mutex
	kept []byte
	n    int64
}

func (s *sentBody) snapshot() ([]byte, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kept, s.n
}

func (s *sentBody) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if n > 0 {
		if room := s.max - int64(len(s.kept)); room > 0 {
			s.kept = append(s.kept, p[:min(int64(n), room)]...)
		}
		s.n += int64(n)
		if s.progress != nil {
			s.progress(n)
		}
	}
	return n, err
}
