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
// is bounded rather than streamed.
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

// Read reads r (at most Limits.Input bytes) and parses it.
func Read(r io.Reader, lim Limits) (Capture, error) {
	max := lim.input()
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return Capture{}, fmt.Errorf("reading input: %w", err)
	}
	if int64(len(data)) > max {
		return Capture{}, fmt.Errorf("%w: more than %d MiB", ErrTooLarge, max>>20)
	}
	return Parse(data, lim)
}

// Parse detects the format of data and reads every entry in it.
func Parse(data []byte, lim Limits) (Capture, error) {
	if int64(len(data)) > lim.input() {
		return Capture{}, fmt.Errorf("%w: more than %d MiB", ErrTooLarge, lim.input()>>20)
	}
	var c Capture
	var err error
	switch Detect(data) {
	case FormatHAR:
		c, err = readHAR(data, lim)
	case FormatCurlVerbose:
		c, err = readVerbose(data, lim)
	case FormatCurlInclude, FormatRawResponse:
		c, err = readResponses(data, lim)
	default:
		return Capture{}, ErrUnknownFormat
	}
	if err != nil {
		return Capture{}, err
	}
	if len(c.Entries) == 0 {
		return c, fmt.Errorf("%s: %w", c.Format.Describe(), ErrEmpty)
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
