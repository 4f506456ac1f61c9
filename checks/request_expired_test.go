package checks

import "testing"

// "Request has expired" said of a request whose only time is the one it
// carries (a timestamp header or parameter, no expiry of its own) is that
// time outside the server's window: clock.skew. A presigned URL carries its
// own expiry, and the same words there are auth.expired. Wordings are real:
// Naver Search Ad API (403, problem+json), Amazon Product Advertising API
// (the message of Exeu/apai-io issue 44; its status is not shown), Alibaba
// OSS signed URL.
func TestRequestExpiredReadsTheRequestsOwnTime(t *testing.T) {
	cases := []struct {
		name  string
		ev    Evidence
		first string
	}{
		{
			name: "Naver: X-Timestamp header, no expiry",
			ev: exchange(get("https://api.naver.com/billing/bizmoney/cost", "X-Timestamp: 1727311782528", "X-API-KEY: 0100000000a1b2c3d4e5f6", "X-Customer: 1234567", "X-Signature: 3Ow7kAFMhvA0xL6fMsz4Wf5zUmc4mv3Zb0Cq9y0YqTs="),
				resp(403, `{"timestamp":1727312082528,"status":403,"type":"urn:naver:api:problem:invalid-timestamp","title":"Invalid Timestamp","detail":"Request has expired."}`, "Content-Type: application/json", "Date:")),
			first: ClockSkew,
		},
		{
			name: "Product Advertising API: Timestamp query parameter",
			ev: exchange(get("https://webservices.amazon.com/onca/xml?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&AssociateTag=tag-20&Operation=ItemLookup&Service=AWSECommerceService&Timestamp=2014-08-26T23%3A46%3A43Z&Signature=j7bZM0LXZ9eXeZruTqWm2DIvDYVUU3wxPPpp%2BiXxzQc%3D"),
				resp(400, `Request has expired. Timestamp date is 2014-08-26T23:46:43Z.`, "Content-Type: text/plain", "Date:")),
			first: ClockSkew,
		},
		{
			name: "Alibaba OSS: a signed URL with Expires is the URL expired",
			ev: exchange(get("https://bucket.oss-cn-hangzhou.aliyuncs.com/image.jpg?OSSAccessKeyId=LTAI4Fexampleexample&Expires=1486431029&Signature=uJb0%2FCZbDqFr3KwsdE1qP%2FgxjDc%3D"),
				resp(403, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired.</Message><RequestId>589A7A90CDF4741F7D36F2F4</RequestId><Expires>2017-02-07T01:30:29.000Z</Expires></Error>`, "Content-Type: application/xml")),
			first: AuthExpired,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.first)
			}
		})
	}
}
