package checks

import (
	"testing"
	"time"
)

func TestAuthExpired(t *testing.T) {
	// exp 14:02:11, two hours three minutes before the server's 16:05:14.
	exp := t0.Add(-(2*time.Hour + 3*time.Minute + 3*time.Second))
	expired := mkJWT(t, map[string]any{"sub": "alice", "iat": exp.Add(-time.Hour).Unix(), "exp": exp.Unix(), "scope": "orders:read"})
	valid := validJWT(t, nil)
	notYet := mkJWT(t, map[string]any{"sub": "alice", "nbf": t0.Add(5 * time.Minute).Unix(), "exp": t0.Add(time.Hour).Unix()})
	rfc6750Expired := `WWW-Authenticate: Bearer realm="orders", error="invalid_token", error_description="The access token expired"`
	cases := []causeCase{
		{
			name: "a structured code joined by underscores (Stripe api_key_expired)",
			req:  post("https://api.stripe.com/v1/charges", "amount=1", "Authorization: Bearer rk_test_EXAMPLEEXAMPLE"),
			resp: resp(401, `{"error":{"code":"api_key_expired","message":"Expired API Key provided: rk_test_***","type":"invalid_request_error"}}`, "Content-Type: application/json"),
			want: Fail, strength: Named,
		},
		{
			name: "RFC 6750 invalid_token with an expiry description, JWT exp in the past",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+expired),
			resp: resp(401, "", rfc6750Expired),
			mod:  func(ev *Evidence) { ev.Now = t0.Add(3 * time.Second) },
			want: Fail, strength: Named,
			title:    "Token expired 2h3m ago (exp 14:02:11 UTC, server Date 16:05:14 UTC)",
			evidence: "judged against the server's Date header; your clock is 3s ahead",
			fix:      "Get a new token (refresh it) and send again",
		},
		{
			name: "expired JWT and a plain 401: indicated",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+expired),
			resp: resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json"),
			want: Fail, strength: Indicated, title: "Token expired 2h3m ago", evidence: "exp 14:02:11 UTC",
		},
		{
			name: "no Date header: judged by the local clock, and said so",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+expired),
			resp: resp(401, "", "Date:"),
			want: Fail, title: "your clock 16:05:14 UTC", evidence: "judged against your clock: the response has no Date header",
		},
		{
			name: "expired by the server's clock, not by a slow local clock",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+expired),
			resp: resp(401, ""),
			mod:  func(ev *Evidence) { ev.Now = t0.Add(-3 * time.Hour) },
			want: Fail, evidence: "by your clock it is still valid",
		},
		{
			name: "nbf in the future",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+notYet),
			resp: resp(401, `{"error":"token not active"}`),
			want: Fail, strength: Indicated, title: "not valid for another 5m",
		},
		{
			name: "AWS ExpiredToken with SigV4 credentials",
			req: get("https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
				"Authorization: AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEEXAMPLE12/20250314/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
				"X-Amz-Security-Token: IQoJb3JpZ2luX2VjEXAMPLETOKENEXAMPLETOKEN"),
			resp: resp(403, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>4b2c8a1e-0000-4c1b-9a3f-2d1e0f9a8b7c</RequestId></ErrorResponse>`,
				"Content-Type: text/xml", "x-amzn-RequestId: 4b2c8a1e-0000-4c1b-9a3f-2d1e0f9a8b7c"),
			want: Fail, strength: Named, title: "The server says the credential expired", evidence: "ExpiredToken",
		},
		{
			name: "S3 presigned URL past its X-Amz-Expires",
			req:  get("https://bucket.s3.amazonaws.com/report.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250314%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250314T120000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef"),
			resp: resp(403, `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires><Expires>2025-03-14T13:00:00Z</Expires><ServerTime>2025-03-14T16:05:14Z</ServerTime><RequestId>N3RBGWPK0EXAMPLE</RequestId><HostId>abc=</HostId></Error>`,
				"Server: AmazonS3", "Content-Type: application/xml", "x-amz-request-id: N3RBGWPK0EXAMPLE"),
			want: Fail, strength: Named, title: "Presigned URL expired 3h5m ago", fix: "new presigned URL",
		},
		{
			name: "jsonwebtoken's message without a JWT to read",
			req:  get("https://api.example.com/me", "Cookie: session=s%3Aabcdefghijklmnopqrstuvwxyz"),
			resp: resp(401, `{"name":"TokenExpiredError","message":"jwt expired","expiredAt":"2025-03-14T14:02:11.000Z"}`),
			want: Fail, strength: Named, evidence: "jwt expired",
		},
		{
			name: "expired JWT that the server accepts",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+expired),
			resp: resp(200, `[]`),
			want: Warn, title: "yet the server accepted it",
		},
		{
			name: "valid JWT on a refusal",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+valid),
			resp: resp(403, `{"message":"Forbidden"}`),
			want: Pass, title: "Token valid until 17:05:14 UTC (1h left by server Date", evidence: "your clock agrees",
		},
		{
			name: "opaque token: cannot judge",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
			resp: resp(403, `{"message":"Forbidden"}`),
			want: Skip, title: "opaque",
		},
		{
			name: "no credential",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(401, ""),
			want: Skip, title: "No credential",
		},
	}
	runCauseCases(t, AuthExpired, cases)
}
