package checks

import (
	"testing"
	"time"
)

func TestAuthInvalid(t *testing.T) {
	tok := validJWT(t, map[string]any{"aud": "https://api.example.com"})
	staging := validJWT(t, map[string]any{"aud": "https://api.staging.example.com", "iss": "https://auth.staging.example.com/"})
	otherAPI := validJWT(t, map[string]any{"aud": "billing.example.org"})
	expired := mkJWT(t, map[string]any{"sub": "alice", "exp": t0.Add(-10 * time.Minute).Unix()})
	cases := []causeCase{
		{
			name: "a password in a JSON login body is a credential sent",
			req:  post("https://example.okta.com/api/v1/authn", `{"username":"dade@example.com","password":"Zer0Cool!!"}`, "Content-Type: application/json"),
			resp: resp(401, `{"errorCode":"E0000004","errorSummary":"Authentication failed","errorCauses":[]}`, "Content-Type: application/json"),
			want: Fail, evidence: "body field password=",
		},
		{
			name: "GitHub: Bad credentials",
			req:  get("https://api.github.com/user", "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
			resp: resp(401, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`,
				"Server: github.com", "Content-Type: application/json; charset=utf-8", "X-GitHub-Request-Id: C0DE:1234:5678:9ABC:65F2A1B3"),
			want: Fail, strength: Named, title: "Bad credentials", evidence: "Authorization: token ••••8B4a",
		},
		{
			name: "RFC 6750 invalid_token about the signature",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(401, "", `WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The signature is invalid"`),
			want: Fail, strength: Named, title: "invalid_token (RFC 6750): The signature is invalid",
		},
		{
			name: "S3 InvalidAccessKeyId",
			req: get("https://bucket.s3.amazonaws.com/key.txt",
				"Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250314/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"),
			resp: resp(403, `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message><AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>`,
				"Server: AmazonS3", "Content-Type: application/xml", "x-amz-request-id: 4442587FB7D0A2F9"),
			want: Fail, strength: Named, title: "InvalidAccessKeyId", evidence: "does not exist in our records",
		},
		{
			name: "API Gateway authorizer explicit deny",
			req:  get("https://abc123.execute-api.us-east-1.amazonaws.com/prod/orders", "Authorization: Bearer "+tok),
			resp: resp(403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`,
				"Content-Type: application/json", "x-amzn-ErrorType: AccessDeniedException", "x-amzn-RequestId: 7d3e1a2b-0000-4c5d-8e9f-0a1b2c3d4e5f"),
			want: Fail, strength: Named, title: "authorizer denied this token", fix: "caching",
		},
		{
			name: "plain 401 to a well-formed, unexpired token",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(401, `{"message":"Unauthorized"}`),
			want: Fail, strength: Inferred, title: "well-formed, unexpired credential (401)", evidence: "aud https://api.example.com",
		},
		{
			name: "401 to a staging token sent to production",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+staging),
			resp: resp(401, `{"message":"Unauthorized"}`),
			want: Fail, strength: Inferred, title: "comes from a staging environment", fix: "issued for this API",
		},
		{
			name: "token for another API, accepted anyway: warn",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+otherAPI),
			resp: resp(200, `[]`),
			want: Warn, title: "aud billing.example.org",
		},
		{
			name: "expired token: the expiry explains the invalid_token",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+expired),
			resp: resp(401, "", `WWW-Authenticate: Bearer error="invalid_token"`),
			want: Pass, title: "explained by the credential's lifetime",
		},
		{
			name: "expired JWT and a bare 401: the 401 is the expiry's, not \"no 401\"",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+expired),
			resp: resp(401, `{"message":"Unauthorized"}`),
			want: Pass, title: "The 401 is explained by the credential's lifetime",
		},
		{
			name: "403 with a credential: not about the credential itself",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(403, `{"message":"Forbidden"}`),
			want: Pass, title: "did not reject the credential",
		},
		{
			name: "accepted",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(200, `[]`),
			want: Pass, title: "accepted",
		},
		{
			name: "nothing sent",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(401, ""),
			want: Skip,
		},
	}
	runCauseCases(t, AuthInvalid, cases)
}

func TestAudienceMismatch(t *testing.T) {
	cases := []struct {
		aud  []string
		iss  string
		host string
		want bool
	}{
		{[]string{"https://api.example.com"}, "", "api.example.com", false},
		{[]string{"api.example.com"}, "", "eu.api.example.com", false},
		{[]string{"0b7a8c1e-3f0d-4c55-9a0e-2f6b1d9c8e7a"}, "", "api.example.com", false}, // a client ID: not judged
		{[]string{"https://billing.example.org"}, "", "api.example.com", true},
		{nil, "https://login.example.com/", "api.example.com", false},
		{nil, "https://auth.dev.example.com/", "api.example.com", true},
		{nil, "https://auth.dev.example.com/", "localhost", false},
	}
	for _, c := range cases {
		got := audienceMismatch(&tokenInfo{Aud: c.aud, Iss: c.iss}, c.host)
		if (got != "") != c.want {
			t.Errorf("aud %v iss %q host %s: %q, want mismatch %v", c.aud, c.iss, c.host, got, c.want)
		}
	}
}
