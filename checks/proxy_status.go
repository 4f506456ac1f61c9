package checks

import (
	"maps"
	"slices"
	"strings"
)

// proxyStatusDenial reads RFC 9209's Proxy-Status: the first intermediary
// whose entry says it refused the request by its own policy
// (http_request_denied, or destination_ip_prohibited: a destination it may
// not connect to), with the error type; "" when none did. Errors of the
// connection onward (connection_refused, dns_error) are no refusal.
func proxyStatusDenial(h headerIndex) (proxy, errType string) {
	for _, v := range h.values("proxy-status") {
		for _, member := range strings.Split(v, ",") {
			parts := strings.Split(member, ";")
			name := strings.Trim(strings.TrimSpace(parts[0]), `"`)
			for _, p := range parts[1:] {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				val = strings.Trim(strings.TrimSpace(val), `"`)
				if strings.EqualFold(k, "error") && (val == "http_request_denied" || val == "destination_ip_prohibited") {
					return name, val
				}
			}
		}
	}
	return "", ""
}

// proxyBlockHeader is the first (by name) response header named for the
// proxy (a word of its name is "proxy") whose value says it blocked or
// denied: X-Proxy-Error: blocked-by-allowlist. "" when none.
func proxyBlockHeader(h headerIndex) string {
	for _, n := range slices.Sorted(maps.Keys(h)) {
		if n == "proxy-status" || n == "proxy-authenticate" || !contains(strings.FieldsFunc(n, func(r rune) bool { return r == '-' || r == '_' }), "proxy") {
			continue
		}
		v := strings.ToLower(h.get(n))
		for _, w := range []string{"block", "denied", "deny", "forbidden", "not allowed", "reject"} {
			if strings.Contains(v, w) {
				return n
			}
		}
	}
	return ""
}
