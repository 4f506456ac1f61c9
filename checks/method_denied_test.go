package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

// withMethod is req with another method.
func withMethod(m string, r probe.Request) probe.Request {
	r.Method = m
	return r
}

func TestMethodDenied(t *testing.T) {
	tok := "Authorization: Bearer " + validJWT(t, nil)
	cases := []causeCase{
		{
			name: "405 with an Allow header that leaves the method out",
			req:  withMethod("DELETE", get("https://api.example.com/v1/orders", tok)),
			resp: resp(405, `{"detail":"Method \"DELETE\" not allowed."}`, "Allow: GET, HEAD, OPTIONS"),
			want: Fail, strength: Named, title: "DELETE is not allowed here: the server allows GET, HEAD, OPTIONS (405)", evidence: "Allow: GET, HEAD, OPTIONS", fix: "(GET, HEAD, OPTIONS)",
		},
		{
			name: "405 without Allow",
			req:  post("https://api.example.com/v1/orders/7", `{}`, "Content-Type: application/json", tok),
			resp: resp(405, ""),
			want: Fail, strength: Named, title: "POST is not allowed here",
		},
		{
			name: "Spring: Request method not supported, as 403",
			req:  withMethod("PUT", get("https://api.example.com/v1/users/1", tok)),
			resp: resp(403, `{"status":403,"error":"Forbidden","message":"Request method 'PUT' is not supported"}`),
			want: Fail, strength: Named, title: "request method '",
		},
		{
			name: "nginx limit_except: a bare 403 to DELETE",
			req:  withMethod("DELETE", get("https://www.example.com/files/a.txt", tok)),
			resp: resp(403, nginx403, "Server: nginx"),
			want: Fail, strength: Inferred, title: "limit_except", fix: "GET",
		},
		{
			name: "the method is allowed",
			req:  get("https://api.example.com/v1/orders", tok),
			resp: resp(403, `{"error":"forbidden"}`, "Allow: GET, POST"),
			want: Pass, title: "No 405",
		},
		{
			name: "accepted",
			req:  get("https://api.example.com/v1/orders", tok),
			resp: resp(200, `[]`),
			want: Pass, title: "GET accepted",
		},
	}
	runCauseCases(t, MethodDenied, cases)
}
