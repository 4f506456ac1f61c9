package transcript

import (
	"strings"
	"testing"
)

// Each transcript is read with LF and with CRLF line ends: a transcript
// saved on Unix, and the same pasted from a Windows ticket or written
// straight from the wire.
func TestReadTranscripts(t *testing.T) {
	type want struct {
		known               bool
		method, url, target string
		status              int
		reason, proto       string
		header, headerValue string
		bodyIs, bodyHas     string
		bodyLacks           string
		remote              string
		hops                int
		started             string
		noteHas             string
	}
	tests := []struct {
		file    string
		format  Format
		entries []want
	}{
		{"curl-i-github-ratelimit.txt", FormatCurlInclude, []want{{
			status: 403, reason: "Forbidden", proto: "HTTP/2.0", header: "X-Ratelimit-Remaining", headerValue: "0",
			bodyHas: "API rate limit exceeded for 203.0.113.7", started: "2026-03-02T10:15:31Z",
			noteHas: "request (method, URL, headers, credentials) is unknown",
		}}},
		{"raw-chunked-401.txt", FormatRawResponse, []want{{
			status: 401, reason: "Unauthorized", proto: "HTTP/1.1", header: "Www-Authenticate",
			headerValue: `Bearer realm="api", error="invalid_token", error_description="The access token expired"`,
			bodyIs:      `{"error":"invalid_token","error_description":"The access token expired"}`, started: "2026-03-02T10:20:05Z",
		}}},
		{"curl-v-cloudflare-1020.txt", FormatCurlVerbose, []want{
			{known: true, method: "GET", url: "http://shop.example.com/admin/export?format=csv", target: "/admin/export?format=csv",
				status: 301, reason: "Moved Permanently", proto: "HTTP/1.1", header: "Location", headerValue: "https://shop.example.com/admin/export?format=csv",
				remote: "104.21.32.1:80", started: "2026-03-02T10:31:07Z"},
			{known: true, method: "GET", url: "https://shop.example.com/admin/export?format=csv", target: "/admin/export?format=csv",
				status: 403, reason: "Forbidden", proto: "HTTP/2.0", header: "Cf-Ray", headerValue: "8d2f3c1a9b7e4e21-FRA",
				bodyHas: "<span>1020</span>", bodyLacks: "Connection #1", remote: "104.21.32.1:443", hops: 1, started: "2026-03-02T10:31:07Z"},
		}},
	}
	for _, tt := range tests {
		for _, eol := range []string{"\n", "\r\n"} {
			name := tt.file + map[string]string{"\n": " LF", "\r\n": " CRLF"}[eol]
			t.Run(name, func(t *testing.T) {
				data := withLineEnds(readTestdata(t, tt.file), eol)
				if got := Detect(data); got != tt.format && !(eol == "\n" && tt.format == FormatRawResponse) {
					t.Errorf("Detect = %q, want %q", got, tt.format)
				}
				c := mustParse(t, data)
				if len(c.Entries) != len(tt.entries) {
					t.Fatalf("%d entries, want %d", len(c.Entries), len(tt.entries))
				}
				for i, w := range tt.entries {
					e := c.Entries[i]
					x := e.Exchange
					if e.RequestKnown != w.known || e.Request.Method != w.method || e.Request.URL != w.url || x.Request.URL != w.target {
						t.Errorf("entry %d: request known %v %s %s (target %s), want %v %s %s %s",
							i+1, e.RequestKnown, e.Request.Method, e.Request.URL, x.Request.URL, w.known, w.method, w.url, w.target)
					}
					if x.RemoteAddr != w.remote || len(x.Hops) != w.hops {
						t.Errorf("entry %d: remote %q hops %d, want %q %d", i+1, x.RemoteAddr, len(x.Hops), w.remote, w.hops)
					}
					if got := e.StartedAt.UTC().Format("2006-01-02T15:04:05Z07:00"); got != w.started || e.ClientClock {
						t.Errorf("entry %d: started %s client clock %v, want %s from the server's Date", i+1, got, e.ClientClock, w.started)
					}
					if w.noteHas != "" && !strings.Contains(strings.Join(e.Notes, "\n"), w.noteHas) {
						t.Errorf("entry %d: notes %q lack %q", i+1, e.Notes, w.noteHas)
					}
					r := x.Response
					if r == nil {
						t.Fatalf("entry %d: no response", i+1)
					}
					if r.Status != w.status || r.Reason != w.reason || r.Proto != w.proto {
						t.Errorf("entry %d: %s %d %q, want %s %d %q", i+1, r.Proto, r.Status, r.Reason, w.proto, w.status, w.reason)
					}
					if r.Get(w.header) != w.headerValue {
						t.Errorf("entry %d: %s = %q, want %q", i+1, w.header, r.Get(w.header), w.headerValue)
					}
					body := strings.ReplaceAll(string(r.Body), "\r\n", "\n")
					if w.bodyIs != "" && body != w.bodyIs {
						t.Errorf("entry %d: body %q, want %q", i+1, body, w.bodyIs)
					}
					if !strings.Contains(body, w.bodyHas) || w.bodyLacks != "" && strings.Contains(body, w.bodyLacks) {
						t.Errorf("entry %d: body %q: want %q in it and not %q", i+1, body, w.bodyHas, w.bodyLacks)
					}
				}
			})
		}
	}
}

// Transcripts written by hand or cut short: every shape reads into what
// it shows, and no more.
func TestTranscriptShapes(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		format Format
		check  func(t *testing.T, c Capture)
	}{
		{"100 Continue before the answer (curl -i)", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 415 Unsupported Media Type\r\nContent-Type: text/plain\r\n\r\nwant JSON",
			FormatCurlInclude, func(t *testing.T, c Capture) {
				r := c.Entries[0].Exchange.Response
				if r.Status != 415 || string(r.Body) != "want JSON" {
					t.Errorf("%d %q", r.Status, r.Body)
				}
			}},
		{"proxy tunnel then the answer (curl -i)", "HTTP/1.1 200 Connection established\n\nHTTP/1.1 403 Forbidden\nServer: nginx\n\n<html>403</html>\n",
			FormatCurlInclude, func(t *testing.T, c Capture) {
				if r := c.Entries[0].Exchange.Response; r.Status != 403 || r.Get("Server") != "nginx" {
					t.Errorf("%d %v", r.Status, r.Headers)
				}
			}},
		{"redirect noted (curl -i -L)", "HTTP/1.1 302 Found\nLocation: https://b.example/\n\nHTTP/1.1 401 Unauthorized\n\n",
			FormatCurlInclude, func(t *testing.T, c Capture) {
				if !strings.Contains(strings.Join(c.Entries[0].Notes, " "), "302 redirect to https://b.example/") {
					t.Errorf("notes %q", c.Entries[0].Notes)
				}
			}},
		{"folded header and no reason phrase", "HTTP/1.1 403\nX-Reason: one\n  two\n\n",
			FormatCurlInclude, func(t *testing.T, c Capture) {
				r := c.Entries[0].Exchange.Response
				if r.Reason != "" || r.Get("X-Reason") != "one two" {
					t.Errorf("reason %q X-Reason %q", r.Reason, r.Get("X-Reason"))
				}
			}},
		{"gzip body as curl -i prints it without --compressed", gzipResponse(t),
			FormatCurlInclude, func(t *testing.T, c Capture) {
				r := c.Entries[0].Exchange.Response
				if string(r.Body) != "rate limited" || r.ContentEncoding != "gzip" {
					t.Errorf("body %q encoding %q", r.Body, r.ContentEncoding)
				}
			}},
		{"gzip header, body already decoded (curl --compressed -i)", "HTTP/1.1 429 Too Many Requests\nContent-Encoding: gzip\n\nrate limited",
			FormatCurlInclude, func(t *testing.T, c Capture) {
				if r := c.Entries[0].Exchange.Response; string(r.Body) != "rate limited" || r.ContentEncoding != "" {
					t.Errorf("body %q encoding %q", r.Body, r.ContentEncoding)
				}
			}},
		{"curl -v cut at the top: response only", "< HTTP/1.1 403 Forbidden\n< Server: AkamaiGHost\n<\nAccess Denied\n",
			FormatCurlVerbose, func(t *testing.T, c Capture) {
				e := c.Entries[0]
				if e.RequestKnown || e.Exchange.Response.Status != 403 || string(e.Exchange.Response.Body) != "Access Denied\n" {
					t.Errorf("known %v %d %q", e.RequestKnown, e.Exchange.Response.Status, e.Exchange.Response.Body)
				}
			}},
		{"curl -v with no answer", "*   Trying 10.0.0.1:443...\n* connect to 10.0.0.1 port 443 failed: Connection refused\n> GET / HTTP/1.1\n> Host: a.example\n>\n",
			FormatCurlVerbose, func(t *testing.T, c Capture) {
				e := c.Entries[0]
				if e.Exchange.Response != nil || e.Exchange.Err == nil || e.Request.URL != "http://a.example/" {
					t.Errorf("response %v err %v url %q", e.Exchange.Response, e.Exchange.Err, e.Request.URL)
				}
			}},
		{"curl -v POST: body size from Content-Length, 100 Continue skipped, CONNECT left out",
			"* Connected to proxy.corp (10.1.1.1) port 3128\n> CONNECT api.example.com:443 HTTP/1.1\n> Host: api.example.com:443\n>\n< HTTP/1.1 200 Connection established\n<\n" +
				"* SSL connection using TLSv1.3\n> POST /v1/items HTTP/1.1\n> Host: api.example.com\n> Authorization: Basic YWRhOnNlY3JldA==\n> Content-Type: application/json\n> Content-Length: 13\n> Expect: 100-continue\n>\n" +
				"< HTTP/1.1 100 Continue\n<\n* upload completely sent off: 13 bytes\n< HTTP/1.1 403 Forbidden\n< Content-Type: application/json\n<\n{\"error\":\"forbidden\"}\n",
			FormatCurlVerbose, func(t *testing.T, c Capture) {
				if len(c.Entries) != 1 {
					t.Fatalf("%d entries, want the POST only", len(c.Entries))
				}
				e := c.Entries[0]
				if e.Request.Method != "POST" || e.Request.URL != "https://api.example.com/v1/items" || e.Exchange.Request.BodySize != 13 {
					t.Errorf("%s %s size %d", e.Request.Method, e.Request.URL, e.Exchange.Request.BodySize)
				}
				if v, _ := e.Request.Header("Authorization"); v != "Basic YWRhOnNlY3JldA==" {
					t.Errorf("Authorization %q", v)
				}
				if r := e.Exchange.Response; r.Status != 403 || string(r.Body) != "{\"error\":\"forbidden\"}\n" {
					t.Errorf("%d %q", r.Status, r.Body)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.in)); got != tt.format {
				t.Errorf("Detect = %q, want %q", got, tt.format)
			}
			c := mustParse(t, []byte(tt.in))
			if len(c.Entries) == 0 {
				t.Fatal("no entries")
			}
			tt.check(t, c)
		})
	}
}
