package cli

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/ui/internal/hostile"
)

// A redirect loop stopped at the hop cap is named a loop in the text
// report, with the chain; it is not called an unfinished body.
func TestTextReportNamesRedirectLoop(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	r := runHostile(t, 20*time.Second, nil, "check", "-L", "--max-redirs", "3", "--no-experiments", "-m", "10", s.URL(hostile.PathRedirectLoop+"0"))
	if r.code != ExitNoResponse {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"redirects in a loop",
		"↪ 302 GET " + s.URL(hostile.PathRedirectLoop+"0") + " → " + s.URL(hostile.PathRedirectLoop+"1"),
		"↪ 302 GET " + s.URL(hostile.PathRedirectLoop+"1") + " → " + s.URL(hostile.PathRedirectLoop+"0"),
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "body did not finish") || strings.Contains(r.stdout, "Body incomplete") {
		t.Errorf("the report blames the body:\n%s", r.stdout)
	}
}

// rawAnswer serves one fixed answer to every connection on loopback.
func rawAnswer(t *testing.T, answer string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for range 50 { // bounded; the listener closes at the test's end
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				bufio.NewReader(c).ReadString('\n') // the request line is enough
				io.WriteString(c, answer)
			}()
		}
	}()
	return "http://" + ln.Addr().String() + "/"
}

// A 101 nobody asked for, and statuses below 100, are not "Accepted".
func TestTextReportOddStatuses(t *testing.T) {
	cases := []struct {
		answer string
		want   string
	}{
		{"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", "switched protocols (101) without being asked"},
		{"HTTP/1.1 000 Zero\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "000 is not a valid HTTP status"},
		{"HTTP/1.1 099 Odd\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "099 is not a valid HTTP status"},
	}
	for _, c := range cases {
		for _, format := range []string{"text", "markdown"} {
			r := runHostile(t, 20*time.Second, nil, "check", "--no-experiments", "-m", "5", "--format", format, rawAnswer(t, c.answer))
			if r.code != ExitNoResponse || strings.Contains(r.stdout, "Accepted") || !strings.Contains(r.stdout, c.want) {
				t.Errorf("%s: exit %d, want %d and %q:\n%s%s", format, r.code, ExitNoResponse, c.want, r.stdout, r.stderr)
			}
		}
	}
}

// explain of a captured gzip bomb warns of the bomb, not only of a
// truncated body.
func TestExplainNamesGzipBomb(t *testing.T) {
	bomb := hostile.GzipBomb(16)
	capture := fmt.Sprintf("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", len(bomb)) + string(bomb)
	path := filepath.Join(t.TempDir(), "bomb.txt")
	if err := os.WriteFile(path, []byte(capture), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runHostile(t, 20*time.Second, nil, "explain", path)
	if !strings.Contains(r.stdout, "truncated") || !strings.Contains(r.stdout, "a possible decompression bomb") {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
}
