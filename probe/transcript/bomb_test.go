package transcript

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"
)

// A gzip bomb in a capture is named as one, not only "truncated".
func TestBombInCaptureIsWarned(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(make([]byte, 4<<20)) // 4 MiB of zeros, about 4 KiB compressed
	zw.Close()
	capture := fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", z.Len()) + z.String()
	c, err := Parse([]byte(capture), Limits{Body: 1 << 20})
	if err != nil || len(c.Entries) != 1 {
		t.Fatalf("err %v entries %d", err, len(c.Entries))
	}
	ex := c.Entries[0].Exchange
	if ex.Response == nil || !ex.Response.Truncated {
		t.Fatalf("response %+v", ex.Response)
	}
	if w := strings.Join(ex.Warnings, "\n"); !strings.Contains(w, "decompression bomb") {
		t.Fatalf("warnings %q", ex.Warnings)
	}
}
