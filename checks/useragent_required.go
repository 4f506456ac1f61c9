package checks

import (
	"fmt"
	"strings"

	"github.com/why403/why403/probe"
)

const userAgentFix = "Send a User-Agent that names your application and a contact, for example -A \"myapp/1.2 (+https://example.com/contact)\"; in code set it on the client (Go: req.Header.Set(\"User-Agent\", ...); Python requests: headers={\"User-Agent\": ...})."

func checkUserAgentRequired(f *facts) Finding {
	if f.resp == nil {
		return skip(UserAgentRequired, f.noResponse(), f.noResponseEvidence()...)
	}
	r := &f.req
	var uaLine string
	switch {
	case !r.HasUserAgent:
		uaLine = "request: no User-Agent header"
	case strings.TrimSpace(r.UserAgent) == "":
		uaLine = "request: User-Agent is empty"
	case r.UALibrary != "":
		uaLine = fmt.Sprintf("request: User-Agent: %s (a library default)", r.UserAgent)
	default:
		uaLine = "request: User-Agent: " + r.UserAgent
	}
	missing := !r.HasUserAgent || strings.TrimSpace(r.UserAgent) == ""
	if p, ex, ok := f.body.find(userAgentPhrases); ok && f.refused() {
		return fail(UserAgentRequired, Named, fmt.Sprintf("The server asks for a User-Agent: %q", p),
			[]string{f.statusLine(), bodyLine(ex), uaLine}, userAgentFix)
	}
	if f.cfCode == 1010 {
		return fail(UserAgentRequired, Named, "Cloudflare 1010: the site bans your client's browser signature (User-Agent)",
			[]string{"Cloudflare error 1010", f.h.line("cf-ray"), uaLine},
			"Cloudflare's Browser Integrity Check refused the client: send a real User-Agent (not empty, not a library default), or ask the site owner to exempt your client or API path.")
	}
	if missing && f.refused() {
		return fail(UserAgentRequired, Inferred, "Refused, and the request had no User-Agent",
			[]string{f.statusLine(), uaLine},
			userAgentFix+" This is a guess: many servers and bot rules refuse requests without one; send it and compare.")
	}
	// why403's own default is curl's, which servers single out as well.
	ownDefault := strings.TrimSpace(r.UserAgent) == probe.UserAgent
	// A 406 whose words name the type ("Content-Type header ... is not
	// supported") is about the type after all.
	namesType := f.body.has("content-type") || f.body.has("content type") || f.body.has("media type")
	if (r.UALibrary != "" || ownDefault) && f.status == 406 && acceptsAnyType(f) && f.waf == nil && !namesType {
		// A 406 to a request that accepts any type refuses the client, not
		// a type (content.type): what names the client is its User-Agent,
		// and this one is a library's default, which servers single out.
		title := libraryAgentTitle(r, "and the server answers 406 to a request that accepts any type: it refuses the client")
		if ownDefault {
			title = "The request carries curl's default User-Agent (why403's default), and the server answers 406 to a request that accepts any type: it refuses the client"
		}
		return fail(UserAgentRequired, Inferred, title,
			[]string{f.statusLine(), uaLine, "the request accepts any type (*/* or no Accept): this 406 is not content negotiation"},
			libraryAgentFix(r, userAgentFix)+" This is a guess: send the same request with another User-Agent and compare.")
	}
	if r.UALibrary != "" && f.refused() && !f.pointsAtAgentBlocking() {
		return pass(UserAgentRequired, "The User-Agent is "+clientAgentName(r)+"; the refusal does not point at bot or User-Agent blocking", f.statusLine(), uaLine)
	}
	if r.UALibrary != "" && f.refused() {
		w := warn(UserAgentRequired, libraryAgentTitle(r, "which bot rules refuse, and this refusal points at bot blocking"),
			[]string{f.statusLine(), uaLine}, libraryAgentFix(r, userAgentFix))
		// Never the cause by itself: a response that points at bots makes
		// it waf.block's reading, one that asks for a User-Agent fails above.
		w.Aside = true
		return w
	}
	if missing {
		return pass(UserAgentRequired, "No User-Agent sent, and the server did not refuse", f.statusLine())
	}
	if !f.refused() {
		return pass(UserAgentRequired, "The server did not refuse the User-Agent ("+f.statusLine()+")", uaLine)
	}
	return pass(UserAgentRequired, "A User-Agent was sent, and the response does not ask for one", uaLine)
}
