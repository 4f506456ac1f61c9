package format

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
)

// inert fails the test unless every line is safe to hand to a terminal:
// valid UTF-8, no C0 (so no \n, \t, \r, ESC), no DEL, no C1, no format
// (bidi, zero-width) or line/paragraph separator characters, and capped.
func inert(t testing.TB, lines []string) {
	t.Helper()
	if len(lines) > MaxLines {
		t.Fatalf("%d lines, over MaxLines", len(lines))
	}
	for i, l := range lines {
		if len(l) > MaxLine {
			t.Fatalf("line %d is %d bytes, over MaxLine", i, len(l))
		}
		if !utf8.ValidString(l) {
			t.Fatalf("line %d is not valid UTF-8: %q", i, l)
		}
		for _, r := range l {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
				unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
				t.Fatalf("line %d holds %U: %q", i, r, l)
			}
		}
	}
}

func resp(ct string, body string) *probe.Response {
	r := &probe.Response{Status: 403, Reason: "Forbidden", Proto: "HTTP/1.1", Body: []byte(body), BodySize: int64(len(body))}
	if ct != "" {
		r.Headers = []probe.Header{{Name: "Content-Type", Value: ct}}
	}
	return r
}

// bodyOf returns the lines after the first blank line.
func bodyOf(lines []string) []string {
	for i, l := range lines {
		if l == "" {
			return lines[i+1:]
		}
	}
	return nil
}

func joined(lines []string) string { return strings.Join(lines, "\n") }

func TestResponseHead(t *testing.T) {
	r := resp("application/json", `{}`)
	r.Headers = append(r.Headers,
		probe.Header{Name: "Set-Cookie", Value: "sid=abcdef0123456789; Path=/; HttpOnly"},
		probe.Header{Name: "WWW-Authenticate", Value: `Bearer error="invalid_token"`},
		probe.Header{Name: "X-Subject-Token", Value: "gAAAAABk0123456789abcdef"},
		probe.Header{Name: "X-Evil", Value: "a\x1b]2;TITLE\x07b\tc\r\nd"},
		probe.Header{Name: "X-\u202eName", Value: "v"},
	)
	got := Response(r, redactor(false))
	inert(t, got)
	want := []string{
		"HTTP/1.1 403 Forbidden",
		"Content-Type: application/json",
		"Set-Cookie: sid=••••6789; Path=/; HttpOnly",
		`WWW-Authenticate: Bearer error="invalid_token"`,
		"X-Subject-Token: ••••cdef",
		`X-Evil: a\x1b]2;TITLE\x07b\tc\r\nd`,
		`X-\u202eName: v`,
		"",
		"{}",
	}
	if joined(got) != joined(want) {
		t.Fatalf("got\n%s\nwant\n%s", joined(got), joined(want))
	}
	revealed := joined(Response(r, redactor(true)))
	if !strings.Contains(revealed, "sid=abcdef0123456789") || !strings.Contains(revealed, "gAAAAABk0123456789abcdef") {
		t.Fatalf("reveal still masks:\n%s", revealed)
	}
}

func TestResponseFoot(t *testing.T) {
	r := resp("text/plain", "partial")
	r.BodySize = 1000
	r.Truncated = true
	r.ContentEncoding = "gzip"
	r.DecodeError = "gzip: invalid header\x1b[2J"
	r.Trailers = []probe.Header{{Name: "Grpc-Status", Value: "7"}}
	got := Response(r, redactor(false))
	inert(t, got)
	s := joined(got)
	for _, w := range []string{"partial", "truncated at 7 of 1000 bytes", `decode error (gzip): gzip: invalid header\x1b[2J`, "trailers:", "Grpc-Status: 7"} {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in\n%s", w, s)
		}
	}
	if got := Response(nil, redactor(false)); len(got) != 1 {
		t.Errorf("nil response: %q", got)
	}
	if b := bodyOf(Response(resp("", ""), redactor(false))); len(b) != 1 || b[0] != "(empty body)" {
		t.Errorf("empty body: %q", b)
	}
}

func TestJSON(t *testing.T) {
	tests := []struct {
		name, ct, body string
		want           []string
	}{
		{
			name: "precision and escapes kept",
			ct:   "application/json; charset=utf-8",
			body: `{"big":1e400,"int":12345678901234567890,"f":0.10000000000000000001,"s":"x\u001b]52;c;QQ==\u0007\u009b\u202e","raw":"é"}`,
			want: []string{
				"{",
				`  "big": 1e400,`,
				`  "int": 12345678901234567890,`,
				`  "f": 0.10000000000000000001,`,
				`  "s": "x\u001b]52;c;QQ==\u0007\u009b\u202e",`,
				`  "raw": "é"`,
				"}",
			},
		},
		{
			name: "problem+json",
			ct:   "application/problem+json",
			body: `[1,[]]`,
			want: []string{"[", "  1,", "  []", "]"},
		},
		{
			name: "untyped body that looks like JSON",
			body: ` {"a":true}`,
			want: []string{"{", `  "a": true`, "}"},
		},
		{
			name: "invalid JSON falls back to raw",
			ct:   "application/json",
			body: `{"a":1,}` + "\n" + `next`,
			want: []string{`{"a":1,}`, "next"},
		},
		{
			name: "raw control bytes in a JSON string are escaped",
			ct:   "application/json",
			body: "{\"a\":\"\u009b\u202e\xff\"}",
			want: []string{"{", `  "a": "\u009b\u202e\xff"`, "}"},
		},
		{
			name: "HTML is text",
			ct:   "text/html",
			body: "<p>\n\thi</p>\r\n",
			want: []string{"<p>", "        hi</p>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Response(resp(tt.ct, tt.body), redactor(false))
			inert(t, got)
			if b := bodyOf(got); joined(b) != joined(tt.want) {
				t.Fatalf("got\n%q\nwant\n%q", b, tt.want)
			}
		})
	}
}

func TestHostileBody(t *testing.T) {
	tests := []struct{ name, body, visible string }{
		{"OSC 52", "A\x1b]52;c;ZWNobyBwd25lZA==\x07B", `A\x1b]52;c;ZWNobyBwd25lZA==\x07B`},
		{"OSC 2 title", "A\x1b]2;HACKED\x07B", `A\x1b]2;HACKED\x07B`},
		{"OSC 8 link", "A\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\B", `A\x1b]8;;https://evil.example/\x1b\click\x1b]8;;\x1b\B`},
		{"CSI", "A\x1b[2J\x1b[HB", `A\x1b[2J\x1b[HB`},
		{"SGR conceal", "A\x1b[8mSECRET\x1b[0mB", `A\x1b[8mSECRET\x1b[0mB`},
		{"DCS", "A\x1bP$qm\x1b\\B", `A\x1bP$qm\x1b\B`},
		{"APC", "A\x1b_Gf=100;AAAA\x1b\\B", `A\x1b_Gf=100;AAAA\x1b\B`},
		{"C1 CSI as UTF-8", "A\u009b2JB", `A\u009b2JB`},
		{"raw C1 byte", "A\x9b2JB", `A\x9b2JB`},
		{"lone CR", "rm -rf / #safe\rls -la", `rm -rf / #safe\rls -la`},
		{"backspace", "evil\b\b\b\bgood", `evil\x08\x08\x08\x08good`},
		{"bidi", "A\u202egnp.exe\u202cB", `A\u202egnp.exe\u202cB`},
		{"zero width", "a\u200bb\ufeffc", `a\u200bb\ufeffc`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"invalid UTF-8", "A\xff\xfeB", `A\xff\xfeB`},
		{"DEL and BEL", "A\x7f\x07B", `A\x7f\x07B`},
	}
	for _, tt := range tests {
		for _, ct := range []string{"text/html", "text/plain", ""} {
			t.Run(tt.name+"/"+ct, func(t *testing.T) {
				got := Response(resp(ct, "<html>\n"+tt.body+"\n</html>"), redactor(false))
				inert(t, got)
				if !strings.Contains(joined(got), tt.visible) {
					t.Fatalf("%q not shown visibly in %q", tt.visible, got)
				}
			})
		}
	}
}

func TestBinary(t *testing.T) {
	rnd := make([]byte, 10000)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range rnd {
		rnd[i] = byte(r.UintN(256))
	}
	noNUL := bytes.ReplaceAll(rnd, []byte{0}, []byte{1})
	tests := []struct {
		name, ct string
		body     []byte
		binary   bool
	}{
		{"png by type", "image/png", []byte("\x89PNG\r\n\x1a\n"), true},
		{"octet-stream", "application/octet-stream", []byte("hello"), true},
		{"NUL in text/plain", "text/plain", []byte("hello\x00world"), true},
		{"random bytes untyped", "", noNUL, true},
		{"random bytes as text/html", "text/html", noNUL, true},
		{"svg is text", "image/svg+xml", []byte("<svg/>"), false},
		{"hostile text stays text", "text/plain", []byte("see \x1b]52;c;QQ==\x07 and \x1b[2J here"), false},
		{"Latin-1 text stays text", "text/plain", []byte("caf\xe9 cr\xe8me br\xfbl\xe9e"), false},
		{"CJK text", "text/plain", []byte("日本語のテキスト"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := resp(tt.ct, string(tt.body))
			res.BodySize = 12345
			got := Response(res, redactor(false))
			inert(t, got)
			b := bodyOf(got)
			isBin := strings.HasPrefix(b[0], "binary body: 12345 bytes, ")
			if isBin != tt.binary {
				t.Fatalf("binary=%v, want %v: %q", isBin, tt.binary, b[0])
			}
			if isBin {
				ct := tt.ct
				if ct == "" {
					ct = "no Content-Type"
				}
				if b[0] != "binary body: 12345 bytes, "+ct {
					t.Errorf("placeholder %q", b[0])
				}
				if !strings.HasPrefix(b[1], "00000000  ") {
					t.Errorf("no hex dump: %q", b[1])
				}
				if len(tt.body) > dumpBytes && len(b) > 2+dumpBytes/16+1 {
					t.Errorf("hex dump of %d lines, want the first %d bytes only", len(b), dumpBytes)
				}
			}
		})
	}
}

func TestCharset(t *testing.T) {
	got := bodyOf(Response(resp("text/plain; charset=iso-8859-1", "caf\xe9"), redactor(false)))
	if len(got) != 1 || got[0] != "café" {
		t.Fatalf("got %q", got)
	}
}

func TestLongLines(t *testing.T) {
	// 1 MiB of minified JSON on one line.
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; b.Len() < 1<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":12345,"name":"item","tags":["a","b"]}`)
	}
	b.WriteString(`]}`)
	got := Response(resp("application/json", b.String()), redactor(false))
	inert(t, got)
	if len(got) < 1000 {
		t.Fatalf("minified JSON not pretty-printed: %d lines", len(got))
	}

	// One JSON string of 1 MiB, and the same as invalid JSON.
	long := `{"s":"` + strings.Repeat("x", 1<<20) + `"}`
	for _, body := range []string{long, long[:len(long)-1]} {
		got := Response(resp("application/json", body), redactor(false))
		inert(t, got)
		if n := len(bodyOf(got)); n < (1<<20)/MaxLine || n > (1<<20)/MaxLine+5 {
			t.Fatalf("1 MiB line became %d lines", n)
		}
	}

	// Multi-byte runes are never split.
	got = Response(resp("text/plain", strings.Repeat("日", 1<<16)), redactor(false))
	inert(t, got)
	if strings.Join(bodyOf(got), "") != strings.Repeat("日", 1<<16) {
		t.Fatal("split lost or changed bytes")
	}
}

func TestDeepJSON(t *testing.T) {
	// Indentation grows with depth: 400 documents 9,000 deep would pretty-print
	// to gigabytes. They are shown as sent instead, in bounded time and space.
	doc := strings.Repeat("[", 9000) + strings.Repeat("]", 9000)
	body := "[" + strings.Repeat(doc+",", 400) + "1]"
	start := time.Now()
	got := Response(resp("application/json", body), redactor(false))
	inert(t, got)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
	if b := bodyOf(got); !strings.HasPrefix(b[0], "(JSON too deeply nested") {
		t.Fatalf("first body line %q", b[0])
	}
	// Moderate nesting is still pretty-printed.
	got = bodyOf(Response(resp("application/json", `{"a":{"b":{"c":[1]}}}`), redactor(false)))
	if len(got) != 9 || got[4] != "        1" {
		t.Fatalf("%q", got)
	}
}

func TestMaxLines(t *testing.T) {
	r := resp("text/plain", strings.Repeat("x\n", MaxLines+500))
	r.BodySize = 1 << 30
	r.Truncated = true
	got := Response(r, redactor(false))
	inert(t, got)
	if len(got) != MaxLines {
		t.Fatalf("%d lines, want %d", len(got), MaxLines)
	}
	if last := got[len(got)-1]; !strings.HasPrefix(last, "truncated at ") {
		t.Fatalf("footer lost: last line %q", last)
	}
	if more := got[len(got)-2]; !strings.HasPrefix(more, "… ") || !strings.HasSuffix(more, " more lines not shown") {
		t.Fatalf("no summary: %q", more)
	}
}

func TestRequest(t *testing.T) {
	jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl"
	w := probe.WireRequest{
		Method: "POST", URL: "/v1/x?access_token=supersecretvalue&q=1", FullURL: "https://api.example/v1/x?access_token=supersecretvalue&q=1",
		Proto: "HTTP/1.1",
		Headers: []probe.Header{
			{Name: "Host", Value: "api.example"},
			{Name: "Authorization", Value: "Bearer " + jwt},
			{Name: "X-Trace", Value: jwt},
			{Name: "Content-Type", Value: "application/json"},
			{Name: "X-Evil", Value: "\x1b]52;c;QQ==\x07"},
		},
		Body:       []byte(`{"token":"` + jwt + `","n":1e400}`),
		BodySize:   1000,
		ClientCert: &probe.CertInfo{Subject: "CN=me\u202e"},
	}
	got := Request(w, redactor(false))
	inert(t, got)
	s := joined(got)
	if strings.Contains(s, "supersecretvalue") || strings.Contains(s, jwt) {
		t.Fatalf("secret shown:\n%s", s)
	}
	for _, want := range []string{"POST /v1/x?", " HTTP/1.1", "Authorization: Bearer ••••", `X-Evil: \x1b]52;c;QQ==\x07`, `  "n": 1e400`, "… showing 88 of 1000 bytes sent", `client certificate offered: CN=me\u202e`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if got[0] != "POST /v1/x?access_token=••••alue&q=1 HTTP/1.1" {
		t.Errorf("request line %q", got[0])
	}
	r := joined(Request(w, redactor(true)))
	if !strings.Contains(r, "supersecretvalue") || !strings.Contains(r, "Bearer "+jwt) {
		t.Fatalf("reveal still masks:\n%s", r)
	}
	if g := Request(probe.WireRequest{Method: "GET", URL: "/", Proto: "HTTP/1.1"}, redactor(false)); len(g) != 1 || g[0] != "GET / HTTP/1.1" {
		t.Errorf("bodiless GET: %q", g)
	}
}

func TestTiming(t *testing.T) {
	tm := probe.Timing{DNS: 10 * time.Millisecond, Connect: 20 * time.Millisecond, TLS: 30 * time.Millisecond,
		Wrote: time.Millisecond, FirstByte: 100 * time.Millisecond, Body: 39 * time.Millisecond, Total: 200 * time.Millisecond, Reused: true}
	for _, w := range []int{10, 20, 31, 40, 80, 200} {
		got := Timing(tm, w)
		inert(t, got)
		for _, l := range got {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: %q is %d wide", w, l, ansi.StringWidth(l))
			}
		}
	}
	got := Timing(tm, 80)
	if len(got) != 8 || !strings.HasPrefix(got[0], "DNS") || !strings.Contains(got[0], "10.0 ms") || !strings.Contains(got[6], "200.0 ms") {
		t.Fatalf("%q", got)
	}
	if !strings.Contains(got[6], strings.Repeat("█", 80-25)) {
		t.Errorf("total bar not full width: %q", got[6])
	}
	// The waterfall: the first-byte bar starts after the earlier phases.
	if i, j := strings.Index(got[4], "█"), strings.Index(got[0], "█"); i <= j {
		t.Errorf("first byte bar at %d, DNS at %d", i, j)
	}
	noTLS := Timing(probe.Timing{Connect: time.Millisecond, Total: 2 * time.Millisecond}, 80)
	if !strings.HasSuffix(noTLS[2], "–") || strings.Contains(noTLS[2], "█") {
		t.Errorf("phase that did not happen: %q", noTLS[2])
	}
	inert(t, Timing(probe.Timing{}, 80))
}

func TestTLS(t *testing.T) {
	if got := TLS(nil); len(got) != 1 || got[0] != "plain HTTP: no TLS handshake" {
		t.Fatalf("%q", got)
	}
	nb := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	info := &probe.TLSInfo{
		Version: "TLS 1.3", ALPN: "h2", CipherSuite: "TLS_AES_128_GCM_SHA256", ServerName: "api.example",
		Peer: []probe.CertInfo{
			{Subject: "CN=api.example\x1b]2;x\x07", Issuer: "CN=CA", DNSNames: []string{"api.example", "*.api.example"}, IPs: []string{"10.0.0.1"},
				NotBefore: nb, NotAfter: nb.AddDate(1, 0, 0), SHA256: strings.Repeat("ab", 32)},
			{Subject: "CN=CA", Issuer: "CN=CA", IsCA: true},
		},
		CertificateRequested: true, AcceptableCAs: []string{"CN=Client CA\u202e"},
		ClientCert: &probe.CertInfo{Subject: "CN=me"},
	}
	got := TLS(info)
	inert(t, got)
	s := joined(got)
	for _, w := range []string{"TLS 1.3", "h2", "TLS_AES_128_GCM_SHA256", "verified:     no", `CN=api.example\x1b]2;x\x07`,
		"SANs:    api.example, *.api.example, 10.0.0.1", "2025-01-01 00:00 UTC → 2026-01-01 00:00 UTC", "abababababababab…", "(CA)",
		"client certificate requested: yes", `CN=Client CA\u202e`, "client certificate offered:", "subject: CN=me"} {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in\n%s", w, s)
		}
	}
}

func TestFailure(t *testing.T) {
	if Failure(nil) != nil {
		t.Fatal("nil error gave lines")
	}
	got := Failure(&probe.Error{Phase: probe.PhaseTLS, Message: "the server asked for a client certificate", Detail: "remote error:\n\ttls: \x1b[2J bad", TLSAlert: "certificate required"})
	inert(t, got)
	want := []string{"no response: failed at tls", "the server asked for a client certificate", "TLS alert from the server: certificate required", "", "detail:", "remote error:", `        tls: \x1b[2J bad`}
	if joined(got) != joined(want) {
		t.Fatalf("got %q", got)
	}
}

func TestWrap(t *testing.T) {
	lines := []string{
		"",
		"short",
		strings.Repeat("abcdefghij", 30),
		strings.Repeat("日本語", 50),
		"a日b本c語" + strings.Repeat("x", 7) + "é́" + strings.Repeat("🙂", 9) + `\u202e`,
		"e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301", // combining accents stay with their letter
	}
	for _, w := range []int{2, 3, 4, 5, 7, 10, 80} {
		got := Wrap(lines, w)
		inert(t, got)
		for _, l := range got {
			if ansi.StringWidth(l) > w {
				t.Fatalf("width %d: %q is %d wide", w, l, ansi.StringWidth(l))
			}
		}
		if strings.Join(got, "") != strings.Join(lines, "") {
			t.Fatalf("width %d: content changed", w)
		}
		for _, l := range got {
			if strings.HasPrefix(l, "\u0301") {
				t.Fatalf("width %d: a combining mark split from its letter: %q", w, got)
			}
		}
	}
	// Rows end at a space where one fits: words stay whole.
	if got := Wrap([]string{`Bearer error="x", error_description="The token"`}, 24); joined(got) != "Bearer error=\"x\", \nerror_description=\"The \ntoken\"" {
		t.Fatalf("%q", got)
	}
	if got := Wrap([]string{`é error_description="Thé"`}, 16); joined(got) != "é \nerror_descriptio\nn=\"Thé\"" {
		t.Fatalf("%q", got)
	}
	if got := Wrap([]string{"abcdef"}, 2); joined(got) != "ab\ncd\nef" {
		t.Fatalf("%q", got)
	}
	// Width 1: a wide rune gets a row of its own.
	if got := Wrap([]string{"a日b"}, 1); joined(got) != "a\n日\nb" {
		t.Fatalf("%q", got)
	}
	// The cap: more rows than MaxLines end in a summary.
	many := make([]string, MaxLines/2+10)
	for i := range many {
		many[i] = "abcd"
	}
	got := Wrap(many, 2)
	if len(got) != MaxLines || got[len(got)-1] != "… 11 more lines not shown" {
		t.Fatalf("%d rows, last %q", len(got), got[len(got)-1])
	}
}

// SearchLines folds case as the "/" search always did: the lines of its
// hits.
func TestSearchLinesFoldsCase(t *testing.T) {
	lines := []string{"HTTP/1.1 403 Forbidden", "content-type: text/html", "Token EXPIRED", "Straße", `\x1b]52`, ""}
	tests := []struct {
		q    string
		want []int
	}{
		{"forbidden", []int{0}},
		{"T", []int{0, 1, 2, 3}},
		{"expired", []int{2}},
		{"STRASSE", nil},
		{"straSSe", nil},
		{"STRAßE", []int{3}},
		{`\x1b`, []int{4}},
		{"", nil},
		{"not there", nil},
		{"Forbidden!!!!!!!!!!!!!!!!!!!!!!!", nil},
	}
	for _, tt := range tests {
		var got []int
		for _, h := range SearchLines(lines, tt.q) {
			if len(got) == 0 || got[len(got)-1] != h.Line {
				got = append(got, h.Line)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("SearchLines(%q) on lines %v, want %v", tt.q, got, tt.want)
		}
	}
}

func FuzzInert(f *testing.F) {
	f.Add([]byte("A\x1b]52;c;QQ==\x07B\u009b\u202e\xff\r\n\t"), "X-A", "v\x1b[2J", "text/html")
	f.Add([]byte(`{"a":"\u001b","b":1e400}`), "Set-Cookie", "sid=\x9b", "application/json")
	f.Add([]byte("\x00\x01binary"), "Authorization", "Bearer \u2028x", "image/png")
	f.Add([]byte("caf\xe9"), "Content-Type", "text/plain; charset=windows-1252", "text/plain; charset=shift_jis")
	f.Fuzz(func(t *testing.T, body []byte, name, value, ct string) {
		hs := []probe.Header{{Name: "Content-Type", Value: ct}, {Name: name, Value: value}}
		r := &probe.Response{Status: 200, Reason: value, Proto: name, Headers: hs, Body: body, BodySize: int64(len(body)) + 1,
			Truncated: true, DecodeError: value, ContentEncoding: name, Trailers: hs}
		for _, reveal := range []bool{false, true} {
			lines := Response(r, redactor(reveal))
			inert(t, lines)
			inert(t, Wrap(lines, 7))
			w := probe.WireRequest{Method: name, URL: value, FullURL: value, Proto: name, Headers: hs, Body: body, BodySize: int64(len(body)),
				ClientCert: &probe.CertInfo{Subject: value}}
			inert(t, Request(w, redactor(reveal)))
		}
		inert(t, Failure(&probe.Error{Phase: name, Message: value, Detail: string(body), TLSAlert: ct}))
		inert(t, TLS(&probe.TLSInfo{Version: name, ALPN: value, CipherSuite: ct, ServerName: value, AcceptableCAs: []string{value},
			Peer: []probe.CertInfo{{Subject: value, Issuer: ct, DNSNames: []string{name}, SHA256: value}}}))
	})
}

// tenMiBJSON is a pretty-printable 10 MiB JSON array.
func tenMiBJSON() []byte {
	var b bytes.Buffer
	b.WriteString(`[`)
	for i := 0; b.Len() < 10<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":12345678901234567890,"name":"caf\u00e9 \"q\"","ok":true,"tags":["a","b"],"n":null}`)
	}
	b.WriteString(`]`)
	return b.Bytes()
}

func BenchmarkResponseJSON10MiB(b *testing.B) {
	r := resp("application/json", string(tenMiBJSON()))
	b.SetBytes(int64(len(r.Body)))
	for b.Loop() {
		_ = Response(r, redactor(false))
	}
}

func BenchmarkResponseSingleLine10MiB(b *testing.B) {
	r := resp("text/plain", strings.Repeat("abcdefghijklmnopqrstuvwxyz0123456789 ", (10<<20)/37))
	b.SetBytes(int64(len(r.Body)))
	for b.Loop() {
		_ = Response(r, redactor(false))
	}
}

func BenchmarkResponseHostile10MiB(b *testing.B) {
	r := resp("text/plain", strings.Repeat("A\x1b]52;c;QQ==\x07\u009b\u202e日本\xff\t", (10<<20)/28))
	b.SetBytes(int64(len(r.Body)))
	for b.Loop() {
		_ = Response(r, redactor(false))
	}
}

func BenchmarkWrap10MiB(b *testing.B) {
	lines := Response(resp("text/plain", strings.Repeat("abcdefghijklmnopqrstuvwxyz0123456789 ", (10<<20)/37)), redactor(false))
	b.SetBytes(10 << 20)
	for b.Loop() {
		_ = Wrap(lines, 80)
	}
}

func BenchmarkWrap10MiBCJK(b *testing.B) {
	lines := Response(resp("text/plain", strings.Repeat("日本語のテキスト and some ASCII, ", (10<<20)/50)), redactor(false))
	b.SetBytes(10 << 20)
	for b.Loop() {
		_ = Wrap(lines, 80)
	}
}

func BenchmarkSearch10MiB(b *testing.B) {
	lines := Response(resp("application/json", string(tenMiBJSON())), redactor(false))
	for b.Loop() {
		_ = SearchLines(lines, "CAFÉ")
		_ = SearchLines(lines, "Name")
	}
}

func TestRequestTargets(t *testing.T) {
	tests := []struct{ url, full, want string }{
		{"/a?token=abcdefghijkl", "", "GET /a?token=••••ijkl"},
		{"http://u:pw@proxy.example/a?api_key=abcdefghijkl&x=1", "", "GET http://u:••••@proxy.example/a?api_key=••••ijkl&x=1"},
		{"", "https://h.example/?sig=abcdefghijkl", "GET https://h.example/?sig=••••ijkl"},
		{"/plain", "", "GET /plain"},
		{"/x?\x1b]52;c;QQ==\x07", "", "GET /x?\\x1b]52;c;QQ==\\x07"},
	}
	for _, tt := range tests {
		got := Request(probe.WireRequest{Method: "GET", URL: tt.url, FullURL: tt.full}, redactor(false))
		inert(t, got)
		if got[0] != tt.want {
			t.Errorf("%q: got %q, want %q", tt.url+tt.full, got[0], tt.want)
		}
	}
}

func TestRequestMasksBodyAndNamedSecretHeaders(t *testing.T) {
	w := probe.WireRequest{
		Method: "POST", URL: "/login", Proto: "HTTP/1.1",
		Headers: []probe.Header{
			{Name: "Content-Type", Value: "application/json"},
			{Name: "X-Client", Value: "clientkey-0123456789"},
		},
		Body: []byte(`{"user":"alice","password":"hunter2-very-secret"}`),
	}
	s := joined(Request(w, probe.NewRedactor(probe.Request{SecretHeaders: []string{"x-client"}}, false)))
	for _, secret := range []string{"hunter2-very-secret", "clientkey-0123456789"} {
		if strings.Contains(s, secret) {
			t.Errorf("%q shown:\n%s", secret, s)
		}
	}
	if !strings.Contains(s, `"user": "alice"`) || !strings.Contains(s, "X-Client: ••••6789") {
		t.Errorf("masked too much or not as expected:\n%s", s)
	}
	form := probe.WireRequest{Method: "POST", URL: "/", Headers: []probe.Header{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
		Body: []byte("user=alice&password=hunter2-very-secret")}
	if s := joined(Request(form, redactor(false))); strings.Contains(s, "hunter2-very-secret") {
		t.Errorf("form password shown:\n%s", s)
	}
	r := joined(Request(w, probe.NewRedactor(probe.Request{SecretHeaders: []string{"X-Client"}}, true)))
	if !strings.Contains(r, "hunter2-very-secret") || !strings.Contains(r, "clientkey-0123456789") {
		t.Errorf("reveal still masks:\n%s", r)
	}
}

// redactor is the policy of a request with no secrets of its own.
func redactor(reveal bool) probe.Redactor { return probe.NewRedactor(probe.Request{}, reveal) }

// An HTTP/2 request's pseudo-headers are the request line and the host:
// never masked, though ":authority" holds "auth". Neither are pseudo-header
// names in a response, whatever word they hold.
func TestPseudoHeadersAreShown(t *testing.T) {
	w := probe.WireRequest{
		Method: "GET", URL: "/api/orders", Proto: "HTTP/2.0",
		Headers: []probe.Header{
			{Name: ":authority", Value: "127.0.0.1:18482"},
			{Name: ":method", Value: "GET"},
			{Name: ":path", Value: "/api/orders"},
			{Name: ":scheme", Value: "https"},
			{Name: "authorization", Value: "Bearer abcdefghijkl3f9a"},
		},
	}
	s := joined(Request(w, redactor(false)))
	for _, want := range []string{":authority: 127.0.0.1:18482", ":path: /api/orders", "authorization: Bearer ••••3f9a"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	for _, name := range []string{":authority", ":status", ":x-auth-token"} {
		if probe.IsIssuedCredentialHeader(name) {
			t.Errorf("IsIssuedCredentialHeader(%q) = true", name)
		}
	}
}
