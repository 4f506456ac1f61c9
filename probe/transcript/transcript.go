// Package transcript reads an exchange someone else recorded: a HAR 1.2
// export from a browser, a `curl -v` transcript, or an HTTP response as
// `curl -i` prints it or as it came off the wire. It turns each into the
// probe.Request and probe.Exchange that probe would have produced had it
// sent the request itself, so that the checks can judge it offline.
//
// A recording never holds everything a live send does: no TLS handshake, no
// timing, and for a bare response not even the request. Entry says what is
// known; the caller says the rest to the user. Input is untrusted: sizes are
// capped and no input makes the reader panic.
package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/why403/why403/probe"
)

// Format is a kind of recording.
type Format string

const (
	// FormatHAR is a HAR 1.2 file (log.entries[]), as browsers export it.
	FormatHAR Format = "har"
	// FormatCurlVerbose is what `curl -v` prints: "> " request lines,
	// "< " response lines, "* " notes, then the body.
	FormatCurlVerbose Format = "curl-v"
	// FormatCurlInclude is what `curl -i` prints: the response head (one
	// per response with -L or a 100 Continue), a blank line, the body.
	FormatCurlInclude Format = "curl-i"
	// FormatRawResponse is an HTTP/1.x response as it came off the wire:
	// the same shape as curl -i, but with the transfer framing still in
	// the body (chunk sizes), which is how the two are told apart.
	FormatRawResponse Format = "raw"
)

// Describe names the format for a person.
func (f Format) Describe() string {
	switch f {
	case FormatHAR:
		return "HAR file"
	case FormatCurlVerbose:
		return "curl -v transcript"
	case FormatCurlInclude:
		return "curl -i transcript"
	case FormatRawResponse:
		return "raw HTTP response"
	}
	return "unknown format"
}

// Limits bound what a reader keeps; zero fields take the defaults.
type Limits struct {
	// Input caps the bytes read; a larger input is refused.
	Input int64
	// Body caps each body kept; the rest is counted and dropped.
	Body int64
}

// Defaults for Limits. A HAR of a long browsing session runs to hundreds
// of megabytes; what explains a refusal is one entry, so the whole input
// is bounded, and its entries are made one at a time (Source.Each).
const (
	DefaultMaxInput = 64 << 20
	DefaultMaxBody  = probe.DefaultMaxBody
)

func (l Limits) input() int64 {
	if l.Input > 0 {
		return l.Input
	}
	return DefaultMaxInput
}

func (l Limits) body() int64 {
	if l.Body > 0 {
		return l.Body
	}
	return DefaultMaxBody
}

// Capture is everything read from one input.
type Capture struct {
	Format Format
	// Creator is the program that wrote a HAR ("WebInspector 537.36",
	// "Firefox 128.0"); empty for transcripts.
	Creator string
	Entries []Entry
}

// Entry is one request and what came back.
type Entry struct {
	// Index is the entry's 1-based position in the input.
	Index int
	// Request is the request as recorded; zero when RequestKnown is false.
	Request probe.Request
	// RequestKnown is false when the input holds only the response
	// (curl -i, a raw response): the checks then see an empty request.
	RequestKnown bool
	// Exchange is as probe would have recorded it: the wire request, the
	// response (nil when none was recorded) and redirects seen in the same
	// transcript. TLS and Timing are never filled in.
	Exchange probe.Exchange
	// StartedAt is when the request was made, when the input says: a HAR's
	// startedDateTime (the browser's clock), else the response's Date (the
	// server's clock). Zero when the input says neither.
	StartedAt time.Time
	// ClientClock reports that StartedAt was read from the client's clock
	// (HAR startedDateTime), so it can be compared with the server's Date.
	ClientClock bool
	// Notes are facts about the recording a reader of the report needs
	// (a sanitized HAR export, a body the export left out).
	Notes []string
}

// Errors a caller can tell apart.
var (
	// ErrUnknownFormat: the input is none of the formats above.
	ErrUnknownFormat = errors.New("not a HAR file, a curl -v or curl -i transcript, or an HTTP response")
	// ErrTooLarge: the input exceeds Limits.Input.
	ErrTooLarge = errors.New("input too large")
	// ErrEmpty: the input holds no entry.
	ErrEmpty = errors.New("no request or response in the input")
)

// Source is an input read and checked, whose entries are made one at a
// time by Each: a HAR of a long session is never held as entries all at
// once, only as the bytes read.
type Source struct {
	Format Format
	// Creator is the program that wrote a HAR; empty for transcripts.
	Creator string
	// Count is how many entries Each makes; never 0.
	Count int

	lim     Limits
	har     []byte  // a HAR's log.entries, as written
	chrome  bool    // the HAR is Chrome's
	flutter bool    // the HAR is Flutter DevTools'
	entries []Entry // a transcript's, read whole (it is one exchange or a few)
}

// Open reads r (at most Limits.Input bytes), detects its format and checks
// it: an input Open accepts, Each reads without an error of its own.
func Open(r io.Reader, lim Limits) (*Source, error) {
	max := lim.input()
	var buf bytes.Buffer
	// A file says its size: reading into a buffer of that size, rather
	// than one grown as the bytes come, holds the input once, not twice.
	if st, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() <= max {
			buf.Grow(int(fi.Size()) + bytes.MinRead)
		}
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, fmt.Errorf("reading input: %w", err)
	}
	return OpenBytes(buf.Bytes(), lim)
}

// OpenBytes is Open for an input already read. The Source keeps data.
func OpenBytes(data []byte, lim Limits) (*Source, error) {
	if int64(len(data)) > lim.input() {
		return nil, fmt.Errorf("%w: more than %d MiB", ErrTooLarge, lim.input()>>20)
	}
	var s *Source
	var err error
	switch f := Detect(data); f {
	case FormatHAR:
		s, err = openHAR(data, lim)
	case FormatCurlVerbose, FormatCurlInclude, FormatRawResponse:
		var c Capture
		if f == FormatCurlVerbose {
			c, err = readVerbose(data, lim)
		} else {
			c, err = readResponses(data, lim)
		}
		s = &Source{Format: c.Format, Count: len(c.Entries), entries: c.Entries}
	default:
		return nil, ErrUnknownFormat
	}
	if err != nil {
		return nil, err
	}
	if s.Count == 0 {
		return s, fmt.Errorf("%s: %w", s.Format.Describe(), ErrEmpty)
	}
	return s, nil
}

// Each calls fn with every entry in order, and stops at the first error
// fn returns, which it returns.
func (s *Source) Each(fn func(Entry) error) error {
	if s.Format == FormatHAR {
		return s.eachHAR(fn)
	}
	for _, e := range s.entries {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// Read reads r (at most Limits.Input bytes) and parses it.
func Read(r io.Reader, lim Limits) (Capture, error) {
	s, err := Open(r, lim)
	return capture(s, err)
}

// Parse detects the format of data and reads every entry in it.
func Parse(data []byte, lim Limits) (Capture, error) {
	s, err := OpenBytes(data, lim)
	return capture(s, err)
}

// capture is every entry of s, held at once.
func capture(s *Source, err error) (Capture, error) {
	if s == nil {
		return Capture{}, err
	}
	c := Capture{Format: s.Format, Creator: s.Creator}
	if err != nil {
		return c, err
	}
	c.Entries = make([]Entry, 0, s.Count)
	err = s.Each(func(e Entry) error {
		c.Entries = append(c.Entries, e)
		return nil
	})
	if err != nil {
		return Capture{}, err
	}
	return c, nil
}

// Detect names the format of data from its first bytes, or "" when it is
// none of them. It reads no more than it needs: a JSON object is taken for
// a HAR (readHAR says when it is not), a "> " or "< " line for curl -v, an
// HTTP status line for a response.
func Detect(data []byte) Format {
	s := trimStart(data)
	switch {
	case len(s) == 0:
		return ""
	case s[0] == '{':
		return FormatHAR
	}
	// curl -v may open with many "* " lines (resolving, connecting, the
	// TLS handshake) before the first "> " line.
	for i, line := range firstLines(s, 400) {
		switch {
		case i == 0 && isStatusLine(line):
			if looksRaw(s) {
				return FormatRawResponse
			}
			return FormatCurlInclude
		case bytes.HasPrefix(line, []byte("< ")) && isStatusLine(line[2:]),
			bytes.HasPrefix(line, []byte("> ")) && isRequestLine(line[2:]):
			return FormatCurlVerbose
		}
	}
	return ""
}

// trimStart drops a UTF-8 byte order mark and leading white space (an
// editor or a ticket adds both).
func trimStart(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(b, " \t\r\n")
}

// firstLines splits up to n lines off s, without their line ends.
func firstLines(s []byte, n int) [][]byte {
	var out [][]byte
	for len(s) > 0 && len(out) < n {
		line, rest, _ := bytes.Cut(s, []byte("\n"))
		out = append(out, bytes.TrimSuffix(line, []byte("\r")))
		s = rest
	}
	return out
}
