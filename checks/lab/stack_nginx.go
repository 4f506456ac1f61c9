package lab

import (
	"fmt"
	"net/http"
)

// nginx: client certificates (ssl_verify_client), and a document root
// where the server itself forbids a path (docroot.go).

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
	body, noIndex, needSlash, found := nginxRoot().lookup(p)
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
