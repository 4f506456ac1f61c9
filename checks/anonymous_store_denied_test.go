package checks

import "testing"

// An object store's AccessDenied to a request that carried no credential
// is no caller's missing permission (permission.scope means an
// authenticated caller): the store refuses the key to the public, or the
// key is missing. A guess, since the response does not say which; with a
// credential it stays the caller's policy.
func TestAnonymousObjectStoreAccessDenied(t *testing.T) {
	cases := []struct{ name, url, server, msg string }{
		{"S3", "https://site.example.com/", "AmazonS3", "Access Denied"},
		{"OSS", "https://bucket.oss-cn-hangzhou.aliyuncs.com/a.jpg", "AliyunOSS", "You have no right to access this object because of bucket acl."},
	}
	for _, c := range cases {
		body := "<Error><Code>AccessDenied</Code><Message>" + c.msg + "</Message><RequestId>DFEC8C9EA8594937</RequestId></Error>"
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get(c.url), resp(403, body, "Content-Type: application/xml", "Server: "+c.server)))
			if len(rep.Likely) == 0 || rep.Likely[0] != ResourceDenied || !rep.Guess {
				t.Fatalf("likely %v (guess %v), want %s first as a guess", rep.Likely, rep.Guess, ResourceDenied)
			}
			if p, _ := findingOf(rep, PermissionScope); p.Status == Fail && p.Strength > Inferred {
				t.Errorf("permission.scope fails (%s): no caller was authenticated", p.Title)
			}
			signed := get(c.url, "Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE12/20250314/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0123456789abcdef")
			rep = Run(exchange(signed, resp(403, body, "Content-Type: application/xml", "Server: "+c.server)))
			if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
				t.Fatalf("signed: likely %v, want %s first", rep.Likely, PermissionScope)
			}
		})
	}
}
