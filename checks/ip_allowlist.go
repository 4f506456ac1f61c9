package checks

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

const allowlistFix = "Ask the owner to allow your egress IP (the address the server sees; a proxy or NAT changes it), or connect from the network they allow (VPN, office, bastion host)."

// nearIP finds the word "IP" with a restriction word close by ("Your IP
// 203.0.113.7 is not allowed", "IP address not in allowlist").
func nearIP(b *bodyFacts) (string, bool) {
	any := false
	for _, w := range ipWords {
		if b.has(w) {
			any = true
			break
		}
	}
	if !any {
		return "", false // no restriction word anywhere: no need to look for "IP"
	}
	s := b.lower
	seen := 0
	for i := 0; i < len(s) && seen < 200; {
		j := strings.Index(s[i:], "ip")
		if j < 0 {
			return "", false
		}
		at := i + j
		i = at + 2
		if at > 0 && isWordByte(s[at-1]) || at+2 < len(s) && isLetter(s[at+2]) && !ipSuffix(s[at+2:]) {
			continue
		}
		seen++
		lo, hi := max(0, at-60), min(len(s), at+100)
		win := s[lo:hi]
		for _, w := range ipWords {
			if strings.Contains(win, w) {
				return b.excerpt(at, at+2), true
			}
		}
	}
	return "", false
}

// ipSuffix accepts "IPs", "IPv4" and "IPv6" as the word IP.
func ipSuffix(rest string) bool {
	for _, x := range []string{"s", "v4", "v6"} {
		if strings.HasPrefix(rest, x) && (len(rest) == len(x) || !isLetter(rest[len(x)])) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool   { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isWordByte(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' || c == '_' }

// purgeMethod reports a cache invalidation method (Varnish and Squid's
// PURGE, Varnish's BAN): caches guard it by the client's address.
func purgeMethod(m string) bool { return m == "PURGE" || m == "BAN" }

func checkIPAllowlist(f *facts) Finding {
	if f.resp == nil {
		return skip(IPAllowlist, f.noResponse(), f.noResponseEvidence()...)
	}
	addr := f.addresses()
	if c, ok := cloudflareCodes()[f.cfCode]; ok && c.Cause == IPAllowlist {
		ev := append([]string{fmt.Sprintf("Cloudflare error %d", f.cfCode)}, f.h.line("cf-ray"))
		return fail(IPAllowlist, Named, fmt.Sprintf("Cloudflare %d: %s", f.cfCode, c.Meaning), append(ev, addr...),
			allowlistFix+" Give the owner the Ray ID so they can find the rule.")
	}
	if g, ok := googleKeyFinding(f, IPAllowlist); ok {
		return g
	}
	if _, ex, ok := f.body.find([]string{"user: anonymous is not authorized to perform: execute-api:invoke"}); ok {
		return fail(IPAllowlist, Named,
			"The API's resource policy denies this caller (anonymous execute-api:Invoke): usually a source IP or VPC endpoint condition",
			append([]string{bodyLine(ex)}, addr...),
			"Ask the owner which aws:SourceIp or aws:SourceVpce the resource policy allows, and call from there (a private API needs its VPC endpoint).")
	}
	if f.body.json.hasReason("ForbiddenByFirewall") {
		return fail(IPAllowlist, Named, "Azure: the service's firewall does not allow your address (ForbiddenByFirewall)",
			append([]string{bodyLine(f.body.json.summary())}, addr...),
			"Add your egress IP to the resource's networking rules (or use its private endpoint), then retry.")
	}
	if n := refusedAddressIn(f.h); n != "" && f.refused() {
		return fail(IPAllowlist, Indicated, "A response header names your address as refused ("+n+")",
			append([]string{f.statusLine(), f.h.line(n)}, addr...), allowlistFix)
	}
	if p, ex, ok := f.body.find(ipPhrases); ok && f.refused() {
		title := "The server refuses your address: " + fmt.Sprintf("%q", p)
		s := Indicated
		if p == "client denied by server configuration" {
			title = "Apache denied the client by its configuration (AH01797: a Require ip / Deny from rule)"
			s = Named
		}
		return fail(IPAllowlist, s, title, append([]string{bodyLine(ex)}, addr...), allowlistFix)
	}
	if _, ex, ok := f.body.find([]string{"rbac: access denied"}); ok && f.refused() && !f.req.hasCredential() {
		// Envoy's RBAC filter words every denial alike; IP allow lists
		// (Istio's ipBlocks, Envoy Gateway's SecurityPolicy) are among
		// its policies. A candidate beside the permission, not a reading.
		return fail(IPAllowlist, Inferred, "Envoy RBAC refused a request with no credential: its policy may match your address (an IP allow list)",
			append([]string{bodyLine(ex)}, addr...), allowlistFix)
	}
	// Vendor block pages print "Your IP: ..." beside "Access denied": the
	// free-text reading is only for pages no vendor claimed.
	if f.refused() && f.waf == nil && f.cfCode == 0 {
		if ex, ok := nearIP(&f.body); ok {
			return fail(IPAllowlist, Indicated, "The response says your IP address is not allowed",
				append([]string{bodyLine(ex)}, addr...), allowlistFix)
		}
	}
	if m := strings.ToUpper(f.req.Method); purgeMethod(m) && (f.status == 403 || f.status == 405) && f.waf == nil {
		return fail(IPAllowlist, Inferred, m+" refused: caches take purges only from the addresses their purge ACL lists",
			append([]string{f.statusLine(), "request method: " + m, "Varnish (acl purge), Squid (an http_access rule for PURGE) and nginx's cache purge (from/allow) decide a purge by the client's address"}, addr...),
			"Send the purge from an address the cache's purge ACL lists (the application's host, not another container or machine), or add this client's address to it; the cache's log shows the address it saw (varnishlog: VCL_acl NO_MATCH).")
	}
	if f.refused() && (f.generic == "nginx" || f.generic == "Apache" || f.generic == "HAProxy") {
		return warn(IPAllowlist, fmt.Sprintf("%s's 403 page is also what an address rule (allow/deny, Require ip, an src ACL) answers", f.generic),
			append([]string{f.statusLine()}, addr...),
			map[string]string{
				"nginx":   "Only nginx's error log tells (\"access forbidden by rule\"); try from another network to compare.",
				"Apache":  "Only Apache's error log tells (AH01797 \"client denied by server configuration\"); try from another network to compare.",
				"HAProxy": "Check the proxy's src ACLs against the address it sees (behind NAT or a container bridge it is not yours); try from another network to compare.",
			}[f.generic])
	}
	if f.success() {
		return pass(IPAllowlist, "Your address is allowed ("+f.statusLine()+")", addr...)
	}
	return pass(IPAllowlist, "No IP restriction in the response (no allowlist wording, no Cloudflare 1005-1008/1106, no resource-policy deny)", addr...)
}

// refusedAddressIn is the first (by name) response header that names a
// refused address (Azure App Service's x-ms-forbidden-ip, X-Blocked-IP),
// "" when none does.
func refusedAddressIn(h headerIndex) string {
	for _, n := range slices.Sorted(maps.Keys(h)) {
		if refusedAddressHeader(n) {
			return n
		}
	}
	return ""
}

// refusedAddressHeader reports a header name with "ip" as one of its
// words and a word of refusal as another.
func refusedAddressHeader(name string) bool {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' })
	if !contains(words, "ip") {
		return false
	}
	for _, w := range []string{"forbidden", "blocked", "denied", "banned", "rejected", "refused"} {
		if contains(words, w) {
			return true
		}
	}
	return false
}
