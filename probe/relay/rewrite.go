package relay

import (
	"net/url"
	"strings"
	"sync"
)

// hopByHop are the header fields that describe one connection, not the
// message (RFC 9110 §7.6.1), and so are not forwarded. Transfer-Encoding
// is kept: the body is forwarded with its chunked framing as it came.
var hopByHop = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"connection": true, "proxy-connection": true, "keep-alive": true,
		"te": true, "upgrade": true, "proxy-authorization": true,
	}
})

// forwardLines are the request's header lines as forwarded: hop-by-hop
// lines (and those Connection names) dropped, the Host line's value
// replaced by host unless keepHost, everything else byte for byte.
// upgrade keeps Connection and Upgrade, for a tunnel.
func forwardLines(h *head, host string, keepHost, upgrade bool) (out []line, dropped []string) {
	named := map[string]bool{}
	for _, v := range h.values("Connection") {
		named[strings.ToLower(v)] = true
	}
	for _, l := range h.lines {
		lower := strings.ToLower(l.name)
		switch {
		case lower == "host":
			if !keepHost {
				l.value = host
				l.raw = []byte(l.name + ": " + host + "\r\n")
			}
		case upgrade && (lower == "connection" || lower == "upgrade"):
		case hopByHop()[lower] || (named[lower] && lower != "transfer-encoding"):
			dropped = append(dropped, l.name)
			continue
		}
		out = append(out, l)
	}
	return out, dropped
}

// rewriteResponse applies the two rewrites that keep the app on the
// proxy, as nginx's proxy_redirect does: a Location on the upstream's
// origin is moved to the proxy's, and a Set-Cookie Domain naming the
// upstream's host is dropped. It returns what it changed, in words.
func rewriteResponse(h *head, upstream *url.URL, proxyOrigin string) []string {
	var notes []string
	for i, l := range h.lines {
		switch strings.ToLower(l.name) {
		case "location":
			if v, ok := rewriteLocation(l.value, upstream, proxyOrigin); ok {
				notes = append(notes, "Location "+l.value+" rewritten to "+v)
				h.lines[i].value = v
				h.lines[i].raw = []byte(l.name + ": " + v + "\r\n")
			}
		case "set-cookie":
			if v, dom, ok := dropCookieDomain(l.value, upstream.Hostname()); ok {
				notes = append(notes, "Set-Cookie Domain="+dom+" dropped, so the cookie stays with the app")
				h.lines[i].value = v
				h.lines[i].raw = []byte(l.name + ": " + v + "\r\n")
			}
		}
	}
	return notes
}

func rewriteLocation(v string, upstream *url.URL, proxyOrigin string) (string, bool) {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || proxyOrigin == "" {
		return "", false
	}
	if !strings.EqualFold(u.Scheme, upstream.Scheme) || !strings.EqualFold(hostWithPort(u), hostWithPort(upstream)) {
		return "", false
	}
	rest := strings.TrimPrefix(v, v[:len(u.Scheme)+3+len(u.Host)])
	return proxyOrigin + rest, true
}

// hostWithPort is host:port with the scheme's default port filled in.
func hostWithPort(u *url.URL) string {
	if u.Port() != "" {
		return strings.ToLower(u.Host)
	}
	port := "80"
	if strings.EqualFold(u.Scheme, "https") {
		port = "443"
	}
	return strings.ToLower(u.Hostname()) + ":" + port
}

func dropCookieDomain(v, host string) (string, string, bool) {
	parts := strings.Split(v, ";")
	for i := 1; i < len(parts); i++ {
		name, val, _ := strings.Cut(parts[i], "=")
		if !strings.EqualFold(strings.TrimSpace(name), "domain") {
			continue
		}
		dom := strings.TrimSpace(val)
		d := strings.ToLower(strings.TrimPrefix(dom, "."))
		h := strings.ToLower(host)
		if d == h || strings.HasSuffix(h, "."+d) {
			out := append(append([]string{}, parts[:i]...), parts[i+1:]...)
			return strings.Join(out, ";"), dom, true
		}
	}
	return "", "", false
}

// signedOverHost names the signature scheme when the request carries a
// signature that covers its Host (AWS SigV4 in a header or the query, an
// HTTP Message Signature over @authority); "" when none.
func signedOverHost(h *head) string {
	for _, l := range h.lines {
		switch strings.ToLower(l.name) {
		case "authorization":
			if strings.HasPrefix(l.value, "AWS4-HMAC-SHA256") && strings.Contains(strings.ToLower(l.value), "signedheaders=") {
				if sh := strings.ToLower(l.value); strings.Contains(sh, "host") {
					return "AWS Signature Version 4"
				}
			}
		case "signature-input":
			if v := strings.ToLower(l.value); strings.Contains(v, `"@authority"`) || strings.Contains(v, `"host"`) {
				return "HTTP Message Signature (RFC 9421)"
			}
		}
	}
	if _, q, ok := strings.Cut(h.target, "?"); ok {
		if vals, err := url.ParseQuery(q); err == nil {
			if vals.Get("X-Amz-Signature") != "" && strings.Contains(strings.ToLower(vals.Get("X-Amz-SignedHeaders")), "host") {
				return "AWS Signature Version 4 (presigned URL)"
			}
		}
	}
	return ""
}
