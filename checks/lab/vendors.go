package lab

import (
	"crypto/rand"
	"encoding/hex"
	"mime"
	"net/http"
	"strings"
)

// Routes in the manner of real vendors and stacks, one file each
// (vendor_*.go, stack_*.go). Each keeps the vendor's headers, status codes
// and page structure (the markers diagnosis relies on) and applies a real
// rule to the real request; the wording of the pages is the lab's own. The
// routes of the causes beyond the common eleven also accept the request
// once the cause is removed. What follows are the helpers they share.

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func randomHex(n int) string {
	return hex.EncodeToString(randomBytes((n + 1) / 2))[:n]
}

func randomDigits(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

func randomUUID() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// accepts reports whether the Accept header names the media type.
func accepts(r *http.Request, mediaType string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == mediaType {
			return true
		}
	}
	return false
}
