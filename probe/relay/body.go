package relay

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// framing is how a message body ends (RFC 9112 §6).
type framing struct {
	kind   int // none, length, chunked, close
	length int64
}

const (
	bodyNone = iota
	bodyLength
	bodyChunked
	bodyClose // the body ends when the connection does (responses only)
)

// requestFraming reads a request's framing; a request with both
// Content-Length and Transfer-Encoding, or with lengths that disagree, is
// refused: forwarding either reading is how requests are smuggled.
func requestFraming(h *head) (framing, error) {
	te := h.values("Transfer-Encoding")
	ncl, _ := h.count("Content-Length")
	if len(te) > 0 {
		if ncl > 0 {
			return framing{}, badHead(400, "both Content-Length and Transfer-Encoding: refused, the upstream could read the body differently")
		}
		if !strings.EqualFold(te[len(te)-1], "chunked") {
			return framing{}, badHead(400, "Transfer-Encoding %q does not end in chunked", strings.Join(te, ", "))
		}
		return framing{kind: bodyChunked}, nil
	}
	if ncl == 0 {
		return framing{kind: bodyNone}, nil
	}
	n, err := contentLength(h)
	if err != nil {
		return framing{}, badHead(400, "%v", err)
	}
	if n == 0 {
		return framing{kind: bodyNone}, nil
	}
	return framing{kind: bodyLength, length: n}, nil
}

// responseFraming is RFC 9112 §6.3 for a response to method.
func responseFraming(h *head, method string) (framing, error) {
	if method == "HEAD" || h.status == 204 || h.status == 304 || h.status < 200 {
		return framing{kind: bodyNone}, nil
	}
	if te := h.values("Transfer-Encoding"); len(te) > 0 {
		if strings.EqualFold(te[len(te)-1], "chunked") {
			return framing{kind: bodyChunked}, nil
		}
		return framing{kind: bodyClose}, nil
	}
	if ncl, _ := h.count("Content-Length"); ncl > 0 {
		n, err := contentLength(h)
		if err != nil {
			return framing{}, badHead(502, "the upstream's %v", err)
		}
		return framing{kind: bodyLength, length: n}, nil
	}
	return framing{kind: bodyClose}, nil
}

func contentLength(h *head) (int64, error) {
	vals := h.values("Content-Length")
	var n int64 = -1
	for _, v := range vals {
		x, err := strconv.ParseInt(v, 10, 64)
		if err != nil || x < 0 {
			return 0, fmt.Errorf("Content-Length %q is not a length", v)
		}
		if n >= 0 && x != n {
			return 0, fmt.Errorf("Content-Length values disagree (%s)", strings.Join(vals, ", "))
		}
		n = x
	}
	return n, nil
}

// capture keeps the first max bytes of a body for diagnosis and counts
// the rest.
type capture struct {
	max  int64
	buf  []byte
	size int64
	// tee, when set, gets every decoded byte (a body forwarded over
	// HTTP/2, which frames it itself).
	tee io.Writer
}

func (c *capture) add(p []byte) error {
	c.size += int64(len(p))
	if room := c.max - int64(len(c.buf)); room > 0 {
		q := p
		if int64(len(q)) > room {
			q = q[:room]
		}
		c.buf = append(c.buf, q...)
	}
	if c.tee != nil {
		_, err := c.tee.Write(p)
		return err
	}
	return nil
}

// copyBody copies one body from src to dst exactly as framed (chunk
// lines, extensions and trailers included), keeping its decoded bytes in
// c. Each read is written at once: nothing waits for the end of the body.
// srcErr reports that reading failed (not writing).
func copyBody(dst io.Writer, src *bufio.Reader, f framing, c *capture, lineMax int, buf []byte) (srcErr bool, err error) {
	switch f.kind {
	case bodyNone:
		return false, nil
	case bodyLength:
		return copyN(dst, src, f.length, c, buf)
	case bodyClose:
		return copyN(dst, src, -1, c, buf)
	}
	for {
		used := 0
		l, err := readLine(src, lineMax, &used, lineMax)
		if err != nil {
			return true, fmt.Errorf("reading a chunk size: %w", err)
		}
		sizeField, _, _ := bytes.Cut(trimEOL(l), []byte(";"))
		n, perr := strconv.ParseInt(strings.TrimSpace(string(sizeField)), 16, 64)
		if perr != nil || n < 0 {
			return true, fmt.Errorf("malformed chunk size %q", clip(string(trimEOL(l)), 40))
		}
		if _, err := dst.Write(l); err != nil {
			return false, err
		}
		if n == 0 {
			break
		}
		if srcErr, err := copyN(dst, src, n, c, buf); err != nil {
			return srcErr, err
		}
		used = 0
		crlf, err := readLine(src, lineMax, &used, lineMax)
		if err != nil {
			return true, fmt.Errorf("reading the end of a chunk: %w", err)
		}
		if len(trimEOL(crlf)) != 0 {
			return true, fmt.Errorf("a chunk is longer than its size")
		}
		if _, err := dst.Write(crlf); err != nil {
			return false, err
		}
	}
	// trailers, then the empty line
	used := 0
	for {
		l, err := readLine(src, lineMax, &used, 64*lineMax)
		if err != nil {
			return true, fmt.Errorf("reading trailers: %w", err)
		}
		if _, err := dst.Write(l); err != nil {
			return false, err
		}
		if len(trimEOL(l)) == 0 {
			return false, nil
		}
	}
}

// copyN copies n bytes (n < 0: to EOF), writing each read at once.
func copyN(dst io.Writer, src io.Reader, n int64, c *capture, buf []byte) (srcErr bool, err error) {
	for n != 0 {
		p := buf
		if n > 0 && int64(len(p)) > n {
			p = p[:n]
		}
		k, rerr := src.Read(p)
		if k > 0 {
			if err := c.add(p[:k]); err != nil {
				return false, err
			}
			if _, werr := dst.Write(p[:k]); werr != nil {
				return false, werr
			}
			if n > 0 {
				n -= int64(k)
			}
		}
		if rerr == io.EOF && n < 0 {
			return false, nil
		}
		if rerr != nil {
			if rerr == io.EOF {
				rerr = io.ErrUnexpectedEOF
			}
			return true, rerr
		}
	}
	return false, nil
}
