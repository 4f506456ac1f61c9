package checks

import (
	"slices"
	"strings"

	"github.com/why403/why403/probe"
)

// errorHeaders are the lower-case names of the response headers in which a
// gateway, CDN or proxy states why it refused, in the order received:
// x-amzn-ErrorType, X-Error-Message, X-Status-Reason, X-Tengine-Error
// ("denied by IP ACL = blacklist"), X-Cachewall-Reason, X-Deny-Reason. A
// front end that answers without a body puts its reason there, and what
// it says decides as a body would. The name decides, not the vendor: an
// X- header whose last word is error, reason, message or phrase (or
// errortype, errormessage): X-Databricks-Reason-Phrase.
// A code's own header (X-Error-Code, x-ms-error-code) is read by the
// error-code table, not here.
func errorHeaders(hs []probe.Header) []string {
	var out []string
	for _, h := range hs {
		n := strings.ToLower(h.Name)
		if errorHeaderName(n) && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// errorHeaderName reports a lower-case header name that carries a reason.
func errorHeaderName(n string) bool {
	if !strings.HasPrefix(n, "x-") {
		return false
	}
	words := strings.Split(n[2:], "-")
	switch words[len(words)-1] {
	case "error", "reason", "errortype", "errormessage", "message", "phrase":
		return true
	}
	return false
}
