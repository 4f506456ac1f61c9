package checks

import (
	"strings"
	"testing"
)

const djangoCSRF = `<!DOCTYPE html>
<html lang="en"><head><title>403 Forbidden</title></head>
<body>
<div id="summary">
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>
</div>
<div id="info">
  <h2>Help</h2>
  <p>Reason given for the failure:</p>
  <pre>
    CSRF cookie not set.
  </pre>
</div>
</body></html>
`

func TestCSRF(t *testing.T) {
	cases := []causeCase{
		{
			name: "Django: CSRF verification failed, with its reason",
			req:  post("https://shop.example.com/cart/add", "item=42", "Content-Type: application/x-www-form-urlencoded", "Cookie: sessionid=8f3a9c2e7b1d4f6a"),
			resp: resp(403, djangoCSRF, "Content-Type: text/html; charset=utf-8"),
			want: Fail, strength: Named, title: "Django: CSRF verification failed: CSRF cookie not set.",
			evidence: "no CSRF header or form field was sent", fix: "X-CSRFToken",
		},
		{
			name: "Django: Origin checking failed names CSRF_TRUSTED_ORIGINS",
			req:  post("https://rss.example.com/admin/login/", "username=a", "Content-Type: application/x-www-form-urlencoded", "Origin: https://rss.example.com", "Cookie: csrftoken=Zx9EXAMPLE"),
			resp: resp(403, strings.Replace(djangoCSRF, "CSRF cookie not set.", "Origin checking failed - https://rss.example.com does not match any trusted origins.", 1), "Content-Type: text/html; charset=utf-8"),
			want: Fail, strength: Named, title: "Origin checking failed", fix: "CSRF_TRUSTED_ORIGINS",
		},
		{
			name: "Spring: Invalid CSRF token with one sent",
			req:  post("https://app.example.com/api/profile", `{"name":"a"}`, "Content-Type: application/json", "Cookie: JSESSIONID=0F1E2D3C4B5A69788796A5B4C3D2E1F0", "X-XSRF-TOKEN: 1c2d3e4f-5a6b-7c8d-9e0f-a1b2c3d4e5f6"),
			resp: resp(403, `{"timestamp":"2025-03-14T16:05:14.000+00:00","status":403,"error":"Forbidden","message":"Invalid CSRF Token 'null' was found on the request parameter '_csrf' or header 'X-XSRF-TOKEN'.","path":"/api/profile"}`),
			want: Fail, strength: Named, title: `"invalid csrf token"`, evidence: "CSRF token sent: X-XSRF-TOKEN", fix: "same session",
		},
		{
			name: "Laravel 419 Page Expired",
			req:  post("https://www.example.com/login", "email=a%40b.c&password=x", "Content-Type: application/x-www-form-urlencoded", "Cookie: sid=eyJpdiI6IkFCQyJ9xyz"),
			resp: resp(419, `<!DOCTYPE html><html><head><title>Page Expired</title></head><body><div>419 | Page Expired</div></body></html>`),
			want: Fail, strength: Indicated, title: "419",
		},
		{
			name: "a cookie POST refused with a bare 403 and no token: a guess",
			req:  post("https://app.example.com/settings", "theme=dark", "Content-Type: application/x-www-form-urlencoded", "Cookie: session=abcdef0123456789"),
			resp: resp(403, "Forbidden"),
			want: Fail, strength: Inferred, fix: "This is a guess",
		},
		{
			name: "the token field in the body counts",
			req:  post("https://app.example.com/settings", "theme=dark&csrfmiddlewaretoken=Zx9Yw8", "Content-Type: application/x-www-form-urlencoded", "Cookie: session=abcdef0123456789"),
			resp: resp(403, "Forbidden"),
			want: Pass, evidence: "body field csrfmiddlewaretoken",
		},
		{
			name: "GET is never a CSRF refusal",
			req:  get("https://app.example.com/settings", "Cookie: session=abcdef0123456789"),
			resp: resp(403, "Forbidden"),
			want: Pass, title: "safe method",
		},
		{
			name: "a token-authenticated POST",
			req:  post("https://api.example.com/v1/orders", `{"a":1}`, "Content-Type: application/json", "Authorization: Bearer "+validJWT(t, nil)),
			resp: resp(403, `{"error":"forbidden"}`),
			want: Pass, title: "No session cookie",
		},
	}
	runCauseCases(t, CSRF, cases)
}
