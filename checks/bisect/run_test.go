package bisect

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

func request(method, url string, hs ...string) probe.Request {
	r := probe.Request{Method: method, URL: url}
	for i := 0; i+1 < len(hs); i += 2 {
		r.Headers = append(r.Headers, probe.Header{Name: hs[i], Value: hs[i+1]})
	}
	r.Timeouts.Total = 5e9
	return r
}

// The curl command that works and the app's request that does not: the
// endpoint wants X-App-Version AND a User-Agent that is not Dart's.
func pair(url string) (good, bad probe.Request) {
	good = request("GET", url+"?lang=en&page=2",
		"User-Agent", "curl/8.5.0", "Accept", "*/*", "X-App-Version", "4.2", "X-Trace", "a")
	bad = request("GET", url+"?lang=de&page=2",
		"user-agent", "Dart/3.5 (dart:io)", "accept-encoding", "gzip", "x-trace", "b")
	return good, bad
}

func needsBoth(_ int, block string) (int, string) {
	ua, _ := header(block, "User-Agent")
	_, app := header(block, "X-App-Version")
	if app && !strings.HasPrefix(ua, "Dart/") {
		return 200, ""
	}
	return 403, ""
}

func saidOf(r Result, units []int) []string {
	var out []string
	for _, u := range units {
		out = append(out, r.Diff.Units[u].Said)
	}
	return out
}

// Two changes needed together are both found, within the default budget,
// and the server saw exactly the requests reported.
func TestBisectFindsInteraction(t *testing.T) {
	srv := startRaw(t, needsBoth)
	good, bad := pair(srv.URL("/api"))
	r := Run(context.Background(), good, bad, Options{})
	if !r.Confirmed || !r.Complete || r.Stopped != "" {
		t.Fatalf("not confirmed or not complete: %+v", r)
	}
	got := saidOf(r, r.Minimal)
	want := []string{"User-Agent (Dart/3.5 (dart:io) → curl/8.5.0)", "the missing X-App-Version"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("minimal %q, want %q", got, want)
	}
	seen := srv.requests()
	if len(seen) != len(r.Sent) || len(seen) > DefaultMax {
		t.Fatalf("server saw %d requests, result says %d (budget %d)", len(seen), len(r.Sent), DefaultMax)
	}
	// the headers case the app's and curl's way: the first request is
	// GOOD as written, the second BAD as written
	if !strings.Contains(seen[0], "\r\nUser-Agent: curl/8.5.0\r\n") || !strings.Contains(seen[1], "\r\nuser-agent: Dart/3.5 (dart:io)\r\n") {
		t.Fatalf("raw blocks:\n%s\n%s", seen[0], seen[1])
	}
}

// A POST pair without consent sends nothing at all, and says what would
// be sent.
func TestBisectPOSTWithoutConsentSendsNothing(t *testing.T) {
	srv := startRaw(t, needsBoth)
	good, bad := pair(srv.URL("/api"))
	good.Method, bad.Method = "POST", "POST"
	good.Body, bad.Body = []byte(`{"a":1}`), []byte(`{"a":2}`)
	r := Run(context.Background(), good, bad, Options{})
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("server saw %d requests without consent", n)
	}
	if len(r.Sent) != 0 || !strings.Contains(r.CompareOnly, "POST is sent only with consent") || len(r.WouldSend) != 3 {
		t.Fatalf("result: %+v", r)
	}
	// with consent it runs
	r = Run(context.Background(), good, bad, Options{AllowUnsafe: true})
	if !r.Confirmed || len(srv.requests()) == 0 {
		t.Fatalf("with consent: %+v", r)
	}
}

// A server that starts rate limiting midway stops the bisection at the
// first sign: nothing is sent after the 429.
func TestBisectStopsAtRateLimit(t *testing.T) {
	const limitFrom = 4
	srv := startRaw(t, func(n int, block string) (int, string) {
		if n >= limitFrom {
			return 429, "Retry-After: 30\r\n"
		}
		return needsBoth(n, block)
	})
	good, bad := pair(srv.URL("/api"))
	r := Run(context.Background(), good, bad, Options{})
	if n := len(srv.requests()); n != limitFrom {
		t.Fatalf("server saw %d requests, want the bisection to stop at the %dth", n, limitFrom)
	}
	if r.Complete || !strings.Contains(r.Stopped, "429") {
		t.Fatalf("stopped %q complete %v", r.Stopped, r.Complete)
	}
}

// A 403 that says the quota is spent (X-RateLimit-Remaining: 0) is a
// rate-limit sign too.
func TestBisectStopsAtSpentQuota(t *testing.T) {
	srv := startRaw(t, func(n int, block string) (int, string) {
		if n >= 3 {
			return 403, "X-RateLimit-Limit: 100\r\nX-RateLimit-Remaining: 0\r\n"
		}
		return needsBoth(n, block)
	})
	good, bad := pair(srv.URL("/api"))
	r := Run(context.Background(), good, bad, Options{})
	if n := len(srv.requests()); n != 3 || r.Complete || !strings.Contains(r.Stopped, "pushback") {
		t.Fatalf("%d requests, stopped %q", n, r.Stopped)
	}
}

// A bypass header is never sent by a test and is reported as not tested.
func TestBisectNeverTestsBypassHeader(t *testing.T) {
	srv := startRaw(t, needsBoth)
	good, bad := pair(srv.URL("/api"))
	bad.Headers = append(bad.Headers, probe.Header{Name: "X-Original-URL", Value: "/admin"})
	good.Headers = append(good.Headers, probe.Header{Name: "X-Forwarded-For", Value: "10.0.0.1"})
	r := Run(context.Background(), good, bad, Options{})
	if len(r.NotTested) != 2 {
		t.Fatalf("not tested %v", saidOf(r, r.NotTested))
	}
	for i, b := range srv.requests()[2:] {
		if _, ok := header(b, "X-Forwarded-For"); ok {
			t.Fatalf("test %d sent X-Forwarded-For:\n%s", i, b)
		}
	}
	if !r.Complete || len(r.Minimal) != 2 {
		t.Fatalf("%+v", r)
	}
}

// When GOOD is not accepted, the bisection stops after confirming.
func TestBisectConfirmsFirst(t *testing.T) {
	srv := startRaw(t, func(int, string) (int, string) { return 403, "" })
	good, bad := pair(srv.URL("/api"))
	r := Run(context.Background(), good, bad, Options{})
	if r.Confirmed || !strings.Contains(r.Stopped, "GOOD was not accepted (403)") || len(srv.requests()) != 1 {
		t.Fatalf("%+v, %d requests", r, len(srv.requests()))
	}
}

// Other origins are compared only.
func TestBisectOtherOriginComparesOnly(t *testing.T) {
	srv := startRaw(t, needsBoth)
	good, bad := pair(srv.URL("/api"))
	bad.URL = strings.Replace(bad.URL, "127.0.0.1", "localhost", 1)
	r := Run(context.Background(), good, bad, Options{})
	if !strings.Contains(r.CompareOnly, "different origins") || len(srv.requests()) != 0 {
		t.Fatalf("%+v", r)
	}
}

// The budget holds.
func TestBisectBudget(t *testing.T) {
	srv := startRaw(t, needsBoth)
	good, bad := pair(srv.URL("/api"))
	r := Run(context.Background(), good, bad, Options{Max: 4})
	if n := len(srv.requests()); n != 4 || !strings.Contains(r.Stopped, "budget") {
		t.Fatalf("%d requests, stopped %q", n, r.Stopped)
	}
}
