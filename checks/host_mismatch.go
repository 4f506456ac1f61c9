package checks

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// hostOnly is a Host value or URL host without its port, lower case.
func hostOnly(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if host, _, err := net.SplitHostPort(h); err == nil {
		return strings.Trim(host, "[]")
	}
	return strings.Trim(h, "[]")
}

func checkHostMismatch(f *facts) Finding {
	if f.resp == nil {
		return skip(HostMismatch, f.noResponse(), f.noResponseEvidence()...)
	}
	urlHost := f.req.Host
	hostHdr, hasHost := f.reqHeader("Host")
	var ev []string
	differs := hasHost && urlHost != "" && hostOnly(hostHdr) != urlHost
	if differs {
		ev = append(ev, fmt.Sprintf("request: Host: %s, but the URL's host is %s", hostHdr, urlHost))
	}
	if f.tls != nil && f.tls.ServerName != "" && hasHost && hostOnly(hostHdr) != strings.ToLower(f.tls.ServerName) {
		ev = append(ev, fmt.Sprintf("TLS SNI was %s, Host was %s", f.tls.ServerName, hostHdr))
	}
	ipHost := false
	if a, err := netip.ParseAddr(urlHost); err == nil {
		ipHost = true
		if !a.IsLoopback() {
			ev = append(ev, "the URL names an IP address ("+urlHost+"), not a host name")
		}
	}
	if c, ok := cloudflareCodes()[f.cfCode]; ok && c.Cause == HostMismatch {
		fix := "Use the site's host name in the URL (https://www.example.com/...), not a Cloudflare IP address: Cloudflare picks the site by Host and SNI."
		var set *FixSetting
		switch f.cfCode {
		case 1013:
			fix = "Send the same name in the Host header and in TLS SNI: drop the Host override, or use the name in the URL (curl --resolve host:443:IP https://host/ to reach a chosen address)."
			set = &FixSetting{Option: SetConnectTo, Words: "curl --resolve host:443:IP https://host/", Value: "host:443:IP:443"}
		case 1034:
			fix = "The name resolves to a Cloudflare address that does not serve it: fix the DNS record (or your /etc/hosts, --resolve) to the addresses Cloudflare gives for this zone."
			set = &FixSetting{Option: SetConnectTo, Words: "--resolve"}
		}
		fd := fail(HostMismatch, Named, fmt.Sprintf("Cloudflare %d: %s", f.cfCode, c.Meaning),
			append([]string{fmt.Sprintf("Cloudflare error %d", f.cfCode), f.h.line("cf-ray")}, ev...), fix)
		if set != nil {
			fd = fd.with(*set)
		}
		return fd
	}
	if f.status == 421 {
		return fail(HostMismatch, Named, "421 Misdirected Request: this server does not serve the requested host on this connection",
			append([]string{f.statusLine()}, ev...),
			"Send the host name the server serves, with the same name in SNI and Host; a reused connection for another host (HTTP/2 coalescing) also gets 421, so retry on a fresh connection.")
	}
	if _, ex, ok := f.body.find([]string{"direct ip access not allowed"}); ok && f.refused() {
		return fail(HostMismatch, Named, "Direct IP access is not allowed: the server wants its host name", append([]string{f.statusLine(), bodyLine(ex)}, ev...),
			"Use the site's host name in the URL instead of an IP address.")
	}
	cloudFront := f.stackHas("CloudFront") || f.body.has("cloudfront")
	if cloudFront && f.body.has("the request could not be satisfied") && f.body.has("bad request") && f.status == 403 &&
		!f.body.has("request blocked.") && !f.body.has("from your country") {
		return fail(HostMismatch, Indicated, "CloudFront's \"Bad request\" page: the host name is not an alternate domain name of this distribution",
			append([]string{f.statusLine(), titleEv(&f.body), f.h.line("x-cache")}, ev...),
			"Add the host name to the distribution's alternate domain names (CNAMEs), with a certificate covering it, or point the name at the distribution that has it; when the Host is overridden, send the distribution's own name.")
	}
	if f.refused() && differs && f.status == 403 && loopbackHost(urlHost) {
		// curl -H 'Host: example.com' http://localhost:8000 is how a local
		// gateway's virtual host is reached (Kong, APISIX, Traefik): the
		// override is deliberate, and a 403 came from a route that matched.
		return warn(HostMismatch, fmt.Sprintf("The Host header (%s) overrides a local address (%s), as a local gateway's virtual host is reached; a 403 is not what an unknown host gets", hostHdr, urlHost),
			append([]string{f.statusLine()}, ev...),
			"If the gateway has no route for "+hostOnly(hostHdr)+", it answers 404: check the route's hosts; otherwise look at the refusal's own reason.")
	}
	if f.refused() && differs && (f.status == 400 || f.status == 403 || f.status == 404) {
		return fail(HostMismatch, Indicated, fmt.Sprintf("The Host header (%s) differs from the URL (%s), and the server refused the request", hostHdr, urlHost),
			append([]string{f.statusLine()}, ev...),
			"Drop the Host override (the server picks the site by Host), or, to reach a chosen address under the right name, use curl --resolve "+urlHost+":443:ADDRESS with the name in the URL.").
			with(FixSetting{Option: SetConnectTo, Words: "curl --resolve " + urlHost + ":443:ADDRESS", Value: urlHost + ":443:ADDRESS:443"})
	}
	if f.refused() && ipHost && len(ev) > 0 && f.generic != "" {
		return warn(HostMismatch, "The URL names an IP address; many front ends refuse requests that do not carry their host name",
			append([]string{f.statusLine()}, ev...), "Use the site's host name in the URL (curl --resolve name:443:IP to keep the address).").
			with(FixSetting{Option: SetConnectTo, Words: "curl --resolve name:443:IP", Value: "name:443:IP:443"})
	}
	if differs {
		return pass(HostMismatch, "Host is overridden ("+hostHdr+"), and the server accepted it ("+f.statusLine()+")", ev...)
	}
	return pass(HostMismatch, "Host matches the URL ("+urlHost+"), and the response names no host problem", f.statusLine())
}

// loopbackHost reports a URL host naming this machine: localhost or a
// loopback address.
func loopbackHost(h string) bool {
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.IsLoopback()
}
