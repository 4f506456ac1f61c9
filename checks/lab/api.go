package lab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
)

// routes maps the lab's paths: first its own API (RFC 6750 Bearer tokens,
// a token bucket, an allow list, a licensing region, a JSON endpoint), then
// routes that behave as a named vendor's servers do.
func (l *Lab) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", l.index)

	mux.HandleFunc("GET /api/orders", l.listOrders)
	mux.HandleFunc("POST /api/orders", l.createOrder)
	mux.HandleFunc("GET /api/orders/{id}", l.getOrder)
	mux.HandleFunc("DELETE /api/orders/{id}", l.deleteOrder)
	mux.HandleFunc("POST /api/feedback", l.feedback)
	mux.HandleFunc("GET /api/export", l.exportReport)
	mux.HandleFunc("GET /api/search", l.searchCatalogue)
	mux.HandleFunc("GET /bytes", l.bytesBody)
	mux.HandleFunc("/admin/", l.admin)
	mux.HandleFunc("GET /media/{path...}", l.media)

	mux.HandleFunc("/k8s/api/v1/namespaces/{ns}/{resource}", l.kubernetes)
	mux.HandleFunc("/k8s/api/v1/namespaces/{ns}/{resource}/{name}", l.kubernetes)
	mux.HandleFunc("/aws/iam/{path...}", l.awsIAM)
	mux.HandleFunc("/github/user", l.githubUser)
	mux.HandleFunc("/github/repos/{owner}/{repo}/issues", l.githubIssues)
	mux.HandleFunc("/google/storage/v1/b/{bucket}/o", l.googleStorage)
	mux.HandleFunc("/cf/waf/{path...}", l.cloudflareWAF)
	mux.HandleFunc("/cf/ipban/{path...}", l.cloudflareIPBan)
	mux.HandleFunc("/cf/geo/{path...}", l.cloudflareGeo)
	mux.HandleFunc("/cloudfront/{path...}", l.cloudfront)
	mux.HandleFunc("/akamai/{path...}", l.akamai)
	mux.HandleFunc("/f5/{path...}", l.f5)
	mux.HandleFunc("/es/{index}/_search", l.elasticsearch)
	mux.HandleFunc("/mtls/{path...}", l.mtls)

	// Causes beyond the common eleven (stack_*.go, vendor_*.go, s3.go; the proxy is in
	// front of this mux, proxy.go).
	mux.HandleFunc("/django/account/profile/", l.djangoProfile)
	mux.HandleFunc("/spring/api/reports", l.springReports)
	mux.HandleFunc("/s3/"+s3Bucket+"/{key...}", l.s3Object)
	mux.HandleFunc("/shop/api/orders", l.canonicalOrders)
	mux.HandleFunc("/nginx/static/{path...}", l.nginxStatic)
	mux.HandleFunc("/apache/files/{path...}", l.apacheFiles)
	mux.HandleFunc("/catalog/products", l.catalogProducts)
	mux.HandleFunc("/cf/direct/{path...}", l.cloudflareDirect)
	mux.HandleFunc("/cf/bic/{path...}", l.cloudflareBIC)
	mux.HandleFunc("/cloudfront-app/{path...}", l.cloudfrontApp)
	mux.HandleFunc("/google/translate/v2", l.googleTranslate)
	return mux
}

// The lab's configuration: what its allow list admits, where it places
// clients and which countries its licences exclude. Loopback is placed in
// Antarctica, a country no real service would mind being named. Each is
// made on first use, not at the start of every why403 command.
var (
	adminAllowList   = sync.OnceValue(func() netip.Prefix { return netip.MustParsePrefix("10.20.0.0/16") })
	bannedPrefixes   = sync.OnceValue(func() []netip.Prefix { return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	blockedCountries = sync.OnceValue(func() map[string]bool { return map[string]bool{"AQ": true} })
)

// searchBurst is how many searches a client may make at once.
const searchBurst = 5

// clientAddr is the address the connection really comes from. No header
// (X-Forwarded-For, Forwarded) can change it: the lab has no proxy in front.
func clientAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap()
}

// countryOf is the lab's geolocation table.
func countryOf(a netip.Addr) string {
	if a.IsLoopback() {
		return "AQ"
	}
	return "ZZ"
}

// writeJSON answers with v as JSON; a Content-Type already set (with a
// vendor's charset) is kept. Markup stays unescaped, as most servers send it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "encoding the response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func writeText(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// authorize checks the Bearer token and the scope the route needs, and
// writes the RFC 6750 refusal when either fails.
func (l *Lab) authorize(w http.ResponseWriter, r *http.Request, scope string) (*labClaims, bool) {
	token, present, problem := bearerToken(r)
	if problem == nil && !present {
		// No credentials for this scheme: a bare challenge, no error code
		// (RFC 6750 section 3.1).
		problem = &bearerProblem{Status: http.StatusUnauthorized}
	}
	var claims *labClaims
	if problem == nil {
		claims, problem = verifyToken(token, l.now)
	}
	if problem == nil && !hasScope(claims.Scope, scope) {
		problem = &bearerProblem{Status: http.StatusForbidden, Code: "insufficient_scope",
			Description: "The request requires higher privileges than provided by the access token", Scope: scope}
	}
	if problem == nil {
		return claims, true
	}
	w.Header().Set("WWW-Authenticate", problem.challenge("lab"))
	w.Header().Set("Cache-Control", "no-store")
	if problem.Code == "" {
		writeJSON(w, problem.Status, map[string]string{
			"message": "Authentication required: send Authorization: Bearer <token>",
		})
		return nil, false
	}
	body := map[string]string{"error": problem.Code, "error_description": problem.Description}
	if problem.Scope != "" {
		body["scope"] = problem.Scope
	}
	writeJSON(w, problem.Status, body)
	return nil, false
}

type order struct {
	ID    string `json:"id"`
	Item  string `json:"item"`
	Qty   int    `json:"qty"`
	State string `json:"state"`
}

var labOrders = []order{
	{ID: "1001", Item: "lab coat", Qty: 1, State: "shipped"},
	{ID: "1002", Item: "test tubes", Qty: 12, State: "open"},
}

func (l *Lab) listOrders(w http.ResponseWriter, r *http.Request) {
	claims, ok := l.authorize(w, r, "orders:read")
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": labOrders, "subject": claims.Subject})
}

func (l *Lab) getOrder(w http.ResponseWriter, r *http.Request) {
	if _, ok := l.authorize(w, r, "orders:read"); !ok {
		return
	}
	for _, o := range labOrders {
		if o.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, o)
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "not_found", "message": "no such order"})
}

func (l *Lab) deleteOrder(w http.ResponseWriter, r *http.Request) {
	if _, ok := l.authorize(w, r, "orders:write"); !ok {
		return
	}
	// The lab keeps no state: a deletion is acknowledged, not performed.
	w.WriteHeader(http.StatusNoContent)
}

func (l *Lab) createOrder(w http.ResponseWriter, r *http.Request) {
	if _, ok := l.authorize(w, r, "orders:write"); !ok {
		return
	}
	body, ok := readJSONBody(w, r)
	if !ok {
		return
	}
	var o order
	if err := json.Unmarshal(body, &o); err != nil || o.Item == "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": `an order needs "item" and "qty"`})
		return
	}
	o.ID, o.State = "1003", "open"
	writeJSON(w, http.StatusCreated, o)
}

// feedback takes JSON only, and says so when the media type is another.
func (l *Lab) feedback(w http.ResponseWriter, r *http.Request) {
	if _, ok := readJSONBody(w, r); !ok {
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"status": "received"})
}

// readJSONBody parses the Content-Type and reads a JSON body, answering
// 415 for another media type and 400 for a body that is not JSON.
func readJSONBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	ct := r.Header.Get("Content-Type")
	refuse := func(msg string) ([]byte, bool) {
		w.Header().Set("Accept-Post", "application/json")
		writeJSON(w, http.StatusUnsupportedMediaType, map[string]string{"error": msg})
		return nil, false
	}
	if ct == "" {
		return refuse("Content-Type is missing; send application/json")
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return refuse(fmt.Sprintf("Content-Type %q cannot be parsed; send application/json", ct))
	}
	if mediaType != "application/json" && !strings.HasSuffix(mediaType, "+json") {
		return refuse(fmt.Sprintf("Content-Type %s is not supported; send application/json", mediaType))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return refuse(fmt.Sprintf("charset %s is not supported; send UTF-8", cs))
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "reading the body: " + err.Error()})
		return nil, false
	}
	if !json.Valid(body) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "the body is not valid JSON"})
		return nil, false
	}
	return body, true
}

// exportReport is an expensive report behind a quota of one per hour;
// every client starts with it spent.
func (l *Lab) exportReport(w http.ResponseWriter, r *http.Request) {
	d := l.export.take(clientAddr(r).String(), l.now())
	l.export.setIETFHeaders(w.Header(), d)
	if !d.Allowed {
		w.Header().Set("Retry-After", ceilSeconds(d.RetryAfter))
		writeJSON(w, http.StatusTooManyRequests, map[string]string{
			"error":   "rate_limited",
			"message": fmt.Sprintf("Too many requests: exports are limited to 1 per hour; retry in %s s", ceilSeconds(d.RetryAfter)),
		})
		return
	}
	writeText(w, http.StatusOK, "text/csv", "id,item,qty\n1001,lab coat,1\n1002,test tubes,12\n")
}

// searchCatalogue allows a burst of searchBurst per client, refilled over
// a minute.
func (l *Lab) searchCatalogue(w http.ResponseWriter, r *http.Request) {
	d := l.search.take(clientAddr(r).String(), l.now())
	l.search.setIETFHeaders(w.Header(), d)
	if !d.Allowed {
		w.Header().Set("Retry-After", ceilSeconds(d.RetryAfter))
		writeJSON(w, http.StatusTooManyRequests, map[string]string{
			"error":   "rate_limited",
			"message": fmt.Sprintf("Too many requests: %d searches per minute; retry in %s s", searchBurst, ceilSeconds(d.RetryAfter)),
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"query": r.URL.Query().Get("q"), "results": []string{}})
}

// admin is an internal console open to the office network only, judged on
// the connection's address.
func (l *Lab) admin(w http.ResponseWriter, r *http.Request) {
	a := clientAddr(r)
	if !adminAllowList().Contains(a) {
		writeText(w, http.StatusForbidden, "text/plain; charset=utf-8",
			fmt.Sprintf("403 Forbidden: Your IP %s is not in the allow list.\n", a))
		return
	}
	writeText(w, http.StatusOK, "text/plain; charset=utf-8", "lab admin console\n")
}

// media is a streaming catalogue whose licences exclude some countries: it
// answers 451 (RFC 7725) and names who requires the block.
func (l *Lab) media(w http.ResponseWriter, r *http.Request) {
	country := countryOf(clientAddr(r))
	if blockedCountries()[country] {
		w.Header().Set("Link", `<https://lab.why403.invalid/licensing>; rel="blocked-by"`)
		writeText(w, http.StatusUnavailableForLegalReasons, "text/html; charset=utf-8", fmt.Sprintf(`<!doctype html>
<html><head><title>451 Unavailable For Legal Reasons</title></head>
<body><h1>Unavailable For Legal Reasons</h1>
<p>This title is not available in your country (%s): our licence for it does not cover your region.</p>
</body></html>
`, country))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"title": r.PathValue("path"), "stream": "/media/stream.m3u8"})
}
