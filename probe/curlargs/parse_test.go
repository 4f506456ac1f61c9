package curlargs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

const u = "https://api.example.com/v1"

// base is what Parse makes of u alone: probe.NewRequest's defaults.
func base(rawURL string, edits ...func(r *probe.Request)) probe.Request {
	r := probe.NewRequest(rawURL)
	for _, e := range edits {
		e(&r)
	}
	return r
}

func hdr(name, value string) probe.Header { return probe.Header{Name: name, Value: value} }

func withHeaders(hs ...probe.Header) func(r *probe.Request) {
	return func(r *probe.Request) { r.Headers = hs }
}

var (
	ua     = hdr("User-Agent", probe.UserAgent)
	accept = hdr("Accept", "*/*")
	formCT = hdr("Content-Type", "application/x-www-form-urlencoded")
)

func post(body string) func(r *probe.Request) {
	return func(r *probe.Request) { r.Method = "POST"; r.Body = []byte(body) }
}

// writeFiles puts files in a fresh directory, changes into it for the
// test (so @file arguments are short), and returns the directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func TestParseRequest(t *testing.T) {
	writeFiles(t, map[string]string{
		"form.txt":    "a=1\r\nb=2\n",
		"hello.txt":   "hello world&x=/?\n",
		"body.json":   "{\"a\":\r\n1}\n",
		"headers.txt": "# auth for the staging API\r\nAuthorization: Bearer from-file\r\n\r\n  X-Trace: 7  \nX-Empty;\nAccept:\n",
	})
	tests := []struct {
		name string
		args []string
		want probe.Request
	}{
		{"bare URL", []string{u}, base(u)},
		{"leading curl word is skipped", []string{"curl", u}, base(u)},
		{"--url", []string{"--url", u}, base(u)},
		{"--url=", []string{"--url=" + u}, base(u)},
		{"after --", []string{"-s", "--", u}, base(u)},
		{"harmless flags", []string{"-s", "-S", "-v", "-i", "-f", "--fail-with-body", "-#", "-g", "--no-progress-meter", u}, base(u)},

		{"-sSL", []string{"-sSL", u}, base(u, func(r *probe.Request) { r.FollowRedirects = true })},
		{"-sSLX POST", []string{"-sSLX", "POST", u}, base(u, func(r *probe.Request) { r.FollowRedirects = true; r.Method = "POST" })},
		{"-XPOST", []string{"-XPOST", u}, base(u, func(r *probe.Request) { r.Method = "POST" })},
		{"--request=DELETE", []string{"--request=DELETE", u}, base(u, func(r *probe.Request) { r.Method = "DELETE" })},
		{"lowercase method kept as typed", []string{"-X", "get", u}, base(u, func(r *probe.Request) { r.Method = "get" })},
		{"-I", []string{"-I", u}, base(u, func(r *probe.Request) { r.Method = "HEAD" })},

		{"-HX:1", []string{"-HX:1", u}, base(u, withHeaders(ua, accept, hdr("X", "1")))},
		{"--header=", []string{"--header=X-A: 1", u}, base(u, withHeaders(ua, accept, hdr("X-A", "1")))},
		{"value blanks trimmed", []string{"-H", "X-A:   spaced out \t", u}, base(u, withHeaders(ua, accept, hdr("X-A", "spaced out")))},
		{"value keeps its colons", []string{"-H", "X-Url: http://x:1/", u}, base(u, withHeaders(ua, accept, hdr("X-Url", "http://x:1/")))},
		{"duplicates kept in order", []string{"-H", "X: a", "-H", "X: b", u}, base(u, withHeaders(ua, accept, hdr("X", "a"), hdr("X", "b")))},
		{"Name: removes a default", []string{"-H", "Accept:", u}, base(u, withHeaders(ua))},
		{"Name: with blanks removes", []string{"-H", "User-Agent:  ", u}, base(u, withHeaders(accept))},
		{"Name; sends empty", []string{"-H", "X-Empty;", u}, base(u, withHeaders(ua, accept, hdr("X-Empty", "")))},
		{"user header replaces a default, at the end like curl", []string{"-H", "user-agent: z", u},
			base(u, withHeaders(accept, hdr("user-agent", "z")))},
		{"removal then a value: the value is sent", []string{"-H", "Accept:", "-H", "Accept: text/html", u},
			base(u, withHeaders(ua, hdr("Accept", "text/html")))},
		{"-H @file", []string{"-H", "@headers.txt", u},
			base(u, withHeaders(ua, hdr("Authorization", "Bearer from-file"), hdr("X-Trace", "7"), hdr("X-Empty", "")))},

		{"-A replaces in place", []string{"-A", "Agent 007", u}, base(u, withHeaders(hdr("User-Agent", "Agent 007"), accept))},
		{"-A '' removes", []string{"-A", "", u}, base(u, withHeaders(accept))},
		{"-e", []string{"-e", "https://ref.example/", u}, base(u, withHeaders(ua, accept, hdr("Referer", "https://ref.example/")))},
		{"-b strings joined", []string{"-b", "a=b; c=d", "--cookie", "e=f", u}, base(u, withHeaders(ua, accept, hdr("Cookie", "a=b; c=d; e=f")))},
		{"-b '' only enables curl's engine", []string{"-b", "", u}, base(u)},
		{"--compressed", []string{"--compressed", u}, base(u, func(r *probe.Request) {
			r.Compressed = true
			r.Headers = []probe.Header{ua, accept, hdr("Accept-Encoding", "deflate, gzip, br, zstd")}
		})},

		{"-d joined with &", []string{"-d", "a=1", "--data", "b=2", u}, base(u, post("a=1&b=2"), withHeaders(ua, accept, formCT))},
		{"-d '' is an empty POST", []string{"-d", "", u}, base(u, post(""), withHeaders(ua, accept, formCT))},
		{"-d with a Content-Type header", []string{"-d", "x", "-H", "Content-Type: text/plain", u},
			base(u, post("x"), withHeaders(ua, accept, hdr("Content-Type", "text/plain")))},
		{"-d with Content-Type removed", []string{"-d", "x", "-H", "Content-Type:", u}, base(u, post("x"))},
		{"-d @file drops CR and LF", []string{"-d", "@form.txt", u}, base(u, post("a=1b=2"), withHeaders(ua, accept, formCT))},
		{"--data-ascii @file", []string{"--data-ascii", "@form.txt", u}, base(u, post("a=1b=2"), withHeaders(ua, accept, formCT))},
		{"--data-binary @file verbatim", []string{"--data-binary", "@form.txt", u}, base(u, post("a=1\r\nb=2\n"), withHeaders(ua, accept, formCT))},
		{"--data-raw has no @", []string{"--data-raw", "@form.txt", u}, base(u, post("@form.txt"), withHeaders(ua, accept, formCT))},
		{"binary then -d", []string{"--data-binary", "@form.txt", "-d", "x", u}, base(u, post("a=1\r\nb=2\n&x"), withHeaders(ua, accept, formCT))},
		{"--data-urlencode, all five forms (bytes checked against curl 7.88)", []string{
			"--data-urlencode", "a b", "--data-urlencode", "=c d", "--data-urlencode", "n=e f&+~*",
			"--data-urlencode", "@hello.txt", "--data-urlencode", "m@hello.txt", u},
			base(u, post("a+b&c+d&n=e+f%26%2B~%2A&hello+world%26x%3D%2F%3F%0A&m=hello+world%26x%3D%2F%3F%0A"), withHeaders(ua, accept, formCT))},
		{"-X overrides the POST of -d", []string{"-X", "PUT", "-d", "x", u}, base(u, post("x"), withHeaders(ua, accept, formCT), func(r *probe.Request) { r.Method = "PUT" })},

		{"--json", []string{"--json", `{"a":1}`, u}, base(u, post(`{"a":1}`),
			withHeaders(ua, hdr("Accept", "application/json"), hdr("Content-Type", "application/json")))},
		{"--json twice is concatenated (curl's man page example)", []string{"--json", `{ "drink":`, "--json", ` "coffe" }`, u}, base(u, post(`{ "drink": "coffe" }`),
			withHeaders(ua, hdr("Accept", "application/json"), hdr("Content-Type", "application/json")))},
		{"--json then -d gets an &", []string{"--json", "{}", "-d", "a=1", u}, base(u, post(`{}&a=1`),
			withHeaders(ua, hdr("Accept", "application/json"), hdr("Content-Type", "application/json")))},
		{"-d then --json gets none", []string{"-d", "a=1", "--json", "{}", u}, base(u, post(`a=1{}`),
			withHeaders(ua, hdr("Accept", "application/json"), hdr("Content-Type", "application/json")))},
		{"--json @file verbatim", []string{"--json", "@body.json", u}, base(u, post("{\"a\":\r\n1}\n"),
			withHeaders(ua, hdr("Accept", "application/json"), hdr("Content-Type", "application/json")))},
		{"--json headers overridden by -H in any order", []string{"-H", "Accept: text/x", "--json", "{}", "-H", "Content-Type: foo/bar", u},
			base(u, post(`{}`), withHeaders(ua, hdr("Accept", "text/x"), hdr("Content-Type", "foo/bar")))},
		{"--json=VALUE", []string{"--json=[1]", u}, base(u, post(`[1]`),
			withHeaders(ua, hdr("Accept", "application/json"), hdr("Content-Type", "application/json")))},

		{"-G puts data in the query", []string{"-G", "-d", "a=1", "-d", "b=2", u + "?x=y"}, base(u + "?x=y&a=1&b=2")},
		{"-G after the data", []string{"-d", "a=1", u, "--get"}, base(u + "?a=1")},
		{"-G keeps a fragment last", []string{"-G", "-d", "a=1", u + "#top"}, base(u + "?a=1#top")},
		{"-G with --data-urlencode", []string{"-G", "--data-urlencode", "q=a b", u}, base(u + "?q=a+b")},
		{"-G -I", []string{"-G", "-I", "-d", "a=1", u}, base(u+"?a=1", func(r *probe.Request) { r.Method = "HEAD" })},
		{"-G with no data", []string{"-G", u}, base(u)},

		{"-u user:pass", []string{"-u", "alice:s3:cret", u}, base(u, func(r *probe.Request) {
			r.Auth = probe.Credentials{BasicUser: "alice", BasicPass: "s3:cret", HasBasic: true}
		})},
		{"-u user: empty password", []string{"-u", "alice:", u}, base(u, func(r *probe.Request) {
			r.Auth = probe.Credentials{BasicUser: "alice", HasBasic: true}
		})},
		{"--oauth2-bearer", []string{"--oauth2-bearer", "tok", u}, base(u, func(r *probe.Request) { r.Auth.Bearer = "tok" })},
		{"TLS", []string{"-E", "client.pem", "--key", "client.key", "--cacert", "ca.pem", "-k", u}, base(u, func(r *probe.Request) {
			r.TLS = probe.TLSOptions{CertFile: "client.pem", KeyFile: "client.key", CAFile: "ca.pem", Insecure: true}
		})},
		{"-E with escaped colon and backslash", []string{"--cert", `dir\\x\:y.pem`, u}, base(u, func(r *probe.Request) { r.TLS.CertFile = `dir\x:y.pem` })},

		{"connection", []string{"--max-redirs", "3", "-m", "2.5", "--connect-timeout", "0.25", "-L", u}, base(u, func(r *probe.Request) {
			r.MaxRedirects, r.FollowRedirects = 3, true
			r.Timeouts.Total, r.Timeouts.Connect = 2500*time.Millisecond, 250*time.Millisecond
		})},
		{"-m in a cluster", []string{"-sm5", u}, base(u, func(r *probe.Request) { r.Timeouts.Total = 5 * time.Second })},
		{"proxy without scheme gets http://", []string{"-x", "proxy.internal:3128", "--noproxy", "localhost,.corp", u}, base(u, func(r *probe.Request) {
			r.Proxy, r.NoProxy = "http://proxy.internal:3128", "localhost,.corp"
		})},
		{"--connect-to and --resolve keep their order", []string{"--connect-to", "api.example.com:443:127.0.0.1:8443", "--resolve", "localhost:80:[::1]", u}, base(u, func(r *probe.Request) {
			r.ConnectTo = []string{"api.example.com:443:127.0.0.1:8443", "localhost:80:[::1]:80"}
		})},
		{"--noproxy '' overrides no_proxy", []string{"--noproxy", "", u}, base(u, func(r *probe.Request) { r.NoProxySet = true })},
		{"--allow-link-local", []string{"-L", "--allow-link-local", u}, base(u, func(r *probe.Request) { r.FollowRedirects, r.AllowLinkLocal = true, true })},
		{"socks5 proxy", []string{"--proxy", "socks5://127.0.0.1:1080", u}, base(u, func(r *probe.Request) { r.Proxy = "socks5://127.0.0.1:1080" })},
		{"--http1.1", []string{"--http1.1", u}, base(u, func(r *probe.Request) { r.HTTPVersion = "1.1" })},
		{"--http2", []string{"--http2", u}, base(u, func(r *probe.Request) { r.HTTPVersion = "2" })},
		{"--http2-prior-knowledge", []string{"--http2-prior-knowledge", u}, base(u, func(r *probe.Request) { r.HTTPVersion = "2-prior-knowledge" })},
		{"--max-body also caps the request", []string{"--max-body", "512K", u}, base(u, func(r *probe.Request) { r.MaxBodyBytes = 512 << 10 })},
		{"no scheme: http:// as curl", []string{"localhost:8080/x"}, base("http://localhost:8080/x")},
		{"-o ignored", []string{"-o", "/dev/null", u}, base(u)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.args)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			assertRequest(t, got.Request, tt.want)
		})
	}
}

func assertRequest(t *testing.T, got, want probe.Request) {
	t.Helper()
	if len(got.Headers) == 0 && len(want.Headers) == 0 {
		got.Headers, want.Headers = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("request differs\n got: %s\nwant: %s", dump(got), dump(want))
	}
}

func dump(r probe.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", r.Method, r.URL)
	for _, h := range r.Headers {
		fmt.Fprintf(&b, "\n      %s: %q", h.Name, h.Value)
	}
	if r.Body != nil {
		fmt.Fprintf(&b, "\n      body %q", r.Body)
	}
	r.Method, r.URL, r.Headers, r.Body = "", "", nil, nil
	fmt.Fprintf(&b, "\n      rest %+v", r)
	return b.String()
}

func TestParseOptionsAndWarnings(t *testing.T) {
	writeFiles(t, map[string]string{"h.txt": "Authorization: Bearer x\n"})
	tests := []struct {
		name     string
		args     []string
		opts     Options
		warnings []string // substrings, in order, one per warning
		method   string
		body     string
	}{
		{"defaults", []string{u}, Options{Experiments: "safe"}, nil, "GET", ""},
		{"--json before the URL is the report flag", []string{"--json", u}, Options{JSON: true, Format: "json", Experiments: "safe"}, nil, "GET", ""},
		{"--json last is the report flag", []string{u, "--json"}, Options{JSON: true, Format: "json", Experiments: "safe"}, nil, "GET", ""},
		{"--json before a flag is the report flag", []string{"--json", "-sS", u}, Options{JSON: true, Format: "json", Experiments: "safe"}, nil, "GET", ""},
		{"--json before a scheme-less host is the report flag", []string{"--json", "localhost:1/x"}, Options{JSON: true, Format: "json", Experiments: "safe"},
			[]string{"no scheme"}, "GET", ""},
		{"--json with an object is curl's body", []string{"--json", `{"a":1}`, u}, Options{Experiments: "safe"}, nil, "POST", `{"a":1}`},
		{"--json with blanks then an array", []string{"--json", " \n[1, 2]", u}, Options{Experiments: "safe"}, nil, "POST", " \n[1, 2]"},
		{"--json with a string", []string{"--json", `"x"`, u}, Options{Experiments: "safe"}, nil, "POST", `"x"`},
		{"--json with a number", []string{"--json", "-1.5e3", u}, Options{Experiments: "safe"}, nil, "POST", "-1.5e3"},
		{"--json with a literal", []string{"--json", "null", u}, Options{Experiments: "safe"}, nil, "POST", "null"},
		{"--json with an empty word is an empty body", []string{"--json", "", u}, Options{Experiments: "safe"}, nil, "POST", ""},
		{"both meanings", []string{"--json", "--json", "{}", u}, Options{JSON: true, Format: "json", Experiments: "safe"}, nil, "POST", "{}"},
		{"--report=json", []string{"--report=json", u}, Options{JSON: true, Format: "json", Experiments: "safe"}, nil, "GET", ""},
		{"--report text", []string{"--json", "--report", "text", u}, Options{Format: "text", Experiments: "safe"}, nil, "GET", ""},
		{"why403 flags mixed in", []string{"-sS", "--reveal", u, "--experiments=all", "--max-body", "8M"},
			Options{Reveal: true, Experiments: "all", MaxBody: 8 << 20}, nil, "GET", ""},
		{"--experiments value", []string{"--experiments", "off", u}, Options{Experiments: "off"}, nil, "GET", ""},
		{"--no-experiments", []string{"--no-experiments", u}, Options{Experiments: "off"}, nil, "GET", ""},
		{"--max-body plain bytes", []string{"--max-body=1000", u}, Options{Experiments: "safe", MaxBody: 1000}, nil, "GET", ""},
		{"--max-body 1G", []string{"--max-body", "1GiB", u}, Options{Experiments: "safe", MaxBody: 1 << 30}, nil, "GET", ""},

		{"-u with a password", []string{"-u", "bob:pw", u}, Options{Experiments: "safe"},
			[]string{"a secret on the command line (the password in -u) is visible to other users in ps"}, "GET", ""},
		{"-u without a password", []string{"-u", "bob", u}, Options{Experiments: "safe"},
			[]string{`-u "bob" has no password: why403 does not prompt, so it sends an empty one (write "bob:" to say so)`}, "GET", ""},
		{"several secrets, one warning", []string{"--oauth2-bearer", "t", "-H", "X-Api-Key: k", "-b", "sid=1", "-x", "http://u:p@proxy:1", u},
			Options{Experiments: "safe"},
			[]string{"secrets on the command line (--oauth2-bearer, the X-Api-Key header, cookies (-b), the password in -x)"}, "GET", ""},
		{"password in the URL", []string{"https://bob:pw@example.com/"}, Options{Experiments: "safe"}, []string{"(the password in the URL)"}, "GET", ""},
		{"Authorization from -H @file is not on argv", []string{"-H", "@h.txt", u}, Options{Experiments: "safe"}, nil, "GET", ""},
		{"removing a credential header is no secret", []string{"-H", "Cookie:", u}, Options{Experiments: "safe"}, nil, "GET", ""},
		{"-o ignored once", []string{"-o", "a", "-o", "b", "-O", u}, Options{Experiments: "safe"},
			[]string{"-o is ignored: why403 shows the body itself", "-O is ignored: why403 shows the body itself"}, "GET", ""},
		{"-c and -w ignored", []string{"-c", "jar", "-w", "%{http_code}", u}, Options{Experiments: "safe"},
			[]string{"-c is ignored: why403 does not write cookie files", "-w is ignored: why403 prints its own report"}, "GET", ""},
		{"no scheme", []string{"example.com/x"}, Options{Experiments: "safe"},
			[]string{`URL "example.com/x" has no scheme: using http:// as curl does (write https:// for TLS)`}, "GET", ""},
		{"lowercase method", []string{"-X", "post", "-d", "x", u}, Options{Experiments: "safe"},
			[]string{`method "post" is sent as typed; methods are case-sensitive, so servers may refuse it (did you mean POST?)`}, "post", "x"},
		{"custom method is no mistake", []string{"-X", "purge", u}, Options{Experiments: "safe"}, nil, "purge", ""},
		{"referer ;auto", []string{"-e", "https://r/;auto", u}, Options{Experiments: "safe"}, []string{`-e: ";auto" is ignored`}, "GET", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.args)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			if got.Options != tt.opts {
				t.Errorf("Options = %+v, want %+v", got.Options, tt.opts)
			}
			if len(got.Warnings) != len(tt.warnings) {
				t.Fatalf("Warnings = %q, want %d matching %q", got.Warnings, len(tt.warnings), tt.warnings)
			}
			for i, w := range tt.warnings {
				if !strings.Contains(got.Warnings[i], w) {
					t.Errorf("Warnings[%d] = %q, want it to contain %q", i, got.Warnings[i], w)
				}
			}
			if got.Request.Method != tt.method || string(got.Request.Body) != tt.body {
				t.Errorf("request = %s %q, want %s %q", got.Request.Method, got.Request.Body, tt.method, tt.body)
			}
		})
	}
}

func TestParseHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"-sh"}, {u, "--help", "--frobnicate"}} {
		got, err := Parse(args)
		if err != nil || !got.Options.Help {
			t.Errorf("Parse(%q) = %+v, %v; want Help", args, got.Options, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	writeFiles(t, map[string]string{"ok.txt": "x"})
	if err := os.Mkdir("adir", 0o700); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown long", []string{"--frobnicate", u}, "unknown option --frobnicate (see why403 check --help)"},
		{"typo gets a suggestion", []string{"--heder", "X: 1", u}, "unknown option --heder (see why403 check --help, did you mean --header?)"},
		{"unknown short in a cluster", []string{"-sQ", u}, `unknown option -Q in "-sQ" (see why403 check --help)`},
		{"control character in an option", []string{"--a\x1b[2J", u}, `unknown option "--a\x1b[2J" (see why403 check --help)`},
		{"unsupported curl option", []string{"-T", "file", u}, "curl option -T (--upload-file) is not supported by why403 (see why403 check --help)"},
		{"unsupported long", []string{"--digest", u}, "curl option --digest is not supported by why403 (see why403 check --help)"},
		{"missing value", []string{u, "-H"}, "-H needs a value"},
		{"missing value long", []string{u, "--header"}, "--header needs a value"},
		{"missing value in cluster", []string{u, "-sX"}, "-X needs a value"},
		{"value to a switch", []string{"--insecure=yes", u}, `--insecure takes no value (got "yes")`},
		{"no URL", []string{"-sS"}, "no URL given (usage: why403 check [curl options] URL)"},
		{"two URLs", []string{u, "https://other.example/"}, `two URLs given: "https://api.example.com/v1" and "https://other.example/" (why403 checks one request at a time)`},
		{"two URLs with --url", []string{"--url", u, "x"}, `two URLs given: "https://api.example.com/v1" and "x" (why403 checks one request at a time)`},
		{"unsupported scheme", []string{"ftp://x"}, `URL "ftp://x": unsupported scheme "ftp" (use http or https)`},
		{"curl would guess ftp", []string{"ftp.example.com/pub"}, `URL "ftp.example.com/pub" has no scheme, and curl would use ftp:// for it; write http:// or https://`},
		{"bad URL", []string{"http://exa mple.com/"}, `URL "http://exa mple.com/": invalid character " " in host name`},
		{"missing //", []string{"https:example.com"}, `URL "https:example.com": missing "//" after "https:"`},
		{"CRLF in header value", []string{"-H", "X-A: a\r\nInjected: yes", u}, `header "X-A": value contains a line break`},
		{"NUL in header value", []string{"-H", "X-A: a\x00b", u}, `header "X-A": value contains a NUL byte`},
		{"ESC in a header name", []string{"-H", "X\x1bA: a", u}, `header "X\x1bA": name contains a control character (\x1b)`},
		{"space in a header name", []string{"-H", "X A: a", u}, `header "X A": name is not a valid token (no spaces, ":", quotes or brackets)`},
		{"CR in -A", []string{"-A", "a\rb", u}, `header "User-Agent": value contains a line break`},
		{"LF in a bearer", []string{"--oauth2-bearer", "t\nX: y", u}, `bearer token: value contains a line break`},
		{"bad Host override", []string{"-H", "Host: a b", u}, `header "Host": "a b" is not a valid host (Go would silently send an empty Host instead)`},
		{"not a header", []string{"-H", "foo", u}, `-H "foo": not a header; write "Name: value" ("Name:" removes it, "Name;" sends it empty)`},
		{"unreadable @file", []string{"-d", "@missing.txt", u}, `-d: cannot read "missing.txt": no such file or directory`},
		{"unreadable -H @file", []string{"-H", "@missing.txt", u}, `-H: cannot read "missing.txt": no such file or directory`},
		{"directory as @file", []string{"--data-binary", "@adir", u}, `--data-binary: cannot read "adir": it is a directory`},
		{"--data-urlencode name@file hint", []string{"--data-urlencode", "mail@example.com", u},
			`--data-urlencode: cannot read "example.com": no such file or directory ("mail@example.com" means name@file; write =mail@example.com to send it as text)`},
		{"unreadable cookie file", []string{"-b", "nocookies", u}, `-b: cannot read "nocookies": no such file or directory`},
		{"unreadable form file", []string{"-F", "f=@missing.bin", u}, `-F: cannot read "missing.bin": no such file or directory`},
		{"stdin refused by Parse", []string{"-d", "@-", u}, "-d @-: reading standard input is not supported here; save the data to a file and pass @FILE"},
		{"-F with -d", []string{"-F", "a=b", "-d", "c", u}, "-F cannot be combined with -d, --data-* or --json (curl refuses too)"},
		{"-I with -d", []string{"-I", "-d", "c", u}, "-I cannot be combined with -d, --data-* or --json unless -G puts the data in the query (curl refuses too)"},
		{"-F without =", []string{"-F", "novalue", u}, `-F "novalue": write NAME=CONTENT (NAME=@FILE uploads a file, NAME=<FILE reads a field from one)`},
		{"-F unclosed quote", []string{"-F", `a="b`, u}, `-F "a=\"b": missing closing quote`},
		{"-E password", []string{"-E", "c.pem:secret", u}, `-E: a password for the certificate (after "c.pem:") is not supported; decrypt the key first (openssl pkey -in KEY -out plain.pem) and pass --key plain.pem, or write "\:" for a colon in the file name`},
		{"--key without --cert", []string{"--key", "k.pem", u}, `TLS key "k.pem": a key needs its client certificate too (--cert FILE)`},
		{"socks4 proxy", []string{"-x", "socks4://p:1080", u}, `proxy "socks4://p:1080": unsupported proxy scheme "socks4" (use http, https, socks5 or socks5h)`},
		{"bad --connect-to", []string{"--connect-to", "a:443:b", u}, `--connect-to "a:443:b": want HOST1:PORT1:HOST2:PORT2 (empty parts allowed, IPv6 in brackets)`},
		{"--connect-to port out of range", []string{"--connect-to", "a:443:b:70000", u}, `--connect-to "a:443:b:70000": "70000" is not a port (1-65535)`},
		{"bad --resolve", []string{"--resolve", "a:443", u}, `--resolve "a:443": want HOST:PORT:ADDRESS (IPv6 in brackets)`},
		{"bad -m", []string{"-m", "soon", u}, `-m "soon": give a number of seconds, like 10 or 2.5`},
		{"negative timeout", []string{"--connect-timeout", "-1", u}, `--connect-timeout "-1": give a number of seconds, like 10 or 2.5`},
		{"unlimited redirects", []string{"--max-redirs", "-1", u}, `--max-redirs "-1": give a number of redirects, 0 or more (why403 has no unlimited; default 10)`},
		{"bad --max-body", []string{"--max-body", "12X", u}, `--max-body "12X": give a size such as 512K, 8M, 1G or a number of bytes`},
		{"zero --max-body", []string{"--max-body", "0", u}, `--max-body "0": give a size such as 512K, 8M, 1G or a number of bytes`},
		{"bad --experiments", []string{"--experiments=bogus", u}, `--experiments "bogus": use safe, all or off`},
		{"bad --report", []string{"--report=yaml", u}, `--report "yaml": use text, json or markdown`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.args)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want error %s", tt.args, got.Request, tt.want)
			}
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("error %T %v is not a *UsageError", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error =\n  %s\nwant\n  %s", err, tt.want)
			}
			if strings.ContainsAny(err.Error(), "\r\n\x00\x1b") {
				t.Errorf("error text carries raw control characters: %q", err)
			}
		})
	}
}

func TestParseErrorWrapsValidation(t *testing.T) {
	_, err := Parse([]string{"-H", "X-A: a\nb", u})
	var ve *probe.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v does not wrap a *probe.ValidationError", err)
	}
	if ve.Header != 2 {
		t.Errorf("Header index = %d, want 2 (after User-Agent and Accept)", ve.Header)
	}
}

func TestParseStdin(t *testing.T) {
	got, err := ParseStdin([]string{"--json", "@-", u}, strings.NewReader(`{"from":"stdin"}`))
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Request.Body) != `{"from":"stdin"}` {
		t.Errorf("body = %q", got.Request.Body)
	}
	// Standard input is read once; a second @- gets nothing, as in curl.
	got, err = ParseStdin([]string{"-d", "@-", "-d", "@-", u}, strings.NewReader("a=1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Request.Body) != "a=1&" {
		t.Errorf("body = %q, want %q", got.Request.Body, "a=1&")
	}
}

func TestParseLargeBinaryFileIsSentFromDisk(t *testing.T) {
	dir := writeFiles(t, nil)
	big := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(big, make([]byte, maxInline+1), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Parse([]string{"--data-binary", "@" + big, u})
	if err != nil {
		t.Fatal(err)
	}
	if got.Request.BodyFile != big || got.Request.Body != nil || got.Request.Method != "POST" {
		t.Errorf("BodyFile=%q Body=%d bytes Method=%s; want the file sent from disk by POST",
			got.Request.BodyFile, len(got.Request.Body), got.Request.Method)
	}
	_, err = Parse([]string{"-d", "@" + big, u})
	if err == nil || !strings.Contains(err.Error(), "is larger than 16 MiB; send big files alone with --data-binary @FILE") {
		t.Errorf("-d @big: err = %v", err)
	}
}
