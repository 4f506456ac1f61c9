package checks

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// An HTTP/2 request records its pseudo-headers (":authority", ":path", ...)
// among the wire headers. They are the request line and the host, never a
// credential: a request with nothing else is missing its credential, and
// the host is shown, not masked.
func TestPseudoHeadersAreNoCredential(t *testing.T) {
	req := get("https://api.example.com:8443/v1/orders")
	ev := exchange(req, resp(401, `{"error":"unauthorized"}`, `WWW-Authenticate: Bearer realm="api"`))
	ev.Exchange.Request.Proto = "HTTP/2.0"
	ev.Exchange.Request.Headers = []probe.Header{
		{Name: ":authority", Value: "api.example.com:8443"},
		{Name: ":method", Value: "GET"},
		{Name: ":path", Value: "/v1/orders"},
		{Name: ":scheme", Value: "https"},
		// Names no server defines, but holding credential words.
		{Name: ":authorization", Value: "api.example.com:8443"},
		{Name: ":x-api-key", Value: "api.example.com:8443"},
		{Name: "user-agent", Value: "why403/dev"},
	}
	rep := Run(ev)
	for id, want := range map[string]Status{AuthMissing: Fail, AuthInvalid: Skip, AuthMalformed: Skip} {
		f, ok := findingOf(rep, id)
		if !ok {
			t.Fatalf("no %s finding", id)
		}
		if f.Status != want {
			t.Errorf("%s: %s, want %s: %s\n  %s", id, f.Status, want, f.Title, strings.Join(f.Evidence, "\n  "))
		}
	}
	for _, f := range rep.Findings {
		text := f.Title + "\n" + strings.Join(f.Evidence, "\n")
		if strings.Contains(text, "••••8443") || strings.Contains(text, ":authority") {
			t.Errorf("%s treats a pseudo-header as a credential: %s\n  %s", f.ID, f.Title, strings.Join(f.Evidence, "\n  "))
		}
	}
}
