package probe

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

func encode(t *testing.T, enc string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	var w io.WriteCloser
	switch enc {
	case "gzip":
		w = gzip.NewWriter(&b)
	case "zlib":
		w = zlib.NewWriter(&b)
	case "rawdeflate":
		w, _ = flate.NewWriter(&b, flate.DefaultCompression)
	case "br":
		w = brotli.NewWriter(&b)
	case "zstd":
		zw, err := zstd.NewWriter(&b)
		if err != nil {
			t.Fatal(err)
		}
		w = zw
	default:
		t.Fatalf("unknown encoding %s", enc)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encodedServer serves body with the given Content-Encoding and reports
// the Accept-Encoding it was asked with.
func encodedServer(t *testing.T, coding string, body []byte, asked chan<- string) string {
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if asked != nil {
			asked <- r.Header.Get("Accept-Encoding")
		}
		if coding != "" {
			w.Header().Set("Content-Encoding", coding)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	return srv.URL
}

func TestDecodeContentEncodings(t *testing.T) {
	plain := []byte(strings.Repeat("why403 decodes what it asked for. ", 3000))
	cases := []struct{ encoder, header string }{
		{"gzip", "gzip"}, {"zlib", "deflate"}, {"rawdeflate", "deflate"}, {"br", "br"}, {"zstd", "zstd"},
	}
	for _, c := range cases {
		wire := encode(t, c.encoder, plain)
		asked := make(chan string, 1)
		u := encodedServer(t, c.header, wire, asked)
		ex := Send(context.Background(), Request{URL: u, Compressed: true, Timeouts: quick()})
		mustOK(t, ex)
		r := ex.Response
		if !bytes.Equal(r.Body, plain) || r.BodySize != int64(len(plain)) || r.WireSize != int64(len(wire)) ||
			r.ContentEncoding != c.header || r.DecodeError != "" || r.Truncated {
			t.Errorf("%s: body %d bytes (size %d, wire %d, enc %q, err %q)", c.encoder, len(r.Body), r.BodySize, r.WireSize, r.ContentEncoding, r.DecodeError)
		}
		if a := <-asked; a != compressedAccept {
			t.Errorf("%s: server was asked Accept-Encoding %q", c.encoder, a)
		}
		if !hasHeader(ex.Request.Headers, "Accept-Encoding", compressedAccept) {
			t.Errorf("%s: wire record lacks Accept-Encoding: %v", c.encoder, ex.Request.Headers)
		}
	}
}

// The user's own Accept-Encoding means "decode for me" too; stacked codings
// are undone in reverse order.
func TestDecodeUserAcceptEncodingStacked(t *testing.T) {
	plain := []byte(strings.Repeat("stacked ", 500))
	wire := encode(t, "br", encode(t, "gzip", plain))
	u := encodedServer(t, "gzip, br", wire, nil)
	ex := Send(context.Background(), Request{URL: u, Headers: []Header{{"Accept-Encoding", "gzip, br"}}, Timeouts: quick()})
	mustOK(t, ex)
	if !bytes.Equal(ex.Response.Body, plain) || ex.Response.ContentEncoding != "gzip, br" {
		t.Fatalf("body %q enc %q err %q", ex.Response.Body[:min(20, len(ex.Response.Body))], ex.Response.ContentEncoding, ex.Response.DecodeError)
	}
}

// Not asked for compression: the body is shown as received, with a warning.
func TestUnaskedEncodingKeptRaw(t *testing.T) {
	wire := encode(t, "gzip", []byte("hello"))
	u := encodedServer(t, "gzip", wire, nil)
	ex := Send(context.Background(), Request{URL: u, Timeouts: quick()})
	mustOK(t, ex)
	if !bytes.Equal(ex.Response.Body, wire) || ex.Response.ContentEncoding != "" {
		t.Fatalf("body %q", ex.Response.Body)
	}
	if !strings.Contains(strings.Join(ex.Warnings, "\n"), "no compression was asked for") {
		t.Fatalf("warnings %q", ex.Warnings)
	}
}

// A body that does not decode: DecodeError, and the raw bytes as Body.
func TestDecodeErrorKeepsRawBytes(t *testing.T) {
	wire := []byte("this is not gzip at all")
	u := encodedServer(t, "gzip", wire, nil)
	ex := Send(context.Background(), Request{URL: u, Compressed: true, Timeouts: quick()})
	mustOK(t, ex)
	r := ex.Response
	if r.DecodeError == "" || !bytes.Equal(r.Body, wire) || r.BodySize != int64(len(wire)) {
		t.Fatalf("decode error %q body %q size %d", r.DecodeError, r.Body, r.BodySize)
	}
	// Truncated gzip: the decoded part is replaced by the raw bytes too.
	full := encode(t, "gzip", bytes.Repeat([]byte("abc"), 10000))
	cut := full[:len(full)-10]
	u = encodedServer(t, "gzip", cut, nil)
	ex = Send(context.Background(), Request{URL: u, Compressed: true, Timeouts: quick()})
	mustOK(t, ex)
	if ex.Response.DecodeError == "" || !bytes.Equal(ex.Response.Body, cut) {
		t.Fatalf("truncated gzip: decode error %q, %d body bytes", ex.Response.DecodeError, len(ex.Response.Body))
	}
}

// A 64 MiB body with a 1 MiB cap: 1 MiB kept, the size exact, and the heap
// stays small while it streams (FACTS 2.2: io.ReadAll peaks at ~2x).
func TestBigBodyTruncatedWithBoundedMemory(t *testing.T) {
	const size = 64 << 20
	const cap = 1 << 20
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(size))
		buf := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KiB
		for range size / len(buf) {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}))
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for range 30000 { // at most a minute
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	ex := Send(context.Background(), Request{URL: srv.URL, MaxBodyBytes: cap, Timeouts: quick()})
	close(stop)
	<-done
	mustOK(t, ex)
	r := ex.Response
	if len(r.Body) != cap || r.BodySize != size || !r.Truncated {
		t.Fatalf("kept %d, size %d, truncated %v", len(r.Body), r.BodySize, r.Truncated)
	}
	grow := int64(peak.Load()) - int64(base.HeapInuse)
	t.Logf("64 MiB body, 1 MiB cap: heap in use grew by at most %.1f MiB", float64(grow)/(1<<20))
	if grow > 16<<20 {
		t.Fatalf("heap grew by %d bytes while streaming", grow)
	}
}

// A decompression bomb: decoding stops at 64x the body cap and says so; a
// body that decodes completely at a ratio above 100:1 is flagged too.
func TestDecompressionBomb(t *testing.T) {
	member := encode(t, "gzip", make([]byte, 1<<20)) // ~1 KiB
	// Concatenated gzip members decode as one stream: 16 MiB of zeros.
	wire := bytes.Repeat(member, 16)

	const cap = 4 << 10
	u := encodedServer(t, "gzip", wire, nil)
	ex := Send(context.Background(), Request{URL: u, Compressed: true, MaxBodyBytes: cap, Timeouts: quick()})
	mustOK(t, ex)
	r := ex.Response
	if len(r.Body) != cap || r.BodySize != decodeFactor*cap || !r.Truncated {
		t.Fatalf("kept %d, decoded %d, truncated %v", len(r.Body), r.BodySize, r.Truncated)
	}
	if w := strings.Join(ex.Warnings, "\n"); !strings.Contains(w, "stopped decoding") || !strings.Contains(w, "decompression bomb") {
		t.Fatalf("warnings %q", ex.Warnings)
	}

	ex = Send(context.Background(), Request{URL: u, Compressed: true, MaxBodyBytes: 1 << 20, Timeouts: quick()})
	mustOK(t, ex)
	r = ex.Response
	if r.BodySize != 16<<20 || r.WireSize != int64(len(wire)) {
		t.Fatalf("decoded %d wire %d", r.BodySize, r.WireSize)
	}
	if w := strings.Join(ex.Warnings, "\n"); !strings.Contains(w, "decompression ratio") {
		t.Fatalf("warnings %q", ex.Warnings)
	}
}

// HEAD (and 204/304) carry Content-Encoding but no body: nothing to decode.
func TestDecodeNoBody(t *testing.T) {
	wire := encode(t, "gzip", []byte("hello"))
	u := encodedServer(t, "gzip", wire, nil)
	ex := Send(context.Background(), Request{Method: "HEAD", URL: u, Compressed: true, Timeouts: quick()})
	mustOK(t, ex)
	if ex.Response.DecodeError != "" || ex.Response.BodySize != 0 || ex.Response.Get("Content-Length") != strconv.Itoa(len(wire)) {
		t.Fatalf("%+v", ex.Response)
	}
}
