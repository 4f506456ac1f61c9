package lab

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Routes in the manner of real vendors. Each keeps the vendor's headers,
// status codes and page structure (the markers diagnosis relies on) and
// applies a real rule to the real request; the wording of the pages is the
// lab's own.

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func randomHex(n int) string {
	return hex.EncodeToString(randomBytes((n + 1) / 2))[:n]
}

func randomDigits(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

func randomUUID() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// accepts reports whether the Accept header names the media type.
func accepts(r *http.Request, mediaType string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == mediaType {
			return true
		}
	}
	return false
}

// ---- Cloudflare -----------------------------------------------------------

// cfError is one of Cloudflare's own 1xxx errors.
type cfError struct {
	Code        int
	Name        string
	Title       string
	Headline    string
	Explanation string
}

func cloudflareHeaders(w http.ResponseWriter) (ray string) {
	ray = randomHex(16) + "-LAB"
	w.Header().Set("Server", "cloudflare")
	w.Header().Set("CF-RAY", ray)
	return ray
}

// cloudflareBlock answers as Cloudflare's edge does: an HTML page for a
// browser, JSON when JSON is asked for, and otherwise the plain text
// "error code: NNNN".
func cloudflareBlock(w http.ResponseWriter, r *http.Request, e cfError) {
	ray := cloudflareHeaders(w)
	w.Header().Set("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	w.Header().Set("Referrer-Policy", "same-origin")
	switch {
	case accepts(r, "text/html"):
		writeText(w, http.StatusForbidden, "text/html; charset=UTF-8", fmt.Sprintf(`<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>%s</title></head>
<body>
<div id="cf-wrapper">
  <div id="cf-error-details">
    <h1><span class="cf-error-type">Error</span> <span class="cf-error-code">%d</span></h1>
    <h2 class="cf-subheadline">%s</h2>
    <p>%s</p>
    <p class="cf-footer">Cloudflare Ray ID: <strong>%s</strong> &bull; Your IP: %s &bull; Performance &amp; security by Cloudflare</p>
  </div>
</div>
</body>
</html>
`, html.EscapeString(e.Title), e.Code, html.EscapeString(e.Headline), html.EscapeString(e.Explanation), ray, clientAddr(r)))
	case accepts(r, "application/json"):
		writeJSON(w, http.StatusForbidden, map[string]any{
			"title": e.Title, "status": http.StatusForbidden, "detail": e.Explanation,
			"error_code": e.Code, "error_name": e.Name, "retryable": false, "ray_id": ray,
		})
	default:
		writeText(w, http.StatusForbidden, "text/plain; charset=UTF-8", fmt.Sprintf("error code: %d", e.Code))
	}
}

func cloudflarePass(w http.ResponseWriter, body string) {
	cloudflareHeaders(w)
	w.Header().Set("CF-Cache-Status", "DYNAMIC")
	writeText(w, http.StatusOK, "text/plain; charset=utf-8", body)
}

func restrictTitle(r *http.Request) string {
	return "Access denied | " + r.Host + " used Cloudflare to restrict access"
}

// cloudflareWAF is a zone whose firewall rules inspect the query and body.
func (l *Lab) cloudflareWAF(w http.ResponseWriter, r *http.Request) {
	found, err := inspect(r)
	if err != nil {
		http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	if found.Kind != "" {
		cloudflareBlock(w, r, cfError{
			Code: 1020, Name: "firewall_rule_block", Title: "Attention Required! | Cloudflare",
			Headline:    "This request was blocked by the website's firewall",
			Explanation: "A firewall rule set up by the owner of " + r.Host + " matched your request. Requests carrying SQL fragments, markup or other attack-like text are refused.",
		})
		return
	}
	cloudflarePass(w, "search results for "+r.URL.Query().Get("q")+"\n")
}

// cloudflareIPBan is a zone whose owner banned loopback addresses.
func (l *Lab) cloudflareIPBan(w http.ResponseWriter, r *http.Request) {
	a := clientAddr(r)
	for _, p := range bannedPrefixes {
		if p.Contains(a) {
			cloudflareBlock(w, r, cfError{
				Code: 1006, Name: "ip_banned", Title: restrictTitle(r),
				Headline:    "Access denied",
				Explanation: fmt.Sprintf("The site owner of %s has banned your IP address (%s).", r.Host, a),
			})
			return
		}
	}
	cloudflarePass(w, "welcome\n")
}

// cloudflareGeo is a zone whose owner banned some countries.
func (l *Lab) cloudflareGeo(w http.ResponseWriter, r *http.Request) {
	country := countryOf(clientAddr(r))
	if blockedCountries[country] {
		cloudflareBlock(w, r, cfError{
			Code: 1009, Name: "country_banned", Title: restrictTitle(r),
			Headline:    "Access denied",
			Explanation: fmt.Sprintf("The site owner of %s has banned the country or region your IP address is in (%s) from accessing this website.", r.Host, country),
		})
		return
	}
	cloudflarePass(w, "welcome\n")
}

// ---- CloudFront -----------------------------------------------------------

// cloudfrontHeaders are what every answer of a distribution carries; the
// ID is returned for the error page.
func cloudfrontHeaders(w http.ResponseWriter) (cfID string) {
	cfID = base64.URLEncoding.EncodeToString(randomBytes(40)) // 56 characters, as CloudFront's
	h := w.Header()
	h.Set("Server", "CloudFront")
	h.Set("Via", "1.1 "+randomHex(32)+".cloudfront.net (CloudFront)")
	h.Set("X-Amz-Cf-Pop", "LAB50-C1")
	h.Set("X-Amz-Cf-Id", cfID)
	return cfID
}

// cloudfrontError writes CloudFront's 403 page with its reason lines.
func cloudfrontError(w http.ResponseWriter, cfID, reason string) {
	w.Header().Set("X-Cache", "Error from cloudfront")
	writeText(w, http.StatusForbidden, "text/html", fmt.Sprintf(`<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>ERROR: The request could not be satisfied</title>
</head><body>
<h1>403 ERROR</h1>
<h2>The request could not be satisfied.</h2>
<hr noshade size="1px">
%s
<br clear="all">
<hr noshade size="1px">
<pre>
Generated by cloudfront (CloudFront)
Request ID: %s
</pre>
</body></html>
`, reason, cfID))
}

// cloudfront is a distribution with a geographic restriction (deny list).
func (l *Lab) cloudfront(w http.ResponseWriter, r *http.Request) {
	cfID := cloudfrontHeaders(w)
	country := countryOf(clientAddr(r))
	if !blockedCountries[country] {
		w.Header().Set("X-Cache", "Miss from cloudfront")
		writeText(w, http.StatusOK, "text/plain; charset=utf-8", "video segment\n")
		return
	}
	cloudfrontError(w, cfID, "The Amazon CloudFront distribution is configured to block access from your country.\n"+
		"The owner of this content restricts where it may be viewed; the lab places your address in "+country+".")
}

// ---- AWS API Gateway (IAM authorisation) ----------------------------------

func awsHeaders(w http.ResponseWriter, errorType string) {
	h := w.Header()
	h.Set("x-amzn-RequestId", randomUUID())
	h.Set("x-amz-apigw-id", base64.StdEncoding.EncodeToString(randomBytes(8)))
	if errorType != "" {
		h.Set("x-amzn-ErrorType", errorType)
	}
}

// awsIAM is a method with AWS_IAM authorisation: the gateway parses the
// Authorization header as Signature Version 4 before anything else.
func (l *Lab) awsIAM(w http.ResponseWriter, r *http.Request) {
	value := r.Header.Get("Authorization")
	if value == "" && r.URL.Query().Get("X-Amz-Signature") == "" {
		awsHeaders(w, "MissingAuthenticationTokenException")
		writeJSON(w, http.StatusForbidden, map[string]string{"message": "Missing Authentication Token"})
		return
	}
	if msg := sigV4Complaint(value, r.Header); msg != "" {
		awsHeaders(w, "IncompleteSignatureException")
		writeJSON(w, http.StatusForbidden, map[string]string{"message": msg})
		return
	}
	// A complete signature: the lab has no IAM identities, so no access key
	// is known to it.
	awsHeaders(w, "UnrecognizedClientException")
	writeJSON(w, http.StatusForbidden, map[string]string{"message": "The security token included in the request is invalid."})
}

// sigV4Complaint parses an Authorization header as
// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." and
// returns the gateway's complaint, or "" when every part is there.
func sigV4Complaint(value string, h http.Header) string {
	scheme, rest, _ := strings.Cut(value, " ")
	params := map[string]string{}
	if scheme == "AWS4-HMAC-SHA256" {
		for _, part := range strings.Split(rest, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			k, v, ok := strings.Cut(part, "=")
			if !ok {
				return fmt.Sprintf("'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", part, value)
			}
			params[k] = v
		}
	}
	var missing []string
	for _, p := range []string{"Credential", "Signature", "SignedHeaders"} {
		if params[p] == "" {
			missing = append(missing, fmt.Sprintf("Authorization header requires '%s' parameter.", p))
		}
	}
	if h.Get("X-Amz-Date") == "" && h.Get("Date") == "" {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if len(missing) == 0 {
		return ""
	}
	return strings.Join(missing, " ") + " Authorization=" + value
}

// ---- GitHub ---------------------------------------------------------------

const githubDocs = "https://docs.github.com/rest"

func githubHeaders(w http.ResponseWriter) {
	w.Header().Set("Server", "github.com")
	w.Header().Set("X-GitHub-Request-Id", strings.ToUpper(randomHex(4)+":"+randomHex(5)+":"+randomHex(6)+":"+randomHex(6)+":"+randomHex(8)))
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
}

// githubAuth reads "Authorization: Bearer|token <pat>". known is false for a
// token the lab did not issue; present is false without one.
func (l *Lab) githubAuth(r *http.Request) (present, known bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || (!strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "token")) {
		return false, false
	}
	return true, strings.TrimSpace(tok) == l.tokens.GitHub
}

// githubGate answers what GitHub's front answers before any route: a
// refusal without User-Agent and "Bad credentials" for an unknown token.
func (l *Lab) githubGate(w http.ResponseWriter, r *http.Request) (authed, ok bool) {
	githubHeaders(w)
	if r.UserAgent() == "" {
		writeText(w, http.StatusForbidden, "text/plain; charset=utf-8",
			"Request forbidden by administrative rules. Please make sure your request has a User-Agent header.\n")
		return false, false
	}
	present, known := l.githubAuth(r)
	if present && !known {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials", "documentation_url": githubDocs, "status": "401"})
		return false, false
	}
	return present, true
}

func (l *Lab) githubUser(w http.ResponseWriter, r *http.Request) {
	authed, ok := l.githubGate(w, r)
	if !ok {
		return
	}
	if !authed {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Requires authentication", "documentation_url": githubDocs, "status": "401"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"login": "ada-lab", "id": 1, "type": "User"})
}

// githubIssues is a public listing under the primary rate limit: 60 an hour
// per address without a token (spent at start), 5000 with one.
func (l *Lab) githubIssues(w http.ResponseWriter, r *http.Request) {
	authed, ok := l.githubGate(w, r)
	if !ok {
		return
	}
	b, key := l.github, clientAddr(r).String()
	if authed {
		b, key = l.githubAuthed, l.tokens.GitHub
	}
	now := l.now()
	d := b.take(key, now)
	h := w.Header()
	resetAt := now.Add(d.Reset)
	if !d.Allowed {
		resetAt = now.Add(d.RetryAfter)
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.quota.Limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(d.Remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(b.quota.Limit-d.Remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(resetAt.Unix()+1, 10))
	h.Set("X-RateLimit-Resource", "core")
	if !d.Allowed {
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           fmt.Sprintf("API rate limit exceeded for %s. Requests with a token have a higher limit.", clientAddr(r)),
			"documentation_url": githubDocs,
		})
		return
	}
	writeJSON(w, http.StatusOK, []map[string]any{{"number": 1, "title": "lab issue", "state": "open"}})
}

// ---- Google APIs ----------------------------------------------------------

// googleStorageScopes are the scopes that allow listing objects.
var googleStorageScopes = []string{
	"https://www.googleapis.com/auth/devstorage.read_only",
	"https://www.googleapis.com/auth/devstorage.read_write",
	"https://www.googleapis.com/auth/devstorage.full_control",
	"https://www.googleapis.com/auth/cloud-platform.read-only",
	"https://www.googleapis.com/auth/cloud-platform",
}

func googleError(w http.ResponseWriter, code int, status, message string, details ...map[string]any) {
	e := map[string]any{"code": code, "message": message, "status": status}
	if len(details) > 0 {
		e["details"] = details
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	writeJSON(w, code, map[string]any{"error": e})
}

// googleStorage lists a bucket's objects: it accepts the lab's tokens as
// OAuth 2 access tokens and needs a storage or cloud-platform scope.
func (l *Lab) googleStorage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Server", "ESF")
	h.Set("Vary", "Origin, X-Origin, Referer")
	const realm = `Bearer realm="https://accounts.google.com/"`
	token, present, problem := bearerToken(r)
	if !present {
		h.Set("WWW-Authenticate", realm)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "The request has no OAuth 2 access token or other valid authentication credential.")
		return
	}
	var claims *labClaims
	if problem == nil {
		claims, problem = verifyToken(token, l.now)
	}
	if problem != nil {
		h.Set("WWW-Authenticate", realm+`, error="invalid_token"`)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "Request had invalid authentication credentials. "+problem.Description+".")
		return
	}
	for _, s := range googleStorageScopes {
		if hasScope(claims.Scope, s) {
			writeJSON(w, http.StatusOK, map[string]any{"kind": "storage#objects", "items": []any{}})
			return
		}
	}
	h.Set("WWW-Authenticate", fmt.Sprintf(`%s, error="insufficient_scope", scope=%q`, realm, strings.Join(googleStorageScopes, " ")))
	googleError(w, http.StatusForbidden, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", map[string]any{
		"@type":  "type.googleapis.com/google.rpc.ErrorInfo",
		"reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
		"domain": "googleapis.com",
		"metadata": map[string]string{
			"service": "storage.googleapis.com",
			"method":  "google.storage.v1.Storage.ListObjects",
		},
	})
}

// ---- Kubernetes API server ------------------------------------------------

// k8sRule grants verbs on resources in one namespace (a RoleBinding).
type k8sRule struct {
	Namespace string
	Resources []string
	Verbs     []string
}

var k8sBindings = map[string][]k8sRule{
	tokenSubject: {{Namespace: "default", Resources: []string{"pods", "services", "configmaps"}, Verbs: []string{"get", "list", "watch"}}},
}

var k8sKinds = map[string]string{"pods": "Pod", "services": "Service", "configmaps": "ConfigMap", "secrets": "Secret"}

func k8sStatus(w http.ResponseWriter, code int, reason, message string, details map[string]string) {
	s := map[string]any{
		"kind": "Status", "apiVersion": "v1", "metadata": map[string]any{},
		"status": "Failure", "message": message, "reason": reason, "code": code,
	}
	if details != nil {
		s["details"] = details
	}
	writeJSON(w, code, s)
}

// kubernetes authenticates the lab's tokens as OIDC tokens (user = sub),
// treats a request without credentials as system:anonymous, and authorises
// with the bindings above.
func (l *Lab) kubernetes(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Audit-Id", randomUUID())
	h.Set("Cache-Control", "no-cache, private")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Kubernetes-Pf-Flowschema-Uid", randomUUID())
	h.Set("X-Kubernetes-Pf-Prioritylevel-Uid", randomUUID())

	user := "system:anonymous"
	if token, present, problem := bearerToken(r); present {
		var claims *labClaims
		if problem == nil {
			claims, problem = verifyToken(token, l.now)
		}
		if problem != nil {
			k8sStatus(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized", nil)
			return
		}
		user = claims.Subject
	}

	ns, resource, name := r.PathValue("ns"), r.PathValue("resource"), r.PathValue("name")
	kind, known := k8sKinds[resource]
	if !known {
		k8sStatus(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource", nil)
		return
	}
	verb := map[string]string{
		http.MethodGet: "get", http.MethodPost: "create", http.MethodPut: "update",
		http.MethodPatch: "patch", http.MethodDelete: "delete",
	}[r.Method]
	if verb == "get" && name == "" {
		verb = "list"
	}
	allowed := false
	for _, rule := range k8sBindings[user] {
		if rule.Namespace == ns && slices.Contains(rule.Resources, resource) && slices.Contains(rule.Verbs, verb) {
			allowed = true
		}
	}
	if !allowed {
		subject := resource
		if name != "" {
			subject = fmt.Sprintf("%s %q", resource, name)
		}
		details := map[string]string{"kind": resource}
		if name != "" {
			details["name"] = name
		}
		k8sStatus(w, http.StatusForbidden, "Forbidden", fmt.Sprintf(
			`%s is forbidden: User %q cannot %s resource %q in API group "" in the namespace %q`,
			subject, user, verb, resource, ns), details)
		return
	}
	if name != "" {
		writeJSON(w, http.StatusOK, map[string]any{"kind": kind, "apiVersion": "v1", "metadata": map[string]string{"name": name, "namespace": ns}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": kind + "List", "apiVersion": "v1", "metadata": map[string]string{"resourceVersion": "1"}, "items": []any{}})
}

// ---- Akamai ---------------------------------------------------------------

// akamai is a property whose bot rule refuses HTTP libraries' default
// User-Agents.
func (l *Lab) akamai(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Server", "AkamaiGHost")
	if !isLibraryAgent(r.UserAgent()) {
		writeText(w, http.StatusOK, "text/plain; charset=utf-8", "product catalogue\n")
		return
	}
	now := l.now()
	ref := fmt.Sprintf("18.%s.%d.%s", randomHex(8), now.Unix(), randomHex(8))
	h.Set("Mime-Version", "1.0")
	h.Set("Expires", now.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "max-age=0, no-cache, no-store")
	writeText(w, http.StatusForbidden, "text/html", fmt.Sprintf(`<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>
The request for "%s" was refused by this server.<P>
Reference #%s
</BODY>
</HTML>
`, html.EscapeString("http://"+r.Host+r.URL.RequestURI()), ref))
}

// ---- F5 BIG-IP ASM --------------------------------------------------------

// f5 is an application behind an ASM policy in blocking mode: a violation
// gets the blocking page with status 200.
func (l *Lab) f5(w http.ResponseWriter, r *http.Request) {
	found, err := inspect(r)
	if err != nil {
		http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	if found.Kind == "" {
		writeText(w, http.StatusOK, "text/plain; charset=utf-8", "comment stored\n")
		return
	}
	w.Header().Set("Connection", "close")
	writeText(w, http.StatusOK, "text/html; charset=utf-8", fmt.Sprintf(`<html><head><title>Request Rejected</title></head>
<body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: %s</body></html>
`, randomDigits(19)))
}

// ---- Elasticsearch --------------------------------------------------------

// elasticsearchTypes are the media types a search body may have.
var elasticsearchTypes = []string{
	"application/json", "application/x-ndjson", "application/smile", "application/cbor",
	"application/yaml", "application/vnd.elasticsearch+json",
}

func (l *Lab) elasticsearch(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-elastic-product", "Elasticsearch")
	if r.ContentLength != 0 {
		ct := r.Header.Get("Content-Type")
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !slices.Contains(elasticsearchTypes, mt) {
			h.Set("Content-Type", "application/json; charset=UTF-8")
			writeJSON(w, http.StatusNotAcceptable, map[string]any{
				"error":  fmt.Sprintf("Content-Type header [%s] is not supported", ct),
				"status": http.StatusNotAcceptable,
			})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"took": 1, "timed_out": false,
		"hits": map[string]any{"total": map[string]any{"value": 0, "relation": "eq"}, "hits": []any{}},
	})
}

// ---- nginx with ssl_verify_client -----------------------------------------

func nginxPage(w http.ResponseWriter, status int, title, line string) {
	w.Header().Set("Server", "nginx")
	writeText(w, status, "text/html", fmt.Sprintf(`<html>
<head><title>%s</title></head>
<body>
<center><h1>%d %s</h1></center>
<center>%s</center>
<hr><center>nginx</center>
</body>
</html>
`, title, status, http.StatusText(status), line))
}

// mtls is a location behind client-certificate verification. On the
// 127.0.0.1 virtual host the certificate is optional in the handshake and
// required here, as nginx's "ssl_verify_client optional" with a check of
// the verification result; on the strict host the handshake already
// demands it.
func (l *Lab) mtls(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.TLS == nil:
		nginxPage(w, http.StatusBadRequest, "400 The plain HTTP request was sent to HTTPS port", "The plain HTTP request was sent to HTTPS port")
	case len(r.TLS.PeerCertificates) == 0:
		nginxPage(w, http.StatusBadRequest, "400 No required SSL certificate was sent", "No required SSL certificate was sent")
	default:
		w.Header().Set("Server", "nginx")
		c := r.TLS.PeerCertificates[0]
		writeJSON(w, http.StatusOK, map[string]string{
			"status": "accepted", "client": c.Subject.CommonName, "issuer": c.Issuer.CommonName,
			"not_after": c.NotAfter.UTC().Format("2006-01-02T15:04:05Z"),
		})
	}
}
