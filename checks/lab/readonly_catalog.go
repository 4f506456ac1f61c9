package lab

import (
	"fmt"
	"net/http"
	"strings"
)

// A read-only collection: 405 with Allow.

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
