package checks

import (
	"fmt"
	"net/url"
	"strings"
)

// credentialDrops are the redirect hops that withheld a credential (not a
// Referer or a Host override), as evidence lines, and whether one of them
// went from https to plain http.
func credentialDrops(f *facts) (lines []string, downgrade bool) {
	prev := f.req.URL
	if len(f.hops) > 0 && f.hops[0].Request.FullURL != "" {
		prev = f.hops[0].Request.FullURL
	}
	for _, h := range f.hops {
		if h.Request.FullURL != "" {
			prev = h.Request.FullURL
		}
		for _, d := range h.Dropped {
			if strings.HasPrefix(d, "Referer:") || strings.HasPrefix(d, "Host:") {
				continue
			}
			lines = append(lines, fmt.Sprintf("%d from %s to %s: %s", h.Status, probeURL(prev), probeURL(h.Location), d))
			if strings.HasPrefix(prev, "https:") && strings.HasPrefix(h.Location, "http:") {
				downgrade = true
			}
		}
		prev = h.Location
	}
	return lines, downgrade
}

// probeURL shortens a URL for evidence, without its query (which may hold
// a credential).
func probeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return clip(raw, 120)
	}
	u.RawQuery, u.User = "", nil
	return clip(u.String(), 120)
}

func checkRedirectAuthDropped(f *facts) Finding {
	if f.resp == nil {
		return skip(RedirectAuthDropped, f.noResponse(), f.noResponseEvidence()...)
	}
	if len(f.hops) == 0 {
		return pass(RedirectAuthDropped, "No redirect was followed: the credentials went to the URL you gave", f.statusLine())
	}
	drops, downgrade := credentialDrops(f)
	if len(drops) == 0 {
		return pass(RedirectAuthDropped, fmt.Sprintf("%d %s followed; no credential was withheld", len(f.hops), plural(len(f.hops), "redirect", "redirects")),
			"final URL: "+probeURL(f.req.URL))
	}
	ev := append([]string{}, drops...)
	ev = append(ev, "final response: "+f.statusLine())
	if f.refused() {
		s := Indicated
		if f.status == 401 || f.status == 403 || len(f.challenges) > 0 {
			s = Named
		}
		title := "The credentials were withheld on a redirect to another origin, and the final request was refused"
		fix := "Send the request to the final URL directly (" + probeURL(f.req.URL) + "), so that the credentials go with it; or, only if you trust that host, let them follow redirects (curl --location-trusted)."
		if downgrade {
			title = "Redirected from https to plain http: the credentials were withheld, and the final request was refused"
			fix = "Use the https URL the service documents (the redirect to http is a server misconfiguration); never let credentials follow a redirect to plain http."
		}
		return fail(RedirectAuthDropped, s, title, ev, fix)
	}
	return pass(RedirectAuthDropped, "Credentials were withheld on a redirect, but the final request was not refused", ev...)
}
