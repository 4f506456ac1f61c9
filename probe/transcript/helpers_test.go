package transcript

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// readTestdata returns a file of testdata/.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withLineEnds rewrites every line end of b as eol ("\n" or "\r\n"): the
// same transcript as saved on Unix, or pasted from a Windows ticket.
func withLineEnds(b []byte, eol string) []byte {
	lf := bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	if eol == "\n" {
		return lf
	}
	return bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
}

// mustParse parses data with the default limits.
func mustParse(t *testing.T, data []byte) Capture {
	t.Helper()
	c, err := Parse(data, Limits{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}
