package checks

import (
	"fmt"
	"strings"

	"github.com/why403/why403/probe"
)

// acceptsAnyType reports a request whose Accept is absent or holds */*:
// any representation matches it, so a 406 to it is not negotiation.
func acceptsAnyType(f *facts) bool {
	accept, ok := requestHeader(f.reqHeaders, "Accept")
	return !ok || strings.TrimSpace(accept) == "" || strings.Contains(accept, "*/*")
}

// requestHeader is the first request header named name (any case).
func requestHeader(hs []probe.Header, name string) (string, bool) {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

func checkContentType(f *facts) Finding {
	if f.resp == nil {
		return skip(ContentType, f.noResponse(), f.noResponseEvidence()...)
	}
	r := &f.req
	ps := worst(r.Content)
	ctLine := "request has no Content-Type"
	if r.HasContentType {
		ctLine = "request Content-Type: " + r.ContentType
	}
	modsec := f.waf != nil && f.waf.Vendor == "ModSecurity"
	phrase, pex, said := f.body.find(contentTypePhrases)
	said = said && f.status >= 400

	switch {
	case f.status == 415 || said && f.status != 406:
		ev := []string{f.statusLine(), ctLine}
		for _, h := range []string{"accept-post", "accept-patch"} {
			if f.h.has(h) {
				ev = append(ev, f.h.line(h))
			}
		}
		if said {
			ev = append(ev, bodyLine(pex))
		}
		s := Indicated
		if said {
			s = Named
		}
		title := "The server does not take this Content-Type"
		if f.status == 415 {
			title = "HTTP 415 Unsupported Media Type: the server does not take this Content-Type"
		}
		fix := "Send the media type the API documents (usually Content-Type: application/json, with a body to match)."
		if len(ps) > 0 {
			title += ": " + ps[0].Title
			fix = ps[0].Fix
			ev = append(ev, problemEvidence(ps)...)
		} else if ap := f.h.get("accept-post"); ap != "" {
			fix = "Send one of the types the server lists in Accept-Post: " + ap + "."
		}
		return fail(ContentType, s, title, dedupe(ev), fix)
	case f.status == 406 && !modsec:
		accept, ok := requestHeader(f.reqHeaders, "Accept")
		acceptLine := "request has no Accept header"
		if ok {
			acceptLine = "request Accept: " + accept
		}
		if said && strings.HasPrefix(phrase, "content-type") {
			// Elasticsearch answers 406 for a Content-Type it refuses.
			return fail(ContentType, Named, "The server refuses the request's Content-Type (406)",
				[]string{f.statusLine(), ctLine, bodyLine(pex)},
				"Send Content-Type: application/json (curl -d sends application/x-www-form-urlencoded; use --json or -H).")
		}
		ev := []string{f.statusLine(), acceptLine}
		if said {
			ev = append(ev, bodyLine(pex))
		} else if acceptsAnyType(f) && len(ps) == 0 {
			return pass(ContentType, "Not content negotiation: the request accepts any type, so this 406 refuses the client, not a type",
				append(ev, "*/* (or no Accept) matches every media type (RFC 9110 §12.5.1): no representation can fail to match it")...)
		}
		return fail(ContentType, Indicated, "HTTP 406 Not Acceptable: nothing the server has matches the request's Accept", ev,
			"Send an Accept the API serves (Accept: application/json, or */*).")
	}
	if len(ps) > 0 {
		ev := append(problemEvidence(ps), f.statusLine())
		switch {
		case ps[0].Status == Fail && f.refused():
			s := Inferred
			if f.status == 400 || f.status == 422 {
				ev = append(ev, "a 400/422 is how most frameworks answer a body they cannot parse")
			}
			return fail(ContentType, s, ps[0].Title, ev, ps[0].Fix)
		case ps[0].Status == Fail:
			return warn(ContentType, ps[0].Title+" (the server accepted it anyway)", ev, ps[0].Fix)
		}
		return warn(ContentType, ps[0].Title, ev, ps[0].Fix)
	}
	if modsec && f.status == 406 {
		return pass(ContentType, "This 406 is ModSecurity's block page, not content negotiation (see waf.block)", f.statusLine())
	}
	if r.BodyKind == "" {
		if r.BodyFile != "" {
			return skip(ContentType, "The body is read from "+r.BodyFile+" at send time; it was not recorded")
		}
		return pass(ContentType, "No request body, and no 406 or 415", f.statusLine())
	}
	kind := map[string]string{"json": "JSON", "form": "form-encoded", "xml": "XML", "text": "text", "binary": "binary", "badjson": "text"}[r.BodyKind]
	return pass(ContentType, fmt.Sprintf("The %s body fits its Content-Type (%s)", kind, r.ContentType), ctLine)
}
