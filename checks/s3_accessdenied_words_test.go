package checks

import "testing"

// S3's AccessDenied code makes a policy denial sure only when its message
// is the code's own words or speaks of a policy or permission; services
// that speak S3 answer AccessDenied for an account's or a bucket's state in
// words of their own, and there the code alone is a guess.
func TestS3AccessDeniedOwnWordsAreAGuess(t *testing.T) {
	s3err := func(msg string) string {
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>" + msg + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>"
	}
	cases := []struct {
		name, msg string
		guess     bool
	}{
		{"Wasabi public read on a trial account", "Public use of objects is not allowed by this account. Please contact Wasabi Support at support@wasabi.com for assistance.", true},
		{"Backblaze bucket not S3-enabled", "Not allowed to access bucket because it is not s3-enabled", true},
		{"AWS generic", "Access Denied", false},
		{"Backblaze key capability", "not entitled", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := exchange(get("https://s3.example.com/bucket/key.jpg", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc"),
				resp(403, s3err(c.msg), "Content-Type: application/xml"))
			rep := Run(ev)
			f, _ := findingOf(rep, PermissionScope)
			if f.Status != Fail {
				t.Fatalf("permission.scope %s, want fail: %s\n%s", f.Status, f.Title, reportText(rep))
			}
			if rep.Guess != c.guess {
				t.Errorf("likely %v guess %v, want guess %v\n%s", rep.Likely, rep.Guess, c.guess, reportText(rep))
			}
		})
	}
}
