package checks

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// proxySeen names the forward-proxy product that marked the response, with
// the evidence, "" when none did.
func proxySeen(f *facts) (name string, ev []string) {
	for _, p := range proxyProducts {
		for _, m := range p.Headers {
			if headerMatches(f.h, m) {
				return p.Name, []string{f.h.line(m.Name)}
			}
		}
		for _, m := range p.Body {
			if i := f.body.index(m); i >= 0 {
				return p.Name, []string{bodyLine(f.body.excerpt(i, i+len(m)))}
			}
		}
	}
	return "", nil
}

const proxyFix = "Ask whoever runs the proxy to allow this destination (its category or URL filter refused it), or, if the server is reachable without it, bypass the proxy for this host (NO_PROXY=host, or --noproxy host)."

// noProxyHost is proxyFix's setting.
var noProxyHost = FixSetting{Option: SetNoProxy, Words: "--noproxy host"}

func checkProxyDenied(f *facts) Finding {
	via := []string{}
	if f.proxyUsed != "" {
		via = append(via, "proxy in use: "+f.proxyUsed)
	}
	if f.resp == nil {
		if f.errPhase != "proxy" {
			return skip(ProxyDenied, f.noResponse(), f.noResponseEvidence()...)
		}
		ev := append(via, f.noResponseEvidence()...)
		l := strings.ToLower(f.errMsg)
		switch {
		case strings.Contains(l, "407"):
			return fail(ProxyDenied, Named, "The proxy wants credentials (407 Proxy Authentication Required on CONNECT)", ev,
				"Give the proxy's user and password in the proxy URL (https_proxy=http://user:pass@proxy:3128, or --proxy-user), or ask for an exemption for this host.")
		case strings.Contains(l, "refused connect"):
			return fail(ProxyDenied, Named, "The proxy refused to open a tunnel to the server (CONNECT refused)", ev, proxyFix).with(noProxyHost)
		}
		return warn(ProxyDenied, "The proxy could not be used: the request never reached the server", ev,
			"Check the proxy address (HTTPS_PROXY, HTTP_PROXY, --proxy) and that it is reachable from here; unset it if this host needs no proxy.").
			with(FixSetting{Option: SetProxy, Words: "--proxy"})
	}
	if f.status == 407 || f.h.has("proxy-authenticate") && f.refused() {
		ev := append([]string{f.statusLine()}, via...)
		if f.h.has("proxy-authenticate") {
			ev = append(ev, f.h.line("proxy-authenticate"))
		}
		return fail(ProxyDenied, Named, "The proxy wants credentials (407 Proxy Authentication Required)", ev,
			"Give the proxy's user and password (--proxy-user user:pass, or user:pass@ in the proxy URL); it is the proxy asking, not the server.")
	}
	if name, e := proxyStatusDenial(f.h); name != "" && f.refused() && f.status != 429 {
		// RFC 9209 §2.3.2: the intermediary names itself as the one that
		// refused. A 429 is a rate limit it enforces (see ratelimit).
		g := fail(ProxyDenied, Named, "The proxy "+clip(name, 60)+" refused the request itself (Proxy-Status error="+e+")",
			append([]string{f.statusLine(), f.h.line("proxy-status")}, via...), proxyFix)
		if _, fwd := requestHeader(f.reqHeaders, "Proxy-Connection"); f.proxyUsed == "" && !fwd {
			// No forward proxy in use: a gateway in front of the server
			// sent it, which no proxy setting bypasses.
			g.Fix = "Ask whoever runs " + clip(name, 60) + " (a gateway in front of the server) which of its policies refused the request; its logs name it."
			return g
		}
		return g.with(noProxyHost)
	}
	if n := proxyBlockHeader(f.h); n != "" && f.refused() {
		return fail(ProxyDenied, Named, "The proxy says it blocked the request ("+clip(f.h.line(n), 80)+")",
			append([]string{f.statusLine(), f.h.line(n)}, via...), proxyFix).with(noProxyHost)
	}
	name, pev := proxySeen(f)
	if name != "" && f.refused() {
		ev := append(append([]string{f.statusLine()}, pev...), via...)
		// A proxy's own page, or Squid's error header, is the proxy speaking.
		if f.h.has("x-squid-error") || strings.HasPrefix(pev[0], "body: ") {
			return fail(ProxyDenied, Named, fmt.Sprintf("The forward proxy (%s) refused the request with its own error page", name), ev, proxyFix).with(noProxyHost)
		}
		if f.proxyUsed != "" {
			return fail(ProxyDenied, Indicated, fmt.Sprintf("Refused through a %s proxy (it marks the response)", name), ev,
				proxyFix+" Send the request without the proxy, from a network where that is possible, to compare.").with(noProxyHost)
		}
		return warn(ProxyDenied, fmt.Sprintf("The response passed a %s proxy, which may have refused it", name), ev, proxyFix).with(noProxyHost)
	}
	if strings.EqualFold(f.req.Method, "CONNECT") && f.refused() {
		// RFC 9110 §9.3.6: CONNECT is answered by the proxy asked to open
		// the tunnel; a refusal of it never reached the server.
		ev := append([]string{f.statusLine()}, via...)
		for _, n := range slices.Sorted(maps.Keys(f.h)) {
			if strings.Contains(n, "proxy") {
				ev = append(ev, f.h.line(n)) // X-Proxy-Error: blocked-by-allowlist
			}
		}
		return fail(ProxyDenied, Named, "The proxy refused to open a tunnel to the server (CONNECT refused)", dedupe(ev), proxyFix).with(noProxyHost)
	}
	if pc, ok := requestHeader(f.reqHeaders, "Proxy-Connection"); ok && f.refused() && f.generic == "empty" && !f.h.has("server") {
		// Only a client talking to a forward proxy sends Proxy-Connection;
		// a refusal with no page and no Server of its own is likeliest
		// the proxy's (the first layer met), but the response cannot
		// say: a guess.
		return fail(ProxyDenied, Inferred, "A bare refusal of a request sent to a forward proxy: likeliest the proxy's own",
			append([]string{f.statusLine(), "request Proxy-Connection: " + pc + " (sent only to a proxy)", "no page and no Server header"}, via...),
			proxyFix+" Send the request without the proxy, from a network where that is possible, to compare.").with(noProxyHost)
	}
	if f.proxyUsed != "" {
		if f.refused() {
			return warn(ProxyDenied, "The request went through a proxy; the refusal does not say whether the proxy or the server sent it",
				append([]string{f.statusLine()}, via...),
				"Compare with the request sent without the proxy (--noproxy '*') where the network allows; a proxy's own refusals usually carry its name in Via, Server or the page.").
				with(FixSetting{Option: SetNoProxy, Words: "--noproxy '*'", Value: "*"})
		}
		return pass(ProxyDenied, "Sent through the proxy "+f.proxyUsed+", which let it pass", f.statusLine())
	}
	return pass(ProxyDenied, "No proxy in use, and no proxy's error page in the response", f.statusLine())
}
