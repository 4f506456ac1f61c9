package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/checks/lab"
)

// --http2 speaks HTTP/2 to the upstream: the lab's HTTPS listener (h2 by
// ALPN) and its plain one (h2c) log the request as HTTP/2.0; without it,
// HTTP/1.1. The app gets the answer as HTTP/1.1 either way, judged.
func TestProxyHTTP2Upstream(t *testing.T) {
	var log lockedBuffer
	l, err := lab.Start(lab.Options{Dir: t.TempDir(), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tc := range []struct {
		name  string
		args  []string
		proto string
	}{
		{"https h2", []string{"--http2", "--cacert", l.CAFile, l.HTTPSURL}, "HTTP/2.0"},
		{"h2c", []string{"--http2", l.HTTPURL}, "HTTP/2.0"},
		{"default", []string{"--cacert", l.CAFile, l.HTTPSURL}, "HTTP/1.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := startProxy(t, false, append([]string{"--json"}, tc.args...)...)
			before := len(log.String())
			cl := &http.Client{Timeout: 10 * time.Second}
			for i := range 2 { // twice: the second stream on the same connection
				req, _ := http.NewRequest("GET", "http://"+p.addr+"/nginx/static/", nil)
				req.Header["X-Mixed-Case"] = []string{"kept"}
				resp, err := cl.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 403 || resp.Proto != "HTTP/1.1" || !strings.Contains(string(b), "403 Forbidden") {
					t.Fatalf("request %d: the app got %s %d %q", i, resp.Proto, resp.StatusCode, b)
				}
			}
			want := `request: "GET /nginx/static/ ` + tc.proto + `"`
			deadline := time.Now().Add(5 * time.Second)
			for strings.Count(log.String()[before:], want) < 2 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if n := strings.Count(log.String()[before:], want); n != 2 {
				t.Errorf("the lab logged %q %d times, want 2:\n%s", want, n, log.String()[before:])
			}
			lines := p.lines(t, 2)
			for _, ln := range lines {
				if ln.Response == nil || ln.Response.Status != 403 || len(ln.Likely) == 0 {
					t.Errorf("exchange %d judged %+v likely %v", ln.ID, ln.Response, ln.Likely)
				}
			}
			// header names: lower case over HTTP/2, as the app wrote them
			// over HTTP/1.1
			wantName := "X-Mixed-Case"
			if tc.proto == "HTTP/2.0" {
				wantName = "x-mixed-case"
			}
			found := false
			for _, h := range lines[0].Request.Headers {
				found = found || h.Name == wantName
			}
			if !found {
				t.Errorf("no %s header went out: %+v", wantName, lines[0].Request.Headers)
			}
		})
	}
}
