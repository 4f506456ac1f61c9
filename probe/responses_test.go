package probe

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
)

// scripted answers every request with the given bytes and closes.
func scripted(t *testing.T, answer string) string {
	return "http://" + newRawServer(t, func(c net.Conn) {
		readHead(c)
		io.WriteString(c, answer)
	}).addr + "/"
}

func TestMalformedAndShortResponses(t *testing.T) {
	cases := []struct {
		answer, phase, msg string
		body               string // "" when no response is expected
	}{
		{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", PhaseBody, "closed before the whole body arrived", "short"},
		{"<html>hi</html>", PhaseHeaders, `the answer is not valid HTTP (it began "<html>hi</html>")`, ""},
		{"SSH-2.0-OpenSSH_9.6p1\r\n", PhaseHeaders, `(it began "SSH-2.0-OpenSSH_9.6p1"); the port speaks SSH`, ""},
		{"220 mail.example.com ESMTP\r\n", PhaseHeaders, "speaks SMTP or FTP", ""},
		// an HTTP answer that goes wrong later is not quoted: Go's text (the
		// Detail) names the bad line
		{"HTTP/1.1 200 OK\r\nBad Header Line\r\n\r\n", PhaseHeaders, "the answer is not valid HTTP", ""},
		{"\x1b]0;title\x07 not http at all, and longer than sixty-four bytes so the quote is cut", PhaseHeaders, `(it began "\x1b]0;title\a not http at all, and longer than sixty-four bytes so ")`, ""},
		{"\x15\x03\x01\x00\x02\x02\x46", PhaseHeaders, "try https://", ""},
		{"", PhaseHeaders, "closed the connection without answering", ""},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", PhaseBody, "reading the body failed", "-"},
		{"HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("a", maxHead) + "\r\n\r\n", PhaseHeaders, "exceeds", ""},
	}
	for _, c := range cases {
		ex := Send(context.Background(), Request{URL: scripted(t, c.answer), Timeouts: quick()})
		if ex.Err == nil || ex.Err.Phase != c.phase || !strings.Contains(ex.Err.Message, c.msg) {
			t.Errorf("%.30q: err %+v", c.answer, ex.Err)
			continue
		}
		if (c.body == "") != (ex.Response == nil) {
			t.Errorf("%.30q: response %+v", c.answer, ex.Response)
		}
		if c.body != "" && c.body != "-" && string(ex.Response.Body) != c.body {
			t.Errorf("%.30q: body %q", c.answer, ex.Response.Body)
		}
	}
}

func TestReasonPhraseAndTrailers(t *testing.T) {
	u := scripted(t, "HTTP/1.1 403 Forbidden by policy\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n"+
		"5\r\nhello\r\n0\r\nX-T: done\r\n\r\n")
	ex := Send(context.Background(), Request{URL: u, Timeouts: quick()})
	mustOK(t, ex)
	r := ex.Response
	if r.Status != 403 || r.Reason != "Forbidden by policy" || string(r.Body) != "hello" {
		t.Fatalf("%d %q %q", r.Status, r.Reason, r.Body)
	}
	if len(r.Trailers) != 1 || r.Trailers[0] != (Header{"X-T", "done"}) {
		t.Fatalf("trailers %v", r.Trailers)
	}
	// No reason at all.
	ex = Send(context.Background(), Request{URL: scripted(t, "HTTP/1.1 204\r\n\r\n"), Timeouts: quick()})
	mustOK(t, ex)
	if ex.Response.Status != 204 || ex.Response.Reason != "" {
		t.Fatalf("%d %q", ex.Response.Status, ex.Response.Reason)
	}
}

// 1xx answers before the final one are reported, not returned.
func TestInformationalResponses(t *testing.T) {
	u := scripted(t, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
	ex := Send(context.Background(), Request{URL: u, Timeouts: quick()})
	mustOK(t, ex)
	if ex.Response.Status != 200 || !strings.Contains(strings.Join(ex.Warnings, "\n"), "103 Early Hints") {
		t.Fatalf("status %d warnings %q", ex.Response.Status, ex.Warnings)
	}
}
