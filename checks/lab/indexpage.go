package lab

import (
	"html"
	"net/http"
	"strings"
)

// The index page is written with html.EscapeString rather than
// html/template: linking html/template (and text/template) costs every
// why403 command their package initialisation at start, for one page
// only the lab serves.
const (
	indexHead = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>why403 lab</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}td{padding:.3em .8em;vertical-align:top}code{font-size:.85em;word-break:break-all}</style>
</head><body>
<h1>why403 lab</h1>
`
	indexTableHead = `<table>
<tr><th>scenario</th><th>cause</th><th>what the server does</th></tr>
`
	indexTail = `</table>
</body></html>
`
)

func (l *Lab) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(l.indexPage()))
}

// indexPage lists the lab's addresses and scenarios, every value escaped.
func (l *Lab) indexPage() string {
	e := html.EscapeString
	var b strings.Builder
	b.WriteString(indexHead)
	b.WriteString("<p>A local server that refuses requests the way real servers do. Plain HTTP: <code>" + e(l.HTTPURL) + "</code> (HTTP/1.1, and h2c with prior knowledge).\n")
	b.WriteString("HTTPS: <code>" + e(l.HTTPSURL) + "</code> (no client certificate asked for; HTTP/2 or HTTP/1.1).\n")
	b.WriteString("mTLS: <code>" + e(l.OptionalCertURL) + "</code> (client certificate optional) and <code>" + e(l.MTLSURL) + "</code> (client certificate required).\n")
	b.WriteString("CA and client certificates: <code>" + e(l.Dir) + "</code>.</p>\n")
	b.WriteString(indexTableHead)
	for _, s := range l.scenarios {
		b.WriteString("<tr><td>" + e(s.Name) + "</td><td>" + e(causeLabel(s.Cause)) + "</td><td>" + e(s.Title) + "<br><code>" + e(Command(s)) + "</code></td></tr>\n")
	}
	b.WriteString(indexTail)
	return b.String()
}
