package checks_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/corazawaf/coraza-coreruleset/v4"
	"github.com/corazawaf/coraza/v3"
	txhttp "github.com/corazawaf/coraza/v3/http"
	"github.com/corazawaf/coraza/v3/types"
)

// corazaDirectives is how a real Coraza (or ModSecurity v3) deployment
// loads the OWASP Core Rule Set: the recommended engine settings, the CRS
// setup (paranoia level 1, inbound anomaly threshold 5), every rule file,
// and the engine switched from DetectionOnly to blocking.
const corazaDirectives = `
Include @coraza.conf-recommended
Include @crs-setup.conf.example
Include @owasp_crs/*.conf
SecRuleEngine On
`

// nginx403 is the page nginx serves for a 403 (ngx_http_error_403_page and
// ngx_http_error_tail, server_tokens off): what a client of nginx with
// ModSecurity or Coraza sees when the WAF denies a request.
const nginx403 = "<html>\r\n" +
	"<head><title>403 Forbidden</title></head>\r\n" +
	"<body>\r\n" +
	"<center><h1>403 Forbidden</h1></center>\r\n" +
	"<hr><center>nginx</center>\r\n" +
	"</body>\r\n" +
	"</html>\r\n"

var (
	corazaOnce sync.Once
	corazaWAF  coraza.WAF
	corazaErr  error
	corazaLoad time.Duration

	// corazaMatched holds the IDs of the logged rules that matched since
	// the last corazaRules call: what the audit log would name.
	corazaMu      sync.Mutex
	corazaMatched []int
)

// corazaRules returns and clears the rule IDs matched since the last call.
func corazaRules() []int {
	corazaMu.Lock()
	defer corazaMu.Unlock()
	ids := corazaMatched
	corazaMatched = nil
	return ids
}

// corazaCRS builds the WAF once per test binary: parsing and compiling CRS
// takes a moment.
func corazaCRS(t *testing.T) coraza.WAF {
	t.Helper()
	corazaOnce.Do(func() {
		start := time.Now()
		corazaWAF, corazaErr = coraza.NewWAF(coraza.NewWAFConfig().
			WithRootFS(coreruleset.FS).
			WithErrorCallback(func(mr types.MatchedRule) {
				corazaMu.Lock()
				defer corazaMu.Unlock()
				corazaMatched = append(corazaMatched, mr.Rule().ID())
			}).
			WithDirectives(corazaDirectives))
		corazaLoad = time.Since(start)
	})
	if corazaErr != nil {
		t.Fatalf("loading Coraza with the OWASP CRS: %v", corazaErr)
	}
	t.Logf("Coraza + OWASP CRS loaded in %v", corazaLoad.Round(time.Millisecond))
	return corazaWAF
}

// nginxFace makes a Go server look like nginx: Server: nginx on every
// response, and nginx's own 403 page when the WAF denied the request. The
// WAF middleware only sets the status of an interrupted transaction (no
// body), so the 403 it writes is replaced here by nginx's page; the
// decision stays Coraza's (the backend never answers 403).
type nginxFace struct {
	http.ResponseWriter
	wrote bool
}

func (w *nginxFace) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if code != http.StatusForbidden {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	h := w.ResponseWriter.Header()
	for k := range h {
		delete(h, k)
	}
	h.Set("Server", "nginx")
	h.Set("Content-Type", "text/html")
	h.Set("Connection", "keep-alive")
	w.ResponseWriter.WriteHeader(code)
	_, _ = w.ResponseWriter.Write([]byte(nginx403))
}

func (w *nginxFace) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

func (w *nginxFace) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// startCorazaServer serves a JSON API on 127.0.0.1 behind Coraza + CRS,
// dressed as nginx.
func startCorazaServer(t *testing.T) string {
	t.Helper()
	waf := corazaCRS(t)
	backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"ok":true}` + "\n"))
	})
	guarded := txhttp.WrapHandler(waf, backend)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "nginx")
		guarded.ServeHTTP(&nginxFace{ResponseWriter: w}, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
