package format

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"mime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

const (
	// sniffBytes is how much of a body is inspected to call it binary.
	sniffBytes = 8 << 10
	// dumpBytes is how much of a binary body the hex dump shows.
	dumpBytes = 4 << 10
)

// body appends the lines of a body: pretty JSON, escaped text, or a
// placeholder and hex dump for binary. size is the whole body's size, of
// which body holds the first bytes.
func (b *builder) body(body []byte, contentType string, size int64, red probe.Redactor) {
	b.formatBody(body, contentType, size, red, false)
}

// bodyMasked is body with the secret fields of a JSON, form or multipart
// body masked too (Redactor.RequestBody): for request bodies, which hold
// the user's passwords and tokens.
func (b *builder) bodyMasked(body []byte, contentType string, size int64, red probe.Redactor) {
	b.formatBody(body, contentType, size, red, true)
}

func (b *builder) formatBody(body []byte, contentType string, size int64, red probe.Redactor, fields bool) {
	if size < int64(len(body)) {
		size = int64(len(body))
	}
	if len(body) == 0 {
		if size == 0 {
			b.add("(empty body)")
		}
		return
	}
	mt, params := mediaType(contentType)
	if isBinary(mt, body) {
		b.binary(body, contentType, size)
		return
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "utf8" && cs != "us-ascii" {
		if enc := charsetEncoding(cs); enc != nil {
			if dec, err := enc.NewDecoder().Bytes(body); err == nil {
				body = dec
			}
		}
	}
	if isJSON(mt, body) {
		if n := indentedSize(body); n > maxIndented(len(body)) {
			b.add("(JSON too deeply nested to pretty-print: shown as sent)")
		} else {
			var buf bytes.Buffer
			buf.Grow(n)
			if json.Indent(&buf, body, "", jsonIndent) == nil {
				body = buf.Bytes()
			}
		}
	}
	var s string
	if fields && utf8.Valid(body) {
		// RequestBody turns invalid bytes into U+FFFD: only for valid text
		s = red.RequestBody(contentType, body)
	} else {
		s = red.ResponseBody(contentType, string(body))
	}
	b.addText(escape.Text(s))
}

// binary appends the placeholder and a hex dump of the first dumpBytes.
func (b *builder) binary(body []byte, contentType string, size int64) {
	ct := escape.Line(strings.TrimSpace(contentType))
	if ct == "" {
		ct = "no Content-Type"
	}
	b.add("binary body: " + strconv.FormatInt(size, 10) + " bytes, " + ct)
	n := min(len(body), dumpBytes)
	var buf bytes.Buffer
	d := hex.Dumper(&buf)
	_, _ = d.Write(body[:n])
	_ = d.Close()
	// hex.Dumper's ASCII column is printable ASCII already; escaping it
	// anyway keeps this package's one rule without exceptions.
	b.addText(escape.Text(buf.String()))
	if int64(n) < size {
		b.add("… hex dump of the first " + strconv.Itoa(n) + " of " + strconv.FormatInt(size, 10) + " bytes")
	}
}

const jsonIndent = "  "

// maxIndented bounds the size of pretty-printed JSON: indentation grows
// with depth, so "[[[[…]]]]" repeated would otherwise grow quadratically.
func maxIndented(n int) int { return min(8*n+1<<20, 64<<20) }

// indentedSize estimates, in one pass and without allocating, the size
// json.Indent will produce for a valid document.
func indentedSize(body []byte) int {
	size, depth := len(body), 0
	inString, escaped := false, false
	for _, c := range body {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			size += 1 + depth*len(jsonIndent)
		case ',':
			size += 1 + depth*len(jsonIndent)
		case '}', ']':
			depth = max(depth-1, 0)
			size += 1 + depth*len(jsonIndent)
		case ':':
			size++
		}
	}
	return size
}

// mediaType parses a Content-Type leniently: a malformed parameter list
// still yields the lower-case type.
func mediaType(ct string) (string, map[string]string) {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt, params
}

// binaryTypes are media types whose bodies are never text.
var binaryTypes = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"application/octet-stream": true, "application/pdf": true, "application/zip": true,
		"application/gzip": true, "application/x-gzip": true, "application/x-tar": true,
		"application/x-bzip2": true, "application/x-xz": true, "application/zstd": true,
		"application/x-7z-compressed": true, "application/x-rar-compressed": true,
		"application/wasm": true, "application/x-protobuf": true, "application/protobuf": true,
		"application/vnd.google.protobuf": true, "application/grpc": true, "application/msgpack": true,
		"application/x-msgpack": true, "application/cbor": true, "application/java-archive": true,
		"application/vnd.ms-excel": true, "application/msword": true, "application/x-sqlite3": true,
	}
})

// isBinary decides from the media type, a NUL in the first sniffBytes, or a
// high share of invalid UTF-8 and control bytes there.
func isBinary(mt string, body []byte) bool {
	switch {
	case binaryTypes()[mt], strings.HasPrefix(mt, "application/grpc"):
		return true
	case strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "+json"):
		// image/svg+xml and friends are text
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"),
		strings.HasPrefix(mt, "video/"), strings.HasPrefix(mt, "font/"):
		return true
	}
	sample := body[:min(len(body), sniffBytes)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(sample); {
		c := sample[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7f {
				bad++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(sample[i:])
		if r == utf8.RuneError && n == 1 {
			if !utf8.FullRune(sample[i:]) && len(sample) < len(body) {
				break // a rune cut by the sample's end
			}
			bad++
		} else if r >= 0x80 && r <= 0x9f {
			bad++
		}
		i += n
	}
	return bad*10 > len(sample)*3
}

// isJSON reports a JSON media type, or an untyped or plain-text body that
// starts like a JSON object or array.
func isJSON(mt string, body []byte) bool {
	if mt == "application/json" || strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "/json") ||
		mt == "text/json" || mt == "application/x-json" {
		return true
	}
	if mt != "" && mt != "text/plain" && mt != "application/javascript" && mt != "text/javascript" {
		return false
	}
	t := bytes.TrimLeft(body, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}
