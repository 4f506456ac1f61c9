package checks

import (
	"strconv"
	"testing"
	"time"
)

// A signed link (a token or signature beside an expiry parameter) refused
// by a bare status: past its expiry it lapsed, else its signature does not
// verify. Never a missing permission, and never sure on the name alone.
func TestSignedLinkRefused(t *testing.T) {
	past := strconv.FormatInt(t0.Add(-48*time.Hour).Unix(), 10)
	future := strconv.FormatInt(t0.Add(48*time.Hour).Unix(), 10)
	cases := []struct {
		name, url string
		status    int
		want      string
	}{
		// KeyCDN Secure Token: 403 if the token is not valid, 410 if expired.
		{"KeyCDN token not valid", "https://examplezone-1a2b.kxcdn.com/video.mp4?token=invalidtokenvalue&expire=" + future, 403, SignatureMismatch},
		{"KeyCDN token expired", "https://examplezone-1a2b.kxcdn.com/video.mp4?token=exampletokenvalue&expire=" + past, 410, AuthExpired},
		// CloudFront canned-policy signed URL: Expires, Signature, Key-Pair-Id.
		{"CloudFront signature", "https://d111111abcdef8.cloudfront.net/image.jpg?Expires=" + future + "&Signature=nitfHRCrtziwO2HwPfWw~yYDhUF5EwRunQA-j19DzZrvDh6hQ73lDx~-ar3UocvvRQVw6EkC~GdpGQyyOSKQim-TxAnW7d8F5Kkai9HVx0FIu-5jcQb0UEmatEXAMPLE3ReXySpLSMj0yCd3ZAB4UcBCAqEijkytL6f3fVYNGQI6&Key-Pair-Id=K2JCJMDEHXQW5F", 403, SignatureMismatch},
		// Google Cloud CDN signed URL: Expires, KeyName, Signature.
		{"Cloud CDN expired", "https://media.example.com/segments/0001.ts?Expires=" + past + "&KeyName=my-key&Signature=0bHBmNoSX0ZxbZS6ZMIHhoqm-mY=", 403, AuthExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get(c.url), resp(c.status, "")))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
			if !rep.Guess {
				t.Errorf("sure of %s: a bare status and a parameter's name make a guess", rep.Likely[0])
			}
			for _, f := range rep.Findings {
				if f.ID == PermissionScope && f.Status == Fail {
					t.Errorf("%s fails (%s): a signed link names no identity to lack a permission", f.ID, f.Title)
				}
			}
		})
	}
	t.Run("an expiry with no signature", func(t *testing.T) {
		r := analyzeRequest(requestInput{Method: "GET", URL: "https://api.example.com/v1/sessions?expires=" + future + "&page=2"})
		if r.signedLink() {
			t.Fatal("an expires parameter without a token or signature read as a signed link")
		}
	})
}
