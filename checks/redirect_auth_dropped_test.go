package checks

import (
	"net/url"
	"testing"

	"github.com/why403/why403/probe"
)

// dropped is a redirect record as the probe writes it: the request to
// from got status, and Authorization was withheld from the next one.
func droppedHop(from, to string, status int) probe.Hop {
	return probe.Hop{Request: probe.WireRequest{Method: "GET", FullURL: from}, Status: status, Location: to,
		Dropped: []string{"Authorization: not sent to other origin " + originOf(to)}}
}

func originOf(raw string) string {
	u, _ := url.Parse(raw)
	return u.Scheme + "://" + u.Host
}

// moveTo makes ev the record of a request that followed hops and ended at final.
func moveTo(final string, hops ...probe.Hop) func(*Evidence) {
	return func(ev *Evidence) {
		ev.Exchange.Request.URL, ev.Exchange.Request.FullURL = originForm(final), final
		ev.Exchange.Request.Headers = hdrs("User-Agent: why403/0.1", "Accept: */*")
		ev.Exchange.Hops = hops
	}
}

// droppedRedirect is a 301 to another host that withheld the token, then a 401.
func droppedRedirect(t testing.TB) Evidence {
	ev := exchange(get("https://api.example.com/v1/orders", "Authorization: Bearer "+validJWT(t, nil)),
		resp(401, `{"message":"Unauthorized"}`, `WWW-Authenticate: Bearer realm="api"`))
	moveTo("https://api-eu.example.net/v1/orders", droppedHop("https://api.example.com/v1/orders", "https://api-eu.example.net/v1/orders", 301))(&ev)
	return ev
}

func TestRedirectAuthDropped(t *testing.T) {
	tok := validJWT(t, nil)
	cases := []causeCase{
		{
			name: "301 to another host, token withheld, then 401",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(401, `{"message":"Unauthorized"}`, `WWW-Authenticate: Bearer realm="api"`),
			mod:  moveTo("https://api-eu.example.net/v1/orders", droppedHop("https://api.example.com/v1/orders", "https://api-eu.example.net/v1/orders", 301)),
			want: Fail, strength: Named, title: "withheld on a redirect to another origin",
			evidence: "301 from https://api.example.com/v1/orders to https://api-eu.example.net/v1/orders: Authorization: not sent", fix: "https://api-eu.example.net/v1/orders",
		},
		{
			name: "https to http downgrade",
			req:  get("https://files.example.com/report.pdf", "Authorization: Bearer "+tok),
			resp: resp(403, "Forbidden"),
			mod:  moveTo("http://files.example.com/report.pdf", droppedHop("https://files.example.com/report.pdf", "http://files.example.com/report.pdf", 302)),
			want: Fail, strength: Named, title: "from https to plain http", fix: "never let credentials follow a redirect to plain http",
		},
		{
			name: "withheld, but the final host did not refuse",
			req:  get("https://example.com/download", "Authorization: Bearer "+tok),
			resp: resp(200, "file"),
			mod:  moveTo("https://cdn.example.net/file", droppedHop("https://example.com/download", "https://cdn.example.net/file", 302)),
			want: Pass, title: "final request was not refused",
		},
		{
			name: "a same-origin redirect keeps the credential",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(403, `{"message":"forbidden"}`),
			mod: moveTo("https://api.example.com/v1/orders/", probe.Hop{Request: probe.WireRequest{FullURL: "https://api.example.com/v1/orders"},
				Status: 308, Location: "https://api.example.com/v1/orders/", Dropped: []string{"Referer: not sent to other origin x"}}),
			want: Pass, title: "1 redirect followed; no credential was withheld",
		},
		{
			name: "no redirect",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(403, `{"message":"forbidden"}`),
			want: Pass, title: "No redirect was followed",
		},
	}
	runCauseCases(t, RedirectAuthDropped, cases)
}
