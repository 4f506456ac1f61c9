package checks

import (
	"strconv"
	"testing"
	"time"
)

func TestPermissionScope(t *testing.T) {
	reader := validJWT(t, map[string]any{"scope": "orders:read profile"})
	plain := validJWT(t, nil)
	googleScope := `{
  "error": {
    "code": 403,
    "message": "Request had insufficient authentication scopes.",
    "errors": [{"message": "Insufficient Permission", "domain": "global", "reason": "insufficientPermissions"}],
    "status": "PERMISSION_DENIED",
    "details": [{
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
      "domain": "googleapis.com",
      "metadata": {"service": "gmail.googleapis.com", "method": "caribou.api.proto.MailboxService.GetProfile"}
    }]
  }
}`
	azure := `{"error":{"code":"AuthorizationFailed","message":"The client 'dev@contoso.com' with object id '5a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/prod' or the scope is invalid. If access was recently granted, please refresh your credentials."}}`
	k8s := `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:ci:deployer\" cannot list resource \"pods\" in API group \"\" in the namespace \"prod\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}`
	cases := []causeCase{
		{
			name: "Slack missing_scope in an ok:false envelope served with 200",
			req:  post("https://slack.com/api/chat.postMessage", `{"channel":"c","text":"t"}`, "Authorization: Bearer xoxb-EXAMPLE-EXAMPLE", "Content-Type: application/json"),
			resp: resp(200, `{"ok":false,"error":"missing_scope","needed":"chat:write:bot","provided":"identify,bot,channels:read"}`, "Content-Type: application/json"),
			want: Fail, strength: Named, title: "lacks scope chat:write:bot", evidence: "provided: identify,bot,channels:read",
		},
		{
			name: "an ok:true envelope is no refusal",
			req:  post("https://slack.com/api/chat.postMessage", `{"channel":"c","text":"t"}`, "Authorization: Bearer xoxb-EXAMPLE-EXAMPLE", "Content-Type: application/json"),
			resp: resp(200, `{"ok":true,"channel":"C1","warning":"missing_charset"}`, "Content-Type: application/json"),
			want: Pass,
		},
		{
			name: "RFC 6750 insufficient_scope compared with the token's scope",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+reader),
			resp: resp(403, "", `WWW-Authenticate: Bearer realm="orders", error="insufficient_scope", scope="orders:write", error_description="The request requires higher privileges than provided by the access token"`),
			want: Fail, strength: Named, title: "Token has orders:read, profile; server wants orders:write", evidence: "token grants: scope: orders:read profile",
		},
		{
			name: "insufficient_scope with an opaque token",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
			resp: resp(403, "", `WWW-Authenticate: Bearer error="insufficient_scope", scope="orders:write orders:read"`),
			want: Fail, strength: Named, title: "Server wants scope orders:write orders:read",
		},
		{
			name: "Google ACCESS_TOKEN_SCOPE_INSUFFICIENT",
			req:  get("https://gmail.googleapis.com/gmail/v1/users/me/profile", "Authorization: Bearer ya29.a0AfB_byEXAMPLEEXAMPLEEXAMPLE"),
			resp: resp(403, googleScope, "Content-Type: application/json; charset=UTF-8", "Server: ESF", "Vary: Origin, X-Origin, Referer"),
			want: Fail, strength: Named, title: "ACCESS_TOKEN_SCOPE_INSUFFICIENT", fix: "scope",
		},
		{
			name: "Azure AuthorizationFailed",
			req:  get("https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines?api-version=2024-03-01", "Authorization: Bearer "+plain),
			resp: resp(403, azure, "Content-Type: application/json; charset=utf-8", "x-ms-request-id: 5c6d7e8f-0000-4a1b-9c2d-3e4f5a6b7c8d", "x-ms-failure-cause: gateway"),
			want: Fail, strength: Named, title: "Azure: no role allows Microsoft.Compute/virtualMachines/read over /subscriptions/", fix: "az role assignment",
		},
		{
			name: "Kubernetes RBAC for a service account",
			req:  get("https://10.0.0.1:6443/api/v1/namespaces/prod/pods", "Authorization: Bearer "+plain),
			resp: resp(403, k8s, "Content-Type: application/json", "Audit-Id: 9b8a7c6d-0000-4e1f-a2b3-c4d5e6f7a8b9"),
			want: Fail, strength: Named, title: "Kubernetes RBAC: system:serviceaccount:ci:deployer cannot list pods in namespace prod",
			fix: "kubectl auth can-i list pods --as system:serviceaccount:ci:deployer -n prod",
		},
		{
			name: "Kubernetes system:anonymous is not a permission problem",
			req:  get("https://10.0.0.1:6443/api/v1/namespaces/prod/pods"),
			resp: resp(403, `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the namespace \"prod\"","reason":"Forbidden","code":403}`),
			want: Pass,
		},
		{
			name: "AWS IAM: not authorized to perform s3:GetObject",
			req: get("https://bucket.s3.amazonaws.com/reports/q1.csv",
				"Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250314/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"),
			resp: resp(403, `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/reporter is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bucket/reports/q1.csv" because no identity-based policy allows the s3:GetObject action</Message><RequestId>8A3D0B1E2C3F4A5B</RequestId></Error>`,
				"Server: AmazonS3", "Content-Type: application/xml"),
			want: Fail, strength: Named, title: "AWS IAM: not allowed to perform s3:GetObject (arn:aws:iam::123456789012:user/reporter)",
		},
		{
			name: "GitHub: the token lacks the accepted scope",
			req:  get("https://api.github.com/orgs/acme/hooks", "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
			resp: resp(404, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/orgs/webhooks#list-organization-webhooks","status":"404"}`,
				"Server: github.com", "X-OAuth-Scopes: repo, gist", "X-Accepted-OAuth-Scopes: admin:org_hook", "X-GitHub-Request-Id: C0DE:1234:5678:9ABC:65F2A1B3"),
			want: Fail, strength: Named, title: `Token has scopes "repo, gist"; this endpoint accepts admin:org_hook`,
		},
		{
			name: "a plain 403 to a good token: inferred",
			req:  get("https://api.example.com/v1/admin/users", "Authorization: Bearer "+reader),
			resp: resp(403, `{"message":"Forbidden"}`, "Content-Type: application/json"),
			want: Fail, strength: Inferred, title: "Authenticated but refused (403)", evidence: "orders:read profile",
		},
		{
			name: "GitHub primary rate limit on 403 is not a permission",
			req:  get("https://api.github.com/repos/acme/widget", "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
			resp: resp(403, `{"message":"API rate limit exceeded for user ID 1234.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`,
				"X-RateLimit-Limit: 5000", "X-RateLimit-Remaining: 0", "X-RateLimit-Reset: "+strconv.FormatInt(t0.Add(20*time.Minute).Unix(), 10)),
			want: Pass,
		},
		{
			name: "allowed",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+reader),
			resp: resp(200, `[]`),
			want: Pass, title: "Allowed", evidence: "orders:read",
		},
	}
	runCauseCases(t, PermissionScope, cases)
}
