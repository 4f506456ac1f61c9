package curlargs

import (
	"strings"
	"testing"
)

// Firefox's "Copy as cURL" adds --http3 for sites it reached over HTTP/3:
// accepted with a warning, not refused.
func TestHTTP3IsAcceptedWithAWarning(t *testing.T) {
	p, err := Parse([]string{"https://api.example.com/", "--compressed", "--http3"})
	if err != nil {
		t.Fatalf("--http3 refused: %v", err)
	}
	if !strings.Contains(strings.Join(p.Warnings, "\n"), "HTTP/3 is not supported") {
		t.Errorf("no warning: %q", p.Warnings)
	}
	if _, err := Parse([]string{"--http3-only", "https://api.example.com/"}); err == nil {
		t.Error("--http3-only accepted: it cannot be honoured")
	}
}
