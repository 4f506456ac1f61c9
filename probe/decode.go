package probe

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
)

const (
	// maxDecoded bounds decompression whatever the body cap: a 1 MB
	// gzip of zeros expands to 1 GiB (FACTS 2.3).
	maxDecoded = 1 << 30
	// decodeFactor: decoding stops after this many times the body cap.
	decodeFactor = 64
	// bombRatio: a decoded/wire ratio above this is worth a warning.
	bombRatio = 100
	// zstdWindow is the largest zstd window accepted; RFC 9659 limits
	// zstd in HTTP to 8 MiB so that a decoder's memory stays bounded.
	zstdWindow = 8 << 20
	chunk      = 32 << 10
)

// readBody reads the response body through the caps: at most maxBody
// decoded bytes are kept, the rest is counted and discarded, and decoding
// stops at min(64 × maxBody, 1 GiB). Memory stays bounded whatever the
// server sends. The returned error is a transport failure (the body is
// incomplete); a decoding failure is reported in out.DecodeError instead.
func (a *attempt) readBody(resp *http.Response, out *Response) error {
	a.setPhase(PhaseBody)
	p := a.watch("response body")
	defer p.stop()
	defer a.trace.mark(&a.trace.bodyDone)
	max := a.s.maxBody

	encs := contentEncodings(resp.Header)
	if len(encs) > 0 && !a.s.decode {
		a.warn("the server sent Content-Encoding: " + strings.Join(encs, ", ") + " although no compression was asked for; the body is shown as received")
	}
	if len(encs) == 0 || !a.s.decode {
		w := &wireReader{r: resp.Body, progress: p.add}
		kept, total, _, err := keepCapped(w, max, 0)
		out.Body, out.BodySize = kept, total
		a.noteTruncation(out)
		return w.err(err)
	}

	// Keep the raw bytes too (capped), to show them if decoding fails.
	w := &wireReader{r: resp.Body, progress: p.add, keepMax: max}
	raw := bufio.NewReaderSize(w, chunk)
	if _, err := raw.Peek(1); err != nil {
		// No body at all (HEAD, 204, 304): nothing to decode.
		return w.err(nil)
	}
	limit := min(decodeFactor*max, maxDecoded)
	dec, closeDec, err := decoder(encs, raw)
	var kept []byte
	var total int64
	var hitLimit bool
	if err == nil {
		kept, total, hitLimit, err = keepCapped(dec, max, limit)
		closeDec()
	}
	if werr := w.err(nil); werr != nil {
		// The transport failed; keep what was decoded so far.
		out.Body, out.BodySize = kept, total
		a.noteTruncation(out)
		return werr
	}
	if err != nil {
		// Not decodable: read the rest raw, so the user sees the bytes as
		// sent and their size.
		_, _, _, rerr := keepCapped(w, 0, 0)
		out.Body, out.BodySize = w.kept, w.n
		out.DecodeError = fmt.Sprintf("could not decode the %s body: %v (the body is shown as received)", strings.Join(encs, ", "), err)
		a.noteTruncation(out)
		return w.err(rerr)
	}
	out.Body, out.BodySize = kept, total
	out.ContentEncoding = strings.Join(encs, ", ")
	out.WireSize = w.n
	if w.n > 0 && total/w.n > bombRatio && !hitLimit {
		a.warn(fmt.Sprintf("decompression ratio %d:1 (%d bytes on the wire became %d): a possible decompression bomb", total/w.n, w.n, total))
	}
	if hitLimit {
		// The true ratio is unknown: the rest was never decoded.
		out.Truncated = true
		a.warn(fmt.Sprintf("stopped decoding after %d bytes from %d bytes on the wire (the limit is %d× the body cap or 1 GiB, whichever is smaller): a possible decompression bomb; the rest of the body was not read",
			total, w.n, decodeFactor))
		return nil
	}
	a.noteTruncation(out)
	return nil
}

func (a *attempt) noteTruncation(out *Response) {
	if out.BodySize > int64(len(out.Body)) {
		out.Truncated = true
		a.warn(fmt.Sprintf("body truncated: kept the first %d of %d bytes", len(out.Body), out.BodySize))
	}
}

// contentEncodings lists the codings in the order they were applied,
// lower-cased, without identity.
func contentEncodings(h http.Header) []string {
	var out []string
	for _, v := range h.Values("Content-Encoding") {
		for _, e := range strings.Split(v, ",") {
			e = strings.ToLower(strings.TrimSpace(e))
			if e != "" && e != "identity" {
				out = append(out, e)
			}
		}
	}
	return out
}

// decoder stacks the decoders, last applied coding first.
func decoder(encs []string, r io.Reader) (io.Reader, func(), error) {
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	if len(encs) > 4 {
		return nil, closeAll, fmt.Errorf("%d stacked content codings; refusing to decode more than 4", len(encs))
	}
	for i := len(encs) - 1; i >= 0; i-- {
		switch encs[i] {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(r)
			if err != nil {
				closeAll()
				return nil, closeAll, err
			}
			r = zr
		case "deflate":
			r = inflater(r)
		case "br":
			r = brotli.NewReader(r)
		case "zstd":
			zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
				zstd.WithDecoderMaxWindow(zstdWindow), zstd.WithDecoderMaxMemory(maxDecoded))
			if err != nil {
				closeAll()
				return nil, closeAll, err
			}
			closers = append(closers, zr.Close)
			r = zr
		default:
			closeAll()
			return nil, closeAll, fmt.Errorf("unsupported content coding %q", encs[i])
		}
	}
	return r, closeAll, nil
}

// inflater decodes "deflate", which servers send either as zlib (what RFC
// 9110 means) or as raw DEFLATE (what some send); the zlib header tells.
func inflater(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(2); err == nil && b[0]&0x0f == 8 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0 {
		return &lazyReader{open: func() (io.Reader, error) { return zlib.NewReader(br) }}
	}
	return flate.NewReader(br)
}

// lazyReader defers a constructor that can fail to the first Read, so
// its error surfaces as a decoding error.
type lazyReader struct {
	open func() (io.Reader, error)
	r    io.Reader
	err  error
}

func (l *lazyReader) Read(p []byte) (int, error) {
	if l.r == nil && l.err == nil {
		l.r, l.err = l.open()
	}
	if l.err != nil {
		return 0, l.err
	}
	return l.r.Read(p)
}

// wireReader counts the body bytes as transferred, reports progress,
// optionally keeps the first keepMax of them, and remembers a transport
// error so that it is not mistaken for a decoding error.
type wireReader struct {
	r        io.Reader
	progress func(int)
	keepMax  int64
	kept     []byte
	n        int64
	readErr  error
}

func (w *wireReader) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if n > 0 {
		w.n += int64(n)
		w.progress(n)
		if room := w.keepMax - int64(len(w.kept)); room > 0 {
			w.kept = append(w.kept, p[:min(int64(n), room)]...)
		}
	}
	if err != nil && err != io.EOF {
		w.readErr = err
	}
	return n, err
}

// err is the transport error if there was one, else fallback.
func (w *wireReader) err(fallback error) error {
	if w.readErr != nil {
		return w.readErr
	}
	return fallback
}

// keepCapped reads r to the end in fixed chunks, keeping at most max
// bytes; with limit > 0 it stops once limit bytes were read (hit = true).
// io.ReadAll would hold the whole body (FACTS 2.2).
func keepCapped(r io.Reader, max, limit int64) (kept []byte, total int64, hit bool, err error) {
	buf := make([]byte, chunk)
	empty := 0 // consecutive reads returning nothing, which io.Reader allows but must not spin
	for {
		if limit > 0 && total >= limit {
			return kept, total, true, nil
		}
		want := buf
		if limit > 0 && limit-total < int64(len(want)) {
			want = want[:limit-total]
		}
		n, rerr := r.Read(want)
		if n == 0 && rerr == nil {
			if empty++; empty > 100 {
				return kept, total, false, io.ErrNoProgress
			}
			continue
		}
		empty = 0
		if n > 0 {
			if room := max - int64(len(kept)); room > 0 {
				kept = append(kept, want[:min(int64(n), room)]...)
			}
			total += int64(n)
		}
		if errors.Is(rerr, io.EOF) {
			return kept, total, false, nil
		}
		if rerr != nil {
			return kept, total, false, rerr
		}
	}
}
