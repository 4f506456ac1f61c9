package checks

import (
	"testing"
	"time"
)

func TestClockSkew(t *testing.T) {
	ahead := func(d time.Duration) func(*Evidence) { return func(ev *Evidence) { ev.Now = t0.Add(d) } }
	cases := []causeCase{
		{
			name: "S3 RequestTimeTooSkewed with ServerTime",
			req:  get("https://bucket.s3.amazonaws.com/report.csv", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250314/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789", "X-Amz-Date: 20250314T163014Z"),
			resp: resp(403, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20250314T163014Z</RequestTime><ServerTime>2025-03-14T16:05:14Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds></Error>`, "Server: AmazonS3"),
			mod:  ahead(25 * time.Minute),
			want: Fail, strength: Named, title: "your clock is 25m ahead of the server's", evidence: "ServerTime: 2025-03-14T16:05:14Z", fix: "timedatectl set-ntp true",
		},
		{
			name: "SigV4 Signature expired",
			req:  get("https://sqs.us-east-1.amazonaws.com/", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250314/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789", "X-Amz-Date: 20250314T154514Z"),
			resp: resp(403, `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>Signature expired: 20250314T154514Z is now earlier than 20250314T160014Z (20250314T160514Z - 5 min.)</Message></Error></ErrorResponse>`),
			mod:  ahead(-20 * time.Minute),
			want: Fail, strength: Named, title: "20m behind", evidence: "X-Amz-Date: 20250314T154514Z (20m behind the server's Date)",
		},
		{
			name: "a JWT issued in the future",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+mkJWT(t, map[string]any{"sub": "a", "iat": t0.Add(10 * time.Minute).Unix(), "exp": t0.Add(time.Hour).Unix()})),
			resp: resp(401, `{"error":"invalid_token"}`),
			want: Fail, strength: Indicated, title: "issued 10m in the future", fix: "the clock that signed",
		},
		{
			name: "a clock far off, and a generic refusal: a guess",
			req:  get("https://api.example.com/v1/orders"),
			resp: resp(403, "Forbidden"),
			mod:  ahead(2 * time.Hour),
			want: Fail, strength: Inferred, title: "2h ahead of the server's Date",
		},
		{
			name: "a cached response's Age is added to its Date",
			req:  get("https://www.example.com/"),
			resp: resp(200, "ok", "Age: 3600"),
			mod:  ahead(time.Hour),
			want: Pass, title: "agrees",
		},
		{
			name: "a skewed clock on a success: a warning",
			req:  get("https://www.example.com/"),
			resp: resp(200, "ok"),
			mod:  ahead(-10 * time.Minute),
			want: Warn, title: "10m behind",
		},
		{
			name: "no Date header",
			req:  get("https://www.example.com/"),
			resp: resp(403, "Forbidden", "Date:"),
			want: Skip, title: "no Date header",
		},
	}
	runCauseCases(t, ClockSkew, cases)
}
