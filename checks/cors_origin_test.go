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
			name: "a preflight that allows the Origin but not the method",
			req: func() (r probe.Request) {
				r = get("https://api.example.com/v1/orders/7", "Origin: http://localhost:3000", "Access-Control-Request-Method: DELETE")
				r.Method = "OPTIONS"
				return
			}(),
			resp: resp(204, "", "Access-Control-Allow-Origin: http://localhost:3000", "Access-Control-Allow-Methods: GET, POST"),
			want: Warn, title: "not the method DELETE", fix: "Add DELETE",
		},
		{
			name: "a preflight without a requested header",
			req: func() (r probe.Request) {
				r = get("https://api.example.com/v1/orders", "Origin: http://localhost:3000", "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: authorization, content-type")
				r.Method = "OPTIONS"
				return
			}(),
			resp: resp(204, "", "Access-Control-Allow-Origin: http://localhost:3000", "Access-Control-Allow-Methods: GET, POST", "Access-Control-Allow-Headers: Content-Type"),
			want: Warn, title: "does not allow the header authorization", fix: "authorization",
		},
		{
			name: "a wildcard origin with credentials",
			req:  get("https://api.example.com/v1/me", "Origin: http://localhost:3000", "Cookie: sid=abc"),
			resp: resp(200, `{"id":1}`, "Access-Control-Allow-Origin: *", "Access-Control-Allow-Credentials: true"),
			want: Warn, title: "browsers refuse this pair", fix: "Echo the request's Origin (http://localhost:3000)",
		},
		{
			name: "a preflight that allows everything asked",
			req: func() (r probe.Request) {
				r = get("https://api.example.com/v1/orders", "Origin: http://localhost:3000", "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: Authorization")
				r.Method = "OPTIONS"
				return
			}(),
			resp: resp(204, "", "Access-Control-Allow-Origin: http://localhost:3000", "Access-Control-Allow-Methods: GET, PUT", "Access-Control-Allow-Headers: authorization"),
			want: Pass,
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
