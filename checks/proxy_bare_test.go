package checks

import "testing"

// A request carrying Proxy-Connection went to a forward proxy (only a
// client talking to one sends it). A bare refusal of it, with no page and
// no server's header, is likeliest the proxy's own: a guess, the first
// layer the request met.
func TestBareRefusalThroughAProxy(t *testing.T) {
	for _, c := range []struct{ name, url, ua string }{
		// NVIDIA OpenShell's sandbox egress proxy (FORWARD action=deny).
		{"sandbox egress proxy", "http://218.11.11.225/", "curl/8.5.0"},
		// A Squid acl deny with its error page turned off.
		{"Squid acl", "http://host.partner.example/", "Java/1.8.0_77"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get(c.url, "User-Agent: "+c.ua, "Proxy-Connection: Keep-Alive"), resp(403, "", "Date:")))
			if len(rep.Likely) == 0 || rep.Likely[0] != ProxyDenied || !rep.Guess {
				t.Fatalf("likely %v (guess %v), want %s first as a guess", rep.Likely, rep.Guess, ProxyDenied)
			}
		})
	}
	t.Run("the server's page", func(t *testing.T) {
		rep := Run(exchange(get("http://app.example.test/", "Proxy-Connection: Keep-Alive"),
			resp(403, `{"error":"forbidden"}`, "Server: gunicorn", "Content-Type: application/json")))
		if len(rep.Likely) > 0 && rep.Likely[0] == ProxyDenied {
			t.Fatalf("the server's own answer blamed on the proxy: %v", rep.Likely)
		}
	})
}
