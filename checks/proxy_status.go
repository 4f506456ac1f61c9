package checks

import "strings"

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
