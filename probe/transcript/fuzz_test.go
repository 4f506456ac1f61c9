package transcript

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDetectAndRead feeds arbitrary bytes to the reader: it must not panic,
// must keep every body within the limit, and a success must hold entries
// numbered from 1. The seed corpus is testdata/fuzz/FuzzDetectAndRead
// plus every recording in testdata.
func FuzzDetectAndRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	const maxBody = 1 << 12
	f.Fuzz(func(t *testing.T, data []byte) {
		format := Detect(data)
		c, err := Parse(data, Limits{Input: 1 << 20, Body: maxBody})
		if err != nil {
			return
		}
		if format == "" || c.Format == "" {
			t.Fatalf("parsed as %q although Detect said %q", c.Format, format)
		}
		if len(c.Entries) == 0 {
			t.Fatal("success without entries")
		}
		for i, e := range c.Entries {
			if e.Index != i+1 {
				t.Fatalf("entry %d has index %d", i+1, e.Index)
			}
			if r := e.Exchange.Response; r != nil {
				if len(r.Body) > maxBody || int64(len(r.Body)) > r.BodySize && !r.Truncated && r.BodySize >= 0 {
					t.Fatalf("entry %d: body %d bytes, size %d, limit %d", i+1, len(r.Body), r.BodySize, maxBody)
				}
				if r.Status < 100 || r.Status > 999 {
					t.Fatalf("entry %d: status %d", i+1, r.Status)
				}
			}
			if len(e.Request.Body) > maxBody {
				t.Fatalf("entry %d: request body %d bytes", i+1, len(e.Request.Body))
			}
		}
	})
}
