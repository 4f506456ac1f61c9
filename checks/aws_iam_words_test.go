package checks

import (
	"strings"
	"testing"
)

// AWS words its IAM denial "is not authorized to perform: <action>", with
// the action after a colon; Azure Storage says "This request is not
// authorized to perform this operation". Only the first is AWS IAM: the
// Azure one must not be titled or fixed as an IAM policy.
func TestNotAuthorizedToPerformIsAWSOnlyWithItsAction(t *testing.T) {
	azure := `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationFailure</Code><Message>This request is not authorized to perform this operation.
RequestId:1a9db850-b01e-0036-17c2-5708ec000000
Time:2025-11-17T13:03:52.0000000Z</Message></Error>`
	ev := exchange(get("https://acct.blob.core.windows.net/c/b", "Authorization: Bearer eyJhbGciOiJub25lIn0.e30.sig"),
		resp(403, azure, "Content-Type: application/xml", "x-ms-error-code: AuthorizationFailure"))
	if f, ok := findingOf(Run(ev), PermissionScope); ok && strings.Contains(f.Title+f.Fix, "IAM") {
		t.Errorf("Azure Storage's denial reads as AWS IAM: %q / %q", f.Title, f.Fix)
	}

	aws := `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/deploy</Message></Error></ErrorResponse>`
	ev = exchange(get("https://sts.amazonaws.com/?Action=AssumeRole", "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251117/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc"),
		resp(403, aws, "Content-Type: text/xml"))
	f, ok := findingOf(Run(ev), PermissionScope)
	if !ok || !strings.Contains(f.Title, "AWS IAM: not allowed to perform sts:AssumeRole") {
		t.Errorf("AWS IAM denial: %q", f.Title)
	}
}
