package lab

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
)

// Kubernetes API server.

// k8sRule grants verbs on resources in one namespace (a RoleBinding).
type k8sRule struct {
	Namespace string
	Resources []string
	Verbs     []string
}

var k8sBindings = sync.OnceValue(func() map[string][]k8sRule {
	return map[string][]k8sRule{
		tokenSubject: {{Namespace: "default", Resources: []string{"pods", "services", "configmaps"}, Verbs: []string{"get", "list", "watch"}}},
	}
})

var k8sKinds = sync.OnceValue(func() map[string]string {
	return map[string]string{"pods": "Pod", "services": "Service", "configmaps": "ConfigMap", "secrets": "Secret"}
})

func k8sStatus(w http.ResponseWriter, code int, reason, message string, details map[string]string) {
	s := map[string]any{
		"kind": "Status", "apiVersion": "v1", "metadata": map[string]any{},
		"status": "Failure", "message": message, "reason": reason, "code": code,
	}
	if details != nil {
		s["details"] = details
	}
	writeJSON(w, code, s)
}

// kubernetes authenticates the lab's tokens as OIDC tokens (user = sub),
// treats a request without credentials as system:anonymous, and authorises
// with the bindings above.
func (l *Lab) kubernetes(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Audit-Id", randomUUID())
	h.Set("Cache-Control", "no-cache, private")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Kubernetes-Pf-Flowschema-Uid", randomUUID())
	h.Set("X-Kubernetes-Pf-Prioritylevel-Uid", randomUUID())

	user := "system:anonymous"
	if token, present, problem := bearerToken(r); present {
		var claims *labClaims
		if problem == nil {
			claims, problem = verifyToken(token, l.now)
		}
		if problem != nil {
			k8sStatus(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized", nil)
			return
		}
		user = claims.Subject
	}

	ns, resource, name := r.PathValue("ns"), r.PathValue("resource"), r.PathValue("name")
	kind, known := k8sKinds()[resource]
	if !known {
		k8sStatus(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource", nil)
		return
	}
	verb := map[string]string{
		http.MethodGet: "get", http.MethodPost: "create", http.MethodPut: "update",
		http.MethodPatch: "patch", http.MethodDelete: "delete",
	}[r.Method]
	if verb == "get" && name == "" {
		verb = "list"
	}
	allowed := false
	for _, rule := range k8sBindings()[user] {
		if rule.Namespace == ns && slices.Contains(rule.Resources, resource) && slices.Contains(rule.Verbs, verb) {
			allowed = true
		}
	}
	if !allowed {
		subject := resource
		if name != "" {
			subject = fmt.Sprintf("%s %q", resource, name)
		}
		details := map[string]string{"kind": resource}
		if name != "" {
			details["name"] = name
		}
		k8sStatus(w, http.StatusForbidden, "Forbidden", fmt.Sprintf(
			`%s is forbidden: User %q cannot %s resource %q in API group "" in the namespace %q`,
			subject, user, verb, resource, ns), details)
		return
	}
	if name != "" {
		writeJSON(w, http.StatusOK, map[string]any{"kind": kind, "apiVersion": "v1", "metadata": map[string]string{"name": name, "namespace": ns}})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": kind + "List", "apiVersion": "v1", "metadata": map[string]string{"resourceVersion": "1"}, "items": []any{}})
}
