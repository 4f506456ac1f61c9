package probe

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// attemptCounter is a loopback listener that answers 200 and counts the
// connections made to it: where a refused hop would have gone.
func attemptCounter(t *testing.T) (port string, count *atomic.Int32) {
	count = new(atomic.Int32)
	srv := newRawServer(t, func(c net.Conn) {
		count.Add(1)
		readHead(c)
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"))
	})
	_, port, _ = net.SplitHostPort(srv.addr)
	return port, count
}

func TestRedirectToLinkLocalIsRefused(t *testing.T) {
	for _, c := range []struct{ loc, host, connect string }{
		{"http://169.254.169.254/latest/meta-data/", "169.254.169.254", "169.254.169.254:80"},
		{"http://[fd00:ec2::254]/latest/", "fd00:ec2::254", "[fd00:ec2::254]:80"},
		{"http://[fe80::1]/", "fe80::1", "[fe80::1]:80"},
		{"http://[::ffff:169.254.1.1]/", "::ffff:169.254.1.1", "[::ffff:169.254.1.1]:80"},
	} {
		t.Run(c.host, func(t *testing.T) {
			port, count := attemptCounter(t)
			start := redirector(t, http.StatusFound, c.loc)
			req := Request{URL: start, FollowRedirects: true, Timeouts: quick(),
				ConnectTo: []string{c.connect + ":127.0.0.1:" + port}}

			ex := Send(context.Background(), req)
			if n := count.Load(); n != 0 {
				t.Fatalf("%d connection(s) attempted to the link-local address, want none", n)
			}
			want := "refused to follow the redirect to " + c.host + ": a link-local/cloud metadata address; pass --allow-link-local to follow it"
			if ex.Err == nil || ex.Err.Message != want || ex.Err.Phase != PhaseRedirect {
				t.Fatalf("err = %+v, want %q", ex.Err, want)
			}
			if ex.Response == nil || ex.Response.Status != http.StatusFound {
				t.Fatalf("response = %+v, want the 302 itself", ex.Response)
			}

			// The user's consent lets it through (and proves the setup
			// would have recorded the attempt).
			req.AllowLinkLocal = true
			ex = Send(context.Background(), req)
			if ex.Err != nil || count.Load() != 1 {
				t.Fatalf("with AllowLinkLocal: err = %v, attempts = %d, want the hop followed", ex.Err, count.Load())
			}
		})
	}
}

// A request that starts at a link-local address may follow redirects there:
// the user chose that origin.
func TestRedirectWithinLinkLocalOrigin(t *testing.T) {
	port, count := attemptCounter(t)
	start := redirector(t, http.StatusFound, "http://169.254.169.254/next")
	_, sport, _ := net.SplitHostPort(strings.TrimPrefix(start, "http://"))
	req := Request{URL: "http://169.254.169.254:" + sport + "/", FollowRedirects: true, Timeouts: quick(),
		ConnectTo: []string{"169.254.169.254:" + sport + ":127.0.0.1:" + sport, "169.254.169.254:80:127.0.0.1:" + port}}
	ex := Send(context.Background(), req)
	if ex.Err != nil || count.Load() != 1 {
		t.Fatalf("err = %v, attempts = %d, want the hop followed", ex.Err, count.Load())
	}
}

// The name a redirect points at can resolve to a link-local address; the
// dialer checks the address it is about to connect to. Tested on the check
// itself: a test must not dial 169.254.0.0/16.
func TestDialGuardRefusesLinkLocalAddresses(t *testing.T) {
	for addr, refused := range map[string]bool{
		"169.254.169.254:80":      true,
		"[fd00:ec2::254]:80":      true,
		"[fe80::1%lo]:443":        true,
		"127.0.0.1:80":            false,
		"[::1]:80":                false,
		"10.0.0.1:80":             false,
		"[fd00:ec2::253]:80":      false,
		"[::ffff:169.254.0.1]:80": true,
	} {
		err := refuseLinkLocal("tcp", addr, nil)
		if (err != nil) != refused {
			t.Errorf("%s: err = %v, refused want %v", addr, err, refused)
		}
	}
}

func TestLinkLocalRefusalNamesTheAddress(t *testing.T) {
	got := linkLocalRefusal("metadata.internal", "169.254.169.254")
	want := "refused to follow the redirect to metadata.internal: it resolves to 169.254.169.254, a link-local/cloud metadata address; pass --allow-link-local to follow it"
	if got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}
