package lab

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
)

// Elasticsearch.

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
