package checks

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// A client's default User-Agent alone is a warning, never the cause, unless
// the response points at bot or User-Agent blocking.
func TestLibraryUserAgentAloneIsNoCause(t *testing.T) {
	nginx404 := "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
	nginx403 := strings.ReplaceAll(nginx404, "404 Not Found", "403 Forbidden")
	cases := []struct {
		name       string
		ua         string
		status     int
		body       string
		lines      []string
		notLikely  []string
		wantLikely string
	}{
		{name: "curl on an nginx 404", ua: "curl/8.5.0", status: 404, body: nginx404, lines: []string{"Server: nginx/1.25.3", "Content-Type: text/html"},
			notLikely: []string{UserAgentRequired, WAFBlock}},
		{name: "another curl on a bare 404", ua: "curl/7.88.1", status: 404, body: "Not Found", notLikely: []string{UserAgentRequired, WAFBlock}},
		{name: "Dart on a bare 404", ua: "Dart/3.9 (dart:io)", status: 404, body: "Not Found", notLikely: []string{UserAgentRequired, WAFBlock}},
		{name: "okhttp on an nginx 403", ua: "okhttp/4.12.0", status: 403, body: nginx403, lines: []string{"Server: nginx/1.25.3", "Content-Type: text/html"},
			notLikely: []string{UserAgentRequired, WAFBlock}},
		{name: "Dart refused by a page about bots", ua: "Dart/3.9 (dart:io)", status: 403, body: "Automated requests are not allowed. Bot protection blocked this request.",
			wantLikely: WAFBlock},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := exchange(get("https://api.example.com/v1/items", "User-Agent: "+c.ua), resp(c.status, c.body, c.lines...))
			rep := Run(ev)
			for _, id := range c.notLikely {
				if slices.Contains(rep.Likely, id) {
					t.Errorf("Likely = %v: a library User-Agent alone made %s a cause", rep.Likely, id)
				}
				if f, _ := findingOf(rep, id); f.Status == Fail {
					t.Errorf("%s failed: %s", id, f.Title)
				}
			}
			if c.wantLikely != "" && !slices.Contains(rep.Likely, c.wantLikely) {
				t.Errorf("Likely = %v, want %s among them", rep.Likely, c.wantLikely)
			}
		})
	}
	// A refusal that does not point at bots keeps it in the details,
	// naming the client.
	rep := Run(exchange(get("https://api.example.com/v1/items", "User-Agent: Dart/3.9 (dart:io)"), resp(404, "Not Found")))
	if f, _ := findingOf(rep, UserAgentRequired); f.Status != Pass || !strings.Contains(f.Title, "Dart's default User-Agent") {
		t.Errorf("useragent.required = %s %q, want it passed, naming Dart's default", f.Status, f.Title)
	}
}

// A Dart String body goes as text/plain; charset=utf-8: on a JSON-only
// endpoint the cause is content.type, with the fix in Dart.
func TestDartStringBodyIsNamed(t *testing.T) {
	req := post("https://api.example.com/v1/items", `{"name":"lamp"}`, "user-agent: "+"Dart/3.9 (dart:io)", "content-type: text/plain; charset=utf-8")
	rep := Run(exchange(req, resp(415, `{"error":"unsupported media type"}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != ContentType {
		t.Fatalf("Likely = %v, want content.type first", rep.Likely)
	}
	f, _ := findingOf(rep, ContentType)
	if !strings.Contains(f.Title+f.Fix, "the http package's default for a String body") || !strings.Contains(f.Fix, "Content-Type: application/json") {
		t.Errorf("content.type does not name Dart's default: %q / %q", f.Title, f.Fix)
	}
	// The same type from another client is not called Dart's.
	other := post("https://api.example.com/v1/items", `{"name":"lamp"}`, "Content-Type: text/plain")
	f, _ = findingOf(Run(exchange(other, resp(415, "nope"))), ContentType)
	if strings.Contains(f.Title+f.Fix, "http package") {
		t.Errorf("a plain text/plain body was called Dart's: %q", f.Title)
	}
}

func TestPlaceholdersAreNamed(t *testing.T) {
	for _, auth := range []string{"Bearer YOUR_ACCESS_TOKEN", "Bearer <token>", "Bearer xxx", "Bearer changeme", "Bearer null", "Bearer undefined"} {
		req := get("https://api.example.com/v1", "Authorization: "+auth)
		if got := Placeholders(req); len(got) == 0 {
			t.Errorf("%q: no placeholder named", auth)
		}
	}
	if got := Placeholders(get("https://api.example.com/v1", "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0")); len(got) != 0 {
		t.Errorf("a real-looking token was called a placeholder: %v", got)
	}
}

// Before sending, Dart's default User-Agent is named plainly in the
// details (not a warning: most calls carry it), with the fix in Dart.
func TestPreflightNamesDartsUserAgent(t *testing.T) {
	for _, f := range Preflight(get("https://api.example.com/v1", "User-Agent: Dart/3.9 (dart:io)"), time.Time{}) {
		if f.ID != WAFBlock {
			continue
		}
		if f.Status != Pass || !strings.Contains(f.Title, "Dart's default User-Agent") || !strings.Contains(f.Fix, "headers: {'User-Agent'") {
			t.Errorf("waf.block before sending: %s %q / %q", f.Status, f.Title, f.Fix)
		}
	}
}
