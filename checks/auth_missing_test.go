package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

func TestAuthMissing(t *testing.T) {
	tok := validJWT(t, nil)
	k8sAnon := `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}`
	apigw := []string{"Content-Type: application/json", "x-amzn-RequestId: 5f1c0a7e-0000-4a52-9d3e-7d1b8b2e9a10", "x-amzn-ErrorType: MissingAuthenticationTokenException", "x-amz-apigw-id: Ab1CdEfGhIjKlMn="}
	cases := []causeCase{
		{
			name: "an anti-CSRF field is no credential",
			req:  post("https://shop.example.com/cart", "csrfmiddlewaretoken=abcdef123456&item=42", "Content-Type: application/x-www-form-urlencoded"),
			resp: resp(401, `{"error":"login required"}`, `WWW-Authenticate: Bearer realm="shop"`),
			want: Fail,
		},
		{
			name: "nginx's bare 503 with nothing sent is no sign of a missing login",
			req:  get("https://shop.example.com/api/cart"),
			resp: resp(503, nginx503, "Server: nginx/1.22.1", "Content-Type: text/html"),
			want: Warn,
		},
		{
			name: "401 Bearer challenge and nothing sent",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(401, `{"error":"unauthorized"}`, `WWW-Authenticate: Bearer realm="api.example.com"`, "Content-Type: application/json"),
			want: Fail, strength: Indicated,
			title: "asks for Bearer", evidence: `WWW-Authenticate: Bearer realm="api.example.com"`, fix: "Authorization: Bearer",
		},
		{
			name: "401 Basic challenge and nothing sent",
			req:  get("https://intranet.example.com/"),
			resp: resp(401, "", `WWW-Authenticate: Basic realm="Staff only", charset="UTF-8"`),
			want: Fail, strength: Indicated, title: "asks for Basic", fix: "curl -u",
		},
		{
			name: "API Gateway Missing Authentication Token, nothing sent",
			req:  get("https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders"),
			resp: resp(403, `{"message":"Missing Authentication Token"}`, apigw...),
			want: Fail, strength: Named, title: "route does not exist", fix: "stage",
		},
		{
			name: "API Gateway Missing Authentication Token with a credential: the route is wrong",
			req:  get("https://abc123.execute-api.us-east-1.amazonaws.com/prod/order", "Authorization: Bearer "+tok),
			resp: resp(403, `{"message":"Missing Authentication Token"}`, apigw...),
			want: Fail, strength: Indicated, title: "route or method most likely does not exist",
		},
		{
			name: "Kubernetes system:anonymous, nothing sent",
			req:  get("https://10.0.0.1:6443/api/v1/namespaces/default/pods"),
			resp: resp(403, k8sAnon, "Content-Type: application/json", "Audit-Id: 3f0e1c2d-aaaa-bbbb-cccc-0123456789ab"),
			want: Fail, strength: Named, title: "system:anonymous", fix: "kubectl create token",
		},
		{
			name: "Kubernetes system:anonymous although a token was sent",
			req:  get("https://10.0.0.1:6443/api/v1/namespaces/default/pods", "Authorization: Bearer "+tok),
			resp: resp(403, k8sAnon, "Content-Type: application/json"),
			want: Fail, strength: Named, title: "none was recognised",
		},
		{
			name: "Django REST framework: credentials were not provided",
			req:  get("https://shop.example.com/api/cart/"),
			resp: resp(403, `{"detail":"Authentication credentials were not provided."}`, "Content-Type: application/json", "Vary: Accept, Cookie", "Allow: GET, POST"),
			want: Fail, strength: Named, evidence: "Authentication credentials were not provided.",
		},
		{
			// The words name the header the server reads, which the
			// request lacks: the key is missing from there.
			name: "key expected elsewhere: missing api key with Authorization sent",
			req:  get("https://api.example.com/v2/quotes", "Authorization: Bearer "+tok),
			resp: resp(401, `{"code":401,"message":"Missing API key. Send it in the X-API-Key header."}`, "Content-Type: application/json"),
			want: Fail, strength: Named, title: "reads its key from the X-API-Key header", evidence: "Authorization: Bearer ••••", fix: "Send the key in the X-API-Key header",
		},
		{
			name: "key expected in another scheme: no header named",
			req:  get("https://api.example.com/v2/quotes", "Authorization: Bearer "+tok),
			resp: resp(401, `{"detail":"Authentication credentials were not provided."}`, "Content-Type: application/json"),
			want: Pass, title: "does not read that scheme (see auth.malformed)", evidence: "Authorization: Bearer ••••",
		},
		{
			name: "nginx bare 403 and nothing sent: a guess",
			req:  get("https://www.example.com/admin/"),
			resp: resp(403, nginx403, "Server: nginx/1.25.3", "Content-Type: text/html"),
			want: Fail, strength: Inferred, evidence: "nginx's built-in error page",
		},
		{
			name: "GitHub 404 to an anonymous request: warn only",
			req:  get("https://api.github.com/repos/acme/private-repo"),
			resp: resp(404, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository","status":"404"}`, "Server: github.com", "X-GitHub-Request-Id: C0DE:1234:5678:9ABC:65F2A1B3"),
			want: Warn,
		},
		{
			name: "credentials sent and the server refuses for another reason",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(401, `{"error":"invalid_token"}`, `WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The signature is invalid"`),
			want: Pass, title: "Credentials sent: Authorization: Bearer ••••",
		},
		{
			name: "bare Bearer challenge although a token was sent",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(401, "", `WWW-Authenticate: Bearer realm="api"`),
			want: Warn, fix: "strips Authorization",
		},
		{
			name: "F5 block page: the application never saw the request",
			req:  get("https://portal.example.com/login"),
			resp: resp(200, f5Page),
			want: Skip, title: "edge block page",
		},
		{
			name: "no credentials and none needed",
			req:  get("https://www.example.com/"),
			resp: resp(200, "<html><title>Home</title></html>", "Content-Type: text/html"),
			want: Pass, title: "none were needed",
		},
		{
			name: "credentials sent and accepted: nothing to judge",
			req:  get("https://api.example.com/v1/orders", "X-API-Key: sk_live_51HxYzABCDEFGHIJKLMNOP"),
			resp: resp(200, `[]`, "Content-Type: application/json"),
			want: Skip,
		},
		{
			name: "no response",
			req:  get("https://api.example.com/"),
			resp: nil,
			mod: func(ev *Evidence) {
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseConnect, Message: "Nothing listens on 127.0.0.1:8443 (connection refused)."}
			},
			want: Skip, title: "no response: connect error",
		},
		{
			name: "Authorization dropped on a redirect to another host",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(401, `{"message":"Unauthorized"}`, `WWW-Authenticate: Bearer`),
			mod: func(ev *Evidence) {
				ev.Exchange.Request.URL, ev.Exchange.Request.FullURL = "/v1/orders", "https://api-eu.example.net/v1/orders"
				ev.Exchange.Request.Headers = hdrs("User-Agent: why403/0.1", "Accept: */*")
				ev.Exchange.Hops = []probe.Hop{{Status: 301, Location: "https://api-eu.example.net/v1/orders", Dropped: []string{"Authorization (another host)"}}}
			},
			want: Fail, title: "dropped on a redirect", evidence: "dropped Authorization (another host)", fix: "--location-trusted",
		},
	}
	runCauseCases(t, AuthMissing, cases)
}
