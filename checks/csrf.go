package checks

import (
	"fmt"
	"strings"
)

// csrfFields are the body fields frameworks read the anti-CSRF token from.
var csrfFields = []string{"csrfmiddlewaretoken", "_csrf", "csrf_token", "csrftoken", "authenticity_token", "_token", "__requestverificationtoken"}

// unsafeMethod reports a method CSRF protection guards (every method but
// the safe ones).
func unsafeMethod(m string) bool {
	switch strings.ToUpper(m) {
	case "GET", "HEAD", "OPTIONS", "TRACE":
		return false
	}
	return true
}

// csrfSent lists the anti-CSRF tokens the request carried (header or
// body field), masked.
func csrfSent(f *facts) []string {
	var out []string
	for _, h := range f.reqHeaders {
		ln := strings.ToLower(h.Name)
		if strings.Contains(ln, "csrf") || strings.Contains(ln, "xsrf") || ln == "requestverificationtoken" {
			out = append(out, headerLine(h.Name, h.Value))
		}
	}
	body := strings.ToLower(string(f.req.bodyHead))
	for _, fld := range csrfFields {
		if strings.Contains(body, fld+"=") || strings.Contains(body, `"`+fld+`"`) {
			out = append(out, "body field "+fld)
		}
	}
	return out
}

// sessionCookie reports a Cookie header in the request: the session a
// CSRF token is tied to.
func sessionCookie(f *facts) (string, bool) {
	for _, c := range f.req.Creds {
		if c.Kind == "cookie" {
			return c.Line, true
		}
	}
	return "", false
}

const csrfFix = "Load the page or endpoint that issues the CSRF token first (it sets a cookie such as csrftoken or XSRF-TOKEN, or a hidden form field), then send the same session cookie with the token in the header or field the framework reads (Django X-CSRFToken, Spring/Angular X-XSRF-TOKEN, Rails X-CSRF-Token, Laravel X-CSRF-TOKEN or _token). An API client should use token authentication instead, which these frameworks exempt."

func checkCSRF(f *facts) Finding {
	if f.resp == nil {
		return skip(CSRF, f.noResponse(), f.noResponseEvidence()...)
	}
	sent := csrfSent(f)
	cookie, hasCookie := sessionCookie(f)
	reqEv := func(ev ...string) []string {
		ev = append(ev, f.req.Method+" "+f.req.URL)
		if hasCookie {
			ev = append(ev, cookie)
		}
		if len(sent) > 0 {
			ev = append(ev, "CSRF token sent: "+strings.Join(sent, ", "))
		} else {
			ev = append(ev, "no CSRF header or form field was sent")
		}
		return ev
	}
	if p, ex, ok := f.body.find(csrfPhrases); ok && f.refused() {
		title := fmt.Sprintf("The server refused the request's CSRF protection: %q", p)
		// Django's page names the reason in the <pre> that follows this line.
		const django = "reason given for the failure:"
		if i := f.body.index(django); i >= 0 {
			rest := f.body.raw[i+len(django) : min(len(f.body.raw), i+len(django)+300)]
			if j := strings.Index(rest, "</pre>"); j >= 0 {
				rest = rest[:j]
			}
			if r := collapse(stripTags(rest)); r != "" {
				title = "Django: CSRF verification failed: " + clip(r, 100)
			}
		}
		fix := csrfFix
		if rf := djangoReasonFix(title); rf != "" {
			fix = rf
		} else if len(sent) > 0 {
			fix = "A token was sent but does not match: it must come from the same session as the cookie sent with it (fetch a fresh one in this session), and over HTTPS Django and Rails also check Origin/Referer against the trusted origins."
		}
		return fail(CSRF, Named, title, reqEv(f.statusLine(), bodyLine(ex)), fix)
	}
	if f.status == 419 && unsafeMethod(f.req.Method) {
		return fail(CSRF, Indicated, "419 (Laravel's \"Page Expired\"): the CSRF token is missing or from an expired session",
			reqEv(f.statusLine()), csrfFix)
	}
	if f.status == 403 && unsafeMethod(f.req.Method) && hasCookie && len(sent) == 0 && f.waf == nil && f.cfCode == 0 {
		return fail(CSRF, Inferred, fmt.Sprintf("%s with a session cookie and no CSRF token was refused (403)", f.req.Method),
			reqEv(f.statusLine()), csrfFix+" This is a guess: the response does not name CSRF.")
	}
	if !unsafeMethod(f.req.Method) {
		return pass(CSRF, f.req.Method+" is a safe method: CSRF protection does not apply", f.statusLine())
	}
	if f.status == 422 && len(sent) == 0 && namesNothing(f) && f.waf == nil {
		// RFC 9110 §15.5.21: the content was understood but not
		// processed. An API that validated the fields names them; a 422
		// that names nothing comes from a check that ran before them,
		// as Rails' authenticity-token check does.
		return fail(CSRF, Inferred, fmt.Sprintf("A bare 422 to a %s without a CSRF token: a framework's authenticity check (Rails) answers so", f.req.Method),
			reqEv(f.statusLine(), "the body names no invalid field"),
			csrfFix+" An API client without a browser session should use the API's token authentication, which skips the CSRF check. This is a guess: the response does not name CSRF.")
	}
	if f.status == 403 && !hasCookie && len(sent) == 0 && browserForm(&f.req) && !f.req.hasCredential() &&
		f.waf == nil && requirementOnly(f, credentialDemand(f)) {
		// A browser form posted without any cookie, refused by a 403 that
		// only says authentication is required: a framework's generic
		// forbidden page (Play's) answers a failed CSRF check so, and
		// the form carried neither the session nor the token.
		return fail(CSRF, Inferred, fmt.Sprintf("A form %s without a cookie or CSRF token was refused by a 403 that only asks for authentication", f.req.Method),
			reqEv(f.statusLine()), csrfFix+" This is a guess: the response does not name CSRF.")
	}
	if origin, ok := f.reqHeader("Origin"); ok && f.status == 403 && !hasCookie && len(sent) == 0 && browserForm(&f.req) && !f.req.hasCredential() &&
		f.waf == nil && f.cfCode == 0 && namesNothing(f) {
		// A browser form posted with an Origin and refused by a bare 403:
		// frameworks' default guards against cross-site forms judge the
		// Origin of form posts and answer so (Sinatra's rack-protection,
		// Hono's csrf(), Go's CrossOriginProtection). A server's CORS
		// check names CORS; a form needs no preflight, so CORS is not
		// what a browser's form meets.
		return fail(CSRF, Inferred, fmt.Sprintf("A form %s with Origin %s was refused by a bare 403: a framework's cross-site form guard answers so", f.req.Method, origin),
			reqEv(f.statusLine(), "Origin: "+origin),
			"Post the form from an origin the app trusts (its own), or add this origin to the guard's allowed origins (Hono csrf({origin}), rack-protection's permitted origins, Go's AddTrustedOrigin); a token-authenticated API client should not send Origin. This is a guess: the response does not name CSRF.")
	}
	if !hasCookie {
		return pass(CSRF, "No session cookie sent: CSRF protection guards cookie sessions", f.statusLine())
	}
	return pass(CSRF, "No CSRF wording in the response", reqEv(f.statusLine())...)
}

// namesNothing reports a body that is empty or only the status's own
// words ("Unprocessable Entity").
func namesNothing(f *facts) bool {
	t := strings.Trim(strings.TrimSpace(f.body.text()), ".")
	t = strings.TrimSpace(strings.TrimPrefix(t, fmt.Sprint(f.status)))
	return t == "" || strings.EqualFold(t, statusText(f.status)) || strings.EqualFold(t, "Unprocessable Content")
}

// djangoReasonFix is the fix for the reason Django's CSRF page names
// (django/middleware/csrf.py's REASON_* messages), "" for another.
func djangoReasonFix(title string) string {
	t := strings.ToLower(title)
	switch {
	case strings.Contains(t, "origin checking failed"):
		return "Django compared the Origin header with the trusted origins and found no match: send the site's own origin, or have the site add yours to CSRF_TRUSTED_ORIGINS (scheme included, https://app.example.com); behind a TLS-terminating proxy it also needs SECURE_PROXY_SSL_HEADER."
	case strings.Contains(t, "referer checking failed"):
		return "Over HTTPS Django requires a Referer from a trusted origin: send Referer: https://<the site>/ (or the page that holds the form), or have the site add your origin to CSRF_TRUSTED_ORIGINS."
	case strings.Contains(t, "csrf cookie not set"):
		return "No csrftoken cookie arrived: load a page of the site first (it sets csrftoken), then send that cookie together with the token in X-CSRFToken or the csrfmiddlewaretoken field."
	case strings.Contains(t, "token missing"):
		return "Send the token Django gave you (the csrftoken cookie's value) in the X-CSRFToken header or the csrfmiddlewaretoken form field, together with the cookie."
	case strings.Contains(t, "incorrect") || strings.Contains(t, "has incorrect length") || strings.Contains(t, "invalid characters"):
		return "The token sent does not match the csrftoken cookie: take both from the same session (reload the page that sets them) and send the token unmodified."
	}
	return ""
}

// browserForm reports a request whose body is declared as an HTML form's
// (urlencoded or multipart), the kind a browser's form submits.
func browserForm(r *requestFacts) bool {
	ct := strings.ToLower(r.ContentType)
	return strings.Contains(ct, "x-www-form-urlencoded") || strings.Contains(ct, "multipart/form-data")
}
