package probe

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Redactor is the one masking policy of an exchange: built once from the
// request, it is what every view and export (the app's panes, the text,
// JSON and Markdown reports, HAR, curl commands, the store) asks before it
// shows a header, a URL, a body or the server's words. What counts as a
// secret lives in secrets.go; the Redactor adds what varies per exchange:
// whether the user revealed secrets, the headers the user named secret
// (an API-key header under any name) and the secret values the request
// sent, which a server may echo back anywhere.
//
// The zero value masks, knows no extra header and no sent value.
type Redactor struct {
	reveal bool
	// names are more request headers whose values are secret whatever
	// their name (Request.SecretHeaders).
	names []string
	// sent are the request's own secret values (SentSecrets), masked
	// wherever the server's side of the exchange quotes them.
	sent []string
}

// NewRedactor is the policy for req: its secret headers and the secret
// values it carries. With reveal nothing is masked.
func NewRedactor(req Request, reveal bool) Redactor {
	r := Redactor{reveal: reveal, names: slices.Clone(req.SecretHeaders)}
	if !reveal {
		r.sent = SentSecrets(req, req.SecretHeaders...)
	}
	return r
}

// Revealed reports whether secrets are shown.
func (r Redactor) Revealed() bool { return r.reveal }

// SecretHeaders are the header names the user marked secret.
func (r Redactor) SecretHeaders() []string { return r.names }

// Sent are the request's secret values, longest first (empty when
// revealed).
func (r Redactor) Sent() []string { return r.sent }

// IsSecretHeader reports whether a request header of this name carries a
// secret: a credential header, or one the user named.
func (r Redactor) IsSecretHeader(name string) bool {
	return IsCredentialHeader(name) || r.named(name)
}

// IsSecretRequestHeader reports whether this request header carries a
// secret: by its name (IsSecretHeader), or by a value shaped like a key
// under a name that says nothing (IsUnnamedKeyHeader).
func (r Redactor) IsSecretRequestHeader(name, value string) bool {
	return r.IsSecretHeader(name) || IsUnnamedKeyHeader(name, value)
}

func (r Redactor) named(name string) bool {
	name = strings.TrimSpace(name)
	return slices.ContainsFunc(r.names, func(n string) bool { return strings.EqualFold(strings.TrimSpace(n), name) })
}

// RequestHeader is a request header's value as it may be shown: a
// credential masked but for its scheme, a header the user named secret
// or one whose value is shaped like a key under a name that says nothing
// (IsUnnamedKeyHeader) masked whole, a URL-valued header (Referer,
// Origin) with its secret parameters masked, and JWTs masked anywhere.
func (r Redactor) RequestHeader(name, value string) string {
	if r.reveal {
		return value
	}
	switch {
	case IsCredentialHeader(name):
		value = MaskHeaderValue(name, value)
	case r.named(name), IsUnnamedKeyHeader(name, value):
		value = MaskSecret(value)
	case IsURLHeader(name):
		value = MaskURL(value)
	}
	return r.echoed(MaskJWTs(value))
}

// ResponseHeader is a response header's value as it may be shown. The
// server's headers are matched more narrowly than the request's:
// WWW-Authenticate or X-Auth-Error hold the evidence the user came for,
// so only headers that hand out a credential are masked, with URLs'
// secrets, JWTs and the request's own secrets echoed back.
func (r Redactor) ResponseHeader(name, value string) string {
	if r.reveal {
		return value
	}
	value = r.echoed(value)
	if IsIssuedCredentialHeader(name) {
		value = MaskHeaderValue(name, value)
	}
	if IsURLHeader(name) {
		value = MaskURL(value)
	}
	return MaskJWTs(value)
}

// Headers masks a request's headers (RequestHeader), in a new slice.
func (r Redactor) Headers(hs []Header) []Header {
	out := make([]Header, len(hs))
	for i, h := range hs {
		out[i] = Header{Name: h.Name, Value: r.RequestHeader(h.Name, h.Value)}
	}
	return out
}

// ResponseHeaders masks a response's headers (ResponseHeader), in a new
// slice.
func (r Redactor) ResponseHeaders(hs []Header) []Header {
	out := make([]Header, len(hs))
	for i, h := range hs {
		out[i] = Header{Name: h.Name, Value: r.ResponseHeader(h.Name, h.Value)}
	}
	return out
}

// URL masks the password of the user info, the values of secret query
// parameters and JWTs in a URL or a request target, and the request's own
// secret values wherever they appear in it (a token in the path).
func (r Redactor) URL(raw string) string {
	if r.reveal {
		return raw
	}
	return r.echoed(MaskJWTs(MaskURL(raw)))
}

// RequestBody is (an excerpt of) a request body as it may be shown: the
// values of secret form, multipart and JSON fields and JWTs masked
// (MaskBody), and the request's secrets wherever else they appear. A body
// that is not valid UTF-8 keeps its bytes: only JWTs and those secrets are
// masked in it.
func (r Redactor) RequestBody(contentType string, body []byte) string {
	return r.body(contentType, string(body))
}

// ResponseBody is (an excerpt of) a response body as it may be shown:
// the same as RequestBody, which covers what a server hands out (an
// access_token member) and the request's own secrets echoed back.
func (r Redactor) ResponseBody(contentType, body string) string {
	return r.body(contentType, body)
}

func (r Redactor) body(contentType, s string) string {
	if r.reveal {
		return s
	}
	// The request's own secrets first: an echoed "Bearer eyJ…" is masked
	// whole, as everywhere else, before the JWT in it would be.
	s = r.echoed(s)
	switch {
	case multipartBoundary(contentType) != "":
		// lexical, byte for byte: a file part may hold any bytes
		s = MaskJWTs(maskMultipart(s, multipartBoundary(contentType)))
	case utf8.ValidString(s):
		s = MaskBody(contentType, []byte(s))
	default:
		s = MaskJWTs(s)
	}
	return s
}

// Text masks free text: the server's words (a reason phrase, an error
// quoting the request, a warning), evidence lines and notes. The
// request's own secrets, JWTs and the secrets of any URL in it are masked.
func (r Redactor) Text(s string) string {
	if r.reveal {
		return s
	}
	return maskURLsIn(MaskJWTs(r.echoed(s)))
}

// echoed masks the request's own secret values found in s.
func (r Redactor) echoed(s string) string {
	if len(r.sent) == 0 {
		return s
	}
	return RedactEchoed(s, r.sent)
}

// Exchange is ex with the server's side masked: the response's reason,
// headers and body, the error's text (a server that echoes the request
// line), warnings and redirect targets. The request side is left as sent:
// views mask it with RequestHeader, URL and RequestBody.
func (r Redactor) Exchange(ex Exchange) Exchange {
	if r.reveal {
		return ex
	}
	if resp := ex.Response; resp != nil {
		c := *resp
		c.Reason = r.Text(resp.Reason)
		c.Headers = r.ResponseHeaders(resp.Headers)
		if b := r.ResponseBody(resp.Get("Content-Type"), string(resp.Body)); b != string(resp.Body) {
			c.Body = []byte(b)
		}
		ex.Response = &c
	}
	if e := ex.Err; e != nil {
		c := *e
		c.Message, c.Detail = r.Text(e.Message), r.Text(e.Detail)
		ex.Err = &c
	}
	ws := make([]string, len(ex.Warnings))
	for i, w := range ex.Warnings {
		ws[i] = r.Text(w)
	}
	ex.Warnings = ws
	hops := slices.Clone(ex.Hops)
	for i := range hops {
		hops[i].Location = r.URL(r.echoed(hops[i].Location))
	}
	ex.Hops = hops
	return ex
}

// IsURLHeader names the headers whose value is a URL that may carry a
// token in its query: a page's address sent on (Referer), a redirect's
// target.
func IsURLHeader(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "referer", "referrer", "location", "content-location", "link", "refresh":
		return true
	}
	return false
}

// maskURLsIn masks the secrets of every URL in a line of text (a
// redirect's Location quoted in a note can carry a token in its query).
func maskURLsIn(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	words := strings.Split(s, " ")
	for i, w := range words {
		if strings.Contains(w, "://") {
			words[i] = MaskURL(w)
		}
	}
	return strings.Join(words, " ")
}
