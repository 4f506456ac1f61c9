package lab

import (
	"fmt"
	"strings"
	"sync"
)

// Document roots served by the nginx and Apache routes (stack_nginx.go,
// stack_apache.go), where the server itself forbids a path.

// staticTree is a document root: directories end in "/", and a directory
// serves its index.html when it has one.
type staticTree map[string]string

// The document roots are made on first use, not at the start of every
// why403 command.
var (
	nginxRoot = sync.OnceValue(func() staticTree {
		return staticTree{
			"/":                 "",
			"/css/":             "",
			"/css/site.css":     "body{font-family:sans-serif}\n",
			"/docs/":            "",
			"/docs/index.html":  "<!doctype html><title>Lab docs</title><p>Lab documentation.</p>\n",
			"/img/":             "",
			"/img/logo.svg":     `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>` + "\n",
			"/downloads/":       "",
			"/downloads/v1.zip": "PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
		}
	})
	apacheRoot = sync.OnceValue(func() staticTree {
		return staticTree{
			"/":                     "",
			"/reports/":             "",
			"/reports/2031-q1.html": "<!doctype html><title>Q1</title><p>First quarter.</p>\n",
			"/manual/":              "",
			"/manual/index.html":    "<!doctype html><title>Manual</title><p>The lab manual.</p>\n",
		}
	})
)

// lookup resolves a path in the tree: the body to serve, whether it is a
// directory with no index, whether a directory was asked for without its
// slash, and whether it exists.
func (t staticTree) lookup(p string) (body string, noIndex, needSlash, found bool) {
	if _, isDir := t[p+"/"]; isDir && !strings.HasSuffix(p, "/") {
		return "", false, true, true
	}
	if strings.HasSuffix(p, "/") {
		if _, isDir := t[p]; !isDir {
			return "", false, false, false
		}
		if idx, ok := t[p+"index.html"]; ok {
			return idx, false, false, true
		}
		return "", true, false, true
	}
	body, found = t[p]
	return body, false, false, found
}

func staticType(p string) string {
	switch {
	case strings.HasSuffix(p, ".css"):
		return "text/css"
	case strings.HasSuffix(p, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(p, ".zip"):
		return "application/zip"
	}
	return "text/html"
}

func (l *Lab) errorLog(format string, args ...any) {
	if l.logw != nil {
		fmt.Fprintf(l.logw, format+"\n", args...)
	}
}
