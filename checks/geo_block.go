package checks

import "fmt"

const geoFix = "The site refuses your country or region, judged by your IP address; nothing in the request changes that. Use it from an allowed region (a host or VPN egress there) if its terms allow, or ask the owner."

func checkGeoBlock(f *facts) Finding {
	if f.resp == nil {
		return skip(GeoBlock, f.noResponse(), f.noResponseEvidence()...)
	}
	addr := f.addresses()
	if f.status == 451 {
		ev := []string{f.statusLine()}
		if f.h.has("link") {
			ev = append(ev, f.h.line("link"))
		}
		if t := f.body.text(); t != "" {
			ev = append(ev, bodyLine(t))
		}
		return fail(GeoBlock, Named, "HTTP 451 Unavailable For Legal Reasons: blocked where you are (or taken down)",
			append(ev, addr...), geoFix+" A Link rel=\"blocked-by\" header, when present, names who blocks it.")
	}
	if c, ok := cloudflareCodes()[f.cfCode]; ok && c.Cause == GeoBlock {
		return fail(GeoBlock, Named, fmt.Sprintf("Cloudflare %d: %s", f.cfCode, c.Meaning),
			append([]string{fmt.Sprintf("Cloudflare error %d", f.cfCode), f.h.line("cf-ray")}, addr...), geoFix)
	}
	if p, ex, ok := f.body.find(geoPhrases); ok && f.refused() {
		s := Indicated
		title := fmt.Sprintf("The response says the content is blocked where you are: %q", p)
		switch {
		case p == "configured to block access from your country":
			s = Named
			title = "CloudFront: the distribution is configured to block access from your country"
		case f.waf != nil && f.waf.page:
			// A firewall's block page that gives the place as its reason
			// (Wordfence's and Sucuri's country blocking): the firewall is
			// how, the place is why, and the place is what the user can act on.
			s = Named
			title = fmt.Sprintf("%s's block page gives the place you come from as the reason: %q", f.waf.Vendor, p)
		}
		return fail(GeoBlock, s, title, append([]string{bodyLine(ex)}, addr...), geoFix)
	}
	if f.success() {
		return pass(GeoBlock, "Not blocked by region ("+f.statusLine()+")")
	}
	return pass(GeoBlock, "No regional block in the response (no 451, no Cloudflare 1009, no country or region wording)", f.statusLine())
}
