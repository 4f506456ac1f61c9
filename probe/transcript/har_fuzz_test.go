package transcript

import (
	"encoding/json"
	"testing"
)

// FuzzHARRead fuzzes the fields of a well-formed HAR rather than its
// bytes: a redirect entry followed by the entry it leads to, with fuzzed
// method, URLs, status (any JSON value, or text), header, body text and
// content encoding. FuzzDetectAndRead rarely gets past the JSON syntax to
// these; here every input reaches readHAR's handling of the entries. It
// must not panic, must read both entries of a file that is valid HAR, keep
// bodies within the limit, and give every entry either a response with a
// status of 100–999 or an error. The seed corpus is
// testdata/fuzz/FuzzHARRead.
func FuzzHARRead(f *testing.F) {
	f.Add("GET", "https://api.example.com/v1/x", "https://api.example.com/v1/y", "403", "Server", "cloudflare", "error code: 1020", "")
	const maxBody = 1 << 10
	f.Fuzz(func(t *testing.T, method, firstURL, location, status, name, value, body, encoding string) {
		data := fuzzHAR(method, firstURL, location, status, name, value, body, encoding)
		if Detect(data) != FormatHAR {
			t.Fatalf("Detect(%s) = %q, want HAR", data, Detect(data))
		}
		c, err := Parse(data, Limits{Input: 1 << 20, Body: maxBody})
		if err != nil {
			t.Fatalf("Parse(%s): %v", data, err)
		}
		if len(c.Entries) != 2 {
			t.Fatalf("Parse(%s): %d entries, want 2", data, len(c.Entries))
		}
		for i, e := range c.Entries {
			if e.Index != i+1 {
				t.Fatalf("entry %d has index %d", i+1, e.Index)
			}
			if len(e.Request.Body) > maxBody || len(e.Exchange.Request.Body) > maxBody {
				t.Fatalf("entry %d: request body over the limit", i+1)
			}
			r := e.Exchange.Response
			switch {
			case r == nil && e.Exchange.Err == nil:
				t.Fatalf("entry %d: neither a response nor an error", i+1)
			case r != nil && (r.Status < 100 || r.Status > 999):
				t.Fatalf("entry %d: status %d (from %q)", i+1, r.Status, status)
			case r != nil && len(r.Body) > maxBody:
				t.Fatalf("entry %d: body %d bytes, limit %d", i+1, len(r.Body), maxBody)
			case r != nil && r.Truncated && r.BodySize <= int64(len(r.Body)):
				t.Fatalf("entry %d: truncated, yet the size %d is no more than the %d bytes kept", i+1, r.BodySize, len(r.Body))
			}
			for _, h := range e.Exchange.Hops {
				if h.Status < 300 || h.Status > 399 || h.Location == "" {
					t.Fatalf("entry %d: hop %+v is no redirect", i+1, h)
				}
			}
		}
	})
}

// fuzzHAR is a HAR 1.2 file as Chrome writes one: a 302 from firstURL to
// location, then the request to location answered with status (a JSON
// value as is, anything else as a JSON string), one header, body text
// in the given content encoding.
func fuzzHAR(method, firstURL, location, status, name, value, body, encoding string) []byte {
	st := json.RawMessage(status)
	if !json.Valid(st) {
		q, _ := json.Marshal(status)
		st = q
	}
	nv := func(n, v string) map[string]any { return map[string]any{"name": n, "value": v} }
	entry := func(url string, status json.RawMessage, headers []any, content map[string]any, redirect string) map[string]any {
		return map[string]any{
			"startedDateTime": "2025-03-14T16:05:14.123Z",
			"request": map[string]any{
				"method": method, "url": url, "httpVersion": "http/2.0",
				"headers":  []any{nv(":authority", "api.example.com"), nv(name, value), nv("authorization", "Bearer "+value)},
				"postData": map[string]any{"mimeType": "application/json", "text": body},
			},
			"response": map[string]any{
				"status": status, "statusText": "", "httpVersion": "http/2.0",
				"headers": headers, "content": content, "redirectURL": redirect,
			},
			"serverIPAddress": "[::1]",
		}
	}
	log := map[string]any{"log": map[string]any{
		"version": "1.2",
		"creator": map[string]any{"name": "WebInspector", "version": "537.36"},
		"entries": []any{
			entry(firstURL, json.RawMessage("302"), []any{nv("location", location), nv(name, value)},
				map[string]any{"size": 0, "mimeType": "x-unknown"}, location),
			entry(resolve(firstURL, location), st, []any{nv(name, value), nv("content-type", "text/html")},
				map[string]any{"size": len(body), "mimeType": "text/html", "text": body, "encoding": encoding}, ""),
		},
	}}
	data, err := json.Marshal(log)
	if err != nil {
		panic(err) // maps of strings and valid raw JSON always marshal
	}
	return data
}
