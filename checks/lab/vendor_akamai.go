package lab

import (
	"fmt"
	"html"
	"net/http"
)

// Akamai.

// akamai is a property whose bot rule refuses HTTP libraries' default
// User-Agents.
func (l *Lab) akamai(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Server", "AkamaiGHost")
	if !isLibraryAgent(r.UserAgent()) {
		writeText(w, http.StatusOK, "text/plain; charset=utf-8", "product catalogue\n")
		return
	}
	now := l.now()
	ref := fmt.Sprintf("18.%s.%d.%s", randomHex(8), now.Unix(), randomHex(8))
	h.Set("Mime-Version", "1.0")
	h.Set("Expires", now.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "max-age=0, no-cache, no-store")
	writeText(w, http.StatusForbidden, "text/html", fmt.Sprintf(`<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>
The request for "%s" was refused by this server.<P>
Reference #%s
</BODY>
</HTML>
`, html.EscapeString("http://"+r.Host+r.URL.RequestURI()), ref))
}
