package curlargs

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/why403/why403/probe"
)

// shellWords splits a command line as a POSIX shell (bash) would, for the
// quoting Quote uses: blanks, '...', "..." with \ escapes, bash's $'...'
// with \\ \' \n \t \r \xHH \uHHHH \UHHHHHHHH, no expansion.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$' && i+1 < len(s) && s[i+1] == '\'':
			i += 2
			for ; i < len(s) && s[i] != '\''; i++ {
				if s[i] != '\\' {
					cur.WriteByte(s[i])
					continue
				}
				i++
				if i >= len(s) {
					t.Fatalf("dangling \\ in %q", s)
				}
				hexRun := func(max int) uint64 {
					j := i + 1
					for j < len(s) && j-(i+1) < max && strings.IndexByte("0123456789abcdefABCDEF", s[j]) >= 0 {
						j++
					}
					v, err := strconv.ParseUint(s[i+1:j], 16, 32)
					if err != nil {
						t.Fatalf("bad escape at %d in %q", i, s)
					}
					i = j - 1
					return v
				}
				switch s[i] {
				case '\\', '\'', '"':
					cur.WriteByte(s[i])
				case 'n':
					cur.WriteByte('\n')
				case 't':
					cur.WriteByte('\t')
				case 'r':
					cur.WriteByte('\r')
				case 'x':
					cur.WriteByte(byte(hexRun(2)))
				case 'u':
					cur.WriteRune(rune(hexRun(4)))
				case 'U':
					cur.WriteRune(rune(hexRun(8)))
				default:
					t.Fatalf("escape \\%c not expected in %q", s[i], s)
				}
			}
			if i >= len(s) {
				t.Fatalf("unclosed $' in %q", s)
			}
			inWord = true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				t.Fatalf("unclosed ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				t.Fatalf("unclosed \" in %q", s)
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

func TestQuote(t *testing.T) {
	secretReq := base(u, post(`{"a":1}`), withHeaders(ua, accept,
		hdr("Content-Type", "application/json"),
		hdr("Authorization", "Bearer abcdefghijkl1234"),
		hdr("Cookie", "sid=secretvalue123; theme=dark"),
		hdr("X-Api-Key", "k-0123456789")))
	tests := []struct {
		name   string
		req    probe.Request
		reveal bool
		want   string
	}{
		{"plain GET", base(u), false, `curl https://api.example.com/v1 -A curl/8.5.0`},
		// Only the secret parameter changes; the rest keeps its order and
		// encoding.
		{"masked query", base("https://api.example.com/v1?z=1&api_key=abcdefghij1234&q=a%20b"), false,
			`curl 'https://api.example.com/v1?z=1&api_key=••••1234&q=a%20b' -A curl/8.5.0`},
		{"h2c", base("http://h/", func(r *probe.Request) { r.HTTPVersion = "2-prior-knowledge" }), false,
			`curl http://h/ -A curl/8.5.0 --http2-prior-knowledge`},
		{"zero value plus URL", probe.Request{URL: "http://h/"}, false,
			`curl http://h/ -H User-Agent: -H Accept: --max-redirs 0`},
		{"masked", secretReq, false, `curl https://api.example.com/v1 -A curl/8.5.0 -H 'Content-Type: application/json' ` +
			`-H "Authorization: Bearer $TOKEN" -H 'Cookie: sid=••••e123; theme=••••' -H 'X-Api-Key: ••••6789' --data-raw '{"a":1}'`},
		{"revealed", secretReq, true, `curl https://api.example.com/v1 -A curl/8.5.0 -H 'Content-Type: application/json' ` +
			`-H 'Authorization: Bearer abcdefghijkl1234' -H 'Cookie: sid=secretvalue123; theme=dark' -H 'X-Api-Key: k-0123456789' --data-raw '{"a":1}'`},
		{"credentials masked", base(u, func(r *probe.Request) {
			r.Auth = probe.Credentials{Bearer: "tok", BasicUser: `al"ice$`, BasicPass: "pw", HasBasic: true}
			r.URL = "https://bob:hunter2hunter2@api.example.com/"
			r.Proxy = "http://p:proxypassword@proxy:3128"
		}), false, `curl 'https://bob:••••ter2@api.example.com/' -A curl/8.5.0 --oauth2-bearer "$TOKEN" -u "al\"ice\$:$PASSWORD" -x 'http://p:••••word@proxy:3128'`},
		{"credentials revealed", base(u, func(r *probe.Request) {
			r.Auth = probe.Credentials{Bearer: "tok", BasicUser: "alice", BasicPass: "it's", HasBasic: true}
		}), true, `curl https://api.example.com/v1 -A curl/8.5.0 --oauth2-bearer tok -u 'alice:it'\''s'`},
		{"HEAD", base(u, func(r *probe.Request) { r.Method = "HEAD" }), false, `curl -I https://api.example.com/v1 -A curl/8.5.0`},
		{"PUT without body", base(u, func(r *probe.Request) { r.Method = "PUT" }), false, `curl -X PUT https://api.example.com/v1 -A curl/8.5.0`},
		{"form POST needs no -X", base(u, post("a=1&b=2"), withHeaders(ua, accept, formCT)), false,
			`curl https://api.example.com/v1 -A curl/8.5.0 -H 'Content-Type: application/x-www-form-urlencoded' --data-raw 'a=1&b=2'`},
		{"body without Content-Type", base(u, post("x")), false, `curl https://api.example.com/v1 -A curl/8.5.0 -H Content-Type: --data-raw x`},
		{"body from a file", base(u, func(r *probe.Request) { r.Method = "POST"; r.BodyFile = "/tmp/big file.bin" }), false,
			`curl https://api.example.com/v1 -A curl/8.5.0 -H Content-Type: --data-binary '@/tmp/big file.bin'`},
		{"NUL in the body", base(u, post("a\x00b"), withHeaders(ua, accept, formCT)), false,
			`curl https://api.example.com/v1 -A curl/8.5.0 -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @<(printf %s YQBi | base64 -d)`},
		{"settings", base(u, func(r *probe.Request) {
			r.FollowRedirects, r.MaxRedirects = true, 3
			r.HTTPVersion = "2"
			r.TLS = probe.TLSOptions{CertFile: `c:\x.pem`, KeyFile: "k.pem", CAFile: "ca.pem", Insecure: true}
			r.NoProxy = "*"
			r.Timeouts = probe.Timeouts{Connect: 250 * time.Millisecond, Total: 90 * time.Second, TLS: time.Second}
			r.MaxBodyBytes = 1 << 20
		}), false, `curl https://api.example.com/v1 -A curl/8.5.0 -L --max-redirs 3 --http2 --cert 'c\:\\x.pem' --key k.pem --cacert ca.pem -k ` +
			`--noproxy '*' --connect-timeout 0.25 -m 90`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Quote(tt.req, probe.NewRedactor(tt.req, tt.reveal)); got != tt.want {
				t.Errorf("Quote() =\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

// TestQuoteRoundTrip checks that Parse reads back exactly what Quote wrote.
func TestQuoteRoundTrip(t *testing.T) {
	writeFiles(t, map[string]string{"up.bin": "\x89PNG\r\n"})
	form, err := Parse([]string{"-F", "a=1", "-F", "f=@up.bin", "-F", `q="x'y";type=text/plain`, u})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		req  probe.Request
	}{
		{"plain", base(u)},
		{"defaults edited", base(u, withHeaders(hdr("User-Agent", "Agent 007"), hdr("X", "1"), hdr("X", "2"), hdr("X-Empty", "")))},
		{"defaults moved", base(u, withHeaders(hdr("X", "1"), ua, accept))},
		{"only Accept", base(u, withHeaders(accept))},
		{"defaults reversed", base(u, withHeaders(accept, ua))},
		{"a default and another of its name", base(u, withHeaders(ua, accept, hdr("Accept", "text/html"), hdr("user-agent", "second")))},
		{"no headers", base(u, withHeaders())},
		{"form POST", base(u, post("a=1&b=2"), withHeaders(ua, accept, formCT))},
		{"POST without Content-Type", base(u, post("raw"))},
		{"empty POST", base(u, post(""), withHeaders(ua, accept, formCT))},
		{"PUT JSON", base(u, post(`{"it's": "a \"quote\""}`), withHeaders(ua, hdr("Accept", "application/json"), hdr("Content-Type", "application/json")),
			func(r *probe.Request) { r.Method = "PUT" })},
		{"lowercase method with a body", base(u, post("x"), func(r *probe.Request) { r.Method = "post" })},
		{"GET with a body", base(u, post("x"), func(r *probe.Request) { r.Method = "GET" })},
		{"HEAD", base(u, func(r *probe.Request) { r.Method = "HEAD" })},
		{"multi-line body with CR", base(u, post("line1\r\nline2\n'quoted'\n@notafile"), withHeaders(ua, accept, hdr("Content-Type", "text/plain")))},
		{"body starting with @", base(u, post("@file"), withHeaders(ua, accept, formCT))},
		{"multipart from -F", form.Request},
		{"compressed", base(u, func(r *probe.Request) {
			r.Compressed = true
			r.Headers = append(r.Headers, hdr("Accept-Encoding", "deflate, gzip, br, zstd"))
		})},
		{"compressed, header removed", base(u, func(r *probe.Request) { r.Compressed = true })},
		{"compressed, header changed", base(u, func(r *probe.Request) {
			r.Compressed = true
			r.Headers = append(r.Headers, hdr("Accept-Encoding", "gzip"))
		})},
		{"secrets", base(u, withHeaders(ua, accept, hdr("Authorization", "Bearer abc"), hdr("Cookie", "a=b; c=d")),
			func(r *probe.Request) {
				r.Auth = probe.Credentials{Bearer: "tok", BasicUser: "alice", BasicPass: "p:w'd", HasBasic: true}
			})},
		{"URL with query, fragment and quote", base("https://api.example.com/s?q=it's&x=1#frag")},
		{"URL with user info", base("https://bob:pw@api.example.com/")},
		{"connection settings", base(u, func(r *probe.Request) {
			r.FollowRedirects, r.MaxRedirects = true, 0
			r.HTTPVersion = "1.1"
			r.TLS = probe.TLSOptions{CertFile: `dir\c:x.pem`, KeyFile: "k.pem", CAFile: "ca.pem", Insecure: true}
			r.Proxy, r.NoProxy = "socks5://127.0.0.1:1080", "localhost,.corp"
			r.Timeouts = probe.Timeouts{Connect: 1500 * time.Millisecond, Total: 2*time.Minute + time.Millisecond}
		})},
		{"Host override", base(u, withHeaders(ua, accept, hdr("Host", "internal.example:8443")))},
		{"HTTP/2 prior knowledge", base("http://h/", func(r *probe.Request) { r.HTTPVersion = "2-prior-knowledge" })},
		{"controls and bidi in body and header", base(u, post("a\nb\tc\r\n\x1b[2J \u202egnp.exe\u202c it's \\x41 \x7f\u009b\u2028\U000e0041 \xff\xfe end"),
			withHeaders(ua, accept, hdr("Content-Type", "text/plain"), hdr("X-Note", "rtl\u202e'x \ue000 private")))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := Quote(tt.req, probe.NewRedactor(tt.req, true))
			if !utf8.ValidString(line) || strings.ContainsFunc(line, func(r rune) bool {
				return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
			}) {
				t.Fatalf("Quote() carries a raw control or format character: %q", line)
			}
			words := shellWords(t, line)
			if words[0] != "curl" {
				t.Fatalf("Quote() = %s", line)
			}
			got, err := Parse(words)
			if err != nil {
				t.Fatalf("Parse(Quote()) of\n  %s\nfailed: %v", line, err)
			}
			t.Logf("%s", line)
			assertRequest(t, got.Request, tt.req)
		})
	}
}

func TestUsage(t *testing.T) {
	text := Usage()
	for _, group := range []string{"Request:", "Headers & body:", "Credentials & TLS:", "Connection:", "why403 options:"} {
		if !strings.Contains(text, "\n"+group+"\n") && !strings.HasPrefix(text, group+"\n") {
			t.Errorf("Usage() lacks the group %q", group)
		}
	}
	// Every flag Parse accepts is documented, and the help fits a terminal.
	for _, o := range options {
		if !strings.Contains(text, "--"+o.long) && o.long != "progress-bar" && o.long != "no-progress-meter" &&
			!strings.Contains(text, "-"+string(o.short)) {
			t.Errorf("Usage() does not mention --%s", o.long)
		}
	}
	col := -1
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line longer than 80 columns (%d): %q", n, line)
		}
		if line == "" || strings.HasSuffix(line, ":") {
			continue
		}
		// The descriptions start in one column: after the flags, or alone
		// on a continuation line.
		first := len(line) - len(strings.TrimLeft(line, " "))
		c := first
		if first < 10 {
			gap := strings.Index(line[first:], "  ")
			c = first + gap + len(line[first+gap:]) - len(strings.TrimLeft(line[first+gap:], " "))
		}
		if col == -1 {
			col = c
		} else if c != col {
			t.Errorf("misaligned description at column %d, want %d: %q", c, col, line)
		}
	}
}
