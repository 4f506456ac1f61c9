package lab

import (
	"crypto/subtle"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// Routes for the causes beyond the common eleven. Each applies a real rule
// to the real request, in the manner of the server named, and accepts the
// request once the cause is removed.

// ---- Django: CSRF protection ----------------------------------------------

const (
	csrfCookieName = "csrftoken"
	csrfFieldName  = "csrfmiddlewaretoken"
	csrfHeaderName = "X-CSRFToken"
	csrfSecretLen  = 32
	csrfChars      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	djangoSession  = "sessionid"
	djangoLoginURL = "/django/accounts/login/"
)

// labSessionID is the one session the Django-style site knows (a user who
// logged in earlier); stable, so that Catalogue can name it.
var labSessionID = stableToken("why403 lab: Django-style session", 32, "abcdefghijklmnopqrstuvwxyz0123456789")

// labCSRFSecret is the CSRF secret of the scenario's browser: the value of
// its csrftoken cookie. Django's check is stateless (the cookie against
// the submitted token), so any well-formed secret works.
var labCSRFSecret = stableToken("why403 lab: Django-style CSRF secret", csrfSecretLen, csrfChars)

// stableToken derives n characters of alphabet from label.
func stableToken(label string, n int, alphabet string) string {
	b := make([]byte, n)
	key := deriveKey(label)
	for i := range b {
		b[i] = alphabet[int(key[i%len(key)]+byte(i/len(key)))%len(alphabet)]
	}
	return string(b)
}

// csrfMask hides secret behind mask as Django's masked form tokens do: each
// character shifted by the mask's, so every page gets another token.
func csrfMask(secret, mask string) string {
	out := make([]byte, len(secret))
	for i := range out {
		out[i] = csrfChars[(strings.IndexByte(csrfChars, secret[i])+strings.IndexByte(csrfChars, mask[i]))%len(csrfChars)]
	}
	return mask + string(out)
}

// csrfUnmask recovers the secret from a 64-character masked token.
func csrfUnmask(token string) string {
	mask, cipher := token[:csrfSecretLen], token[csrfSecretLen:]
	out := make([]byte, csrfSecretLen)
	n := len(csrfChars)
	for i := range out {
		out[i] = csrfChars[((strings.IndexByte(csrfChars, cipher[i])-strings.IndexByte(csrfChars, mask[i]))%n+n)%n]
	}
	return string(out)
}

func randomCSRFString(n int) string {
	b := randomBytes(n)
	for i := range b {
		b[i] = csrfChars[int(b[i])%len(csrfChars)]
	}
	return string(b)
}

// csrfFormatProblem says what is wrong with the shape of a secret or a
// token, or "" when it is well formed.
func csrfFormatProblem(s string) string {
	if len(s) != csrfSecretLen && len(s) != 2*csrfSecretLen {
		return "has incorrect length"
	}
	if strings.Trim(s, csrfChars) != "" {
		return "has invalid characters"
	}
	return ""
}

// csrfRejection is why the middleware refuses a request, or "".
func csrfRejection(r *http.Request) string {
	// An Origin header, when sent, must be the site's own.
	if origin := r.Header.Get("Origin"); origin != "" {
		if origin != "http://"+r.Host && origin != "https://"+r.Host {
			return fmt.Sprintf("Origin checking failed - %s does not match any trusted origins.", origin)
		}
	}
	c, err := r.Cookie(csrfCookieName)
	if err != nil {
		return "CSRF cookie not set."
	}
	secret := c.Value
	if p := csrfFormatProblem(secret); p != "" {
		return "CSRF cookie " + p + "."
	}
	if len(secret) == 2*csrfSecretLen {
		secret = csrfUnmask(secret)
	}
	source := "POST"
	token := r.PostFormValue(csrfFieldName)
	if token == "" {
		token = r.Header.Get(csrfHeaderName)
		source = "the '" + csrfHeaderName + "' HTTP header"
	}
	if token == "" {
		return "CSRF token missing."
	}
	if p := csrfFormatProblem(token); p != "" {
		return "CSRF token from " + source + " " + p + "."
	}
	if len(token) == 2*csrfSecretLen {
		token = csrfUnmask(token)
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(secret)) != 1 {
		return "CSRF token from " + source + " incorrect."
	}
	return ""
}

func djangoHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Vary", "Cookie")
}

// djangoProfile is a profile form behind Django's CSRF middleware and a
// login: unsafe methods need the csrftoken cookie and the same secret in
// the form field or the X-CSRFToken header; the view needs a session.
func (l *Lab) djangoProfile(w http.ResponseWriter, r *http.Request) {
	djangoHeaders(w)
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
	default:
		if reason := csrfRejection(r); reason != "" {
			_, noCookie := r.Cookie(csrfCookieName)
			writeText(w, http.StatusForbidden, "text/html; charset=utf-8", csrfFailurePage(reason, noCookie != nil))
			return
		}
	}
	if c, err := r.Cookie(djangoSession); err != nil || c.Value != labSessionID {
		http.Redirect(w, r, djangoLoginURL+"?next="+url.QueryEscape(r.URL.Path), http.StatusFound)
		return
	}
	if r.Method == http.MethodPost {
		name := r.PostFormValue("display_name")
		writeText(w, http.StatusOK, "text/html; charset=utf-8", fmt.Sprintf(
			"<!doctype html>\n<html><head><title>Profile saved</title></head><body><p>Profile saved: %s.</p></body></html>\n", html.EscapeString(name)))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, POST, HEAD, OPTIONS")
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	secret := labCSRFSecret
	if c, err := r.Cookie(csrfCookieName); err == nil && csrfFormatProblem(c.Value) == "" {
		secret = c.Value
		if len(secret) == 2*csrfSecretLen {
			secret = csrfUnmask(secret)
		}
	} else {
		secret = randomCSRFString(csrfSecretLen)
		http.SetCookie(w, &http.Cookie{Name: csrfCookieName, Value: secret, Path: "/", MaxAge: 31449600, SameSite: http.SameSiteLaxMode})
	}
	writeText(w, http.StatusOK, "text/html; charset=utf-8", fmt.Sprintf(`<!doctype html>
<html><head><title>Your profile</title></head><body>
<form method="post">
<input type="hidden" name="%s" value="%s">
<label>Display name <input name="display_name" value="Ada"></label>
<button>Save</button>
</form>
</body></html>
`, csrfFieldName, csrfMask(secret, randomCSRFString(csrfSecretLen))))
}

// csrfFailurePage is the page Django's CSRF failure view renders with
// DEBUG on; the wording is the lab's.
func csrfFailurePage(reason string, noCookie bool) string {
	cookieNote := ""
	if noCookie {
		cookieNote = "\n  <p>This site needs a CSRF cookie when a form is submitted, to be sure the request comes from its own pages. Your browser did not send one: if cookies are turned off, allow them for this site, at least for same-site requests.</p>"
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>403 Forbidden</title>
</head>
<body>
<div id="summary">
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>%s
</div>
<div id="info">
  <h2>Help</h2>
  <p>Reason given for failure:</p>
  <pre>
    %s
  </pre>
  <p>A form that posts here must carry the token from the csrftoken cookie in the %s field (or, from JavaScript, in the %s header), and the browser must send the cookie with it.</p>
</div>
</body>
</html>
`, cookieNote, html.EscapeString(reason), csrfFieldName, csrfHeaderName)
}

// ---- Spring: CORS ---------------------------------------------------------

// springAllowedOrigins is the endpoint's @CrossOrigin configuration.
var (
	springAllowedOrigins = []string{"https://app.why403.test"}
	springAllowedMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost}
)

// springReports is a controller behind Spring's CORS processing: a request
// whose Origin is another origin than the request's own is a CORS request
// and must come from an allowed origin.
func (l *Lab) springReports(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	origin := r.Header.Get("Origin")
	preflight := r.Method == http.MethodOptions && origin != "" && r.Header.Get("Access-Control-Request-Method") != ""
	for _, v := range []string{"Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"} {
		h.Add("Vary", v)
	}
	if origin != "" && !sameOrigin(origin, r) {
		method := r.Method
		if preflight {
			method = r.Header.Get("Access-Control-Request-Method")
		}
		if !slices.Contains(springAllowedOrigins, origin) || !slices.Contains(springAllowedMethods, method) {
			// Spring writes the bare words, with no media type.
			h["Content-Type"] = nil
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("Invalid CORS request"))
			return
		}
		h.Set("Access-Control-Allow-Origin", origin)
		if preflight {
			h.Set("Access-Control-Allow-Methods", strings.Join(springAllowedMethods, ","))
			if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
				h.Set("Access-Control-Allow-Headers", req)
			}
			h.Set("Access-Control-Max-Age", "1800")
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	if !slices.Contains(springAllowedMethods, r.Method) {
		h.Set("Allow", strings.Join(springAllowedMethods, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"status": 405, "error": "Method Not Allowed", "path": r.URL.Path})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": []map[string]string{{"id": "q1", "title": "First quarter"}}})
}

// sameOrigin reports whether origin is the request's own scheme, host and
// port, which makes it no CORS request.
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return u.Scheme == scheme && strings.EqualFold(withDefaultPort(u.Host, u.Scheme), withDefaultPort(r.Host, scheme))
}

func withDefaultPort(hostport, scheme string) string {
	if _, _, err := net.SplitHostPort(hostport); err == nil {
		return hostport
	}
	if scheme == "https" {
		return net.JoinHostPort(strings.Trim(hostport, "[]"), "443")
	}
	return net.JoinHostPort(strings.Trim(hostport, "[]"), "80")
}

// ---- A canonical host name: the redirect that drops Authorization --------

// canonicalName is the service's canonical host name; requests by address
// are redirected to it, on the same port.
const canonicalName = "localhost"

// canonicalOrders is the order API under its canonical name: a request to
// another name (the address) is redirected there; by that name the Bearer
// JWT is required.
func (l *Lab) canonicalOrders(w http.ResponseWriter, r *http.Request) {
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = r.Host, ""
	}
	if !strings.EqualFold(host, canonicalName) {
		target := "http://" + canonicalName
		if r.TLS != nil {
			target = "https://" + canonicalName
		}
		if port != "" {
			target += ":" + port
		}
		w.Header().Set("Server", "nginx")
		w.Header().Set("Location", target+r.URL.RequestURI())
		nginxStatusPage(w, http.StatusFound)
		return
	}
	claims, ok := l.authorize(w, r, "orders:read")
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": labOrders, "subject": claims.Subject, "host": r.Host})
}

// ---- nginx and Apache: the server itself forbids the path -----------------

// staticTree is a document root: directories end in "/", and a directory
// serves its index.html when it has one.
type staticTree map[string]string

var (
	nginxRoot = staticTree{
		"/":                 "",
		"/css/":             "",
		"/css/site.css":     "body{font-family:sans-serif}\n",
		"/docs/":            "",
		"/docs/index.html":  "<!doctype html><title>Lab docs</title><p>Lab documentation.</p>\n",
		"/img/":             "",
		"/img/logo.svg":     `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>` + "\n",
		"/downloads/":       "",
		"/downloads/v1.zip": "PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
	}
	apacheRoot = staticTree{
		"/":                     "",
		"/reports/":             "",
		"/reports/2031-q1.html": "<!doctype html><title>Q1</title><p>First quarter.</p>\n",
		"/manual/":              "",
		"/manual/index.html":    "<!doctype html><title>Manual</title><p>The lab manual.</p>\n",
	}
)

// lookup resolves a path in the tree: the body to serve, whether it is a
// directory with no index, whether a directory was asked for without its
// slash, and whether it exists.
func (t staticTree) lookup(p string) (body string, noIndex, needSlash, found bool) {
	if _, isDir := t[p+"/"]; isDir && !strings.HasSuffix(p, "/") {
		return "", false, true, true
	}
	if strings.HasSuffix(p, "/") {
		if _, isDir := t[p]; !isDir {
			return "", false, false, false
		}
		if idx, ok := t[p+"index.html"]; ok {
			return idx, false, false, true
		}
		return "", true, false, true
	}
	body, found = t[p]
	return body, false, false, found
}

func (l *Lab) errorLog(format string, args ...any) {
	if l.logw != nil {
		fmt.Fprintf(l.logw, format+"\n", args...)
	}
}

// nginxStatusPage is nginx's built-in page for a status without detail.
func nginxStatusPage(w http.ResponseWriter, status int) {
	w.Header().Set("Server", "nginx")
	text := fmt.Sprintf("%d %s", status, http.StatusText(status))
	if status == http.StatusFound {
		text = "302 Found"
	}
	writeText(w, status, "text/html", fmt.Sprintf(`<html>
<head><title>%s</title></head>
<body>
<center><h1>%s</h1></center>
<hr><center>nginx</center>
</body>
</html>
`, text, text))
}

// nginxStatic is a location served from a document root with autoindex
// off: a directory without an index file is forbidden.
func (l *Lab) nginxStatic(w http.ResponseWriter, r *http.Request) {
	p := "/" + r.PathValue("path")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		nginxStatusPage(w, http.StatusMethodNotAllowed)
		return
	}
	body, noIndex, needSlash, found := nginxRoot.lookup(p)
	switch {
	case needSlash:
		w.Header().Set("Location", "http://"+r.Host+r.URL.Path+"/")
		nginxStatusPage(w, http.StatusMovedPermanently)
	case !found:
		nginxStatusPage(w, http.StatusNotFound)
	case noIndex:
		l.errorLog(`[error] directory index of "/srv/lab/static%s" is forbidden, client: %s, server: lab, request: "%s %s %s", host: "%s"`,
			p, clientAddr(r), r.Method, r.URL.RequestURI(), r.Proto, r.Host)
		nginxStatusPage(w, http.StatusForbidden)
	default:
		w.Header().Set("Server", "nginx")
		writeText(w, http.StatusOK, staticType(p), body)
	}
}

const apacheVersion = "Apache/2.4.62 (Debian)"

// apachePage is httpd's built-in error page; the signature line names the
// server, the host and the port, as with ServerSignature On.
func apachePage(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = r.Host, "80"
	}
	w.Header().Set("Server", apacheVersion)
	writeText(w, status, "text/html; charset=iso-8859-1", fmt.Sprintf(`<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>%d %s</title>
</head><body>
<h1>%s</h1>
<p>%s</p>
<hr>
<address>%s Server at %s Port %s</address>
</body></html>
`, status, title, title, text, apacheVersion, html.EscapeString(host), html.EscapeString(port)))
}

// apacheFiles is a directory with "Options -Indexes": a directory without
// DirectoryIndex file is forbidden (error log AH01276).
func (l *Lab) apacheFiles(w http.ResponseWriter, r *http.Request) {
	p := "/" + r.PathValue("path")
	body, noIndex, needSlash, found := apacheRoot.lookup(p)
	switch {
	case needSlash:
		w.Header().Set("Location", "http://"+r.Host+r.URL.Path+"/")
		apachePage(w, r, http.StatusMovedPermanently, "Moved Permanently",
			`The document has moved <a href="`+html.EscapeString("http://"+r.Host+r.URL.Path+"/")+`">here</a>.`)
	case !found:
		apachePage(w, r, http.StatusNotFound, "Not Found", "The requested URL was not found on this server.")
	case noIndex:
		l.errorLog(`[autoindex:error] [client %s] AH01276: Cannot serve directory /var/www/lab%s: No matching DirectoryIndex (index.html) found, and server-generated directory index forbidden by Options directive`,
			clientAddr(r), p)
		apachePage(w, r, http.StatusForbidden, "Forbidden", "You don't have permission to access this resource.")
	default:
		w.Header().Set("Server", apacheVersion)
		writeText(w, http.StatusOK, staticType(p), body)
	}
}

func staticType(p string) string {
	switch {
	case strings.HasSuffix(p, ".css"):
		return "text/css"
	case strings.HasSuffix(p, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(p, ".zip"):
		return "application/zip"
	}
	return "text/html"
}

// ---- A read-only collection: 405 with Allow -------------------------------

var catalogMethods = []string{http.MethodGet, http.MethodHead, http.MethodOptions}

// catalogProducts is a read-only collection: other methods get 405 with
// the Allow header and an RFC 9457 problem document.
func (l *Lab) catalogProducts(w http.ResponseWriter, r *http.Request) {
	allow := strings.Join(catalogMethods, ", ")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		writeJSON(w, http.StatusOK, map[string]any{"products": []map[string]any{
			{"id": "p-1", "name": "beaker", "price": 4.5}, {"id": "p-2", "name": "burette", "price": 19},
		}})
	case http.MethodOptions:
		w.Header().Set("Allow", allow)
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", allow)
		w.Header().Set("Content-Type", "application/problem+json")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{
			"type": "about:blank", "title": "Method Not Allowed", "status": http.StatusMethodNotAllowed,
			"detail":   fmt.Sprintf("Method '%s' is not supported.", r.Method),
			"instance": r.URL.Path,
		})
	}
}

// ---- Cloudflare: direct IP access -----------------------------------------

// cloudflareDirect is a zone reached through Cloudflare's edge: a request
// whose Host is an address, not a host name, names no zone (1003).
func (l *Lab) cloudflareDirect(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		cloudflareBlock(w, r, cfError{
			Code: 1003, Name: "direct_ip_access_not_allowed", Title: "Direct IP access not allowed | Cloudflare",
			Headline:    "Direct IP access not allowed",
			Explanation: fmt.Sprintf("You reached Cloudflare's network by the address %s. This address serves many websites; send the site's host name in the URL (and the Host header) instead.", host),
		})
		return
	}
	cloudflarePass(w, "welcome to "+host+"\n")
}

// ---- Google APIs: a service not enabled for the project -------------------

const (
	googleProject      = "123456"
	googleOtherProject = "654321"
)

// googleEnabled lists the services each project has enabled. The lab's
// tokens belong to project 123456, which has not enabled translation.
var googleEnabled = map[string][]string{
	googleProject:      {"storage.googleapis.com"},
	googleOtherProject: {"storage.googleapis.com", "translate.googleapis.com"},
}

// googleTranslate answers as the Cloud Translation API: it authenticates
// the token, finds the consumer project (the token's, or the one named by
// X-Goog-User-Project) and refuses when the service is not enabled there.
func (l *Lab) googleTranslate(w http.ResponseWriter, r *http.Request) {
	const service = "translate.googleapis.com"
	h := w.Header()
	h.Set("Server", "ESF")
	h.Set("Vary", "Origin, X-Origin, Referer")
	token, present, problem := bearerToken(r)
	if !present {
		h.Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "The request has no OAuth 2 access token or other valid authentication credential.")
		return
	}
	if problem == nil {
		_, problem = verifyToken(token, l.now)
	}
	if problem != nil {
		h.Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "Request had invalid authentication credentials. "+problem.Description+".")
		return
	}
	project := googleProject
	if p := r.Header.Get("X-Goog-User-Project"); p != "" {
		if _, known := googleEnabled[p]; !known {
			googleError(w, http.StatusForbidden, "PERMISSION_DENIED", fmt.Sprintf("Caller does not have required permission to use project %s.", p),
				map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "USER_PROJECT_DENIED", "domain": "googleapis.com",
					"metadata": map[string]string{"service": service, "consumer": "projects/" + p}})
			return
		}
		project = p
	}
	if !slices.Contains(googleEnabled[project], service) {
		activation := "https://console.developers.google.com/apis/api/" + service + "/overview?project=" + project
		googleError(w, http.StatusForbidden, "PERMISSION_DENIED", fmt.Sprintf(
			"Cloud Translation API has not been used in project %s before or it is disabled. Enable it at %s and retry; a newly enabled API can take a few minutes to reach every server.",
			project, activation),
			map[string]any{
				"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED", "domain": "googleapis.com",
				"metadata": map[string]string{
					"service": service, "serviceTitle": "Cloud Translation API", "consumer": "projects/" + project,
					"activationUrl": activation, "containerInfo": project,
				},
			},
			map[string]any{
				"@type": "type.googleapis.com/google.rpc.Help",
				"links": []map[string]string{{"description": "Google developers console API activation", "url": activation}},
			})
		return
	}
	q := r.URL.Query().Get("q")
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"translations": []map[string]string{
		{"translatedText": "[" + r.URL.Query().Get("target") + "] " + q, "detectedSourceLanguage": "en"},
	}}})
}

// ---- Cloudflare: Browser Integrity Check ----------------------------------

// cloudflareBIC is a zone with the Browser Integrity Check on: a request
// with no User-Agent, or the default one of an HTTP library, carries no
// browser signature and is refused with 1010.
func (l *Lab) cloudflareBIC(w http.ResponseWriter, r *http.Request) {
	ua := r.Header.Get("User-Agent")
	if strings.TrimSpace(ua) == "" || isLibraryAgent(ua) {
		shown := ua
		if shown == "" {
			shown = "none"
		}
		cloudflareBlock(w, r, cfError{
			Code: 1010, Name: "browser_signature_banned", Title: restrictTitle(r),
			Headline:    "Access denied",
			Explanation: fmt.Sprintf("The owner of this website (%s) has banned your access based on your browser's signature (User-Agent: %s).", r.Host, shown),
		})
		return
	}
	cloudflarePass(w, "welcome\n")
}

// ---- CloudFront: a host name that is not an alternate domain name ---------

// cloudfrontDomains are the names the lab's distribution answers to: its
// own cloudfront.net name and the alternate domain names (CNAMEs) its
// owner configured. www.why403.test points at it in DNS but was never
// added, the mistake this scenario reproduces.
var cloudfrontDomains = []string{"d1lab0example.cloudfront.net", "cdn.why403.test"}

// cloudfrontApp serves as a distribution does: it picks its configuration
// by the Host header and refuses a name it does not know with its "Bad
// request" page.
func (l *Lab) cloudfrontApp(w http.ResponseWriter, r *http.Request) {
	cfID := cloudfrontHeaders(w)
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if slices.Contains(cloudfrontDomains, strings.ToLower(host)) {
		w.Header().Set("X-Cache", "Miss from cloudfront")
		writeText(w, http.StatusOK, "application/javascript", "console.log(\"app\");\n")
		return
	}
	cloudfrontError(w, cfID, "Bad request.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.")
}
