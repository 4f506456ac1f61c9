package lab

import (
	"net"
	"net/http"
	"strings"
)

// A canonical host name: the redirect that drops Authorization.

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
