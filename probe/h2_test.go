package probe

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
)

// flood103 answers with 103 Early Hints in a loop, bounded by count and
// time, and stops when the client goes away.
func flood103(n int, every time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		deadline := time.Now().Add(10 * time.Second)
		for range n {
			if r.Context().Err() != nil || time.Now().After(deadline) {
				return
			}
			w.Header().Set("Link", "</style.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			if every > 0 {
				time.Sleep(every)
			}
		}
		w.WriteHeader(http.StatusForbidden)
	}
}

// An HTTP/2 server that sends endless 103 responses is cut off after 20,
// as on HTTP/1.1, with a bounded number of warnings.
func TestH2InformationalFlood(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, flood103(10000, 0), true, nil)
	start := time.Now()
	ex := send(t, context.Background(), Request{URL: srv.URL + "/", TLS: TLSOptions{CAFile: l.caFile}, Timeouts: quick()})
	took := time.Since(start)
	if ex.TLS == nil || ex.TLS.ALPN != "h2" {
		t.Fatalf("not HTTP/2: %+v", ex.TLS)
	}
	if ex.Err == nil || ex.Err.Phase != PhaseHeaders || ex.Err.Message != "the server sent more than 20 informational (1xx) responses" {
		t.Fatalf("err %+v", ex.Err)
	}
	if ex.Response != nil {
		t.Fatalf("response %+v", ex.Response)
	}
	if n := len(ex.Warnings); n > 21 {
		t.Fatalf("%d warnings, want at most 21", n)
	}
	if took > 3*time.Second {
		t.Fatalf("took %s", took)
	}
}

// Slow informational responses do not hold the exchange past -m.
func TestH2InformationalHonoursTotal(t *testing.T) {
	l := newLab(t)
	srv := l.tlsServer(t, flood103(15, 100*time.Millisecond), true, nil)
	to := quick()
	to.Total = 400 * time.Millisecond
	start := time.Now()
	ex := send(t, context.Background(), Request{URL: srv.URL + "/", TLS: TLSOptions{CAFile: l.caFile}, Timeouts: to})
	took := time.Since(start)
	expectTimeout(t, ex, "total limit of 400ms")
	if !strings.Contains(ex.Err.Message, "waiting for the response headers") {
		t.Fatalf("err %+v", ex.Err)
	}
	if took > 2*time.Second {
		t.Fatalf("took %s", took)
	}
}

// rawH2Head serves h2c with prior knowledge by hand: it answers the first
// request with a 403 whose header block is size bytes of literal fields,
// split into HEADERS and CONTINUATION frames. Go's own server refuses to
// send a head over the client's advertised limit, so it cannot test this.
func rawH2Head(t *testing.T, size int) string {
	return newRawServer(t, func(c net.Conn) {
		c.SetDeadline(time.Now().Add(hangGuard))
		if _, err := io.ReadFull(c, make([]byte, len(http2.ClientPreface))); err != nil {
			return
		}
		fr := http2.NewFramer(c, c)
		fr.WriteSettings()
		for range 10 { // the client's SETTINGS, WINDOW_UPDATE, then its HEADERS
			f, err := fr.ReadFrame()
			if err != nil {
				return
			}
			if _, ok := f.(*http2.HeadersFrame); ok {
				break
			}
		}
		var block bytes.Buffer
		enc := hpack.NewEncoder(&block)
		enc.WriteField(hpack.HeaderField{Name: ":status", Value: "403"})
		for i := 0; block.Len() < size; i++ {
			enc.WriteField(hpack.HeaderField{Name: "x-big-" + strconv.Itoa(i), Value: strings.Repeat("b", 1000), Sensitive: true})
		}
		b := block.Bytes()
		const frame = 16384
		first := b[:min(frame, len(b))]
		if fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: first, EndHeaders: len(b) <= frame}) != nil {
			return
		}
		for b = b[len(first):]; len(b) > 0; {
			n := min(frame, len(b))
			if fr.WriteContinuation(1, n == len(b), b[:n]) != nil {
				return
			}
			b = b[n:]
		}
		waitClosed(c)
	}).addr
}

// A response head over the limit is named as such, not left as a bare
// HTTP/2 PROTOCOL_ERROR.
func TestH2HeaderListTooBig(t *testing.T) {
	for _, size := range []int{maxHead + 1000, 4 * maxHead} {
		addr := rawH2Head(t, size)
		ex := send(t, context.Background(), Request{URL: "http://" + addr + "/", HTTPVersion: "2-prior-knowledge", Timeouts: quick()})
		if ex.Err == nil || ex.Err.Phase != PhaseHeaders || !strings.HasPrefix(ex.Err.Message, errHeadTooBig.Error()) {
			t.Fatalf("%d bytes: err %+v", size, ex.Err)
		}
	}
}
