package lab

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// maxBytesBody caps /bytes so that a typo cannot stream forever.
const maxBytesBody = 4 << 30

// bytesBody streams ?size= bytes of text (default 1 MiB, at most 4 GiB),
// for measuring how why403 handles bodies larger than its memory cap.
func (l *Lab) bytesBody(w http.ResponseWriter, r *http.Request) {
	size := int64(1 << 20)
	if s := r.URL.Query().Get("size"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > maxBytesBody {
			http.Error(w, fmt.Sprintf("size must be 0..%d bytes", maxBytesBody), http.StatusBadRequest)
			return
		}
		size = n
	}
	// A big body outlives the server's WriteTimeout; extend it for this
	// response only.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(10 * time.Minute))
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = 'a' + byte(i%26)
		if i%64 == 63 {
			chunk[i] = '\n'
		}
	}
	for size > 0 {
		n := min(size, int64(len(chunk)))
		if _, err := w.Write(chunk[:n]); err != nil {
			return // the client went away
		}
		size -= n
	}
}
