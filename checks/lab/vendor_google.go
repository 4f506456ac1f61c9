package lab

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Google APIs: Cloud Storage scopes and a service not enabled for the
// project.

// googleStorageScopes are the scopes that allow listing objects.
var googleStorageScopes = []string{
	"https://www.googleapis.com/auth/devstorage.read_only",
	"https://www.googleapis.com/auth/devstorage.read_write",
	"https://www.googleapis.com/auth/devstorage.full_control",
	"https://www.googleapis.com/auth/cloud-platform.read-only",
	"https://www.googleapis.com/auth/cloud-platform",
}

func googleError(w http.ResponseWriter, code int, status, message string, details ...map[string]any) {
	e := map[string]any{"code": code, "message": message, "status": status}
	if len(details) > 0 {
		e["details"] = details
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	writeJSON(w, code, map[string]any{"error": e})
}

// googleStorage lists a bucket's objects: it accepts the lab's tokens as
// OAuth 2 access tokens and needs a storage or cloud-platform scope.
func (l *Lab) googleStorage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Server", "ESF")
	h.Set("Vary", "Origin, X-Origin, Referer")
	const realm = `Bearer realm="https://accounts.google.com/"`
	token, present, problem := bearerToken(r)
	if !present {
		h.Set("WWW-Authenticate", realm)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "The request has no OAuth 2 access token or other valid authentication credential.")
		return
	}
	var claims *labClaims
	if problem == nil {
		claims, problem = verifyToken(token, l.now)
	}
	if problem != nil {
		h.Set("WWW-Authenticate", realm+`, error="invalid_token"`)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "Request had invalid authentication credentials. "+problem.Description+".")
		return
	}
	for _, s := range googleStorageScopes {
		if hasScope(claims.Scope, s) {
			writeJSON(w, http.StatusOK, map[string]any{"kind": "storage#objects", "items": []any{}})
			return
		}
	}
	h.Set("WWW-Authenticate", fmt.Sprintf(`%s, error="insufficient_scope", scope=%q`, realm, strings.Join(googleStorageScopes, " ")))
	googleError(w, http.StatusForbidden, "PERMISSION_DENIED", "Request had insufficient authentication scopes.", map[string]any{
		"@type":  "type.googleapis.com/google.rpc.ErrorInfo",
		"reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
		"domain": "googleapis.com",
		"metadata": map[string]string{
			"service": "storage.googleapis.com",
			"method":  "google.storage.v1.Storage.ListObjects",
		},
	})
}

// ---- Google APIs: a service not enabled for the project -------------------

const (
	googleProject      = "123456"
	googleOtherProject = "654321"
)

// googleEnabled lists the services each project has enabled. The lab's
// tokens belong to project 123456, which has not enabled translation.
var googleEnabled = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		googleProject:      {"storage.googleapis.com"},
		googleOtherProject: {"storage.googleapis.com", "translate.googleapis.com"},
	}
})

// googleTranslate answers as the Cloud Translation API: it authenticates
// the token, finds the consumer project (the token's, or the one named by
// X-Goog-User-Project) and refuses when the service is not enabled there.
func (l *Lab) googleTranslate(w http.ResponseWriter, r *http.Request) {
	const service = "translate.googleapis.com"
	h := w.Header()
	h.Set("Server", "ESF")
	h.Set("Vary", "Origin, X-Origin, Referer")
	token, present, problem := bearerToken(r)
	if !present {
		h.Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "The request has no OAuth 2 access token or other valid authentication credential.")
		return
	}
	if problem == nil {
		_, problem = verifyToken(token, l.now)
	}
	if problem != nil {
		h.Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
		googleError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "Request had invalid authentication credentials. "+problem.Description+".")
		return
	}
	project := googleProject
	if p := r.Header.Get("X-Goog-User-Project"); p != "" {
		if _, known := googleEnabled()[p]; !known {
			googleError(w, http.StatusForbidden, "PERMISSION_DENIED", fmt.Sprintf("Caller does not have required permission to use project %s.", p),
				map[string]any{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "USER_PROJECT_DENIED", "domain": "googleapis.com",
					"metadata": map[string]string{"service": service, "consumer": "projects/" + p}})
			return
		}
		project = p
	}
	if !slices.Contains(googleEnabled()[project], service) {
		activation := "https://console.developers.google.com/apis/api/" + service + "/overview?project=" + project
		googleError(w, http.StatusForbidden, "PERMISSION_DENIED", fmt.Sprintf(
			"Cloud Translation API has not been used in project %s before or it is disabled. Enable it at %s and retry; a newly enabled API can take a few minutes to reach every server.",
			project, activation),
			map[string]any{
				"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED", "domain": "googleapis.com",
				"metadata": map[string]string{
					"service": service, "serviceTitle": "Cloud Translation API", "consumer": "projects/" + project,
					"activationUrl": activation, "containerInfo": project,
				},
			},
			map[string]any{
				"@type": "type.googleapis.com/google.rpc.Help",
				"links": []map[string]string{{"description": "Google developers console API activation", "url": activation}},
			})
		return
	}
	q := r.URL.Query().Get("q")
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"translations": []map[string]string{
		{"translatedText": "[" + r.URL.Query().Get("target") + "] " + q, "detectedSourceLanguage": "en"},
	}}})
}
