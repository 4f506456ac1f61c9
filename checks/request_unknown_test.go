package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

// A recording without its request keeps what the response names and
// judges nothing from the (empty) request.
func TestRequestUnknown(t *testing.T) {
	unknown := probe.Request{}
	cases := []struct {
		name      string
		resp      *probe.Response
		first     string
		notJudged []string
	}{
		{
			name:  "an RFC 6750 expiry names the cause: a token was sent",
			resp:  resp(401, `{"error":"invalid_token"}`, `WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"`),
			first: AuthExpired, notJudged: []string{UserAgentRequired, ContentType, CORSOrigin},
		},
		{
			name:  "a bare page: no credential guess from an unknown request",
			resp:  resp(403, nginx403, "Server: nginx"),
			first: ResourceDenied, notJudged: []string{AuthMissing, UserAgentRequired, WAFBlock},
		},
		{
			name:  "a vendor's rate limit still counts",
			resp:  resp(403, `{"message":"API rate limit exceeded"}`, "X-RateLimit-Remaining: 0", "X-RateLimit-Limit: 60"),
			first: RateLimit,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := Evidence{Request: unknown, Exchange: probe.Exchange{Response: c.resp}, Now: t0, RequestUnknown: true}
			rep := Run(ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.first)
			}
			for _, id := range c.notJudged {
				if f, _ := findingOf(rep, id); f.Status != Skip || f.Title != notRecorded {
					t.Errorf("%s: %s %q, want not judged", id, f.Status, f.Title)
				}
			}
		})
	}
}
