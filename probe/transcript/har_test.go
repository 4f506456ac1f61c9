package transcript

import (
	"strings"
	"testing"
)

// The HARs in testdata follow the structure Chrome (creator WebInspector:
// _initiator, _resourceType, _priority, serverIPAddress, connection,
// cookies arrays, HTTP/2 pseudo-headers, "http/2.0", status 0 with _error
// for a blocked request) and Firefox ("HTTP/2", pageref, timings,
// X-Firefox-Spdy, a body left out of content) write when exporting.
func TestReadHAR(t *testing.T) {
	type want struct {
		method, url, target, proto string
		status                     int
		reason                     string
		header, headerValue        string
		bodyHas                    string
		started                    string
		remote                     string
		hops                       int
		noResponse                 bool
		truncated                  bool
		noteHas                    string
	}
	tests := []struct {
		file    string
		creator string
		entries []want
	}{
		{"chrome.har", "WebInspector 537.36", []want{
			{method: "GET", url: "https://dashboard.example.com/static/logo.png", target: "/static/logo.png", proto: "HTTP/2.0",
				status: 200, reason: "OK", header: "Content-Type", headerValue: "image/png", bodyHas: "\x89PNG",
				started: "2026-03-02T10:15:31.004Z", remote: "198.51.100.20:443"},
			{method: "GET", url: "https://api.github.com/repos/why403/why403/issues?state=open&per_page=100",
				target: "/repos/why403/why403/issues?state=open&per_page=100", proto: "HTTP/2.0",
				status: 403, reason: "Forbidden", header: "X-Ratelimit-Remaining", headerValue: "0",
				bodyHas: "API rate limit exceeded", started: "2026-03-02T10:15:31.118Z", remote: "140.82.121.6:443",
				noteHas: "sanitized"},
			{method: "GET", url: "https://dashboard.example.com/login", target: "/login", proto: "HTTP/2.0",
				status: 302, reason: "Found", header: "Location", headerValue: "/sso/start", started: "2026-03-02T10:15:32.010Z",
				remote: "198.51.100.20:443"},
			{method: "GET", url: "https://dashboard.example.com/sso/start", target: "/sso/start", proto: "HTTP/2.0",
				status: 200, reason: "OK", bodyHas: "Sign in", started: "2026-03-02T10:15:32.031Z", remote: "198.51.100.20:443", hops: 1},
			{method: "POST", url: "https://telemetry.example.net/collect", target: "/collect",
				noResponse: true, started: "2026-03-02T10:15:32.300Z"},
		}},
		{"firefox.har", "Firefox 135.0", []want{
			{method: "OPTIONS", url: "https://api.example.com/v1/orders?limit=20", target: "/v1/orders?limit=20", proto: "HTTP/2.0",
				status: 204, reason: "No Content", header: "Access-Control-Allow-Methods", headerValue: "GET, POST",
				started: "2026-03-02T10:20:05.004Z", remote: "203.0.113.10:443"},
			{method: "GET", url: "https://api.example.com/v1/orders?limit=20", target: "/v1/orders?limit=20", proto: "HTTP/2.0",
				status: 401, reason: "Unauthorized", header: "Www-Authenticate", headerValue: `Bearer realm="orders", error="invalid_token", error_description="The access token expired"`,
				bodyHas: "invalid_token", started: "2026-03-02T10:20:05.047Z", remote: "203.0.113.10:443"},
			{method: "POST", url: "https://shop.example.com/api/cart", target: "/api/cart", proto: "HTTP/1.1",
				status: 200, reason: "OK", header: "Content-Type", headerValue: "application/json",
				started: "2026-03-02T10:20:05.151Z", remote: "[2001:db8::7]:443", truncated: true, noteHas: "leaves out the response body"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := mustParse(t, readTestdata(t, tt.file))
			if c.Format != FormatHAR || c.Creator != tt.creator {
				t.Fatalf("format %q creator %q, want har %q", c.Format, c.Creator, tt.creator)
			}
			if len(c.Entries) != len(tt.entries) {
				t.Fatalf("%d entries, want %d", len(c.Entries), len(tt.entries))
			}
			for i, w := range tt.entries {
				e := c.Entries[i]
				if e.Index != i+1 || !e.RequestKnown {
					t.Errorf("entry %d: index %d known %v", i+1, e.Index, e.RequestKnown)
				}
				x := e.Exchange
				if e.Request.Method != w.method || e.Request.URL != w.url || x.Request.URL != w.target || x.Request.FullURL != w.url {
					t.Errorf("entry %d: request %s %s (wire %s %s), want %s %s", i+1, e.Request.Method, e.Request.URL, x.Request.URL, x.Request.FullURL, w.method, w.url)
				}
				for _, h := range append(e.Request.Headers, x.Request.Headers...) {
					if strings.HasPrefix(h.Name, ":") {
						t.Errorf("entry %d: pseudo-header %s kept", i+1, h.Name)
					}
				}
				if got := e.StartedAt.UTC().Format("2006-01-02T15:04:05.000Z07:00"); got != w.started || !e.ClientClock {
					t.Errorf("entry %d: started %s (client clock %v), want %s", i+1, got, e.ClientClock, w.started)
				}
				if x.RemoteAddr != w.remote {
					t.Errorf("entry %d: remote %q, want %q", i+1, x.RemoteAddr, w.remote)
				}
				if len(x.Hops) != w.hops {
					t.Errorf("entry %d: %d hops, want %d", i+1, len(x.Hops), w.hops)
				}
				if x.TLS != nil || x.Timing.Total != 0 {
					t.Errorf("entry %d: TLS or timing filled in from a HAR", i+1)
				}
				if w.noteHas != "" && !strings.Contains(strings.Join(e.Notes, "\n"), w.noteHas) {
					t.Errorf("entry %d: notes %q lack %q", i+1, e.Notes, w.noteHas)
				}
				if w.noResponse {
					if x.Response != nil || x.Err == nil {
						t.Errorf("entry %d: response %v err %v, want no response", i+1, x.Response, x.Err)
					}
					continue
				}
				r := x.Response
				if r == nil {
					t.Fatalf("entry %d: no response", i+1)
				}
				if r.Status != w.status || r.Reason != w.reason || r.Proto != w.proto || x.Request.Proto != w.proto {
					t.Errorf("entry %d: %s %d %q (request %s), want %s %d %q", i+1, r.Proto, r.Status, r.Reason, x.Request.Proto, w.proto, w.status, w.reason)
				}
				if w.header != "" && r.Get(w.header) != w.headerValue {
					t.Errorf("entry %d: %s = %q, want %q (headers %v)", i+1, w.header, r.Get(w.header), w.headerValue, r.Headers)
				}
				if !strings.Contains(string(r.Body), w.bodyHas) {
					t.Errorf("entry %d: body %q lacks %q", i+1, r.Body, w.bodyHas)
				}
				if r.Truncated != w.truncated {
					t.Errorf("entry %d: truncated %v, want %v", i+1, r.Truncated, w.truncated)
				}
				for j := 1; j < len(r.Headers); j++ {
					if r.Headers[j-1].Name > r.Headers[j].Name {
						t.Errorf("entry %d: headers not sorted as probe sorts them: %v", i+1, r.Headers)
						break
					}
				}
			}
		})
	}
}

// A HAR's request details reach the probe.Request: credentials (for the
// checks to judge), a POST body, and the Chrome note only when the export
// has no credential at all.
func TestHARRequestDetails(t *testing.T) {
	ff := mustParse(t, readTestdata(t, "firefox.har"))
	get := ff.Entries[1]
	if v, ok := get.Request.Header("Authorization"); !ok || !strings.HasPrefix(v, "Bearer eyJ") {
		t.Errorf("Authorization %q, want the bearer token", v)
	}
	if _, ok := get.Request.Header("Host"); ok {
		t.Error("Host kept in the request: the transport writes it")
	}
	if hs := get.Exchange.Request.Headers; len(hs) == 0 || hs[0].Name != "Host" {
		t.Errorf("wire headers %v, want Host first as recorded", get.Exchange.Request.Headers)
	}
	post := ff.Entries[2]
	if string(post.Request.Body) != `{"sku":"A-1","qty":1}` || post.Exchange.Request.BodySize != 21 {
		t.Errorf("POST body %q size %d", post.Request.Body, post.Exchange.Request.BodySize)
	}
	for _, e := range ff.Entries {
		if strings.Contains(strings.Join(e.Notes, " "), "sanitized") {
			t.Errorf("entry %d: Chrome's note on a Firefox HAR", e.Index)
		}
	}
}

// Fields in the wrong type, missing parts and odd encodings read as far as
// they go rather than failing the whole file.
func TestHARTolerance(t *testing.T) {
	tests := []struct {
		name, har string
		check     func(t *testing.T, c Capture)
	}{
		{"status as string, null headers", `{"log":{"entries":[{"request":{"method":"GET","url":"https://a.example/x","headers":null},
			"response":{"status":"429","statusText":null,"httpVersion":"HTTP/1.1","headers":[{"name":"Retry-After","value":30}],"content":{"text":"slow down"}}}]}}`,
			func(t *testing.T, c Capture) {
				r := c.Entries[0].Exchange.Response
				if r == nil || r.Status != 429 || r.Get("Retry-After") != "30" || string(r.Body) != "slow down" {
					t.Errorf("response %+v", r)
				}
			}},
		{"base64 body with line breaks", `{"log":{"entries":[{"request":{"method":"GET","url":"http://a.example/"},
			"response":{"status":403,"headers":[],"content":{"text":"YWNjZXNz\nIGRlbmllZA==","encoding":"base64"}}}]}}`,
			func(t *testing.T, c Capture) {
				if b := string(c.Entries[0].Exchange.Response.Body); b != "access denied" {
					t.Errorf("body %q", b)
				}
				if c.Entries[0].Exchange.RemoteAddr != "" {
					t.Errorf("remote %q with no serverIPAddress", c.Entries[0].Exchange.RemoteAddr)
				}
			}},
		{"bad base64 kept as written", `{"log":{"entries":[{"request":{"method":"GET","url":"http://a.example/"},
			"response":{"status":403,"content":{"text":"not base64!!","encoding":"base64"}}}]}}`,
			func(t *testing.T, c Capture) {
				if b := string(c.Entries[0].Exchange.Response.Body); b != "not base64!!" || len(c.Entries[0].Notes) == 0 {
					t.Errorf("body %q notes %q", b, c.Entries[0].Notes)
				}
			}},
		{"form params without text", `{"log":{"entries":[{"request":{"method":"POST","url":"http://a.example/login",
			"postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"user","value":"ada"},{"name":"next","value":"/a b"}]}},
			"response":{"status":403}}]}}`,
			func(t *testing.T, c Capture) {
				if b := string(c.Entries[0].Request.Body); b != "next=%2Fa+b&user=ada" {
					t.Errorf("body %q", b)
				}
			}},
		{"no date anywhere", `{"log":{"entries":[{"request":{"method":"GET","url":"http://a.example/"},"response":{"status":401}}]}}`,
			func(t *testing.T, c Capture) {
				if e := c.Entries[0]; !e.StartedAt.IsZero() || e.ClientClock {
					t.Errorf("started %v client %v", e.StartedAt, e.ClientClock)
				}
			}},
		{"server Date when startedDateTime is missing", `{"log":{"entries":[{"request":{"method":"GET","url":"http://a.example/"},
			"response":{"status":401,"headers":[{"name":"Date","value":"Mon, 02 Mar 2026 10:20:05 GMT"}]}}]}}`,
			func(t *testing.T, c Capture) {
				if e := c.Entries[0]; e.StartedAt.IsZero() || e.ClientClock {
					t.Errorf("started %v client %v, want the server's Date", e.StartedAt, e.ClientClock)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, []byte(tt.har))
			if len(c.Entries) != 1 {
				t.Fatalf("%d entries", len(c.Entries))
			}
			tt.check(t, c)
		})
	}
}

// A body beyond the limit is cut and marked, its full size counted.
func TestHARBodyCap(t *testing.T) {
	har := `{"log":{"entries":[{"request":{"method":"GET","url":"http://a.example/"},"response":{"status":403,"content":{"text":"` +
		strings.Repeat("x", 5000) + `"}}}]}}`
	c, err := Parse([]byte(har), Limits{Body: 1000})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Entries[0].Exchange.Response
	if len(r.Body) != 1000 || r.BodySize != 5000 || !r.Truncated {
		t.Errorf("kept %d of %d, truncated %v", len(r.Body), r.BodySize, r.Truncated)
	}
}
