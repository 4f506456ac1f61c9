package lab

import (
	"crypto/subtle"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Django: CSRF protection.

const (
	csrfCookieName = "csrftoken"
	csrfFieldName  = "csrfmiddlewaretoken"
	csrfHeaderName = "X-CSRFToken"
	csrfSecretLen  = 32
	csrfChars      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	djangoSession  = "sessionid"
	djangoLoginURL = "/django/accounts/login/"
)

// labSessionID is the one session the Django-style site knows (a user who
// logged in earlier); stable, so that Catalogue can name it.
var labSessionID = sync.OnceValue(func() string {
	return stableToken("why403 lab: Django-style session", 32, "abcdefghijklmnopqrstuvwxyz0123456789")
})

// labCSRFSecret is the CSRF secret of the scenario's browser: the value of
// its csrftoken cookie. Django's check is stateless (the cookie against
// the submitted token), so any well-formed secret works.
var labCSRFSecret = sync.OnceValue(func() string {
	return stableToken("why403 lab: Django-style CSRF secret", csrfSecretLen, csrfChars)
})

// stableToken derives n characters of alphabet from label.
func stableToken(label string, n int, alphabet string) string {
	b := make([]byte, n)
	key := deriveKey(label)
	for i := range b {
		b[i] = alphabet[int(key[i%len(key)]+byte(i/len(key)))%len(alphabet)]
	}
	return string(b)
}

// csrfMask hides secret behind mask as Django's masked form tokens do: each
// character shifted by the mask's, so every page gets another token.
func csrfMask(secret, mask string) string {
	out := make([]byte, len(secret))
	for i := range out {
		out[i] = csrfChars[(strings.IndexByte(csrfChars, secret[i])+strings.IndexByte(csrfChars, mask[i]))%len(csrfChars)]
	}
	return mask + string(out)
}

// csrfUnmask recovers the secret from a 64-character masked token.
func csrfUnmask(token string) string {
	mask, cipher := token[:csrfSecretLen], token[csrfSecretLen:]
	out := make([]byte, csrfSecretLen)
	n := len(csrfChars)
	for i := range out {
		out[i] = csrfChars[((strings.IndexByte(csrfChars, cipher[i])-strings.IndexByte(csrfChars, mask[i]))%n+n)%n]
	}
	return string(out)
}

func randomCSRFString(n int) string {
	b := randomBytes(n)
	for i := range b {
		b[i] = csrfChars[int(b[i])%len(csrfChars)]
	}
	return string(b)
}

// csrfFormatProblem says what is wrong with the shape of a secret or a
// token, or "" when it is well formed.
func csrfFormatProblem(s string) string {
	if len(s) != csrfSecretLen && len(s) != 2*csrfSecretLen {
		return "has incorrect length"
	}
	if strings.Trim(s, csrfChars) != "" {
		return "has invalid characters"
	}
	return ""
}

// csrfRejection is why the middleware refuses a request, or "".
func csrfRejection(r *http.Request) string {
	// An Origin header, when sent, must be the site's own.
	if origin := r.Header.Get("Origin"); origin != "" {
		if origin != "http://"+r.Host && origin != "https://"+r.Host {
			return fmt.Sprintf("Origin checking failed - %s does not match any trusted origins.", origin)
		}
	}
	c, err := r.Cookie(csrfCookieName)
	if err != nil {
		return "CSRF cookie not set."
	}
	secret := c.Value
	if p := csrfFormatProblem(secret); p != "" {
		return "CSRF cookie " + p + "."
	}
	if len(secret) == 2*csrfSecretLen {
		secret = csrfUnmask(secret)
	}
	source := "POST"
	token := r.PostFormValue(csrfFieldName)
	if token == "" {
		token = r.Header.Get(csrfHeaderName)
		source = "the '" + csrfHeaderName + "' HTTP header"
	}
	if token == "" {
		return "CSRF token missing."
	}
	if p := csrfFormatProblem(token); p != "" {
		return "CSRF token from " + source + " " + p + "."
	}
	if len(token) == 2*csrfSecretLen {
		token = csrfUnmask(token)
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(secret)) != 1 {
		return "CSRF token from " + source + " incorrect."
	}
	return ""
}

func djangoHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Vary", "Cookie")
}

// djangoProfile is a profile form behind Django's CSRF middleware and a
// login: unsafe methods need the csrftoken cookie and the same secret in
// the form field or the X-CSRFToken header; the view needs a session.
func (l *Lab) djangoProfile(w http.ResponseWriter, r *http.Request) {
	djangoHeaders(w)
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
	default:
		if reason := csrfRejection(r); reason != "" {
			_, noCookie := r.Cookie(csrfCookieName)
			writeText(w, http.StatusForbidden, "text/html; charset=utf-8", csrfFailurePage(reason, noCookie != nil))
			return
		}
	}
	if c, err := r.Cookie(djangoSession); err != nil || c.Value != labSessionID() {
		http.Redirect(w, r, djangoLoginURL+"?next="+url.QueryEscape(r.URL.Path), http.StatusFound)
		return
	}
	if r.Method == http.MethodPost {
		name := r.PostFormValue("display_name")
		writeText(w, http.StatusOK, "text/html; charset=utf-8", fmt.Sprintf(
			"<!doctype html>\n<html><head><title>Profile saved</title></head><body><p>Profile saved: %s.</p></body></html>\n", html.EscapeString(name)))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, POST, HEAD, OPTIONS")
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	secret := labCSRFSecret()
	if c, err := r.Cookie(csrfCookieName); err == nil && csrfFormatProblem(c.Value) == "" {
		secret = c.Value
		if len(secret) == 2*csrfSecretLen {
			secret = csrfUnmask(secret)
		}
	} else {
		secret = randomCSRFString(csrfSecretLen)
		http.SetCookie(w, &http.Cookie{Name: csrfCookieName, Value: secret, Path: "/", MaxAge: 31449600, SameSite: http.SameSiteLaxMode})
	}
	writeText(w, http.StatusOK, "text/html; charset=utf-8", fmt.Sprintf(`<!doctype html>
<html><head><title>Your profile</title></head><body>
<form method="post">
<input type="hidden" name="%s" value="%s">
<label>Display name <input name="display_name" value="Ada"></label>
<button>Save</button>
</form>
</body></html>
`, csrfFieldName, csrfMask(secret, randomCSRFString(csrfSecretLen))))
}

// csrfFailurePage is the page Django's CSRF failure view renders with
// DEBUG on; the wording is the lab's.
func csrfFailurePage(reason string, noCookie bool) string {
	cookieNote := ""
	if noCookie {
		cookieNote = "\n  <p>This site needs a CSRF cookie when a form is submitted, to be sure the request comes from its own pages. Your browser did not send one: if cookies are turned off, allow them for this site, at least for same-site requests.</p>"
	}
	return fmt.Sprintf(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>403 Forbidden</title>
</head>
<body>
<div id="summary">
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>%s
</div>
<div id="info">
  <h2>Help</h2>
  <p>Reason given for failure:</p>
  <pre>
    %s
  </pre>
  <p>A form that posts here must carry the token from the csrftoken cookie in the %s field (or, from JavaScript, in the %s header), and the browser must send the cookie with it.</p>
</div>
</body>
</html>
`, cookieNote, html.EscapeString(reason), csrfFieldName, csrfHeaderName)
}
