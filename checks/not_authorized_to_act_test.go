package checks

import "testing"

// "Not authorized to <act>" names an act the known caller may not do: a
// permission. Sure at 403; at a 401, which says the credential was
// refused, permission.scope leads as a guess. Two vendors' real wording.
func TestNotAuthorizedToAct(t *testing.T) {
	runSureCases(t, []sureCase{
		// ArangoDB, a user without access to the _system database
		// (fMeow/arangors#3).
		{"database 401", get("http://localhost:8529/_api/database/user", "Authorization: Basic dXNlcjpwYXNzd29yZA=="),
			resp(401, "not authorized to execute this request"), PermissionScope, false},
		// AWS STS, an IAM user the role's trust policy does not name.
		{"cloud IAM 403", post("https://sts.amazonaws.com/", "Action=AssumeRole&RoleArn=arn:aws:iam::123456789012:role/admin", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Content-Type: application/x-www-form-urlencoded"),
			resp(403, `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/admin</Message></Error></ErrorResponse>`, "Content-Type: text/xml"),
			PermissionScope, true},
	})
}
