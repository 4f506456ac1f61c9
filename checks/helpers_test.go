package checks

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/why403/why403/probe"
)

// t0 is the server's clock in every test: Friday 14 March 2025, 16:05:14 UTC.
var t0 = time.Date(2025, 3, 14, 16, 5, 14, 0, time.UTC)

// mkJWT signs claims with HS256; times are seconds since the epoch.
func mkJWT(t testing.TB, claims map[string]any) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims(claims)).SignedString([]byte("test-secret-not-real"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validJWT expires an hour after t0.
func validJWT(t testing.TB, extra map[string]any) string {
	c := map[string]any{"sub": "alice", "iss": "https://auth.example.com/", "iat": t0.Add(-time.Hour).Unix(), "exp": t0.Add(time.Hour).Unix()}
	for k, v := range extra {
		c[k] = v
	}
	return mkJWT(t, c)
}

// hdrs parses "Name: value" lines.
func hdrs(lines ...string) []probe.Header {
	out := make([]probe.Header, 0, len(lines))
	for _, l := range lines {
		n, v, _ := strings.Cut(l, ":")
		out = append(out, probe.Header{Name: n, Value: strings.TrimPrefix(v, " ")})
	}
	return out
}

// get is a GET with why403's defaults plus headers.
func get(url string, lines ...string) probe.Request {
	r := probe.NewRequest(url)
	for _, h := range hdrs(lines...) {
		r.SetHeader(h.Name, h.Value)
	}
	return r
}

// post is a POST of body with headers (Content-Type among them, or not).
func post(url, body string, lines ...string) probe.Request {
	r := get(url, lines...)
	r.Method = http.MethodPost
	r.Body = []byte(body)
	return r
}

// resp is a response with a Date of t0 unless lines set one ("Date:" with
// no value removes it).
func resp(status int, body string, lines ...string) *probe.Response {
	hs := hdrs(lines...)
	hasDate := false
	out := hs[:0]
	for _, h := range hs {
		if strings.EqualFold(h.Name, "Date") {
			hasDate = true
			if h.Value == "" {
				continue
			}
		}
		out = append(out, h)
	}
	if !hasDate {
		out = append(out, probe.Header{Name: "Date", Value: t0.Format(http.TimeFormat)})
	}
	return &probe.Response{Status: status, Reason: http.StatusText(status), Proto: "HTTP/1.1",
		Headers: out, Body: []byte(body), BodySize: int64(len(body))}
}

// exchange is req sent and answered by r, over loopback, with the local
// clock at t0 unless mod changes it.
func exchange(req probe.Request, r *probe.Response) Evidence {
	return Evidence{
		Request: req,
		Exchange: probe.Exchange{
			Request: probe.WireRequest{Method: req.Method, URL: originForm(req.URL), FullURL: req.URL, Proto: "HTTP/1.1",
				Headers: req.EffectiveHeaders(), Body: req.Body, BodySize: int64(len(req.Body))},
			Response:   r,
			LocalAddr:  "127.0.0.1:5555",
			RemoteAddr: "127.0.0.1:8443",
		},
		Now: t0,
	}
}

// originForm is the request-target the probe records: "/path?q".
func originForm(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.RequestURI()
}

// causeCase is one row of a cause's table test.
type causeCase struct {
	name string
	req  probe.Request
	resp *probe.Response
	mod  func(*Evidence)
	want Status
	// strength is checked for fails when not zero.
	strength Strength
	// title, evidence and fix are substrings the finding must show.
	title, evidence, fix string
}

func findingOf(rep Report, id string) (Finding, bool) {
	for _, f := range rep.Findings {
		if f.ID == id {
			return f, true
		}
	}
	return Finding{}, false
}

// runCauseCases runs each case through Run and judges the finding id.
func runCauseCases(t *testing.T, id string, cases []causeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := exchange(c.req, c.resp)
			if c.mod != nil {
				c.mod(&ev)
			}
			rep := Run(ev)
			f, ok := findingOf(rep, id)
			if !ok {
				t.Fatalf("no %s finding", id)
			}
			show := func() string {
				return "\n  status:   " + string(f.Status) + "\n  title:    " + f.Title + "\n  evidence: " + strings.Join(f.Evidence, "\n            ") + "\n  fix:      " + f.Fix
			}
			if f.Status != c.want {
				t.Fatalf("status %s, want %s%s", f.Status, c.want, show())
			}
			if c.want == Fail && c.strength != 0 && f.Strength != c.strength {
				t.Errorf("strength %d, want %d%s", f.Strength, c.strength, show())
			}
			if c.want == Fail && f.Strength == 0 {
				t.Errorf("a fail without strength%s", show())
			}
			if c.title != "" && !strings.Contains(f.Title, c.title) {
				t.Errorf("title lacks %q%s", c.title, show())
			}
			if c.evidence != "" && !strings.Contains(strings.Join(f.Evidence, "\n"), c.evidence) {
				t.Errorf("evidence lacks %q%s", c.evidence, show())
			}
			if c.fix != "" && !strings.Contains(f.Fix, c.fix) {
				t.Errorf("fix lacks %q%s", c.fix, show())
			}
			if (f.Status == Fail || f.Status == Warn) && f.Fix == "" {
				t.Errorf("a %s without a fix%s", f.Status, show())
			}
			if strings.Contains(f.Title, "\n") {
				t.Errorf("title is not one line%s", show())
			}
			assertNoSecrets(t, ev, rep)
		})
	}
}

// assertNoSecrets fails when a credential of the request appears raw in
// any title or evidence line.
func assertNoSecrets(t *testing.T, ev Evidence, rep Report) {
	t.Helper()
	var secrets []string
	for _, h := range ev.Request.EffectiveHeaders() {
		if !probe.IsCredentialHeader(h.Name) {
			continue
		}
		v := strings.TrimSpace(h.Value)
		if _, rest, ok := strings.Cut(v, " "); ok && strings.EqualFold(h.Name, "Authorization") {
			v = strings.TrimSpace(rest)
		}
		if len(v) > 12 {
			secrets = append(secrets, v[:12])
		}
	}
	for _, f := range rep.Findings {
		text := f.Title + "\n" + strings.Join(f.Evidence, "\n")
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s shows a raw secret %q…:\n%s", f.ID, s, text)
			}
		}
	}
}

// pages used by several tables.
const (
	nginx503  = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n"
	nginx403  = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
	apache403 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>403 Forbidden</title>
</head><body>
<h1>Forbidden</h1>
<p>You don't have permission to access this resource.</p>
<hr>
<address>Apache/2.4.62 (Debian) Server at www.example.com Port 443</address>
</body></html>
`
)

// cloudflarePage is a Cloudflare 1xxx error page, shortened to its
// telling parts.
func cloudflarePage(code, title, detail string) string {
	return `<!DOCTYPE html>
<html class="no-js" lang="en-US"> <head>
<title>` + title + `</title>
<meta charset="UTF-8" />
<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/cf.errors.css" />
</head>
<body>
  <div id="cf-wrapper">
    <div id="cf-error-details" class="cf-error-details-wrapper">
      <div class="cf-wrapper cf-header cf-error-overview">
        <h1>
          <span class="cf-error-type" data-translate="error">Error</span>
          <span class="cf-error-code">` + code + `</span>
        </h1>
        <h2 class="cf-subheadline">` + detail + `</h2>
      </div>
      <div class="cf-section cf-wrapper">
        <p>Your IP: <span id="cf-footer-ip">203.0.113.7</span> &bull; Performance &amp; security by Cloudflare</p>
        <span class="cf-footer-item">Cloudflare Ray ID: <strong class="font-semibold">8a1b2c3d4e5f6789</strong></span>
      </div>
    </div>
  </div>
</body>
</html>
`
}

var cloudflareHeaders = []string{"Server: cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA", "Content-Type: text/html; charset=UTF-8"}
