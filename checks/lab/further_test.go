package lab

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func init() {
	for name, e := range furtherExpectations {
		expectations[name] = e
	}
}

// furtherExpectations are what the scenarios of the further causes get.
var furtherExpectations = map[string]expectation{
	"django-csrf": {status: 403, exactHeaders: map[string]string{"Content-Type": "text/html; charset=utf-8", "X-Frame-Options": "DENY"},
		body: []string{"<title>403 Forbidden</title>", "<h1>Forbidden <span>(403)</span></h1>", "CSRF verification failed. Request aborted.", "CSRF token missing."}},
	"spring-cors": {status: 403, headers: map[string]string{"Vary": "Origin"},
		exactHeaders: map[string]string{"Access-Control-Allow-Origin": "", "Content-Type": ""},
		exactBody:    "Invalid CORS request"},
	"s3-clock-skew": {status: 403, exactHeaders: map[string]string{"Server": "AmazonS3", "Content-Type": "application/xml"},
		headers: map[string]string{"X-Amz-Request-Id": "", "X-Amz-Id-2": ""},
		body:    []string{"<Code>RequestTimeTooSkewed</Code>", "<RequestTime>", "<ServerTime>", "<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>"}},
	"s3-signature-mismatch": {status: 403, exactHeaders: map[string]string{"Server": "AmazonS3"},
		body: []string{"<Code>SignatureDoesNotMatch</Code>", "The request signature we calculated does not match the signature you provided.",
			"<StringToSign>AWS4-HMAC-SHA256\n", "<CanonicalRequest>GET\n/s3/lab-bucket/reports/2031-q1.csv\n",
			"response-content-type=application%2Foctet-stream", "<AWSAccessKeyId>" + s3AccessKeyID + "</AWSAccessKeyId>"}},
	"redirect-auth-dropped": {status: 401, exactHeaders: map[string]string{"WWW-Authenticate": `Bearer realm="lab"`},
		body: []string{"Authentication required"}},
	"github-no-user-agent": {status: 403, headers: map[string]string{"X-GitHub-Request-Id": ""},
		body: []string{"Request forbidden by administrative rules. Please make sure your request has a User-Agent header"}},
	"nginx-directory": {status: 403, exactHeaders: map[string]string{"Server": "nginx", "Content-Type": "text/html"},
		exactBody: "<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"},
	"apache-directory": {status: 403, exactHeaders: map[string]string{"Server": "Apache/2.4.62 (Debian)"},
		body:   []string{"<title>403 Forbidden</title>", "<h1>Forbidden</h1>", "You don't have permission to access this resource."},
		bodyRe: regexp.MustCompile(`<address>Apache/2\.4\.62 \(Debian\) Server at 127\.0\.0\.1 Port \d+</address>`)},
	"method-not-allowed": {status: 405, exactHeaders: map[string]string{"Allow": "GET, HEAD, OPTIONS", "Content-Type": "application/problem+json"},
		body: []string{`"detail":"Method 'DELETE' is not supported."`, `"status":405`}},
	"squid-denied": {status: 403, exactHeaders: map[string]string{"X-Squid-Error": "ERR_ACCESS_DENIED 0", "Server": "squid/6.10"},
		headers: map[string]string{"Via": "(squid/6.10)"},
		body:    []string{"<title>ERROR: The requested URL could not be retrieved</title>", "http://blocked.example.test/downloads/tool.tar.gz", "Access Denied."}},
	"cloudflare-1003": {status: 403, exactHeaders: map[string]string{"Server": "cloudflare"},
		body: []string{`<span class="cf-error-code">1003</span>`, "<title>Direct IP access not allowed | Cloudflare</title>"}},
	"google-service-disabled": {status: 403,
		body: []string{`"status":"PERMISSION_DENIED"`, `"reason":"SERVICE_DISABLED"`, "has not been used in project 123456 before or it is disabled",
			`"@type":"type.googleapis.com/google.rpc.ErrorInfo"`, `"consumer":"projects/123456"`}},
}

// Remove the cause and the same server accepts.
func TestFurtherFixedRequestsAreAccepted(t *testing.T) {
	l := startLab(t, Options{})
	h, hs := l.HTTPURL, l.HTTPSURL
	port := h[strings.LastIndexByte(h, ':')+1:]
	byName := "http://localhost:" + port
	session := djangoSession + "=" + labSessionID
	cookies := session + "; " + csrfCookieName + "=" + labCSRFSecret
	profile := h + "/django/account/profile/"
	masked := csrfMask(labCSRFSecret, strings.Repeat("Zq9", 10)+"ab")
	object := "/s3/" + s3Bucket + "/reports/2031-q1.csv"
	now := time.Now()
	freshDate, freshAuth := s3SignedHeaders(s3SecretKey, hostPort(h), object, now.Add(-14*time.Minute))
	_, wrongSecretAuth := s3SignedHeaders("not-the-lab-secret", hostPort(h), object, now)
	wrongSecretDate := now.UTC().Format(amzDateFormat)
	s3Header := func(date, auth string) []string {
		return []string{"-H", "X-Amz-Date: " + date, "-H", "X-Amz-Content-Sha256: " + emptySHA256, "-H", "Authorization: " + auth}
	}
	read := "Authorization: Bearer " + l.tokens.Read

	for _, tc := range []struct {
		name   string
		args   []string
		status int
		body   string
	}{
		{"csrf header", []string{"-b", cookies, "-H", "X-CSRFToken: " + labCSRFSecret, "-d", "display_name=Ada", profile}, 200, "Profile saved: Ada."},
		{"csrf masked form field", []string{"-b", cookies, "-d", "display_name=Ada", "-d", csrfFieldName + "=" + masked, profile}, 200, "Profile saved"},
		{"csrf wrong token", []string{"-b", cookies, "-H", "X-CSRFToken: " + strings.Repeat("a", 32), "-d", "x=1", profile}, 403, "CSRF token from the &#39;X-CSRFToken&#39; HTTP header incorrect."},
		{"csrf short token", []string{"-b", cookies, "-d", csrfFieldName + "=abc", profile}, 403, "CSRF token from POST has incorrect length."},
		{"csrf no cookie", []string{"-b", session, "-H", "X-CSRFToken: " + labCSRFSecret, "-d", "x=1", profile}, 403, "CSRF cookie not set."},
		{"csrf foreign origin", []string{"-b", cookies, "-H", "X-CSRFToken: " + labCSRFSecret, "-H", "Origin: https://evil.why403.test", "-d", "x=1", profile}, 403, "Origin checking failed - https://evil.why403.test does not match any trusted origins."},
		{"csrf own origin", []string{"-b", cookies, "-H", "X-CSRFToken: " + labCSRFSecret, "-H", "Origin: " + h, "-d", "x=1", profile}, 200, "Profile saved"},
		{"csrf ok, no session", []string{"-b", csrfCookieName + "=" + labCSRFSecret, "-H", "X-CSRFToken: " + labCSRFSecret, "-d", "x=1", profile}, 302, ""},

		{"cors allowed origin", []string{"-H", "Origin: https://app.why403.test", h + "/spring/api/reports"}, 200, `"reports"`},
		{"cors same origin", []string{"-H", "Origin: " + h, h + "/spring/api/reports"}, 200, `"reports"`},
		{"cors no origin", []string{h + "/spring/api/reports"}, 200, `"reports"`},
		{"cors preflight allowed", []string{"-X", "OPTIONS", "-H", "Origin: https://app.why403.test", "-H", "Access-Control-Request-Method: POST", h + "/spring/api/reports"}, 200, ""},
		{"cors preflight bad method", []string{"-X", "OPTIONS", "-H", "Origin: https://app.why403.test", "-H", "Access-Control-Request-Method: DELETE", h + "/spring/api/reports"}, 403, "Invalid CORS request"},

		{"s3 fresh date", append(s3Header(freshDate, freshAuth), h+object), 200, "region,revenue"},
		{"s3 wrong secret", append(s3Header(wrongSecretDate, wrongSecretAuth), h+object), 403, "<Code>SignatureDoesNotMatch</Code>"},
		{"s3 presigned as signed", []string{h + object + "?" + s3Presign(s3SecretKey, hostPort(h), object, now, time.Hour)}, 200, "region,revenue"},
		{"s3 presigned expired", []string{h + object + "?" + s3Presign(s3SecretKey, hostPort(h), object, now.Add(-2*time.Hour), time.Hour)}, 403, "<Message>Request has expired</Message>"},
		{"s3 presigned for another host", []string{h + object + "?" + s3Presign(s3SecretKey, "localhost:"+port, object, now, time.Hour)}, 403, "<Code>SignatureDoesNotMatch</Code>"},
		{"s3 anonymous", []string{h + object}, 403, "<Code>AccessDenied</Code>"},
		{"s3 unknown key id", []string{"-H", "X-Amz-Date: " + freshDate, "-H", "X-Amz-Content-Sha256: " + emptySHA256, "-H", "Authorization: " + strings.Replace(freshAuth, s3AccessKeyID, "AKIAUNKNOWNKEY000000", 1), h + object}, 403, "<Code>InvalidAccessKeyId</Code>"},

		{"redirect not followed", []string{"-H", read, h + "/shop/api/orders"}, 302, "<center><h1>302 Found</h1></center>"},
		{"canonical name with token", []string{"-H", read, byName + "/shop/api/orders"}, 200, `"orders"`},
		{"canonical name, followed from itself", []string{"-L", "-H", read, byName + "/shop/api/orders"}, 200, `"orders"`},

		{"user agent and token", []string{"-H", "Authorization: token " + l.tokens.GitHub, h + "/github/repos/why403/lab/issues"}, 200, "lab issue"},
		{"no user agent, with token", []string{"-A", "", "-H", "Authorization: token " + l.tokens.GitHub, h + "/github/repos/why403/lab/issues"}, 403, "User-Agent header"},

		{"nginx file", []string{h + "/nginx/static/css/site.css"}, 200, "font-family"},
		{"nginx directory with index", []string{h + "/nginx/static/docs/"}, 200, "Lab documentation"},
		{"nginx directory without slash", []string{h + "/nginx/static/css"}, 301, "301 Moved Permanently"},
		{"nginx missing file", []string{h + "/nginx/static/nope.js"}, 404, "<center><h1>404 Not Found</h1></center>"},
		{"apache directory with index", []string{h + "/apache/files/manual/"}, 200, "The lab manual"},
		{"apache file", []string{h + "/apache/files/reports/2031-q1.html"}, 200, "First quarter"},

		{"GET the collection", []string{h + "/catalog/products"}, 200, `"products"`},
		{"OPTIONS the collection", []string{"-X", "OPTIONS", h + "/catalog/products"}, 204, ""},
		{"POST the collection", []string{"-d", "name=flask", h + "/catalog/products"}, 405, `"detail":"Method 'POST' is not supported."`},

		{"proxy to the lab by address", []string{"-x", h, h + "/catalog/products"}, 200, `"products"`},
		{"proxy to the lab by name", []string{"-x", h, byName + "/catalog/products"}, 200, `"products"`},
		{"proxy to a real site is denied", []string{"-x", h, "http://example.com/"}, 403, "ERROR: The requested URL could not be retrieved"},
		{"proxy tunnel to the lab's HTTPS", []string{"-x", h, "--cacert", l.CAFile, hs + "/catalog/products"}, 200, `"products"`},

		{"cloudflare by name", []string{"-H", "Accept: text/html", byName + "/cf/direct/"}, 200, "welcome to localhost"},
		{"cloudflare 1003 plain", []string{h + "/cf/direct/"}, 403, "error code: 1003"},

		{"google project with the API", []string{"-H", read, "-H", "X-Goog-User-Project: 654321", h + "/google/translate/v2?q=hello&target=fr"}, 200, `"translatedText":"[fr] hello"`},
		{"google without token", []string{h + "/google/translate/v2?q=hello&target=fr"}, 401, "UNAUTHENTICATED"},
		{"google unknown project", []string{"-H", read, "-H", "X-Goog-User-Project: 999", h + "/google/translate/v2?q=hello"}, 403, "USER_PROJECT_DENIED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := send(t, tc.args)
			if got.err != nil || got.status != tc.status {
				t.Fatalf("status %d (err %v), want %d; body %q", got.status, got.err, tc.status, got.body)
			}
			if !strings.Contains(got.body, tc.body) {
				t.Errorf("body lacks %q:\n%s", tc.body, got.body)
			}
		})
	}
}

// A real CONNECT to a host outside the allow list is refused by the proxy.
func TestProxyRefusesConnectOutsideTheLab(t *testing.T) {
	l := startLab(t, Options{})
	got := send(t, []string{"-x", l.HTTPURL, "https://blocked.example.test/"})
	if got.err == nil || !strings.Contains(got.err.Error(), "Forbidden") {
		t.Fatalf("CONNECT to blocked.example.test: status %d, err %v; want the proxy's 403", got.status, got.err)
	}
}

// The proxy forwards with Via and the lab's own Date, once.
func TestProxyForwardsWithVia(t *testing.T) {
	l := startLab(t, Options{})
	got := send(t, []string{"-x", l.HTTPURL, l.HTTPURL + "/catalog/products"})
	if got.status != 200 || !strings.Contains(got.header.Get("Via"), "lab-proxy (squid/6.10)") || len(got.header.Values("Date")) != 1 {
		t.Fatalf("status %d, Via %q, Date %q", got.status, got.header.Get("Via"), got.header.Values("Date"))
	}
}

// A real browser flow: GET the form (which sets the cookie and carries a
// masked token), then POST it back.
func TestDjangoFormRoundTrip(t *testing.T) {
	l := startLab(t, Options{})
	profile := l.HTTPURL + "/django/account/profile/"
	got := send(t, []string{"-b", djangoSession + "=" + labSessionID, profile})
	if got.status != 200 {
		t.Fatalf("GET the form: %d %s", got.status, got.body)
	}
	var cookie string
	for _, c := range (&http.Response{Header: got.header}).Cookies() {
		if c.Name == csrfCookieName {
			cookie = c.Value
		}
	}
	m := regexp.MustCompile(`name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"`).FindStringSubmatch(got.body)
	if cookie == "" || m == nil || csrfUnmask(m[1]) != cookie {
		t.Fatalf("cookie %q, form token %v", cookie, m)
	}
	post := send(t, []string{"-b", djangoSession + "=" + labSessionID + "; " + csrfCookieName + "=" + cookie,
		"-d", "display_name=Ada", "-d", csrfFieldName + "=" + url.QueryEscape(m[1]), profile})
	if post.status != 200 {
		t.Fatalf("POST the form: %d %s", post.status, post.body)
	}
}

// The S3-style refusal reports the lab clock's time and the request's.
func TestS3ClockSkewNamesBothTimes(t *testing.T) {
	clock := &testClock{t: time.Date(2031, 5, 14, 9, 30, 0, 0, time.UTC)}
	l := startLab(t, Options{Now: clock.Now})
	var sc Scenario
	for _, s := range l.Scenarios() {
		if s.Name == "s3-clock-skew" {
			sc = s
		}
	}
	got := send(t, sc.Args)
	for _, want := range []string{"<RequestTime>20310514T083000Z</RequestTime>", "<ServerTime>2031-05-14T09:30:00Z</ServerTime>"} {
		if !strings.Contains(got.body, want) {
			t.Errorf("body lacks %s:\n%s", want, got.body)
		}
	}
	// The same request, an hour later on the client's clock, is accepted:
	// its signature was right all along.
	date, auth := s3SignedHeaders(s3SecretKey, hostPort(l.HTTPURL), "/s3/"+s3Bucket+"/reports/2031-q1.csv", clock.Now())
	ok := send(t, []string{"-H", "X-Amz-Date: " + date, "-H", "X-Amz-Content-Sha256: " + emptySHA256, "-H", "Authorization: " + auth,
		l.HTTPURL + "/s3/" + s3Bucket + "/reports/2031-q1.csv"})
	if ok.status != 200 {
		t.Errorf("fresh signature: %d %s", ok.status, ok.body)
	}
}

// The redirect goes to the canonical name on the same port.
func TestCanonicalRedirectTarget(t *testing.T) {
	l := startLab(t, Options{})
	got := send(t, []string{l.HTTPURL + "/shop/api/orders?page=2"})
	port := l.HTTPURL[strings.LastIndexByte(l.HTTPURL, ':')+1:]
	if want := "http://localhost:" + port + "/shop/api/orders?page=2"; got.status != 302 || got.header.Get("Location") != want {
		t.Fatalf("status %d, Location %q, want 302 to %s", got.status, got.header.Get("Location"), want)
	}
}

func TestCSRFMaskRoundTrip(t *testing.T) {
	for i := 0; i < 20; i++ {
		secret, mask := randomCSRFString(32), randomCSRFString(32)
		tok := csrfMask(secret, mask)
		if len(tok) != 64 || csrfUnmask(tok) != secret || csrfFormatProblem(tok) != "" {
			t.Fatalf("mask(%q, %q) = %q, unmasked %q", secret, mask, tok, csrfUnmask(tok))
		}
	}
}

func TestAWSURIEncode(t *testing.T) {
	for in, want := range map[string]string{
		"/s3/b/a b+c~d.e": "/s3/b/a%20b%2Bc~d.e",
		"application/pdf": "application%2Fpdf",
		"é":               "%C3%A9",
	} {
		slash := !strings.HasPrefix(in, "/")
		if got := awsURIEncode(in, slash); got != want {
			t.Errorf("awsURIEncode(%q) = %q, want %q", in, got, want)
		}
	}
}

// The error log names what nginx's and Apache's logs would.
func TestErrorLogNamesTheDirectoryRule(t *testing.T) {
	var buf syncBuffer
	l := startLab(t, Options{Log: &buf})
	send(t, []string{l.HTTPURL + "/nginx/static/"})
	send(t, []string{l.HTTPURL + "/apache/files/reports/"})
	s := buf.String()
	for _, want := range []string{`directory index of "/srv/lab/static/" is forbidden`, "AH01276: Cannot serve directory /var/www/lab/reports/"} {
		if !strings.Contains(s, want) {
			t.Errorf("log lacks %q:\n%s", want, s)
		}
	}
}
