package transcript

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

func gzipResponse(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte("rate limited"))
	w.Close()
	return "HTTP/1.1 429 Too Many Requests\r\nContent-Encoding: gzip\r\n\r\n" + b.String()
}

// Input that is none of the formats, or a format broken, is an error that
// says what was wrong: never a panic, never an empty success.
func TestGarbage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error // nil: any error
	}{
		{"empty", "", ErrUnknownFormat},
		{"white space", " \r\n\t\n", ErrUnknownFormat},
		{"prose", "The API said no, see screenshot.\nThanks!", ErrUnknownFormat},
		{"binary", "\x00\x01\x02\xff\xfe\x89PNG\r\n\x1a\n", ErrUnknownFormat},
		{"JSON that is not a HAR", `{"error":"forbidden"}`, ErrUnknownFormat},
		{"HAR without entries", `{"log":{"version":"1.2","creator":{"name":"x"}}}`, ErrUnknownFormat},
		{"HAR with no entry", `{"log":{"entries":[]}}`, ErrEmpty},
		{"HAR cut short", `{"log":{"entries":[{"request":{"method":"GET","url":"https://a.exa`, nil},
		{"JSON nested too deep", strings.Repeat(`{"log":`, 20000), nil},
		{"status line with a bad code", "HTTP/1.1 4O3 Forbidden\n\n", ErrUnknownFormat},
		{"status line with no code", "HTTP/1.1\n", ErrUnknownFormat},
		{"unknown protocol", "HTTP/9.9 403 Forbidden\n\n", ErrUnknownFormat},
		{"curl -v notes only", "*   Trying 10.0.0.1:443...\n* Connection refused\n", ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.in), Limits{})
			if err == nil {
				t.Fatalf("no error; capture %+v", c)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

// Inputs over the limit are refused before they are parsed, through Read
// (a file or stdin) and Parse alike.
func TestTooLarge(t *testing.T) {
	big := "HTTP/1.1 403 Forbidden\n\n" + strings.Repeat("x", 2000)
	if _, err := Read(strings.NewReader(big), Limits{Input: 1000}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read: %v, want ErrTooLarge", err)
	}
	if _, err := Parse([]byte(big), Limits{Input: 1000}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Parse: %v, want ErrTooLarge", err)
	}
	if c, err := Read(strings.NewReader(big), Limits{Input: 4000, Body: 100}); err != nil || len(c.Entries[0].Exchange.Response.Body) != 100 {
		t.Errorf("within the limit: %v", err)
	}
}

// Detection looks past what editors and tickets add in front.
func TestDetectPrefixes(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"\xef\xbb\xbf{\"log\":{\"entries\":[]}}", FormatHAR},
		{"\n\n  HTTP/1.1 403 Forbidden\n\n", FormatCurlInclude},
		{"$ curl -v https://a.example/\n*   Trying 10.0.0.1:443...\n> GET / HTTP/2\n", FormatCurlVerbose},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", FormatRawResponse},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nhello", FormatCurlInclude},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
