package checks

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/why403/why403/probe"
)

// requestInput is a request as the checks see it: the user's request
// before sending (Preflight) or the request as it went on the wire (Run).
type requestInput struct {
	Method   string
	URL      string
	Headers  []probe.Header
	Body     []byte
	BodySize int64
	// BodyFile is set when the body is read from a file at send time, so
	// Preflight cannot see it.
	BodyFile    string
	CertOffered bool
	CertFile    string
}

// credential is one thing in the request that may authenticate it.
type credential struct {
	Kind string // "header", "cookie", "query", "userinfo", "body", "client certificate"
	Name string
	// Line is the evidence, masked.
	Line string
}

// problem is one thing wrong (Fail) or doubtful (Warn) in the request.
type problem struct {
	Status   Status
	Title    string
	Evidence []string
	Fix      string
}

// attackHit is request text that WAF rules match.
type attackHit struct {
	Where   string // "URL" or "body"
	Pattern string
	Kind    string
}

// requestFacts is what the request alone shows, computed once.
type requestFacts struct {
	Method string
	URL    string
	u      *url.URL
	Host   string

	Creds []credential
	// AuthLine is the Authorization header, masked, when one was sent.
	AuthLine   string
	AuthScheme string
	// AuthJWT: the Authorization value after its scheme has a JWT's
	// shape (three dot-separated parts), readable or not.
	AuthJWT bool
	// Malformed are the problems of the credential's form.
	Malformed []problem
	// Token is the first JWT found in a credential.
	Token *tokenInfo
	// URLExpires is when a presigned URL or SAS token stops working, with
	// the parameters it was read from.
	URLExpires       *time.Time
	URLExpiresSource string
	// URLExpiresByName: URLExpires was read from a signed link's expiry
	// parameter by its name (signed_url.go), not from a documented
	// scheme: a reading that alone makes no sure answer.
	URLExpiresByName bool

	ContentType    string
	HasContentType bool
	BodyKind       string // json, badjson, form, xml, text, binary; "" for none
	BodySize       int64
	BodyFile       string
	// BodyFieldsRead: the whole body was a form or a JSON object whose
	// fields were all read for credentials (readBodyCredentials).
	BodyFieldsRead bool
	Content        []problem

	UserAgent    string
	HasUserAgent bool
	// UALibrary is the library prefix the User-Agent starts with.
	UALibrary string
	// UAScanner is the security scanner the User-Agent names.
	UAScanner string
	// UABot is the word by which the User-Agent declares an automated
	// client (a bot, crawler or link checker).
	UABot   string
	Attacks []attackHit

	ClientCert bool
	// Placeholders are credentials whose value shows an empty variable
	// (isUnsetValue: "undefined", "null", "{{token}}"): in effect none was
	// sent, so they are not in Creds.
	Placeholders []string

	// bodyHead is the start of the body sent, for field names (a CSRF
	// token) that need no parse.
	bodyHead []byte

	// secrets are the credential values sent, to be masked wherever a
	// server echoes them (API Gateway quotes the Authorization header).
	secrets []string

	// keyFields are body fields named as a key (key, public_key,
	// publishableKey) that are not secrets by name: a credential only
	// where the server's words name them (keyFieldNamed).
	keyFields []keyField

	// unknownPlaces are headers no check reads as a credential whose value
	// is shaped like one (credential_place.go), as evidence without the
	// value.
	unknownPlaces []unknownPlace
}

// keyField is a non-empty body field whose name ends in "key".
type keyField struct {
	Name, Value string
}

// addSecret remembers a credential value worth masking.
func (r *requestFacts) addSecret(v string) {
	v = strings.TrimSpace(v)
	// a mask (maskIn) is already how the secret is shown
	if len(v) >= 6 && !isPlaceholder(v) && maskIn(v, true) != v {
		r.secrets = append(r.secrets, v)
	}
}

// hasCredential reports any credential at all.
func (r *requestFacts) hasCredential() bool { return len(r.Creds) > 0 }

// addCredential counts a credential, unless its value is what an empty
// variable renders as.
func (r *requestFacts) addCredential(c credential, value string) {
	if isUnsetValue(strings.Trim(strings.TrimSpace(value), quoteChars)) {
		r.Placeholders = append(r.Placeholders, c.Line)
		return
	}
	r.Creds = append(r.Creds, c)
}

// isUnsetValue reports a value that shows the variable meant to hold the
// credential was empty: a language's rendering of no value (JavaScript's
// undefined and null, Python's None, Go's and Ruby's nil) or a template
// left unexpanded ({{token}} from an API client's undefined variable,
// ${TOKEN} in single quotes). A documentation stand-in (<token>, xxx,
// YOUR_API_KEY) is not one: it is also how people redact a credential they
// did send when they publish a request, and isPlaceholder already makes it
// a malformed credential.
func isUnsetValue(v string) bool {
	switch l := strings.ToLower(v); {
	case l == "undefined" || l == "null" || l == "none" || l == "nil":
		return true
	case strings.HasPrefix(l, "${") && strings.HasSuffix(l, "}"), strings.HasPrefix(l, "{{") && strings.HasSuffix(l, "}}"):
		return true
	}
	return false
}

// authCredentialValue is the credential of an Authorization value: what
// follows the scheme, or the whole value when there is no scheme.
func authCredentialValue(v string) string {
	if _, rest, ok := cutSpace(strings.TrimSpace(v)); ok {
		return strings.TrimSpace(rest)
	}
	return v
}

// malformedStatus is the worst status among the credential's problems.
func (r *requestFacts) malformedStatus() Status {
	st := Pass
	for _, p := range r.Malformed {
		if p.Status == Fail {
			return Fail
		}
		st = Warn
	}
	return st
}

// credentialLines are the credentials as evidence.
func (r *requestFacts) credentialLines() []string {
	out := make([]string, 0, len(r.Creds))
	for _, c := range r.Creds {
		out = append(out, c.Line)
	}
	return out
}

func analyzeRequest(in requestInput) requestFacts {
	r := requestFacts{Method: in.Method, URL: in.URL, BodySize: in.BodySize, BodyFile: in.BodyFile}
	if r.Method == "" {
		r.Method = "GET"
	}
	if u, err := url.Parse(in.URL); err == nil {
		r.u = u
		r.Host = strings.ToLower(u.Hostname())
	}
	for _, h := range in.Headers {
		r.readHeader(h)
	}
	r.readURL()
	r.readMaskedQuery()
	if in.CertOffered || in.CertFile != "" {
		r.ClientCert = true
		line := "client certificate offered"
		if in.CertFile != "" {
			line = "client certificate " + in.CertFile
		}
		r.Creds = append(r.Creds, credential{Kind: "client certificate", Line: line})
	}
	if int64(len(in.Body)) > r.BodySize {
		r.BodySize = int64(len(in.Body))
	}
	r.bodyHead = in.Body[:min(len(in.Body), 4096)]
	r.readMaskedBody(in.Body)
	r.readBody(in.Body)
	r.readBodyCredentials(in.Body)
	r.readAttacks(in.Body)
	return r
}

func (r *requestFacts) readHeader(h probe.Header) {
	ln := strings.ToLower(strings.TrimSpace(h.Name))
	if strings.HasPrefix(ln, ":") {
		// An HTTP/2 pseudo-header (":authority", ":path"): the request
		// line and the host, never a credential nor a misspelt one.
		return
	}
	if ln != "authorization" { // readAuthorization reads its own
		r.readMaskedHeader(h.Name, h.Value)
	}
	switch {
	case ln == "authorization":
		// Innermost first, so that a masked echo keeps its scheme.
		if _, rest, ok := cutSpace(strings.TrimSpace(h.Value)); ok {
			if _, rest2, ok := cutSpace(strings.TrimSpace(rest)); ok {
				r.addSecret(rest2)
			}
			r.addSecret(rest)
		}
		// A scheme alone ("Authorization: Bearer", the token's variable
		// empty) carries no credential: it is no secret, and in effect
		// none was sent.
		// A word that also stands in for a token when a request is
		// published ("Authorization: token") is not read so.
		w := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h.Value)), ":")
		bare := knownSchemes()[w] != "" && !placeholderTokens()[w] || emptyBasic(h.Value)
		if !bare {
			r.addSecret(h.Value)
		}
		r.AuthLine = headerLine(h.Name, h.Value)
		switch {
		case bare && emptyBasic(h.Value):
			// base64 of ":" is no secret: shown as sent, with what it holds
			r.Placeholders = append(r.Placeholders, h.Name+": "+strings.TrimSpace(h.Value)+" (decodes to \":\": no user, no password)")
		case bare:
			r.Placeholders = append(r.Placeholders, r.AuthLine)
		case strings.TrimSpace(h.Value) != "":
			r.addCredential(credential{Kind: "header", Name: h.Name, Line: r.AuthLine}, authCredentialValue(h.Value))
		}
		r.readAuthorization(h)
	case ln == "content-type":
		if !r.HasContentType {
			r.ContentType, r.HasContentType = h.Value, true
		}
	case ln == "user-agent":
		if !r.HasUserAgent {
			r.UserAgent, r.HasUserAgent = h.Value, true
		}
	case ln == "cookie":
		for _, c := range strings.Split(h.Value, ";") {
			if _, v, ok := strings.Cut(c, "="); ok {
				r.addSecret(v)
			}
		}
		if strings.TrimSpace(h.Value) != "" {
			r.Creds = append(r.Creds, credential{Kind: "cookie", Name: h.Name, Line: headerLine(h.Name, h.Value)})
		}
	case probe.IsCredentialHeader(ln) && !probe.IsOriginCredential(ln):
		// A secret that authenticates nothing to the origin (the proxy's
		// credential, an anti-CSRF token): masked, not a credential.
	case misspeltAuthorization(ln):
		r.Malformed = append(r.Malformed, problem{
			Status:   Fail,
			Title:    fmt.Sprintf("Header %q is not Authorization: the server never reads it", h.Name),
			Evidence: []string{headerLine("Authorization", h.Value) + "   (sent as " + h.Name + ")"},
			Fix:      "Rename the header to Authorization.",
		})
	case ln == "bearer" || ln == "token":
		r.Malformed = append(r.Malformed, problem{
			Status:   Fail,
			Title:    fmt.Sprintf("Token sent as a header named %q", h.Name),
			Evidence: []string{h.Name + ": " + probe.MaskSecret(h.Value)},
			Fix:      "Send it as Authorization: Bearer <token>.",
		})
	case probe.IsOriginCredential(ln):
		r.addSecret(h.Value)
		line := headerLine(h.Name, h.Value)
		if strings.TrimSpace(h.Value) != "" {
			r.addCredential(credential{Kind: "header", Name: h.Name, Line: line}, h.Value)
		}
		r.readKeyHeader(h, line)
	default:
		r.noteUnknownPlace(h)
	}
}
