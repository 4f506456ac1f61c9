package checks

import (
	"slices"
	"strings"
	"testing"
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
	// The warning stays, so the user still reads it.
	rep := Run(exchange(get("https://api.example.com/v1/items", "User-Agent: Dart/3.9 (dart:io)"), resp(404, "Not Found")))
	if f, _ := findingOf(rep, UserAgentRequired); f.Status != Warn {
		t.Errorf("useragent.required = %s %q, want a warning", f.Status, f.Title)
	}
}
