package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// A History entry names the method and the path it sent, and a browser
// import's fetch metadata headers make one change, not a wall of them.
func TestHistoryEntryShowsMethodPathAndGroupsBrowserHeaders(t *testing.T) {
	a := probe.NewRequest("https://api.example.com/v1/orders?page=2")
	b := a
	b.Method = "POST"
	b.Headers = append(slices0(a.Headers),
		probe.Header{Name: "sec-ch-ua", Value: `"Chromium";v="131"`},
		probe.Header{Name: "sec-ch-ua-mobile", Value: "?0"},
		probe.Header{Name: "sec-ch-ua-platform", Value: `"Linux"`},
		probe.Header{Name: "Sec-Fetch-Dest", Value: "empty"},
		probe.Header{Name: "Sec-Fetch-Mode", Value: "cors"},
		probe.Header{Name: "Sec-Fetch-Site", Value: "same-origin"},
		probe.Header{Name: "Sec-Fetch-User", Value: "?1"},
		probe.Header{Name: "X-Trace", Value: "1"},
	)
	h := []historyEntry{
		{req: a, summary: sendSummary{status: 401}},
		{req: b, summary: sendSummary{status: 403}},
	}
	diffHistory(h)
	lines := historyLines(h, 1, false, "enter")
	if !strings.Contains(lines[0], "GET /v1/orders") {
		t.Errorf("the first entry does not name its method and path: %q", lines[0])
	}
	second := lines[1]
	for _, want := range []string{"POST /v1/orders", "added 7 sec-* headers (browser fetch metadata)", "added header X-Trace: 1"} {
		if !strings.Contains(second, want) {
			t.Errorf("second entry lacks %q: %q", want, second)
		}
	}
	if strings.Contains(strings.ToLower(second), "added header sec-") {
		t.Errorf("the sec-* headers are listed one by one: %q", second)
	}
	if strings.Contains(second, "page=2") {
		t.Errorf("the entry shows the query, which may hold a secret: %q", second)
	}
}

func slices0(h []probe.Header) []probe.Header { return append([]probe.Header(nil), h...) }

// A path that holds a token (a magic link's JWT, the bearer token itself)
// is masked in the History list unless revealed, as everywhere else.
func TestHistoryEntryMasksTokenInPath(t *testing.T) {
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlX2hpc3Rvcnk"
	const bearer = "opaque-bearer-9f8e7d6c5b4a"
	a := probe.NewRequest("https://api.example.com/v1/verify/" + jwt)
	b := probe.NewRequest("https://api.example.com/v1/keys/" + bearer)
	b.Auth.Bearer = bearer
	h := []historyEntry{{req: a, summary: sendSummary{status: 401}}, {req: b, summary: sendSummary{status: 403}}}
	diffHistory(h)
	masked := strings.Join(historyLines(h, 0, false, "enter"), "\n")
	for _, secret := range []string{jwt, "c2lnbmF0dXJlX2hpc3Rvcnk", bearer} {
		if strings.Contains(masked, secret) {
			t.Errorf("the History list shows %q unmasked:\n%s", secret, masked)
		}
	}
	if shown := strings.Join(historyLines(h, 0, true, "enter"), "\n"); !strings.Contains(shown, jwt) || !strings.Contains(shown, bearer) {
		t.Errorf("revealed, the History list does not show the paths:\n%s", shown)
	}
}
