package lab

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// GitHub-style REST API.

const githubDocs = "https://docs.github.com/rest"

func githubHeaders(w http.ResponseWriter) {
	w.Header().Set("Server", "github.com")
	w.Header().Set("X-GitHub-Request-Id", strings.ToUpper(randomHex(4)+":"+randomHex(5)+":"+randomHex(6)+":"+randomHex(6)+":"+randomHex(8)))
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
}

// githubAuth reads "Authorization: Bearer|token <pat>". known is false for a
// token the lab did not issue; present is false without one.
func (l *Lab) githubAuth(r *http.Request) (present, known bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || (!strings.EqualFold(scheme, "Bearer") && !strings.EqualFold(scheme, "token")) {
		return false, false
	}
	return true, strings.TrimSpace(tok) == l.tokens.GitHub
}

// githubGate answers what GitHub's front answers before any route: a
// refusal without User-Agent and "Bad credentials" for an unknown token.
func (l *Lab) githubGate(w http.ResponseWriter, r *http.Request) (authed, ok bool) {
	githubHeaders(w)
	if r.UserAgent() == "" {
		writeText(w, http.StatusForbidden, "text/plain; charset=utf-8",
			"Request forbidden by administrative rules. Please make sure your request has a User-Agent header.\n")
		return false, false
	}
	present, known := l.githubAuth(r)
	if present && !known {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials", "documentation_url": githubDocs, "status": "401"})
		return false, false
	}
	return present, true
}

func (l *Lab) githubUser(w http.ResponseWriter, r *http.Request) {
	authed, ok := l.githubGate(w, r)
	if !ok {
		return
	}
	if !authed {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Requires authentication", "documentation_url": githubDocs, "status": "401"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"login": "ada-lab", "id": 1, "type": "User"})
}

// githubIssues is a public listing under the primary rate limit: 60 an hour
// per address without a token (spent at start), 5000 with one.
func (l *Lab) githubIssues(w http.ResponseWriter, r *http.Request) {
	authed, ok := l.githubGate(w, r)
	if !ok {
		return
	}
	b, key := l.github, clientAddr(r).String()
	if authed {
		b, key = l.githubAuthed, l.tokens.GitHub
	}
	now := l.now()
	d := b.take(key, now)
	h := w.Header()
	resetAt := now.Add(d.Reset)
	if !d.Allowed {
		resetAt = now.Add(d.RetryAfter)
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(b.quota.Limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(d.Remaining))
	h.Set("X-RateLimit-Used", strconv.Itoa(b.quota.Limit-d.Remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(resetAt.Unix()+1, 10))
	h.Set("X-RateLimit-Resource", "core")
	if !d.Allowed {
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           fmt.Sprintf("API rate limit exceeded for %s. Requests with a token have a higher limit.", clientAddr(r)),
			"documentation_url": githubDocs,
		})
		return
	}
	writeJSON(w, http.StatusOK, []map[string]any{{"number": 1, "title": "lab issue", "state": "open"}})
}
