package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

func viaProxy(p string) func(*Evidence) { return func(ev *Evidence) { ev.Exchange.Proxy = p } }

const squidDenied = `<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html><head><title>ERROR: The requested URL could not be retrieved</title></head><body id="ERR_ACCESS_DENIED">
<div id="titles"><h1>ERROR</h1><h2>The requested URL could not be retrieved</h2></div>
<div id="content"><p>The following error was encountered while trying to retrieve the URL: <a href="http://api.example.com/v1/orders">http://api.example.com/v1/orders</a></p>
<blockquote id="error"><p><b>Access Denied.</b></p></blockquote>
<p>Access control configuration prevents your request from being allowed at this time. Please contact your service provider if you feel this is incorrect.</p>
</div><div id="footer"><p>Generated Fri, 14 Mar 2025 16:05:14 GMT by proxy.corp.example (squid/5.7)</p></div></body></html>`

func TestProxyDenied(t *testing.T) {
	cases := []causeCase{
		{
			name: "Squid's ERR_ACCESS_DENIED page",
			req:  get("http://api.example.com/v1/orders"),
			resp: resp(403, squidDenied, "Server: squid/5.7", "X-Squid-Error: ERR_ACCESS_DENIED 0", "Via: 1.1 proxy.corp.example (squid/5.7)"),
			mod:  viaProxy("http://proxy.corp.example:3128"),
			want: Fail, strength: Named, title: "forward proxy (Squid)", evidence: "proxy in use: http://proxy.corp.example:3128", fix: "NO_PROXY",
		},
		{
			name: "407 from the proxy",
			req:  get("http://api.example.com/v1/orders"),
			resp: resp(407, "", `Proxy-Authenticate: Basic realm="corp"`),
			mod:  viaProxy("http://proxy.corp.example:3128"),
			want: Fail, strength: Named, title: "407", evidence: `Proxy-Authenticate: Basic realm="corp"`,
		},
		{
			name: "CONNECT refused",
			req:  get("https://api.example.com/v1/orders"),
			resp: nil,
			mod: func(ev *Evidence) {
				ev.Exchange.Proxy = "http://proxy.corp.example:3128"
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseProxy, Message: "proxy refused CONNECT: 403 Forbidden"}
			},
			want: Fail, strength: Named, title: "CONNECT refused",
		},
		{
			name: "proxy unreachable",
			req:  get("https://api.example.com/v1/orders"),
			resp: nil,
			mod: func(ev *Evidence) {
				ev.Exchange.Proxy = "http://proxy.corp.example:3128"
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseProxy, Message: "the proxy http://proxy.corp.example:3128 is unreachable: connection refused"}
			},
			want: Warn, title: "never reached the server",
		},
		{
			name: "a Zscaler Via on a refusal through the proxy",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(403, "Forbidden", "Via: 1.1 zscaler"),
			mod:  viaProxy("http://gateway.zscaler.net:80"),
			want: Fail, strength: Indicated, title: "Zscaler",
		},
		{
			name: "through a proxy, refused by the server: undecided",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(401, `{"error":"unauthorized"}`),
			mod:  viaProxy("http://proxy.corp.example:3128"),
			want: Warn, title: "does not say whether the proxy or the server",
		},
		{
			name: "direct",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(403, `{"error":"forbidden"}`),
			want: Pass, title: "No proxy in use",
		},
	}
	runCauseCases(t, ProxyDenied, cases)
}
