package lab

import (
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Scenario is one request the lab refuses (or accepts) for a known reason.
type Scenario struct {
	// Name is stable kebab-case: "auth-missing", "jwt-expired".
	Name string `json:"name"`
	// Cause is the cause ID it reproduces; "" for a request the lab accepts.
	Cause string `json:"cause"`
	// Title is one line for a table.
	Title string `json:"title"`
	// Args is a curl-style argument list, URL last, that reproduces it.
	Args []string `json:"args"`
	// Further marks a scenario of a cause beyond the common eleven
	// (CAUSES.md, second table), so that a caller can hold those out.
	Further bool `json:"further,omitempty"`
}

// scenarioRow is a scenario as the catalogue below spells it.
type scenarioRow struct {
	Name, Cause, Title string
	Args               []string
}

// Catalogue is the list of scenarios for a lab running elsewhere, its
// plain HTTP listener at httpURL, its mTLS listener at mtlsURL
// ("https://127.0.0.1:PORT", Lab.OptionalCertURL) and its files in dir. Its
// tokens are minted now with the key every lab shares, so they verify
// against any running lab.
func Catalogue(httpURL, mtlsURL, dir string) []Scenario {
	return buildScenarios(httpURL, mtlsURL, dir, mintTokens(time.Now()))
}

func cloneScenarios(in []Scenario) []Scenario {
	out := make([]Scenario, len(in))
	for i, s := range in {
		s.Args = append([]string(nil), s.Args...)
		out[i] = s
	}
	return out
}

// strictURL is the strict virtual host of the mTLS listener at mtlsURL:
// the same port under the name "localhost", so that the client sends SNI.
// It works on strings because --list passes a placeholder port ("PORT").
func strictURL(mtlsURL string) string {
	rest, ok := strings.CutPrefix(mtlsURL, "https://")
	if !ok {
		return mtlsURL
	}
	hostport, path, hasPath := strings.Cut(rest, "/")
	port := ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[i:], "]") {
		port = hostport[i:]
	}
	u := "https://" + strictHost + port
	if hasPath {
		u += "/" + path
	}
	return u
}

func buildScenarios(httpURL, mtlsURL, dir string, t tokenSet) []Scenario {
	h := strings.TrimRight(httpURL, "/")
	m := strings.TrimRight(mtlsURL, "/")
	strict := strings.TrimRight(strictURL(m), "/")
	ca := filepath.Join(dir, caFileName)
	cert, key := filepath.Join(dir, clientCertName), filepath.Join(dir, clientKeyName)
	expCert, expKey := filepath.Join(dir, expiredClientCertName), filepath.Join(dir, expiredClientKeyName)
	bearer := func(tok string) []string { return []string{"-H", "Authorization: Bearer " + tok} }
	args := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	u := func(s string) []string { return []string{s} }

	rows := []scenarioRow{
		{"ok", "", "Accepted: Bearer JWT with orders:read lists the orders (200)",
			args(bearer(t.Read), u(h+"/api/orders"))},

		{"auth-missing", causeAuthMissing, "No credentials sent to an API that wants a Bearer JWT (401)",
			u(h + "/api/orders")},
		{"k8s-anonymous", causeAuthMissing, "Kubernetes API: no credentials, seen as system:anonymous (403)",
			u(h + "/k8s/api/v1/namespaces/default/pods")},

		{"jwt-expired", causeAuthExpired, "JWT expired 2 h ago (Bearer, 401 invalid_token)",
			args(bearer(t.Expired), u(h+"/api/orders"))},

		{"bearer-doubled", causeAuthMalformed, "Scheme written twice: Bearer Bearer <jwt> (400 invalid_request)",
			args([]string{"-H", "Authorization: Bearer Bearer " + t.Read}, u(h+"/api/orders"))},
		{"token-escaped-newline", causeAuthMalformed, `Token copied with a literal \n at its end (400 invalid_request)`,
			args([]string{"-H", "Authorization: Bearer " + t.Read + `\n`}, u(h+"/api/orders"))},
		{"aws-iam-bearer", causeAuthMalformed, "Bearer token sent to an IAM-authorised API Gateway method (SigV4 parse error)",
			args(bearer(t.Read), u(h+"/aws/iam/items"))},

		{"jwt-wrong-key", causeAuthInvalid, "JWT signed with another issuer's key (401 invalid_token)",
			args(bearer(t.Foreign), u(h+"/api/orders"))},
		{"github-bad-credentials", causeAuthInvalid, "GitHub-style API: unknown personal access token (401 Bad credentials)",
			args(bearer(t.GitHubUnknown), u(h+"/github/user"))},

		{"ip-allowlist", causeIPAllowlist, "Admin console admits 10.20.0.0/16; the request comes from 127.0.0.1 (403)",
			u(h + "/admin/")},
		{"cloudflare-1006", causeIPAllowlist, "Cloudflare-style 1006: the site owner banned your IP address (403)",
			u(h + "/cf/ipban/")},

		{"scope-insufficient", causePermissionScope, "JWT has orders:read; deleting an order needs orders:write (403 insufficient_scope)",
			args([]string{"-X", "DELETE"}, bearer(t.Read), u(h+"/api/orders/1001"))},
		{"google-scope", causePermissionScope, "Google-style API: ACCESS_TOKEN_SCOPE_INSUFFICIENT (403 PERMISSION_DENIED)",
			args([]string{"--oauth2-bearer", t.Read}, u(h+"/google/storage/v1/b/lab-bucket/o"))},
		{"k8s-rbac", causePermissionScope, "Kubernetes RBAC: ada@lab may not list secrets in kube-system (403)",
			args(bearer(t.Read), u(h+"/k8s/api/v1/namespaces/kube-system/secrets"))},

		{"ratelimit-429", causeRateLimit, "Token bucket of 1 export per hour, already spent (429, Retry-After, RateLimit)",
			u(h + "/api/export")},
		{"github-ratelimit", causeRateLimit, "GitHub-style primary rate limit: 403 with X-RateLimit-Remaining: 0",
			u(h + "/github/repos/why403/lab/issues")},

		{"geo-451", causeGeoBlock, "Title not licensed in your country (AQ): 451 Unavailable For Legal Reasons",
			u(h + "/media/films/42")},
		{"cloudfront-geo", causeGeoBlock, "CloudFront-style geo restriction: blocks access from your country (403)",
			u(h + "/cloudfront/video/42.ts")},
		{"cloudflare-1009", causeGeoBlock, "Cloudflare-style 1009: the site owner banned your country (403)",
			args([]string{"-H", "Accept: text/html"}, u(h+"/cf/geo/"))},

		{"json-as-form", causeContentType, "JSON sent with -d, so Content-Type is form-urlencoded (415)",
			args([]string{"-d", `{"rating":5,"comment":"lab"}`}, u(h+"/api/feedback"))},
		{"elasticsearch-406", causeContentType, "Elasticsearch-style 406: Content-Type header [text/plain] is not supported",
			args([]string{"-H", "Content-Type: text/plain", "--data-binary", `{"query":{"match_all":{}}}`}, u(h+"/es/products/_search"))},

		{"cloudflare-1020", causeWAFBlock, "SQL injection text in the query: Cloudflare-style 1020 firewall block (403)",
			args([]string{"-H", "Accept: text/html"}, u(h+"/cf/waf/search?q=%27%20OR%201%3D1--"))},
		{"library-user-agent", causeWAFBlock, "Library User-Agent python-requests refused by an Akamai-style bot rule (403)",
			args([]string{"-A", "python-requests/2.31.0"}, u(h+"/akamai/products"))},
		{"f5-rejected", causeWAFBlock, "Script tag in a form body: F5-style rejection page, with status 200",
			args([]string{"-d", "comment=<script>alert(1)</script>"}, u(h+"/f5/comments"))},

		{"mtls-ok", "", "Accepted: the lab's client certificate is presented (200)",
			[]string{"--cacert", ca, "--cert", cert, "--key", key, m + "/mtls/"}},
		{"mtls-missing", causeTLSClientCert, "nginx-style 400: No required SSL certificate was sent",
			[]string{"--cacert", ca, m + "/mtls/"}},
		{"mtls-expired", causeTLSClientCert, "Expired client certificate: the handshake ends with alert certificate expired",
			[]string{"--cacert", ca, "--cert", expCert, "--key", expKey, m + "/mtls/"}},
		{"mtls-required", causeTLSClientCert, "Host requiring a client certificate: the handshake ends with alert certificate required",
			[]string{"--cacert", ca, strict + "/mtls/"}},
	}
	out := make([]Scenario, 0, len(rows))
	for _, r := range rows {
		out = append(out, Scenario{Name: r.Name, Cause: r.Cause, Title: r.Title, Args: r.Args})
	}
	for _, r := range furtherScenarios(h, t) {
		out = append(out, Scenario{Name: r.Name, Cause: r.Cause, Title: r.Title, Args: r.Args, Further: true})
	}
	return out
}

// hostPort is the host:port of a URL given as a string (its port may be the
// placeholder "PORT").
func hostPort(rawURL string) string {
	_, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		rest = rawURL
	}
	hp, _, _ := strings.Cut(rest, "/")
	return hp
}

// furtherScenarios are the scenarios of the causes beyond the common
// eleven, all on the plain HTTP listener at h.
func furtherScenarios(h string, t tokenSet) []scenarioRow {
	hp := hostPort(h)
	labHost, port, _ := net.SplitHostPort(hp)
	object := "/s3/" + s3Bucket + "/reports/2031-q1.csv"
	// A client whose clock is an hour slow signs correctly with its time.
	skewDate, skewAuth := s3SignedHeaders(s3SecretKey(), hp, object, t.At.Add(-time.Hour))
	presigned := h + object + "?" + s3Presign(s3SecretKey(), hp, object, t.At, tokenLifetime)
	return []scenarioRow{
		{"django-csrf", causeCSRF, "Django-style form: POST with a session cookie and no CSRF token (403 CSRF verification failed)",
			[]string{"-b", djangoSession + "=" + labSessionID() + "; " + csrfCookieName + "=" + labCSRFSecret(),
				"-d", "display_name=Ada+Lab", h + "/django/account/profile/"}},
		{"spring-cors", causeCORSOrigin, "Spring-style CORS: Origin https://staging.why403.test is not allowed (403 Invalid CORS request)",
			[]string{"-H", "Origin: https://staging.why403.test", h + "/spring/api/reports"}},
		{"s3-clock-skew", causeClockSkew, "S3-style bucket: request signed by a clock an hour slow (403 RequestTimeTooSkewed)",
			[]string{"-H", "X-Amz-Date: " + skewDate, "-H", "X-Amz-Content-Sha256: " + emptySHA256,
				"-H", "Authorization: " + skewAuth, h + object}},
		{"s3-signature-mismatch", causeSignatureMismatch, "Presigned S3-style URL with a parameter added after signing (403 SignatureDoesNotMatch)",
			[]string{presigned + "&response-content-type=application%2Foctet-stream"}},
		{"redirect-auth-dropped", causeRedirectAuthDropped, "Redirect from 127.0.0.1 to the canonical name localhost: -L withholds the Bearer token (401)",
			[]string{"-L", "-H", "Authorization: Bearer " + t.Read, h + "/shop/api/orders"}},
		{"github-no-user-agent", causeUserAgentRequired, "GitHub-style API: no User-Agent header (403 Request forbidden by administrative rules)",
			[]string{"-A", "", h + "/github/repos/why403/lab/issues"}},
		{"nginx-directory", causeResourceDenied, "nginx-style directory without index, autoindex off: the built-in 403 page",
			[]string{h + "/nginx/static/"}},
		{"apache-directory", causeResourceDenied, "Apache-style directory with Options -Indexes: You don't have permission to access this resource (403)",
			[]string{h + "/apache/files/reports/"}},
		{"method-not-allowed", causeMethodDenied, "DELETE on a read-only collection: 405 with Allow: GET, HEAD, OPTIONS",
			[]string{"-X", "DELETE", h + "/catalog/products"}},
		{"squid-denied", causeProxyDenied, "Squid-style forward proxy: blocked.example.test is not on its allow list (403 ERR_ACCESS_DENIED)",
			[]string{"-x", h, "http://blocked.example.test/downloads/tool.tar.gz"}},
		{"cloudflare-1003", causeHostMismatch, "Cloudflare-style 1003: the URL names an IP address, not the site (Direct IP access not allowed)",
			[]string{"-H", "Accept: text/html", h + "/cf/direct/"}},
		{"cloudflare-1010", causeUserAgentRequired, "Cloudflare-style 1010: Browser Integrity Check bans the Go-http-client signature (403)",
			[]string{"-A", "Go-http-client/1.1", "-H", "Accept: text/html", h + "/cf/bic/"}},
		{"cloudfront-unknown-host", causeHostMismatch, "CloudFront-style distribution reached as www.why403.test, a name it does not list (403 Bad request)",
			[]string{"--connect-to", "www.why403.test::" + labHost + ":", "http://www.why403.test:" + port + "/cloudfront-app/app.js"}},
		{"google-service-disabled", causeAccountState, "Google-style API not enabled in project 123456 (403 SERVICE_DISABLED)",
			[]string{"--oauth2-bearer", t.Read, h + "/google/translate/v2?q=hello&target=fr"}},
	}
}

// FormatTable prints the scenarios as a table (name, cause, title), each
// row followed by its ready command.
func FormatTable(w io.Writer, scenarios []Scenario) {
	nameW, causeW := len("NAME"), len("CAUSE")
	for _, s := range scenarios {
		nameW = max(nameW, utf8.RuneCountInString(s.Name))
		causeW = max(causeW, utf8.RuneCountInString(causeLabel(s.Cause)))
	}
	fmt.Fprintf(w, "%-*s  %-*s  %s\n", nameW, "NAME", causeW, "CAUSE", "WHAT THE SERVER DOES")
	for _, s := range scenarios {
		fmt.Fprintf(w, "%-*s  %-*s  %s\n", nameW, s.Name, causeW, causeLabel(s.Cause), s.Title)
		fmt.Fprintf(w, "    %s\n", Command(s))
	}
}

// Command is the scenario as a shell command line: why403 check ARGS...
func Command(s Scenario) string {
	quoted := make([]string, 0, len(s.Args)+2)
	quoted = append(quoted, "why403", "check")
	for _, a := range s.Args {
		quoted = append(quoted, shellQuote(a))
	}
	return strings.Join(quoted, " ")
}

func causeLabel(cause string) string {
	if cause == "" {
		return "(accepted)"
	}
	return cause
}

// shellQuote leaves words of safe characters alone and puts any other in
// single quotes, where only the single quote itself needs care.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
