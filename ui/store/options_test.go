package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// A saved request keeps every transport option the app's Options section
// edits, --noproxy ” (no host bypasses the proxy) included.
func TestSavedRequestKeepsItsOptions(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{ConfigDir: t.TempDir(), StateDir: t.TempDir()})
	req := probe.NewRequest("https://127.0.0.1:8443/mtls/")
	req.TLS = probe.TLSOptions{CertFile: "/tmp/client.pem", KeyFile: "/tmp/client-key.pem", CAFile: "/tmp/ca.pem", Insecure: true}
	req.FollowRedirects, req.MaxRedirects = true, 3
	req.Proxy, req.NoProxy, req.NoProxySet = "http://127.0.0.1:3128", "", true
	req.Timeouts = probe.Timeouts{Connect: 2500 * time.Millisecond, Total: time.Minute}
	req.HTTPVersion = "1.1"
	req.ConnectTo = []string{"api.example.com:443:127.0.0.1:8443"}
	if err := s.SaveRequest(ctx, "mtls", req, SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadRequest(ctx, "mtls")
	if err != nil {
		t.Fatal(err)
	}
	type opts struct {
		TLS            probe.TLSOptions
		Follow         bool
		MaxRedirects   int
		Proxy, NoProxy string
		NoProxySet     bool
		Timeouts       probe.Timeouts
		HTTPVersion    string
		ConnectTo      []string
	}
	of := func(r probe.Request) opts {
		return opts{r.TLS, r.FollowRedirects, r.MaxRedirects, r.Proxy, r.NoProxy, r.NoProxySet, r.Timeouts, r.HTTPVersion, r.ConnectTo}
	}
	if g, w := of(got.Request), of(req); !reflect.DeepEqual(g, w) {
		t.Errorf("options loaded\n%+v\nwant\n%+v", g, w)
	}
}
