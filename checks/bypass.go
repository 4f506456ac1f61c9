package checks

import (
	"net/url"
	"strings"
)

// BypassHeader reports a header that 403-bypass tools add to spoof a
// client address or rewrite the path (FACTS 4.2): why403 never sends one
// the user did not, in an experiment or a bisection.
func BypassHeader(name string) bool { return bypassHeader(name) }

// SameOrigin reports whether two URLs share scheme, host and port (the
// default port of the scheme when none is given): a variant or a
// bisection never carries a request to another origin.
func SameOrigin(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		return map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Hostname(), ub.Hostname()) && port(ua) == port(ub)
}
