package curlpaste

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
)

// A request copied as curl (curlargs.Quote, what ctrl+y and --print-curl
// write) and pasted back gives the same request.
func TestRoundTrip(t *testing.T) {
	withBody := func(method, ct, body string) probe.Request {
		r := probe.NewRequest("https://api.example.com/v1/x")
		r.Method, r.Body = method, []byte(body)
		r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: ct})
		return r
	}
	tests := []struct {
		name string
		req  probe.Request
	}{
		{"default GET", probe.NewRequest("https://api.example.com/v1/orders?page=2&sort=-created")},
		{"JSON with quotes", withBody("POST", "application/json", `{"it's":"a \"quote\" and a \\ and $HOME and !x"}`)},
		{"controls, bidi and invalid UTF-8", withBody("PUT", "text/plain", "a\nb\tc\r\n\x1b[2J \u202egnp.exe\u202c \x7f\u009b\u2028 \xff\xfe end")},
		{"glob and brace characters", withBody("POST", "text/plain", "*?[a] {a,b} ~/x a=~ `cmd` $(cmd) <(x)")},
		{"URL with user info and query", probe.NewRequest("https://bob:p%40ss@api.example.com/s?q=it's&x=*#frag")},
		{"credentials and settings", func() probe.Request {
			r := probe.NewRequest("https://api.example.com/")
			r.Auth = probe.Credentials{Bearer: "tok'en$1"}
			r.Headers = append(r.Headers, probe.Header{Name: "Cookie", Value: "a=b; c=d"}, probe.Header{Name: "X-Empty", Value: ""})
			r.Compressed, r.FollowRedirects, r.HTTPVersion = true, true, "1.1"
			r.TLS.Insecure = true
			r.Timeouts.Total = 90 * time.Second
			return r
		}()},
	}
	tests = append(tests, browserCommands(t)...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := curlargs.Quote(tt.req, probe.NewRedactor(tt.req, true))
			got, err := Parse(line)
			if err != nil {
				t.Fatalf("Parse(Quote()) of\n  %s\nfailed: %v", line, err)
			}
			if !sameRequest(got.Request, tt.req) {
				t.Errorf("round trip through\n  %s\n got: %s\nwant: %s", line, dump(got.Request), dump(tt.req))
			}
		})
	}
}

// browserCommands are the browser exports of browsers_test.go, parsed.
func browserCommands(t *testing.T) []struct {
	name string
	req  probe.Request
} {
	var out []struct {
		name string
		req  probe.Request
	}
	for _, c := range []struct{ name, cmd string }{
		{"Chrome POST", chromePOST}, {"Chrome PUT", chromePUT}, {"Chrome GET", chromeGET},
		{"Firefox POST", firefoxPOST}, {"Firefox PATCH", firefoxMultiline},
	} {
		name := c.name
		p, err := Parse(c.cmd)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, struct {
			name string
			req  probe.Request
		}{name, p.Request})
	}
	return out
}

// What a masked copy or a body curl cannot take as an argument becomes
// shell that why403 will not run: the paste is refused and says why.
func TestRoundTripRefusesWhatItWouldExpand(t *testing.T) {
	masked := probe.NewRequest("https://api.example.com/")
	masked.Auth.Bearer = "secret-token-1234"
	if _, err := Parse(curlargs.Quote(masked, probe.NewRedactor(masked, false))); err == nil || !strings.Contains(err.Error(), "$TOKEN is a shell variable") {
		t.Errorf("a masked copy: error %v, want the $TOKEN message", err)
	}
	nul := probe.NewRequest("https://api.example.com/")
	nul.Method, nul.Body = "POST", []byte("a\x00b")
	if _, err := Parse(curlargs.Quote(nul, probe.NewRedactor(nul, true))); err == nil || !strings.Contains(err.Error(), "process substitution") {
		t.Errorf("a body with a NUL byte: error %v, want the process substitution message", err)
	}
}

func sameRequest(a, b probe.Request) bool {
	if len(a.Headers) == 0 && len(b.Headers) == 0 {
		a.Headers, b.Headers = nil, nil
	}
	return reflect.DeepEqual(a, b)
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
