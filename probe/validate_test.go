package probe

import (
	"errors"
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	ok := func() Request { return NewRequest("https://api.example.com:8443/v1?x=1") }
	tests := []struct {
		name   string
		edit   func(r *Request)
		want   string // the whole Error() text; "" means valid
		header int    // expected ValidationError.Header when want != ""
	}{
		{"plain request", func(r *Request) {}, "", -1},
		{"empty method means GET", func(r *Request) { r.Method = "" }, "", -1},
		{"lowercase method is allowed", func(r *Request) { r.Method = "get" }, "", -1},
		{"custom method", func(r *Request) { r.Method = "PURGE" }, "", -1},
		{"method with space", func(r *Request) { r.Method = "GE T" },
			`method "GE T": not a valid method (a single word such as GET or POST, no spaces)`, -1},
		{"method with CRLF", func(r *Request) { r.Method = "GET\r\n" },
			`method "GET\r\n": not a valid method (a single word such as GET or POST, no spaces)`, -1},

		{"empty URL", func(r *Request) { r.URL = "" }, `URL: missing (for example https://example.com/)`, -1},
		{"ftp", func(r *Request) { r.URL = "ftp://x" }, `URL "ftp://x": unsupported scheme "ftp" (use http or https)`, -1},
		{"upper-case scheme is fine", func(r *Request) { r.URL = "HTTPS://example.com/" }, "", -1},
		{"no scheme suggests https", func(r *Request) { r.URL = "example.com/x" },
			`URL "example.com/x": no scheme; write "https://example.com/x" (or http:// for plain HTTP)`, -1},
		{"host:port without scheme", func(r *Request) { r.URL = "localhost:8080" },
			`URL "localhost:8080": no scheme; write "https://localhost:8080" (or http:// for plain HTTP)`, -1},
		{"missing slashes", func(r *Request) { r.URL = "https:example.com" }, `URL "https:example.com": missing "//" after "https:"`, -1},
		{"no host", func(r *Request) { r.URL = "http:///path" },
			`URL "http:///path": no host (write it after the //, e.g. https://example.com/path)`, -1},
		{"port only", func(r *Request) { r.URL = "http://:8080/" }, `URL "http://:8080/": no host name before the port`, -1},
		{"port zero", func(r *Request) { r.URL = "http://h:0/" }, `URL "http://h:0/": port "0" is not a number from 1 to 65535`, -1},
		{"port too big", func(r *Request) { r.URL = "http://h:99999/" }, `URL "http://h:99999/": port "99999" is not a number from 1 to 65535`, -1},
		{"port letters", func(r *Request) { r.URL = "http://h:abc/" }, `URL "http://h:abc/": invalid port ":abc" after host`, -1},
		{"space in host", func(r *Request) { r.URL = "http://exa mple.com/" }, `URL "http://exa mple.com/": invalid character " " in host name`, -1},
		{"space in path is sent encoded", func(r *Request) { r.URL = "http://h/a b" }, "", -1},
		{"bad escape", func(r *Request) { r.URL = "http://h/%zz" }, `URL "http://h/%zz": invalid URL escape "%zz"`, -1},
		{"CRLF in URL", func(r *Request) { r.URL = "http://h/\r\nX: y" }, `URL "http://h/\r\nX: y": contains a control character (\r)`, -1},
		{"DEL in URL", func(r *Request) { r.URL = "http://h/\x7f" }, `URL "http://h/\x7f": contains a control character (\x7f)`, -1},
		{"IPv6", func(r *Request) { r.URL = "http://[::1]:8080/" }, "", -1},
		{"IPv6 unclosed", func(r *Request) { r.URL = "http://[::1/" }, `URL "http://[::1/": missing ']' in host`, -1},

		{"header CRLF in value", func(r *Request) { r.Headers = append(r.Headers, Header{"X-A", "a\r\nInjected: yes"}) },
			`header "X-A": value contains a line break`, 2},
		{"header LF in value", func(r *Request) { r.Headers = append(r.Headers, Header{"X-A", "a\nb"}) },
			`header "X-A": value contains a line break`, 2},
		{"header NUL in value", func(r *Request) { r.Headers[0].Value = "a\x00b" },
			`header "User-Agent": value contains a NUL byte`, 0},
		{"header ESC in value", func(r *Request) { r.Headers[1].Value = "a\x1b[2J" },
			`header "Accept": value contains a control character (\x1b)`, 1},
		{"header DEL in value", func(r *Request) { r.Headers[1].Value = "a\x7f" },
			`header "Accept": value contains a control character (\x7f)`, 1},
		{"tab in value is fine", func(r *Request) { r.Headers[1].Value = "a\tb" }, "", -1},
		{"UTF-8 in value is fine", func(r *Request) { r.Headers[1].Value = "héllo" }, "", -1},
		{"empty value is fine", func(r *Request) { r.Headers[1].Value = "" }, "", -1},
		{"name with space", func(r *Request) { r.Headers = append(r.Headers, Header{"Bad Name", "x"}) },
			`header "Bad Name": name is not a valid token (no spaces, ":", quotes or brackets)`, 2},
		{"name with colon", func(r *Request) { r.Headers = append(r.Headers, Header{"Bad:Name", "x"}) },
			`header "Bad:Name": name is not a valid token (no spaces, ":", quotes or brackets)`, 2},
		{"empty name", func(r *Request) { r.Headers = append(r.Headers, Header{"", "x"}) }, `header: empty name`, 2},
		{"name with LF", func(r *Request) { r.Headers = append(r.Headers, Header{"X\nY", "x"}) },
			`header "X\nY": name contains a line break`, 2},
		{"valid Host override", func(r *Request) { r.Headers = append(r.Headers, Header{"Host", "internal.example:8080"}) }, "", -1},
		{"invalid Host override", func(r *Request) { r.Headers = append(r.Headers, Header{"host", "a b"}) },
			`header "host": "a b" is not a valid host (Go would silently send an empty Host instead)`, 2},

		{"bearer with CRLF", func(r *Request) { r.Auth.Bearer = "tok\r\nX: y" }, `bearer token: value contains a line break`, -1},
		{"bearer fine", func(r *Request) { r.Auth.Bearer = "eyJ.abc.def" }, "", -1},
		{"basic user with colon", func(r *Request) { r.Auth = Credentials{BasicUser: "a:b", HasBasic: true} },
			`basic auth user "a:b": must not contain ":" (Basic auth splits user and password at the first colon)`, -1},
		{"basic password with colon is fine", func(r *Request) { r.Auth = Credentials{BasicUser: "a", BasicPass: "b:c", HasBasic: true} }, "", -1},

		{"key without cert", func(r *Request) { r.TLS.KeyFile = "k.pem" }, `TLS key "k.pem": a key needs its client certificate too (--cert FILE)`, -1},
		{"key with cert", func(r *Request) { r.TLS.KeyFile, r.TLS.CertFile = "k.pem", "c.pem" }, "", -1},

		{"http proxy", func(r *Request) { r.Proxy = "http://proxy:3128" }, "", -1},
		{"socks5 proxy", func(r *Request) { r.Proxy = "socks5://127.0.0.1:1080" }, "", -1},
		{"proxy without scheme is HTTP, as in curl", func(r *Request) { r.Proxy = "proxy:3128" }, "", -1},
		{"space in the query", func(r *Request) { r.URL = "http://h/p?q=a b" }, `URL "http://h/p?q=a b": the query contains a space; write it as %20 or +`, -1},
		{"socks5h proxy", func(r *Request) { r.Proxy = "socks5h://p:1080" }, "", -1},
		{"socks4 proxy", func(r *Request) { r.Proxy = "socks4://p:1080" },
			`proxy "socks4://p:1080": unsupported proxy scheme "socks4" (use http, https, socks5 or socks5h)`, -1},
		{"proxy without host", func(r *Request) { r.Proxy = "http://:3128" }, `proxy "http://:3128": no host`, -1},
		{"proxy bad port", func(r *Request) { r.Proxy = "http://p:70000" }, `proxy "http://p:70000": port "70000" is not a number from 1 to 65535`, -1},

		{"negative timeout", func(r *Request) { r.Timeouts.Total = -time.Second }, `total timeout: must not be negative`, -1},
		{"negative redirects", func(r *Request) { r.MaxRedirects = -1 }, `max redirects: must not be negative`, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ok()
			tt.edit(&r)
			err := Validate(&r)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %s", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Validate() =\n  %s\nwant\n  %s", err, tt.want)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			if ve.Header != tt.header {
				t.Errorf("Header index = %d, want %d", ve.Header, tt.header)
			}
		})
	}
}

func TestValidateZeroValuePlusURL(t *testing.T) {
	if err := Validate(&Request{URL: "http://127.0.0.1:8080/"}); err != nil {
		t.Fatalf("zero value plus URL: %v", err)
	}
}

func BenchmarkValidate(b *testing.B) {
	r := NewRequest("https://api.example.com/v1/orders?page=2")
	r.Headers = append(r.Headers, Header{"Authorization", "Bearer abc.def.ghi"}, Header{"Content-Type", "application/json"})
	for b.Loop() {
		if err := Validate(&r); err != nil {
			b.Fatal(err)
		}
	}
}
