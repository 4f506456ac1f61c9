package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

func TestIPAllowlist(t *testing.T) {
	cases := []causeCase{
		{
			name: "Cloudflare 1006: IP banned",
			req:  get("https://www.example.com/"),
			resp: resp(403, cloudflarePage("1006", "Access denied | www.example.com used Cloudflare to restrict access", "Access denied"), cloudflareHeaders...),
			want: Fail, strength: Named, title: "Cloudflare 1006: the site owner banned your IP address",
			evidence: "you connected from 127.0.0.1:5555 to 127.0.0.1:8443", fix: "egress IP",
		},
		{
			name: "API Gateway resource policy denies anonymous execute-api:Invoke",
			req:  get("https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders"),
			resp: resp(403, `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders"}`,
				"Content-Type: application/json", "x-amzn-ErrorType: AccessDeniedException", "x-amzn-RequestId: 2f4e6a8c-0000-4b1d-9e3f-5a7c9e1b3d5f"),
			want: Fail, strength: Named, title: "resource policy denies this caller", fix: "aws:SourceIp",
		},
		{
			name: "free text: IP not in the allowlist",
			req:  get("https://api.example.com/v1/report", "X-API-Key: 9f86d081884c7d659a2feaa0c55ad015"),
			resp: resp(403, `{"error":"forbidden","message":"Request from IP 203.0.113.7 is not in the allowlist for this key"}`, "Content-Type: application/json"),
			want: Fail, strength: Indicated, evidence: "203.0.113.7",
		},
		{
			name: "free text without the word allowlist",
			req:  get("https://partner.example.com/feed"),
			resp: resp(403, "<html><body><h1>Forbidden</h1><p>Your IP address is not permitted to access this service.</p></body></html>", "Content-Type: text/html"),
			want: Fail, strength: Indicated, title: "IP address is not allowed",
		},
		{
			name: "Apache: client denied by server configuration",
			req:  get("https://www.example.com/server-status"),
			resp: resp(403, "<html><body><h1>Forbidden</h1><p>AH01797: client denied by server configuration: /var/www/html/server-status</p></body></html>", "Server: Apache/2.4.62 (Debian)"),
			want: Fail, strength: Named, title: "AH01797",
		},
		{
			name: "Azure Key Vault firewall",
			req:  get("https://myvault.vault.azure.net/secrets/db?api-version=7.4", "Authorization: Bearer "+validJWT(t, nil)),
			resp: resp(403, `{"error":{"code":"Forbidden","message":"Client address is not authorized and caller is not a trusted service.\r\nClient address: 203.0.113.7","innererror":{"code":"ForbiddenByFirewall"}}}`,
				"Content-Type: application/json; charset=utf-8", "x-ms-request-id: 0a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b"),
			want: Fail, strength: Named, title: "ForbiddenByFirewall", evidence: "Client address: 203.0.113.7",
		},
		{
			name: "through a proxy: say the server sees the proxy",
			req:  get("https://api.example.com/"),
			resp: resp(403, `{"message":"Your IP is blocked"}`),
			mod:  func(ev *Evidence) { ev.Exchange.Proxy = "http://proxy.corp.example:3128" },
			want: Fail, evidence: "the server sees the proxy's address",
		},
		{
			name: "nginx bare 403: an address rule is possible, not shown",
			req:  get("https://www.example.com/admin/"),
			resp: resp(403, nginx403, "Server: nginx"),
			want: Warn, fix: "access forbidden by rule",
		},
		{
			name: "Cloudflare 1020 page prints Your IP beside Access denied: not an IP ban",
			req:  get("https://www.example.com/"),
			resp: resp(403, cloudflarePage("1020", "Access denied | www.example.com used Cloudflare to restrict access", "Access denied"), cloudflareHeaders...),
			want: Pass,
		},
		{
			name: "allowed",
			req:  get("https://api.example.com/"),
			resp: resp(200, `{"ok":true}`),
			want: Pass, title: "Your address is allowed", evidence: "127.0.0.1:5555",
		},
		{
			name: "no response",
			req:  get("https://api.example.com/"),
			mod: func(ev *Evidence) {
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseTimeout, Message: "No answer within 10s."}
			},
			want: Skip, title: "no response: timeout error",
		},
	}
	runCauseCases(t, IPAllowlist, cases)
}
