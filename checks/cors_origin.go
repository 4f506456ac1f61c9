package checks

import (
	"fmt"
	"strings"
)

func checkCORSOrigin(f *facts) Finding {
	if f.resp == nil {
		return skip(CORSOrigin, f.noResponse(), f.noResponseEvidence()...)
	}
	origin, sent := f.reqHeader("Origin")
	acao := f.h.get("access-control-allow-origin")
	if !sent {
		if _, ex, ok := f.body.find([]string{"invalid cors request"}); ok && f.refused() {
			return warn(CORSOrigin, "The server speaks of an invalid CORS request, though no Origin header was sent",
				[]string{f.statusLine(), bodyLine(ex)},
				"Check whether a proxy adds an Origin header; send the Origin your browser app uses to reproduce the browser's request.")
		}
		return pass(CORSOrigin, "No Origin header sent: CORS does not apply (browsers send one, curl does not)", f.statusLine())
	}
	ev := []string{"request: Origin: " + origin, f.statusLine()}
	if acao != "" {
		ev = append(ev, f.h.line("access-control-allow-origin"))
	} else {
		ev = append(ev, "no Access-Control-Allow-Origin in the response")
	}
	if f.h.has("vary") {
		ev = append(ev, f.h.line("vary"))
	}
	fix := fmt.Sprintf("Add %s to the server's allowed origins (Spring: allowedOrigins / @CrossOrigin; Express cors({origin}); Django CORS_ALLOWED_ORIGINS), exactly as sent: scheme, host and port, no trailing slash.", origin)
	if p, ex, ok := f.body.find(corsPhrases); ok && f.refused() {
		title := fmt.Sprintf("The server refused the Origin %s: %q", origin, p)
		if p == "invalid cors request" && f.h.contains("vary", "origin") {
			title = "Spring refused the Origin " + origin + " (403 \"Invalid CORS request\", Vary: Origin)"
		}
		return fail(CORSOrigin, Named, title, append(ev, bodyLine(ex)), fix)
	}
	allowed := acao == "*" || strings.EqualFold(strings.TrimRight(acao, "/"), strings.TrimRight(origin, "/"))
	preflight := strings.EqualFold(f.req.Method, "OPTIONS")
	if acr, ok := f.reqHeader("Access-Control-Request-Method"); ok {
		ev = append(ev, "request: Access-Control-Request-Method: "+acr)
	}
	if f.refused() && !allowed && f.waf == nil && f.cfCode == 0 {
		switch {
		case f.status == 403 && f.h.contains("vary", "origin"):
			return fail(CORSOrigin, Indicated, "403 that varies on Origin, without Access-Control-Allow-Origin: the Origin "+origin+" is refused", ev, fix)
		case preflight:
			return fail(CORSOrigin, Indicated, fmt.Sprintf("The CORS preflight from %s was refused (%d)", origin, f.status), ev,
				fix+" The preflight (OPTIONS) must also be allowed without credentials and answer 2xx.")
		case f.status == 403:
			return fail(CORSOrigin, Inferred, "Origin "+origin+" sent, refused with 403 and no Access-Control-Allow-Origin", ev,
				fix+" This is a guess: send the request again without Origin; if it passes, the Origin is refused.")
		}
	}
	if allowed {
		if w, ok := preflightGaps(f, origin, ev, fix); ok {
			return w
		}
	}
	if acao != "" && !allowed {
		return warn(CORSOrigin, fmt.Sprintf("Access-Control-Allow-Origin is %s, not %s: a browser will not let the page read the answer", acao, origin), ev, fix)
	}
	if acao == "" {
		return warn(CORSOrigin, "Origin sent and no Access-Control-Allow-Origin back: a browser would hide this response from the page", ev, fix)
	}
	return pass(CORSOrigin, "The Origin "+origin+" is allowed ("+f.h.line("access-control-allow-origin")+")", ev...)
}

// preflightGaps finds what a browser would still refuse although the
// Origin is allowed: a preflight answer without the requested method or
// headers, or a wildcard origin together with credentials.
func preflightGaps(f *facts, origin string, ev []string, fix string) (Finding, bool) {
	if m, ok := f.reqHeader("Access-Control-Request-Method"); ok && f.status < 300 {
		allow := f.h.joined("access-control-allow-methods")
		if allow != "*" && !tokenListHas(allow, m) && !corsSafelistedMethod(m) {
			return warn(CORSOrigin, fmt.Sprintf("The preflight allows the Origin but not the method %s (Access-Control-Allow-Methods: %s)", m, orNone(allow)),
				append(ev, f.h.line("access-control-allow-methods")),
				fmt.Sprintf("Add %s to the server's allowed CORS methods; the browser will not send the request otherwise.", m)), true
		}
	}
	if want, ok := f.reqHeader("Access-Control-Request-Headers"); ok && f.status < 300 {
		allow := f.h.joined("access-control-allow-headers")
		var missing []string
		for _, h := range strings.Split(want, ",") {
			if h = strings.TrimSpace(h); h != "" && allow != "*" && !tokenListHas(allow, h) {
				missing = append(missing, h)
			}
		}
		if len(missing) > 0 {
			return warn(CORSOrigin, fmt.Sprintf("The preflight does not allow the header %s (Access-Control-Allow-Headers: %s)", strings.Join(missing, ", "), orNone(allow)),
				append(ev, f.h.line("access-control-allow-headers")),
				"Add "+strings.Join(missing, ", ")+" to the server's allowed CORS headers (Authorization and Content-Type: application/json both need it)."), true
		}
	}
	if f.h.get("access-control-allow-origin") == "*" && strings.EqualFold(strings.TrimSpace(f.h.get("access-control-allow-credentials")), "true") {
		return warn(CORSOrigin, "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true: browsers refuse this pair for requests with cookies or Authorization",
			append(ev, f.h.line("access-control-allow-credentials")),
			"Echo the request's Origin ("+origin+") instead of * when credentials are allowed, and add Vary: Origin."), true
	}
	return Finding{}, false
}

// tokenListHas reports whether a comma-separated header list holds item,
// compared without case.
func tokenListHas(list, item string) bool {
	for _, t := range strings.Split(list, ",") {
		if strings.EqualFold(strings.TrimSpace(t), item) {
			return true
		}
	}
	return false
}

// corsSafelistedMethod: the methods a preflight need not list (Fetch
// standard).
func corsSafelistedMethod(m string) bool {
	switch strings.ToUpper(m) {
	case "GET", "HEAD", "POST":
		return true
	}
	return false
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
