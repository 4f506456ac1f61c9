package curlpaste

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// The commands below are written the way the browsers' "Copy as cURL
// (bash)" writes them (Chrome DevTools' escapeStringPosix, Firefox's
// devtools curl.js): every value in single quotes, or in $'…' when it holds
// a quote, a control character or (Chrome) a !, which Chrome writes as
// \uXXXX and Firefox, for anything outside printable ASCII, as \xHH or
// \uXXXX. Chrome puts one option on a line with \ continuations, -H names
// in lower case (HTTP/2), the cookie as -b; Firefox writes one line (or,
// since version 111, one option per line), --compressed first, -X for any
// method, and --http2 for an HTTP/2 request.

const chromePOST = `curl 'https://api.example.com/v1/orders?page=2&sort=-created' \
  -H 'accept: application/json, text/plain, */*' \
  -H 'accept-language: en-GB,en-US;q=0.9,en;q=0.8' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl' \
  -H 'content-type: application/json' \
  -b 'sid=s%3Aabc.def; theme=dark' \
  -H 'origin: https://app.example.com' \
  -H 'priority: u=1, i' \
  -H 'referer: https://app.example.com/orders' \
  -H 'sec-ch-ua: "Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"' \
  -H 'sec-ch-ua-mobile: ?0' \
  -H 'sec-ch-ua-platform: "Linux"' \
  -H 'sec-fetch-dest: empty' \
  -H 'sec-fetch-mode: cors' \
  -H 'sec-fetch-site: same-site' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' \
  --data-raw $'{"note":"it\'s done\u0021","text":"line1\\nline2","tab":"\u0009"}'`

const chromePUT = `curl 'https://api.example.com/v1/orders/17' \
  -X 'PUT' \
  -H 'accept: */*' \
  -H 'content-type: text/plain;charset=UTF-8' \
  -H 'user-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36' \
  --data-raw $'first line\nsecond line\r\n' \
  --compressed`

const chromeGET = `curl 'https://app.example.com/admin/' \
  -H 'accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8' \
  -H 'cache-control: no-cache' \
  -H 'upgrade-insecure-requests: 1' \
  -H 'user-agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'`

const firefoxPOST = `curl 'https://api.example.com/v1/orders' --compressed -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' -H 'Accept: application/json' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br, zstd' -H 'Content-Type: application/json' -H 'Authorization: Bearer abc.def.ghi' -H 'Origin: https://app.example.com' -H 'Connection: keep-alive' -H 'Referer: https://app.example.com/' -H 'Cookie: sid=abc; theme=dark' -H 'Sec-Fetch-Dest: empty' -H 'Sec-Fetch-Mode: cors' -H 'Sec-Fetch-Site: same-site' -H 'Priority: u=0' --data-raw '{"qty":2,"sku":"A-1"}'`

const firefoxMultiline = `curl 'https://api.example.com/v1/notes' \
  --compressed \
  -X PATCH \
  -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' \
  -H 'Accept: */*' \
  -H 'Content-Type: application/json' \
  --data-raw $'{"title":"caf\xe9 d\'\xe9t\xe9","emoji":"\u263a"}' \
  --http2`

func TestParseBrowserCommands(t *testing.T) {
	tests := []struct {
		name       string
		cmd        string
		method     string
		url        string
		headers    []probe.Header // each present, with this value
		body       string
		compressed bool
		http       string
	}{
		{"Chrome POST with $'…' body", chromePOST, "POST", "https://api.example.com/v1/orders?page=2&sort=-created",
			[]probe.Header{
				{Name: "authorization", Value: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"},
				{Name: "Cookie", Value: "sid=s%3Aabc.def; theme=dark"},
				{Name: "sec-ch-ua", Value: `"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"`},
				{Name: "sec-ch-ua-mobile", Value: "?0"},
				{Name: "accept", Value: "application/json, text/plain, */*"},
				{Name: "user-agent", Value: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"},
			},
			`{"note":"it's done!","text":"line1\nline2","tab":"` + "\t" + `"}`, false, ""},
		{"Chrome PUT with -X 'PUT' and --compressed", chromePUT, "PUT", "https://api.example.com/v1/orders/17",
			[]probe.Header{{Name: "content-type", Value: "text/plain;charset=UTF-8"}},
			"first line\nsecond line\r\n", true, ""},
		{"Chrome GET", chromeGET, "GET", "https://app.example.com/admin/",
			[]probe.Header{{Name: "cache-control", Value: "no-cache"}, {Name: "upgrade-insecure-requests", Value: "1"}}, "", false, ""},
		{"Firefox POST on one line", firefoxPOST, "POST", "https://api.example.com/v1/orders",
			[]probe.Header{
				{Name: "Authorization", Value: "Bearer abc.def.ghi"},
				{Name: "Cookie", Value: "sid=abc; theme=dark"},
				{Name: "Accept-Encoding", Value: "gzip, deflate, br, zstd"},
				{Name: "User-Agent", Value: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"},
			},
			`{"qty":2,"sku":"A-1"}`, true, ""},
		{"Firefox PATCH, one option per line, \\xHH bytes", firefoxMultiline, "PATCH", "https://api.example.com/v1/notes",
			[]probe.Header{{Name: "Content-Type", Value: "application/json"}},
			"{\"title\":\"caf\xe9 d'\xe9t\xe9\",\"emoji\":\"☺\"}", true, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parsed, err := Parse(tt.cmd)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			req := parsed.Request
			if req.Method != tt.method || req.URL != tt.url {
				t.Errorf("request line %s %s, want %s %s", req.Method, req.URL, tt.method, tt.url)
			}
			for _, want := range tt.headers {
				if got, n := header(req, want.Name); n != 1 || got != want.Value {
					t.Errorf("header %s = %q (%d of them), want %q once", want.Name, got, n, want.Value)
				}
			}
			if string(req.Body) != tt.body {
				t.Errorf("body %q, want %q", req.Body, tt.body)
			}
			if req.Compressed != tt.compressed || req.HTTPVersion != tt.http {
				t.Errorf("compressed %v http %q, want %v %q", req.Compressed, req.HTTPVersion, tt.compressed, tt.http)
			}
			if err := probe.Validate(&req); err != nil {
				t.Errorf("the imported request is not valid: %v", err)
			}
		})
	}
}

// header is the value of the header named name (any case) and how many
// there are.
func header(req probe.Request, name string) (value string, n int) {
	for _, h := range req.Headers {
		if strings.EqualFold(h.Name, name) {
			value, n = h.Value, n+1
		}
	}
	return value, n
}

func TestParseReportsCurlErrors(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{`curl --bogus https://h/`, "in the pasted curl command: "},
		{`curl -d @- https://h/`, "in the pasted curl command: "},
		{`curl https://h/ -H "$TOKEN"`, "$TOKEN is a shell variable"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.cmd)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error %v, want it to contain %q", tt.cmd, err, tt.want)
		}
	}
}
