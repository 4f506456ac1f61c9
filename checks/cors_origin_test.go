package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

func TestCORSOrigin(t *testing.T) {
	cases := []causeCase{
		{
			name: "Spring: 403 Invalid CORS request with Vary: Origin",
			req:  get("https://api.example.com/v1/orders", "Origin: https://evil.example.org"),
			resp: resp(403, "Invalid CORS request", "Vary: Origin", "Vary: Access-Control-Request-Method", "Vary: Access-Control-Request-Headers"),
			want: Fail, strength: Named, title: "Spring refused the Origin https://evil.example.org", evidence: "no Access-Control-Allow-Origin", fix: "https://evil.example.org",
		},
		{
			name: "a refused preflight",
			req: func() (r probe.Request) {
				r = get("https://api.example.com/v1/orders", "Origin: http://localhost:3000", "Access-Control-Request-Method: DELETE")
				r.Method = "OPTIONS"
				return
			}(),
			resp: resp(403, ""),
			want: Fail, strength: Indicated, title: "preflight", evidence: "Access-Control-Request-Method: DELETE",
		},
		{
			name: "Origin sent, bare 403, no Access-Control-Allow-Origin: a guess",
			req:  get("https://api.example.com/v1/orders", "Origin: http://localhost:3000"),
			resp: resp(403, `{"error":"forbidden"}`),
			want: Fail, strength: Inferred, fix: "without Origin",
		},
		{
			name: "allowed for another origin on a success: a browser hides it",
			req:  get("https://api.example.com/v1/orders", "Origin: http://localhost:3000"),
			resp: resp(200, `[]`, "Access-Control-Allow-Origin: https://app.example.com"),
			want: Warn, title: "not http://localhost:3000",
		},
		{
			name: "allowed",
			req:  get("https://api.example.com/v1/orders", "Origin: https://app.example.com"),
			resp: resp(200, `[]`, "Access-Control-Allow-Origin: https://app.example.com", "Vary: Origin"),
			want: Pass, title: "is allowed",
		},
		{
			name: "no Origin sent",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(403, `{"error":"forbidden"}`),
			want: Pass, title: "No Origin header sent",
		},
	}
	runCauseCases(t, CORSOrigin, cases)
}
