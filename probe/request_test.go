package probe

import (
	"reflect"
	"testing"
	"time"
)

// SetConnection copies how a request is sent and nothing of what it asks.
func TestSetConnectionCopiesTransportOnly(t *testing.T) {
	from := Request{Method: "POST", URL: "https://other.example/", Headers: []Header{{Name: "X", Value: "1"}}, Body: []byte("b"),
		Auth: Credentials{Bearer: "t"}, TLS: TLSOptions{CertFile: "c.pem", KeyFile: "k.pem", CAFile: "ca.pem", Insecure: true},
		Proxy: "http://127.0.0.1:3128", NoProxy: "*", NoProxySet: true, ConnectTo: []string{"a:443:127.0.0.1:8443"},
		Timeouts:    Timeouts{Connect: time.Second, TLS: 2 * time.Second, Headers: 3 * time.Second, NoProgress: 4 * time.Second, Total: 5 * time.Second},
		HTTPVersion: "2", FollowRedirects: true, MaxBodyBytes: 9}
	r := NewRequest("https://api.example/")
	r.SetConnection(from)
	want := NewRequest("https://api.example/")
	want.TLS, want.Proxy, want.NoProxy, want.NoProxySet = from.TLS, from.Proxy, from.NoProxy, from.NoProxySet
	want.ConnectTo, want.Timeouts, want.HTTPVersion = from.ConnectTo, from.Timeouts, from.HTTPVersion
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	r.ConnectTo[0] = "changed"
	if from.ConnectTo[0] == "changed" {
		t.Error("the --connect-to rules are shared with the request copied from")
	}
}
