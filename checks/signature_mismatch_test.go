package checks

import "testing"

const sigv4Auth = "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250314/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"

func TestSignatureMismatch(t *testing.T) {
	cases := []causeCase{
		{
			name: "S3 SignatureDoesNotMatch with StringToSign and CanonicalRequest",
			req:  get("https://bucket.s3.amazonaws.com/reports/q1.csv", sigv4Auth, "X-Amz-Date: 20250314T160514Z"),
			resp: resp(403, `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256
20250314T160514Z
20250314/us-east-1/s3/aws4_request
9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d</StringToSign><SignatureProvided>fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024</SignatureProvided><CanonicalRequest>GET
/reports/q1.csv

host:bucket.s3.amazonaws.com
x-amz-content-sha256:UNSIGNED-PAYLOAD
x-amz-date:20250314T160514Z

host;x-amz-content-sha256;x-amz-date
UNSIGNED-PAYLOAD</CanonicalRequest><RequestId>4442587FB7D0A2F9</RequestId></Error>`, "Server: AmazonS3"),
			want: Fail, strength: Named, title: "SignatureDoesNotMatch", evidence: "server's CanonicalRequest: GET | /reports/q1.csv", fix: "CanonicalRequest",
		},
		{
			name: "AWS JSON API: InvalidSignatureException",
			req:  post("https://dynamodb.us-east-1.amazonaws.com/", `{"TableName":"t"}`, "Content-Type: application/x-amz-json-1.0", sigv4Auth),
			resp: resp(400, `{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."}`),
			want: Fail, strength: Named, title: "InvalidSignatureException", evidence: "request signed with AWS SigV4",
		},
		{
			name: "Azure Storage: signature did not match",
			req:  get("https://acct.blob.core.windows.net/c/b.txt", "Authorization: SharedKey acct:ZmFrZXNpZ25hdHVyZQ==", "x-ms-date: Fri, 14 Mar 2025 16:05:14 GMT"),
			resp: resp(403, `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.
RequestId:0f1e2d3c Time:2025-03-14T16:05:14.0000000Z</Message><AuthenticationErrorDetail>The MAC signature found in the HTTP request 'ZmFrZXNpZ25hdHVyZQ==' is not the same as any computed signature. Server used following string to sign: 'GET'.</AuthenticationErrorDetail></Error>`),
			want: Fail, strength: Named, title: "is not the same as any computed signature", evidence: "Azure Storage Shared Key",
		},
		{
			name: "signed and accepted",
			req:  get("https://bucket.s3.amazonaws.com/reports/q1.csv", sigv4Auth),
			resp: resp(200, "a,b\n"),
			want: Pass, title: "accepted",
		},
		{
			name: "not signed",
			req:  get("https://api.example.com/"),
			resp: resp(403, "Forbidden"),
			want: Pass, title: "not signed",
		},
	}
	runCauseCases(t, SignatureMismatch, cases)
}
