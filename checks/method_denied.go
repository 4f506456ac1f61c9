package checks

import (
	"fmt"
	"strings"
)

// allowList parses an Allow header into upper-case methods.
func allowList(v string) []string {
	var out []string
	for _, m := range splitList(v) {
		out = append(out, strings.ToUpper(m))
	}
	return out
}

// namesMethod reports words of the body that say a method is refused.
func namesMethod(f *facts) bool {
	_, _, ok := f.body.find(methodPhrases)
	return ok
}

func checkMethodDenied(f *facts) Finding {
	if f.resp == nil {
		return skip(MethodDenied, f.noResponse(), f.noResponseEvidence()...)
	}
	m := strings.ToUpper(f.req.Method)
	ev := []string{f.statusLine(), "request method: " + m}
	allowed := allowList(f.h.joined("allow"))
	hasAllow := f.h.has("allow")
	if hasAllow {
		ev = append(ev, f.h.line("allow"))
	}
	fix := "Use a method this URL accepts"
	if len(allowed) > 0 {
		fix += " (" + strings.Join(allowed, ", ") + ")"
	}
	fix += ", or check the path: a route that exists for another method answers 405 (a trailing slash or a missing ID often changes the route)."
	// HEAD is implied wherever GET is (RFC 9110 section 9.3.2), though many
	// servers leave it out of Allow.
	inAllow := contains(allowed, m) || m == "HEAD" && contains(allowed, "GET")
	switch {
	case f.status == 405 && hasAllow && !inAllow:
		return fail(MethodDenied, Named, fmt.Sprintf("%s is not allowed here: the server allows %s (405)", m, listOf(allowed, 8)), ev, fix)
	case f.status == 405 && purgeMethod(m):
		// Caches refuse a purge from an address outside their purge ACL
		// with 405 as often as they lack the method (ip.allowlist).
		return fail(MethodDenied, Inferred, m+" is refused here (405): no purge support, or a purge ACL that leaves this client out", ev,
			"Check that the cache handles "+m+" (Varnish: vcl_recv), and that its purge ACL lists this client's address.")
	case f.status == 405 && (m == "GET" || m == "HEAD") && !hasAllow && !namesMethod(f):
		// Every general-purpose server supports GET and HEAD (RFC 9110
		// §9.1), an origin's 405 must list what it allows (§15.5.6), and
		// WAFs block with a bare 405 (Alibaba Cloud WAF's default, AWS
		// WAF's CAPTCHA): the likeliest reading, never a sure one.
		g := fail(MethodDenied, Named, m+" is refused with 405, without an Allow header or words naming the method",
			append(ev, "GET and HEAD are what every server supports, and an origin's 405 lists the methods it allows: a WAF or proxy may block with a bare 405"), fix)
		g.wordsOnly = true
		return g
	case f.status == 405:
		return fail(MethodDenied, Named, m+" is not allowed here (405 Method Not Allowed)", ev, fix)
	case f.refused() && hasAllow && len(allowed) > 0 && !inAllow:
		return fail(MethodDenied, Indicated, fmt.Sprintf("Refused, and the Allow header does not list %s", m), ev, fix)
	}
	if p, ex, ok := f.body.find(methodPhrases); ok && f.refused() {
		return fail(MethodDenied, Named, fmt.Sprintf("The server says the method is not allowed: %q", p), append(ev, bodyLine(ex)), fix)
	}
	if f.status == 403 && f.generic == "nginx" && m != "GET" && m != "HEAD" && f.waf == nil {
		return fail(MethodDenied, Inferred, "nginx's bare 403 to "+m+": a limit_except block refuses methods this way",
			append(ev, "nginx answers a method refused by limit_except with its ordinary 403 page: the error log decides"),
			"Try the same URL with GET to compare; if only "+m+" is refused, the location has a limit_except rule (it may also want a credential or an allowed address for "+m+").")
	}
	if f.status == 501 && hasAllow && !inAllow {
		return fail(MethodDenied, Indicated, m+" is not implemented by the server (501)", ev, fix)
	}
	if f.success() {
		return pass(MethodDenied, m+" accepted ("+f.statusLine()+")")
	}
	return pass(MethodDenied, "No 405, and no Allow header that leaves out "+m, ev...)
}
