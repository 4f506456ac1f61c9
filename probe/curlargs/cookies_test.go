package curlargs

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

const cookieFile = `# Netscape HTTP Cookie File
# https://curl.se/docs/http-cookies.html

.example.com	TRUE	/	FALSE	0	session	s1
api.example.com	FALSE	/	FALSE	2000000000	exact	e1
example.com	FALSE	/	FALSE	0	apexonly	no
.example.com	TRUE	/v1	FALSE	0	pathv1	p1
.example.com	TRUE	/v2	FALSE	0	pathv2	no
.example.com	TRUE	/v	FALSE	0	prefixnotpath	no
#HttpOnly_.example.com	TRUE	/	TRUE	0	secure	sec1
.example.com	TRUE	/	FALSE	1000000000	expired	no
other.test	TRUE	/	FALSE	0	elsewhere	no
malformed line without tabs
Set-Cookie: sc=1; Domain=example.com; Path=/
Set-Cookie: nodomain=1; Path=/
Set-Cookie: scexpired=1; Domain=example.com; Expires=Wed, 01 Jan 2020 00:00:00 GMT
Cookie: plain=1; other=2
`

func TestCookiesFromFile(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		url  string
		want []string
	}{
		{"https://api.example.com/v1/orders", []string{"session=s1", "exact=e1", "pathv1=p1", "secure=sec1", "sc=1", "plain=1; other=2"}},
		{"http://api.example.com/v1", []string{"session=s1", "exact=e1", "pathv1=p1", "sc=1", "plain=1; other=2"}},
		{"https://EXAMPLE.com/", []string{"session=s1", "apexonly=no", "secure=sec1", "sc=1", "plain=1; other=2"}},
		{"https://x.other.test/", []string{"elsewhere=no", "plain=1; other=2"}},
	}
	for _, tt := range tests {
		pu, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got := cookiesFromFile(cookieFile, pu, now)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.url, got, tt.want)
		}
	}
}

func TestParseCookieFile(t *testing.T) {
	writeFiles(t, map[string]string{
		"jar.txt":   ".example.com\tTRUE\t/\tFALSE\t0\tsid\tabc\r\nother.test\tTRUE\t/\tFALSE\t0\tx\ty\r\n",
		"empty.txt": "# nothing\n",
	})
	got, err := Parse([]string{"-b", "pre=1", "-b", "jar.txt", "--cookie", "empty.txt", "https://api.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := got.Request.Header("Cookie"); c != "pre=1; sid=abc" {
		t.Errorf("Cookie = %q, want %q", c, "pre=1; sid=abc")
	}
	if len(got.Warnings) != 2 || !strings.Contains(got.Warnings[0], "--cookie empty.txt: no cookie in the file is for api.example.com/") ||
		!strings.Contains(got.Warnings[1], "cookies (-b)") {
		t.Errorf("Warnings = %q", got.Warnings)
	}
}
