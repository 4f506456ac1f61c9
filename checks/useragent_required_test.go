package checks

import "testing"

// noUA is a GET without the User-Agent why403 adds by default.
func noUA(_ string, value *string) func(*Evidence) {
	return func(ev *Evidence) {
		var hs = ev.Exchange.Request.Headers[:0:0]
		for _, h := range ev.Exchange.Request.Headers {
			if h.Name != "User-Agent" {
				hs = append(hs, h)
			}
		}
		if value != nil {
			hs = append(hs, hdrs("User-Agent: "+*value)...)
		}
		ev.Exchange.Request.Headers = hs
	}
}

func TestUserAgentRequired(t *testing.T) {
	empty := ""
	cases := []causeCase{
		{
			name: "GitHub: make sure your request has a User-Agent header",
			req:  get("https://api.github.com/repos/acme/widget"),
			resp: resp(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n", "Server: github.com", "Content-Type: text/plain; charset=utf-8"),
			mod:  noUA("", nil),
			want: Fail, strength: Named, title: "make sure your request has a user-agent header", evidence: "request: no User-Agent header", fix: "-A",
		},
		{
			name: "Cloudflare 1010 with a library User-Agent",
			req:  get("https://www.example.com/", "User-Agent: Go-http-client/1.1"),
			resp: resp(403, cloudflarePage("1010", "Access denied | www.example.com used Cloudflare to restrict access", "The owner of this website (www.example.com) has banned your access based on your browser's signature"), cloudflareHeaders...),
			want: Fail, strength: Named, title: "Cloudflare 1010", evidence: "(a library default)",
		},
		{
			name: "an empty User-Agent and a bare 403: a guess",
			req:  get("https://www.example.com/feed"),
			resp: resp(403, "Forbidden"),
			mod:  noUA("", &empty),
			want: Fail, strength: Inferred, evidence: "User-Agent is empty", fix: "This is a guess",
		},
		{
			name: "a library User-Agent refused by an Akamai bot rule: only a warning here",
			req:  get("https://www.example.com/products", "User-Agent: python-requests/2.31.0"),
			resp: resp(403, akamaiPage, "Server: AkamaiGHost"),
			want: Warn, title: "Python requests' default User-Agent",
		},
		{
			name: "no User-Agent, not refused",
			req:  get("https://www.example.com/"),
			resp: resp(200, "ok"),
			mod:  noUA("", nil),
			want: Pass, title: "did not refuse",
		},
		{
			name: "a named User-Agent",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(401, `{"error":"unauthorized"}`),
			want: Pass, evidence: "User-Agent: curl/8.5.0",
		},
	}
	runCauseCases(t, UserAgentRequired, cases)
}
