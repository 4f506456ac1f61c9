package lab

import (
	"fmt"
	"html"
	"net"
	"net/http"
)

// Apache httpd: the server itself forbids the path.

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
	body, noIndex, needSlash, found := apacheRoot().lookup(p)
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
