package clients

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// rawServer answers every request with 200 and records the header block
// each request arrived with, as bytes, on loopback.
func rawServer(t *testing.T) (addr string, heads <-chan string) {
	return rawServerWith(t, func(string) string { return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok" })
}

// rawServerWith answers each request with answer(head).
func rawServerWith(t *testing.T, answer func(head string) string) (addr string, heads <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ch := make(chan string, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				br := bufio.NewReader(c)
				var head bytes.Buffer
				for n := 0; n < 200; n++ {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					if line == "\r\n" {
						break
					}
					head.WriteString(line)
				}
				ch <- head.String()
				c.Write([]byte(answer(head.String())))
			}()
		}
	}()
	return ln.Addr().String(), ch
}

// uuid matches a Postman-Token value.
var uuid = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// Each profile arrives with its documented headers, case and order.
func TestProfilesOnTheWire(t *testing.T) {
	addr, heads := rawServer(t)
	host := "api.example.com"
	auth := probe.Header{Name: "Authorization", Value: "Bearer t0k"}
	cases := []struct {
		client string
		method string
		body   string
		kind   Body
		user   []probe.Header
		want   []string // the header block after the request line, "name: value" each; "*" matches any value
	}{
		{"curl", "GET", "", BodyNone, []probe.Header{auth}, []string{
			"Host: api.example.com", "User-Agent: curl/8.5.0", "Accept: */*", "Authorization: Bearer t0k"}},
		{"dart", "GET", "", BodyNone, []probe.Header{auth, {Name: "Content-Type", Value: "application/json"}}, []string{
			"host: api.example.com", "accept-encoding: gzip", "user-agent: Dart/3.9 (dart:io)", "authorization: Bearer t0k", "content-type: application/json"}},
		{"dart", "POST", `{"a":1}`, BodyString, []probe.Header{auth}, []string{
			"host: api.example.com", "accept-encoding: gzip", "user-agent: Dart/3.9 (dart:io)", "content-length: 7", "authorization: Bearer t0k",
			"content-type: text/plain; charset=utf-8"}},
		{"dart", "POST", "a=1", BodyForm, nil, []string{
			"host: api.example.com", "accept-encoding: gzip", "user-agent: Dart/3.9 (dart:io)", "content-length: 3",
			"content-type: application/x-www-form-urlencoded"}},
		{"dio", "POST", `{"a":1}`, BodyMap, []probe.Header{auth}, []string{
			"host: api.example.com", "accept-encoding: gzip", "user-agent: Dart/3.9 (dart:io)", "authorization: Bearer t0k",
			"content-type: application/json", "content-length: 7"}},
		{"okhttp", "POST", `{"a":1}`, BodyString, []probe.Header{auth, {Name: "Content-Type", Value: "application/json"}}, []string{
			"Authorization: Bearer t0k", "Content-Type: application/json; charset=utf-8", "Content-Length: 7", "Host: api.example.com",
			"Connection: Keep-Alive", "Accept-Encoding: gzip", "User-Agent: okhttp/4.12.0"}},
		{"urlsession", "GET", "", BodyNone, []probe.Header{auth}, []string{
			"Host: api.example.com", "Authorization: Bearer t0k", "Accept: */*", "Accept-Language: en-US,en;q=0.9", "Connection: keep-alive",
			"Accept-Encoding: gzip, deflate, br", "User-Agent: *"}},
		// The page is https, the API http: another scheme is another site.
		{"browser", "POST", "hi", BodyString, []probe.Header{{Name: "Origin", Value: "https://app.example.com"}}, []string{
			"Host: api.example.com", "Connection: keep-alive", "Content-Length: 2", "sec-ch-ua: *", "sec-ch-ua-mobile: ?0", `sec-ch-ua-platform: "Windows"`,
			"User-Agent: *", "Content-Type: text/plain;charset=UTF-8", "Accept: */*", "Origin: https://app.example.com",
			"Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty", "Referer: https://app.example.com/",
			"Accept-Encoding: gzip, deflate, br, zstd", "Accept-Language: en-US,en;q=0.9"}},
		{"browser", "GET", "", BodyNone, nil, []string{
			"Host: api.example.com", "Connection: keep-alive", "sec-ch-ua: *", "sec-ch-ua-mobile: ?0", `sec-ch-ua-platform: "Windows"`,
			"User-Agent: *", "Accept: */*", "Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty",
			"Referer: http://api.example.com/", "Accept-Encoding: gzip, deflate, br, zstd", "Accept-Language: en-US,en;q=0.9"}},
		{"postman", "POST", `{"a":1}`, BodyString, []probe.Header{{Name: "Content-Type", Value: "application/json"}}, []string{
			"Content-Type: application/json", "User-Agent: PostmanRuntime/7.43.0", "Accept: */*", "Cache-Control: no-cache",
			"Postman-Token: *", "Host: api.example.com", "Accept-Encoding: gzip, deflate, br", "Connection: keep-alive", "Content-Length: 7"}},
	}
	for _, c := range cases {
		t.Run(c.client+" "+c.method, func(t *testing.T) {
			req := probe.Request{Method: c.method, URL: "http://" + host + "/v1/items", Headers: c.user, Body: []byte(c.body),
				ConnectTo: []string{host + ":80:" + addr}, Timeouts: probe.Timeouts{Total: 5 * time.Second}}
			if c.body == "" {
				req.Body = nil
			}
			if err := Apply(c.client, &req, Options{Body: c.kind}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			ex := probe.Send(ctx, req)
			if ex.Response == nil || ex.Response.Status != 200 {
				t.Fatalf("no 200: %+v", ex.Err)
			}
			var head string
			select {
			case head = <-heads:
			case <-time.After(5 * time.Second):
				t.Fatal("no request arrived")
			}
			lines := strings.Split(strings.TrimSuffix(head, "\r\n"), "\r\n")
			if lines[0] != c.method+" /v1/items HTTP/1.1" {
				t.Errorf("request line %q", lines[0])
			}
			got := lines[1:]
			if len(got) != len(c.want) {
				t.Fatalf("%d header lines, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			for i, w := range c.want {
				name, val, _ := strings.Cut(w, ": ")
				gn, gv, _ := strings.Cut(got[i], ": ")
				if gn != name || val != "*" && gv != val {
					t.Errorf("line %d = %q, want %q\nblock:\n%s", i+1, got[i], w, strings.Join(got, "\n"))
				}
				if name == "Postman-Token" && !uuid.MatchString(gv) {
					t.Errorf("Postman-Token %q is not a UUID", gv)
				}
			}
		})
	}
}

func TestApply(t *testing.T) {
	if err := Apply("netscape", &probe.Request{}, Options{}); err == nil || !strings.Contains(err.Error(), "dart") {
		t.Errorf("an unknown client: %v, want the list of names", err)
	}
	r := probe.Request{URL: "https://h.example/", HTTPVersion: "2"}
	if err := Apply("dart", &r, Options{}); err == nil {
		t.Error("dart with --http2 was accepted: dart:io speaks HTTP/1.1 only")
	}
	r = probe.Request{URL: "https://h.example/"}
	if err := Apply("dart", &r, Options{}); err != nil || r.HTTPVersion != "1.1" {
		t.Errorf("dart: HTTPVersion %q (%v), want 1.1", r.HTTPVersion, err)
	}
	// A header the user gives replaces the client's default.
	r = probe.Request{URL: "https://h.example/", Headers: []probe.Header{{Name: "User-Agent", Value: "shop/2.0"}}}
	Apply("dart", &r, Options{})
	if ua := probe.HeaderValue(r.Headers, "user-agent"); ua != "shop/2.0" {
		t.Errorf("dart user-agent = %q, want the user's", ua)
	}
	if got := Names(); strings.Join(got, ",") != "curl,dart,dio,okhttp,urlsession,browser,postman" {
		t.Errorf("Names() = %v", got)
	}
}

func TestFetchSite(t *testing.T) {
	for _, c := range []struct{ page, target, want string }{
		{"https://api.example.com", "https://api.example.com", "same-origin"},
		{"https://app.example.com", "https://api.example.com", "same-site"},
		{"http://app.example.com", "https://api.example.com", "cross-site"},
		{"https://evil.test", "https://api.example.com", "cross-site"},
	} {
		if got := fetchSite(c.page, c.target); got != c.want {
			t.Errorf("fetchSite(%s, %s) = %s, want %s", c.page, c.target, got, c.want)
		}
	}
}

// After a redirect to another host, a profile's Host names the new host,
// in its place and case.
func TestProfileHostFollowsRedirect(t *testing.T) {
	addr, heads := rawServerWith(t, func(head string) string {
		if strings.Contains(head, "host: api.example.com") {
			return "HTTP/1.1 302 Found\r\nLocation: http://cdn.example.com/next\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		}
		return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
	})
	req := probe.Request{Method: "GET", URL: "http://api.example.com/v1", FollowRedirects: true, MaxRedirects: 3,
		ConnectTo: []string{"api.example.com:80:" + addr, "cdn.example.com:80:" + addr}, Timeouts: probe.Timeouts{Total: 5 * time.Second}}
	if err := Apply("dart", &req, Options{}); err != nil {
		t.Fatal(err)
	}
	ex := probe.Send(context.Background(), req)
	if ex.Response == nil || ex.Response.Status != 200 {
		t.Fatalf("no 200 after the redirect: %+v", ex.Err)
	}
	<-heads
	second := <-heads
	if !strings.HasPrefix(second, "GET /next HTTP/1.1\r\nhost: cdn.example.com\r\naccept-encoding: gzip\r\n") {
		t.Errorf("after the redirect:\n%s", second)
	}
}
