package lab

import (
	"fmt"
	"html"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Cloudflare: the edge's own block pages (WAF, IP and country rules,
// direct IP access, Browser Integrity Check).

// cfError is one of Cloudflare's own 1xxx errors.
type cfError struct {
	Code        int
	Name        string
	Title       string
	Headline    string
	Explanation string
}

func cloudflareHeaders(w http.ResponseWriter) (ray string) {
	ray = randomHex(16) + "-LAB"
	w.Header().Set("Server", "cloudflare")
	w.Header().Set("CF-RAY", ray)
	return ray
}

// cloudflareBlock answers as Cloudflare's edge does: an HTML page for a
// browser, JSON when JSON is asked for, and otherwise the plain text
// "error code: NNNN".
func cloudflareBlock(w http.ResponseWriter, r *http.Request, e cfError) {
	ray := cloudflareHeaders(w)
	w.Header().Set("Cache-Control", "private, max-age=0, no-store, no-cache, must-revalidate")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	w.Header().Set("Referrer-Policy", "same-origin")
	switch {
	case accepts(r, "text/html"):
		writeText(w, http.StatusForbidden, "text/html; charset=UTF-8", fmt.Sprintf(`<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>%s</title></head>
<body>
<div id="cf-wrapper">
  <div id="cf-error-details">
    <h1><span class="cf-error-type">Error</span> <span class="cf-error-code">%d</span></h1>
    <h2 class="cf-subheadline">%s</h2>
    <p>%s</p>
    <p class="cf-footer">Cloudflare Ray ID: <strong>%s</strong> &bull; Your IP: %s &bull; Performance &amp; security by Cloudflare</p>
  </div>
</div>
</body>
</html>
`, html.EscapeString(e.Title), e.Code, html.EscapeString(e.Headline), html.EscapeString(e.Explanation), ray, clientAddr(r)))
	case accepts(r, "application/json"):
		writeJSON(w, http.StatusForbidden, map[string]any{
			"title": e.Title, "status": http.StatusForbidden, "detail": e.Explanation,
			"error_code": e.Code, "error_name": e.Name, "retryable": false, "ray_id": ray,
		})
	default:
		writeText(w, http.StatusForbidden, "text/plain; charset=UTF-8", fmt.Sprintf("error code: %d", e.Code))
	}
}

func cloudflarePass(w http.ResponseWriter, body string) {
	cloudflareHeaders(w)
	w.Header().Set("CF-Cache-Status", "DYNAMIC")
	writeText(w, http.StatusOK, "text/plain; charset=utf-8", body)
}

func restrictTitle(r *http.Request) string {
	return "Access denied | " + r.Host + " used Cloudflare to restrict access"
}

// cloudflareWAF is a zone whose firewall rules inspect the query and body.
func (l *Lab) cloudflareWAF(w http.ResponseWriter, r *http.Request) {
	found, err := inspect(r)
	if err != nil {
		http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	if found.Kind != "" {
		cloudflareBlock(w, r, cfError{
			Code: 1020, Name: "firewall_rule_block", Title: "Attention Required! | Cloudflare",
			Headline:    "This request was blocked by the website's firewall",
			Explanation: "A firewall rule set up by the owner of " + r.Host + " matched your request. Requests carrying SQL fragments, markup or other attack-like text are refused.",
		})
		return
	}
	cloudflarePass(w, "search results for "+r.URL.Query().Get("q")+"\n")
}

// cloudflareIPBan is a zone whose owner banned loopback addresses.
func (l *Lab) cloudflareIPBan(w http.ResponseWriter, r *http.Request) {
	a := clientAddr(r)
	for _, p := range bannedPrefixes() {
		if p.Contains(a) {
			cloudflareBlock(w, r, cfError{
				Code: 1006, Name: "ip_banned", Title: restrictTitle(r),
				Headline:    "Access denied",
				Explanation: fmt.Sprintf("The site owner of %s has banned your IP address (%s).", r.Host, a),
			})
			return
		}
	}
	cloudflarePass(w, "welcome\n")
}

// cloudflareGeo is a zone whose owner banned some countries.
func (l *Lab) cloudflareGeo(w http.ResponseWriter, r *http.Request) {
	country := countryOf(clientAddr(r))
	if blockedCountries()[country] {
		cloudflareBlock(w, r, cfError{
			Code: 1009, Name: "country_banned", Title: restrictTitle(r),
			Headline:    "Access denied",
			Explanation: fmt.Sprintf("The site owner of %s has banned the country or region your IP address is in (%s) from accessing this website.", r.Host, country),
		})
		return
	}
	cloudflarePass(w, "welcome\n")
}

// ---- Cloudflare: direct IP access -----------------------------------------

// cloudflareDirect is a zone reached through Cloudflare's edge: a request
// whose Host is an address, not a host name, names no zone (1003).
func (l *Lab) cloudflareDirect(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		cloudflareBlock(w, r, cfError{
			Code: 1003, Name: "direct_ip_access_not_allowed", Title: "Direct IP access not allowed | Cloudflare",
			Headline:    "Direct IP access not allowed",
			Explanation: fmt.Sprintf("You reached Cloudflare's network by the address %s. This address serves many websites; send the site's host name in the URL (and the Host header) instead.", host),
		})
		return
	}
	cloudflarePass(w, "welcome to "+host+"\n")
}

// ---- Cloudflare: Browser Integrity Check ----------------------------------

// cloudflareBIC is a zone with the Browser Integrity Check on: a request
// with no User-Agent, or the default one of an HTTP library, carries no
// browser signature and is refused with 1010.
func (l *Lab) cloudflareBIC(w http.ResponseWriter, r *http.Request) {
	ua := r.Header.Get("User-Agent")
	if strings.TrimSpace(ua) == "" || isLibraryAgent(ua) {
		shown := ua
		if shown == "" {
			shown = "none"
		}
		cloudflareBlock(w, r, cfError{
			Code: 1010, Name: "browser_signature_banned", Title: restrictTitle(r),
			Headline:    "Access denied",
			Explanation: fmt.Sprintf("The owner of this website (%s) has banned your access based on your browser's signature (User-Agent: %s).", r.Host, shown),
		})
		return
	}
	cloudflarePass(w, "welcome\n")
}
