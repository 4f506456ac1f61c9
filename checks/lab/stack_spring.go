package lab

import (
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Spring: CORS.

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
