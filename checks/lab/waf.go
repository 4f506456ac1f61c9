package lab

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// attackRule is one inspection rule of the lab's small WAF: a few of the
// kinds of text every commercial rule set and OWASP CRS refuse.
type attackRule struct {
	Kind string
	re   *regexp.Regexp
}

// attackRules are compiled when a lab first inspects a request, not at
// the start of every why403 command.
var attackRules = sync.OnceValue(func() []attackRule {
	return []attackRule{
		{"SQL injection", regexp.MustCompile(`(?i)['"]\s*or\s+['"]?\w+['"]?\s*=\s*['"]?\w+`)},
		{"SQL injection", regexp.MustCompile(`(?i)\bunion(\s+all)?\s+select\b`)},
		{"SQL injection", regexp.MustCompile(`(?i);\s*(drop|truncate|delete\s+from)\s+\w`)},
		{"cross-site scripting", regexp.MustCompile(`(?i)<\s*script\b`)},
		{"cross-site scripting", regexp.MustCompile(`(?i)\bon(error|load|mouseover|focus)\s*=`)},
		{"cross-site scripting", regexp.MustCompile(`(?i)javascript\s*:`)},
		{"path traversal", regexp.MustCompile(`\.\.[/\\]`)},
		{"local file inclusion", regexp.MustCompile(`(?i)/etc/(passwd|shadow)\b`)},
		{"command injection", regexp.MustCompile(`(?i)(;|\||&&)\s*(cat\s+/|whoami\b|uname\s+-a)`)},
		{"JNDI lookup", regexp.MustCompile(`(?i)\$\{\s*jndi\s*:`)},
	}
})

// maxInspect is how much of a body the WAF reads, as real WAFs inspect
// only a bounded prefix.
const maxInspect = 128 << 10

// inspection is what the WAF found.
type inspection struct {
	Kind  string // "" when nothing matched
	Where string // "query", "path", "body"
	Match string
}

// inspect looks for attack-like text in the path, the query and the body,
// decoded as the application would decode them. It leaves r.Body readable.
func inspect(r *http.Request) (inspection, error) {
	texts := []struct{ where, text string }{}
	if p, err := url.PathUnescape(r.URL.EscapedPath()); err == nil {
		texts = append(texts, struct{ where, text string }{"path", p})
	}
	if q, err := url.QueryUnescape(r.URL.RawQuery); err == nil {
		texts = append(texts, struct{ where, text string }{"query", q})
	} else {
		texts = append(texts, struct{ where, text string }{"query", r.URL.RawQuery})
	}
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxInspect))
		if err != nil {
			return inspection{}, err
		}
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		texts = append(texts, struct{ where, text string }{"body", string(body)})
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "application/x-www-form-urlencoded" {
			if s, err := url.QueryUnescape(string(body)); err == nil {
				texts = append(texts, struct{ where, text string }{"body", s})
			}
		}
	}
	for _, t := range texts {
		for _, rule := range attackRules() {
			if m := rule.re.FindString(t.text); m != "" {
				return inspection{Kind: rule.Kind, Where: t.where, Match: m}, nil
			}
		}
	}
	return inspection{}, nil
}

// libraryAgentPrefixes are User-Agent prefixes of HTTP libraries and
// command-line tools, which bot rules treat as scripts.
var libraryAgentPrefixes = []string{
	"python-requests", "python-urllib", "python-httpx", "aiohttp", "scrapy",
	"go-http-client", "okhttp", "axios", "node-fetch", "undici", "java/",
	"apache-httpclient", "libwww-perl", "wget/", "curl/", "dart/", "guzzlehttp",
}

// isLibraryAgent reports whether ua is the default User-Agent of a library.
func isLibraryAgent(ua string) bool {
	ua = strings.ToLower(strings.TrimSpace(ua))
	for _, p := range libraryAgentPrefixes {
		if strings.HasPrefix(ua, p) {
			return true
		}
	}
	return false
}
