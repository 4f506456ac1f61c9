package checks

import (
	"strings"
	"testing"
)

// Every proxy product's own page makes a refusal the proxy's, named; its
// Via or Server value names it on a refusal; neither gives a cause on a 200.
func TestProxyFingerprintsNameTheProxy(t *testing.T) {
	for _, p := range proxyProducts {
		for _, b := range p.Body {
			t.Run(p.Name+"/body "+b, func(t *testing.T) {
				page := "<html><head><title>Access Denied</title></head><body><p>" + b + "</p></body></html>"
				rep := Run(exchange(get("https://api.example/v1/items"), resp(403, page, "Content-Type: text/html")))
				if len(rep.Likely) == 0 || rep.Likely[0] != ProxyDenied {
					t.Fatalf("likely %v, want %s first", rep.Likely, ProxyDenied)
				}
				f, _ := findingOf(rep, ProxyDenied)
				if f.Strength != Named || !strings.Contains(f.Title, p.Name) || f.Fix == "" {
					t.Fatalf("%v %q fix %q: want the proxy %s named, with a fix", f.Strength, f.Title, f.Fix, p.Name)
				}
				ok200 := "<html><head><title>Items</title></head><body><p>12 items</p></body></html>"
				if rep := Run(exchange(get("https://api.example/v1/items"), resp(200, ok200, "Content-Type: text/html"))); len(rep.Likely) > 0 {
					t.Fatalf("200: likely %v, want no cause", rep.Likely)
				}
			})
		}
		for _, m := range p.Headers {
			t.Run(p.Name+"/header "+m.Name, func(t *testing.T) {
				line := headerLineFor(m)
				rep := Run(exchange(get("https://api.example/v1/items"), resp(403, neutralPage, "Content-Type: text/html", line)))
				f, _ := findingOf(rep, ProxyDenied)
				if f.Status == Pass || !strings.Contains(f.Title, p.Name) || !strings.Contains(strings.Join(f.Evidence, "\n"), line) {
					t.Fatalf("%v %q %q: want %s named from %q", f.Status, f.Title, f.Evidence, p.Name, line)
				}
				ok := Run(exchange(get("https://api.example/v1/items"), resp(200, `{"items":[]}`, "Content-Type: application/json", line)))
				if len(ok.Likely) > 0 {
					t.Fatalf("200: likely %v, want no cause", ok.Likely)
				}
			})
		}
	}
}

// Two proxies' refusals, written as their documentation and public
// signatures describe them, sent by a loopback server standing in for the
// proxy and read end to end.
func TestProxyBlockPagesEndToEnd(t *testing.T) {
	pages := []struct {
		vendor string
		hdr    map[string]string
		status int
		body   string
	}{
		{"Squid", map[string]string{"Server": "squid/5.7", "X-Squid-Error": "ERR_ACCESS_DENIED 0", "Via": "1.1 proxy.corp (squid/5.7)"}, 403,
			`<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body>
<h1>ERROR</h1><h2>The requested URL could not be retrieved</h2>
<p>The following error was encountered while trying to retrieve the URL: <a href="http://api.example/">http://api.example/</a></p>
<blockquote><p><b>Access Denied.</b></p></blockquote>
<p>Access control configuration prevents your request from being allowed at this time. Please contact your service provider if you feel this is incorrect.</p>
<p>Your cache administrator is <a href="mailto:webmaster">webmaster</a>.</p>
<div id="footer"><p>Generated Mon, 07 Dec 2026 22:00:00 GMT by proxy.corp (squid/5.7)</p></div></body></html>`},
		{"Palo Alto Networks", nil, 503,
			`<html><head><title>Web Page Blocked</title></head><body bgcolor="#e7e8e9"><div id="content"><h1>Web Page Blocked</h1>
<p>Access to the web page you were trying to visit has been blocked in accordance with company policy. Please contact your system administrator if you believe this is in error.</p>
<p><b>User:</b> 10.1.2.3</p><p><b>URL:</b> api.example/</p><p><b>Category:</b> unknown</p></div></body></html>`},
	}
	for _, p := range pages {
		t.Run(p.vendor, func(t *testing.T) {
			rep := judgePage(t, p.hdr, "text/html", p.status, p.body, "/v1/items")
			if len(rep.Likely) == 0 || rep.Likely[0] != ProxyDenied || rep.Guess {
				t.Fatalf("likely %v (guess %v), want a sure %s", rep.Likely, rep.Guess, ProxyDenied)
			}
			f, _ := findingOf(rep, ProxyDenied)
			if !strings.Contains(f.Title, p.vendor) || !strings.Contains(f.Fix, "proxy") {
				t.Fatalf("finding %q / fix %q: want %s named and the proxy's owner asked", f.Title, f.Fix, p.vendor)
			}
		})
	}
}
