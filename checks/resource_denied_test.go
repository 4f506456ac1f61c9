package checks

import "testing"

func TestResourceDenied(t *testing.T) {
	tok := "Authorization: Bearer " + validJWT(t, nil)
	cases := []causeCase{
		{
			name: "HAProxy's http-request deny page",
			req:  get("http://socket-proxy:2375/volumes"),
			resp: resp(403, "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n", "Content-Type: text/html", "Cache-Control: no-cache"),
			want: Fail, strength: Indicated, title: "http-request deny rule", fix: "haproxy.cfg",
		},
		{
			name: "nginx's built-in 403 for a directory",
			req:  get("https://www.example.com/downloads/", tok),
			resp: resp(403, nginx403, "Server: nginx/1.25.3"),
			want: Fail, strength: Indicated, title: "nginx's built-in 403 for a directory (/downloads/)", evidence: "the error log decides", fix: "directory index of",
		},
		{
			name: "a directory, but the request carries a library User-Agent: only inferred",
			req:  get("https://www.example.com/admin/", "User-Agent: curl/8.7.1"),
			resp: resp(403, nginx403, "Server: nginx"),
			want: Fail, strength: Inferred, title: "for a directory",
		},
		{
			name: "Apache's page: You don't have permission to access",
			req:  get("https://www.example.com/private/report.pdf", tok),
			resp: resp(403, apache403, "Server: Apache/2.4.62 (Debian)"),
			want: Fail, strength: Inferred, title: "Apache's built-in 403 page", fix: "AH01276",
		},
		{
			name: "IIS: directory listing denied",
			req:  get("https://www.example.com/files/"),
			resp: resp(403, `<html><head><title>403 - Forbidden: Access is denied.</title></head><body><h2>HTTP Error 403.14 - Forbidden</h2><h3>The Web server is configured to not list the contents of this directory.</h3></body></html>`, "Server: Microsoft-IIS/10.0"),
			want: Fail, strength: Named, title: "configured to not list the contents of this directory",
		},
		{
			name: "Akamai copies Apache's wording: not the server's own page",
			req:  get("https://www.example.com/products", "User-Agent: python-requests/2.31.0"),
			resp: resp(403, akamaiPage, "Server: AkamaiGHost"),
			want: Pass, title: "edge or WAF",
		},
		{
			name: "an application's 403",
			req:  get("https://api.example.com/v1/orders/7", tok),
			resp: resp(403, `{"error":"not your order"}`),
			want: Pass, title: "application refused",
		},
		{
			name: "served",
			req:  get("https://www.example.com/index.html"),
			resp: resp(200, "<html></html>"),
			want: Pass, title: "served the path",
		},
	}
	runCauseCases(t, ResourceDenied, cases)
}

// HAProxy serves one page for every http-request deny rule: a path ACL, a
// source-address ACL, or a WAF's verdict served through it. Which rule
// matched is not in the response: resource.denied stays first, as a guess.
func TestProxyDenyPageIsAGuess(t *testing.T) {
	runSureCases(t, []sureCase{
		// nextcloud/all-in-one: the socket proxy's src ACL (HAProxy).
		{"HAProxy page to a client outside the src ACL", get("http://nextcloud-aio-docker-socket-proxy:2375/v1.41/_ping"),
			resp(403, "<html><body><h1>403 Forbidden</h1> Request forbidden by administrative rules."), ResourceDenied, false},
		// WhatWaf #212: Shadow Daemon's block, the same bytes.
		{"a WAF's block served as HAProxy's page", get("http://104.254.204.243/"),
			resp(403, "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n", "Content-Type: text/html", "Cache-Control: no-cache"), ResourceDenied, false},
	})
}
