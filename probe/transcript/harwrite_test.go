package transcript

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// harSecrets are the secrets harTestExchange carries; masked, none of them
// may appear in the file.
var harSecrets = []string{
	"tok-SECRET-bearer-1234567890", // Authorization: Bearer
	"sid-SECRET-cookie-0987654321", // Cookie
	"key-SECRET-apikey-5555555555", // X-Api-Key
	"qs-SECRET-access-token-77777", // ?access_token=
	"pw-SECRET-body-password-8888", // form body password=
	"set-SECRET-cookie-4444444444", // Set-Cookie
	"loc-SECRET-token-in-location", // Location: ?token=
}

func harTestExchange() probe.Exchange {
	start := time.Date(2026, 11, 25, 21, 4, 9, 123_000_000, time.UTC)
	return probe.Exchange{
		Request: probe.WireRequest{
			Method: "POST", URL: "/login?access_token=qs-SECRET-access-token-77777&x=1",
			FullURL: "http://127.0.0.1:8080/login?access_token=qs-SECRET-access-token-77777&x=1",
			Proto:   "HTTP/1.1",
			Headers: []probe.Header{
				{Name: "Host", Value: "127.0.0.1:8080"},
				{Name: "Authorization", Value: "Bearer tok-SECRET-bearer-1234567890"},
				{Name: "Cookie", Value: "sid=sid-SECRET-cookie-0987654321"},
				{Name: "X-Api-Key", Value: "key-SECRET-apikey-5555555555"},
				{Name: "Content-Type", Value: "application/x-www-form-urlencoded"},
			},
			Body:     []byte("user=ada&password=pw-SECRET-body-password-8888"),
			BodySize: 46,
		},
		Response: &probe.Response{
			Status: 302, Reason: "Found", Proto: "HTTP/1.1",
			Headers: []probe.Header{
				{Name: "Content-Type", Value: "text/plain"},
				{Name: "Location", Value: "/next?token=loc-SECRET-token-in-location"},
				{Name: "Set-Cookie", Value: "s=set-SECRET-cookie-4444444444; Path=/"},
			},
			Body: []byte("see other"), BodySize: 9,
		},
		Timing: probe.Timing{
			Start: start, Connect: 2 * time.Millisecond, Wrote: time.Millisecond,
			FirstByte: 3 * time.Millisecond, Body: 500 * time.Microsecond,
		},
		RemoteAddr: "127.0.0.1:8080",
	}
}

func writeTestHAR(t *testing.T, xs []HARExchange, reveal bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHAR(&b, xs, HAROptions{Creator: "why403", Version: "0.1.0", Redactor: probe.NewRedactor(requestOf(xs), reveal)}); err != nil {
		t.Fatalf("WriteHAR: %v", err)
	}
	return b.Bytes()
}

func TestWriteHARMasksSecretsUnlessRevealed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		reveal bool
	}{
		{"masked by default", false},
		{"revealed with --reveal", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := string(writeTestHAR(t, []HARExchange{{Exchange: harTestExchange()}}, tc.reveal))
			for _, s := range harSecrets {
				if got := strings.Contains(out, s); got != tc.reveal {
					t.Errorf("file contains %q: %v, want %v", s, got, tc.reveal)
				}
			}
			if !tc.reveal && !strings.Contains(out, "Bearer ••••7890") {
				t.Errorf("masked Authorization should keep its scheme and last four characters:\n%s", out)
			}
		})
	}
}

func TestWriteHARShape(t *testing.T) {
	base := harTestExchange()
	noAnswer := probe.Exchange{Err: &probe.Error{Phase: probe.PhaseConnect, Message: "connection refused"}}
	binary := harTestExchange()
	binary.Response = &probe.Response{Status: 403, Proto: "HTTP/2.0", Body: []byte{0xff, 0x00, 0xfe}, BodySize: 3}
	out := writeTestHAR(t, []HARExchange{
		{Exchange: base},
		{Exchange: binary, Comment: "experiment no-credential: the same 403"},
		{Exchange: noAnswer, Method: "GET", URL: "http://127.0.0.1:1/x"},
	}, false)

	var doc struct {
		Log struct {
			Version string
			Creator struct{ Name, Version string }
			Entries []map[string]any
		}
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Log.Version != "1.2" || doc.Log.Creator.Name != "why403" || doc.Log.Creator.Version != "0.1.0" {
		t.Errorf("log header = %+v", doc.Log)
	}
	if len(doc.Log.Entries) != 3 {
		t.Fatalf("%d entries, want 3", len(doc.Log.Entries))
	}
	get := func(e map[string]any, path ...string) any {
		var v any = e
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[p]
		}
		return v
	}
	first, second, third := doc.Log.Entries[0], doc.Log.Entries[1], doc.Log.Entries[2]
	for _, tc := range []struct {
		name  string
		entry map[string]any
		path  []string
		want  any
	}{
		{"startedDateTime in RFC 3339 with ms", first, []string{"startedDateTime"}, "2026-11-25T21:04:09.123Z"},
		{"time is the sum of the phases", first, []string{"time"}, 6.5},
		{"headersSize unknown", first, []string{"request", "headersSize"}, -1.0},
		{"request bodySize", first, []string{"request", "bodySize"}, 46.0},
		{"postData mimeType", first, []string{"request", "postData", "mimeType"}, "application/x-www-form-urlencoded"},
		{"query decoded and masked", first, []string{"request", "queryString"}, []any{map[string]any{"name": "access_token", "value": "••••7777"}, map[string]any{"name": "x", "value": "1"}}},
		{"request cookies empty", first, []string{"request", "cookies"}, []any{}},
		{"response cookies empty", first, []string{"response", "cookies"}, []any{}},
		{"redirectURL masked", first, []string{"response", "redirectURL"}, "/next?token=••••tion"},
		{"dns did not happen", first, []string{"timings", "dns"}, -1.0},
		{"ssl did not happen on http", first, []string{"timings", "ssl"}, -1.0},
		{"connect", first, []string{"timings", "connect"}, 2.0},
		{"send", first, []string{"timings", "send"}, 1.0},
		{"wait", first, []string{"timings", "wait"}, 3.0},
		{"receive", first, []string{"timings", "receive"}, 0.5},
		{"cache is an empty object", first, []string{"cache"}, map[string]any{}},
		{"serverIPAddress", first, []string{"serverIPAddress"}, "127.0.0.1"},
		{"no comment on the request itself", first, []string{"comment"}, nil},
		{"experiment comment", second, []string{"comment"}, "experiment no-credential: the same 403"},
		{"binary body in base64", second, []string{"response", "content", "encoding"}, "base64"},
		{"binary body text", second, []string{"response", "content", "text"}, "/wD+"},
		{"statusText from the status when none was sent", second, []string{"response", "statusText"}, "Forbidden"},
		{"no response: status 0", third, []string{"response", "status"}, 0.0},
		{"no response: why", third, []string{"response", "_error"}, "connection refused"},
		{"no request recorded: the given URL", third, []string{"request", "url"}, "http://127.0.0.1:1/x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := json.Marshal(get(tc.entry, tc.path...))
			want, _ := json.Marshal(tc.want)
			if !bytes.Equal(got, want) {
				t.Errorf("%s = %s, want %s", strings.Join(tc.path, "."), got, want)
			}
		})
	}
}

// TestWriteHARReadsBack: what WriteHAR writes, readHAR reads as the same
// exchange, so `why403 explain` can judge an --output-har file again.
func TestWriteHARReadsBack(t *testing.T) {
	ex := harTestExchange()
	ex.Hops = []probe.Hop{{
		Request: probe.WireRequest{Method: "POST", URL: "/old", FullURL: "http://127.0.0.1:8080/old", Proto: "HTTP/1.1", Headers: []probe.Header{}},
		Status:  301, Location: "http://127.0.0.1:8080/login?access_token=qs-SECRET-access-token-77777&x=1",
	}}
	c, err := Parse(writeTestHAR(t, []HARExchange{{Exchange: ex}}, true), Limits{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if c.Format != FormatHAR || c.Creator != "why403 0.1.0" || len(c.Entries) != 2 {
		t.Fatalf("format %s, creator %q, %d entries", c.Format, c.Creator, len(c.Entries))
	}
	e := c.Entries[1]
	r := e.Exchange.Response
	if r == nil || r.Status != 302 || string(r.Body) != "see other" || r.Get("Set-Cookie") != "s=set-SECRET-cookie-4444444444; Path=/" {
		t.Fatalf("response read back = %+v", r)
	}
	if e.Request.Method != "POST" || string(e.Request.Body) != string(ex.Request.Body) || e.Exchange.RemoteAddr != "127.0.0.1:8080" {
		t.Errorf("request read back = %+v, remote %q", e.Request, e.Exchange.RemoteAddr)
	}
	if !e.StartedAt.Equal(ex.Timing.Start) {
		t.Errorf("started %v, want %v", e.StartedAt, ex.Timing.Start)
	}
	if len(e.Exchange.Hops) != 1 || e.Exchange.Hops[0].Status != 301 {
		t.Errorf("the redirect entry should read back as a hop: %+v", e.Exchange.Hops)
	}
}

// requestOf is the first exchange's request as sent: the redactor's.
func requestOf(xs []HARExchange) probe.Request {
	if len(xs) == 0 {
		return probe.Request{}
	}
	w := xs[0].Exchange.Request
	return probe.Request{Method: w.Method, URL: w.FullURL, Headers: w.Headers, Body: w.Body}
}
