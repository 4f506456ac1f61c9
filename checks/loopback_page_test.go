package checks

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// judgePage serves one page on loopback with the given headers and status,
// sends GET path to it with the probe and judges the exchange: the whole
// path a block page takes, from the socket to the report.
func judgePage(t *testing.T, hdr map[string]string, contentType string, status int, body, path string) Report {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range hdr {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	req := probe.NewRequest(srv.URL + path)
	ex := probe.Send(context.Background(), req)
	if ex.Err != nil {
		t.Fatal(ex.Err)
	}
	return Run(Evidence{Request: req, Exchange: ex, Now: time.Now()})
}
