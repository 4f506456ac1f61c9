package checks

import (
	"fmt"
	"strings"
	"sync"
)

// resourceLogFix tells where the real reason is, per server.
var resourceLogFix = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"nginx":  "nginx's error log names the reason for this request's time: \"directory index of ... is forbidden\" (no index file, autoindex off), \"access forbidden by rule\" (a deny rule), \"Permission denied\" (file permissions) or a ModSecurity line.",
		"Apache": "Apache's error log names the reason: AH01276 (no index file and directory listing off: add an index or Options +Indexes), AH01797 (client denied by server configuration: a Require rule), AH00035 or \"Permission denied\" (file permissions), or a ModSecurity line.",
		"":       "The server's error log names the reason for this request's time (a deny rule, a missing index file, file permissions, or a ModSecurity rule).",
	}
})

// fileServers are web servers that serve files and answer a refused path
// with a page of their own.
var fileServers = []string{"lighttpd", "litespeed", "openlitespeed", "caddy", "microsoft-iis", "tengine", "h2o", "cherokee", "hiawatha", "monkey"}

// webServerOwnPage is the web server's name when the Server header names a
// file server and the page is its own: bare (the status and nothing
// else) or signed by it ("Proudly powered by LiteSpeed Web Server").
func webServerOwnPage(f *facts) string {
	sv := strings.TrimSpace(f.h.get("server"))
	product, _, _ := strings.Cut(sv, "/")
	product, _, _ = strings.Cut(product, " ")
	if !contains(fileServers, strings.ToLower(product)) {
		return ""
	}
	text := strings.Join(strings.Fields(strings.ToLower(f.body.text())), " ")
	if f.generic == "short" || strings.Contains(text, "powered by "+strings.ToLower(product)) {
		return product
	}
	return ""
}

func checkResourceDenied(f *facts) Finding {
	if f.resp == nil {
		return skip(ResourceDenied, f.noResponse(), f.noResponseEvidence()...)
	}
	if f.status != 403 {
		if f.success() {
			return pass(ResourceDenied, "The server served the path ("+f.statusLine()+")", f.statusLine())
		}
		return pass(ResourceDenied, "Not a 403: the server did not refuse the path itself", f.statusLine())
	}
	if f.waf != nil || f.cfCode != 0 || f.stackHas("Akamai") {
		return pass(ResourceDenied, "An edge or WAF page answered, not the web server's own refusal of the path", f.statusLine())
	}
	path := "/"
	if f.req.u != nil && f.req.u.Path != "" {
		path = f.req.u.Path
	}
	dir := strings.HasSuffix(path, "/")
	server, own := "", false
	if f.generic == "nginx" || f.generic == "Apache" {
		server = f.generic
	} else if f.stackHas("nginx") {
		server = "nginx"
	} else if f.stackHas("Apache") {
		server = "Apache"
	} else if p := webServerOwnPage(f); p != "" {
		server, own = p, true
	}
	ev := []string{f.statusLine(), "path: " + path}
	if sv := f.h.line("server"); sv != "" {
		ev = append(ev, sv)
	}
	fix := resourceLogFix()[server]
	if f.generic == "HAProxy" {
		g := fail(ResourceDenied, Indicated, "HAProxy's built-in 403 (\"Request forbidden by administrative rules\"): an http-request deny rule of the proxy refused it",
			append(ev, "the rule's condition may be the path, the method, a header or the source address: haproxy.cfg decides"),
			"Ask whoever runs the proxy which http-request deny ACL matched (haproxy.cfg; its log shows the request as denied); change the request it matches, or have the rule allow it.")
		// One page for every rule (a path, a source address, a WAF's
		// verdict served through it): which rule matched is not in the
		// response, so this is the likeliest reading, never a sure one.
		g.wordsOnly = true
		return g
	}
	if anonymousStoreDenied(f) {
		// The store answers a missing key and a key its policy keeps from
		// the public alike (AccessDenied, not 404, when the public may not
		// list the bucket): which one is not in the response, so a guess.
		g := fail(ResourceDenied, Indicated, "The object store refuses this key to an anonymous request (AccessDenied): most likely the key does not exist, or the bucket does not let the public read it",
			append(ev, "object store error AccessDenied: "+clip(f.body.xml.Message, maxExcerpt), "no credential was sent: no caller's policy is at play, only the bucket's public access"),
			"Check that an object exists at "+path+" (a site deployed into a subfolder has its index.html there, not at the root), then the bucket's public access (bucket policy or ACL for anonymous reads); if the data is private, send a signed request.")
		g.wordsOnly = true
		return g
	}
	if p, ex, ok := f.body.find(resourcePhrases); ok && p != "you don't have permission to access" && p != "you do not have permission to access this resource" {
		return fail(ResourceDenied, Named, fmt.Sprintf("The server refuses to list or serve this path: %q", p), append(ev, bodyLine(ex)),
			"Request a file, not the directory (or add an index file / enable listing on the server). "+fix)
	}
	if server != "" && (f.generic != "" || own) || f.body.has("you don't have permission to access") || f.body.has("you do not have permission to access this resource") {
		if server == "" {
			server = "The web server"
		}
		title := fmt.Sprintf("%s's built-in 403 page: the server itself refused this path", server)
		// The page is identical for every reason, so the request decides:
		// a directory path points at a missing index with listing off,
		// unless the request also carries what WAF rules match (then that
		// is as likely, and waf.block ranks first).
		s := Inferred
		if dir {
			title = fmt.Sprintf("%s's built-in 403 for a directory (%s): most likely no index file and listing turned off", server, path)
			if len(requestSuspicion(&f.req)) == 0 && !purgeMethod(strings.ToUpper(f.req.Method)) {
				s = Indicated
			}
			fix = "Request a file inside it (" + strings.TrimSuffix(path, "/") + "/index.html, or the API route without the trailing slash), or add an index file or turn listing on. " + fix
		}
		ev = append(ev, "the page is the same for deny rules, auth_request, a missing index, file permissions and ModSecurity: the error log decides")
		return fail(ResourceDenied, s, title, ev, fix)
	}
	return pass(ResourceDenied, "The 403 is not a web server's built-in page: the application refused, not the file server", ev...)
}

// anonymousStoreDenied reports an object store's AccessDenied error (S3 and
// the stores that speak its XML: OSS, GCS's XML API, MinIO, R2) to a
// request that carried no credential at all.
func anonymousStoreDenied(f *facts) bool {
	x := f.body.xml
	return x != nil && x.Code == "AccessDenied" && f.status == 403 && !f.reqUnknown && !f.req.hasCredential() &&
		!strings.Contains(strings.ToLower(x.Message), "expired")
}
