package checks

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"github.com/why403/why403/probe/similar"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	// Malformed are the problems of the credential's form.
	Malformed []problem
	// Token is the first JWT found in a credential.
	Token *tokenInfo
	// URLExpires is when a presigned URL or SAS token stops working, with
	// the parameters it was read from.
	URLExpires       *time.Time
	URLExpiresSource string

	ContentType    string
	HasContentType bool
	BodyKind       string // json, badjson, form, xml, text, binary; "" for none
	BodySize       int64
	BodyFile       string
	Content        []problem

	UserAgent    string
	HasUserAgent bool
	// UALibrary is the library prefix the User-Agent starts with.
	UALibrary string
	// UAScanner is the security scanner the User-Agent names.
	UAScanner string
	Attacks   []attackHit

	ClientCert bool

	// bodyHead is the start of the body sent, for field names (a CSRF
	// token) that need no parse.
	bodyHead []byte

	// secrets are the credential values sent, to be masked wherever a
	// server echoes them (API Gateway quotes the Authorization header).
	secrets []string
}

// addSecret remembers a credential value worth masking.
func (r *requestFacts) addSecret(v string) {
	v = strings.TrimSpace(v)
	if len(v) >= 6 && !isPlaceholder(v) {
		r.secrets = append(r.secrets, v)
	}
}

// hasCredential reports any credential at all.
func (r *requestFacts) hasCredential() bool { return len(r.Creds) > 0 }

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
	r.readBody(in.Body)
	r.readBodyCredentials(in.Body)
	r.readAttacks(in.Body)
	return r
}

func (r *requestFacts) readHeader(h probe.Header) {
	ln := strings.ToLower(strings.TrimSpace(h.Name))
	switch {
	case strings.HasPrefix(ln, ":"):
		// An HTTP/2 pseudo-header (":authority", ":path"): the request
		// line and the host, never a credential nor a misspelt one.
	case ln == "authorization":
		// Innermost first, so that a masked echo keeps its scheme.
		if _, rest, ok := cutSpace(strings.TrimSpace(h.Value)); ok {
			if _, rest2, ok := cutSpace(strings.TrimSpace(rest)); ok {
				r.addSecret(rest2)
			}
			r.addSecret(rest)
		}
		r.addSecret(h.Value)
		r.AuthLine = headerLine(h.Name, h.Value)
		if strings.TrimSpace(h.Value) != "" {
			r.Creds = append(r.Creds, credential{Kind: "header", Name: h.Name, Line: r.AuthLine})
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
			r.Creds = append(r.Creds, credential{Kind: "header", Name: h.Name, Line: line})
		}
		r.readKeyHeader(h, line)
	}
}

// misspeltAuthorization catches the header names people type instead of
// Authorization: British spelling, typos, and Authentication.
func misspeltAuthorization(ln string) bool {
	if ln == "authentication" || ln == "authorization:" || ln == "x-authorization" {
		return true
	}
	d := similar.Distance(ln, "authorization")
	return d > 0 && d <= 2
}

func (r *requestFacts) addMalformed(st Status, line, title, fix string) {
	r.Malformed = append(r.Malformed, problem{Status: st, Title: title, Evidence: []string{line}, Fix: fix})
}

// cutSpace splits at the first space or tab.
func cutSpace(s string) (before, after string, ok bool) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// readAuthorization judges the form of an Authorization value.
func (r *requestFacts) readAuthorization(h probe.Header) {
	v, line := h.Value, r.AuthLine
	if strings.TrimSpace(v) == "" {
		r.addMalformed(Fail, line, "Authorization header is empty",
			"Put the credential in it (Authorization: Bearer <token>) or remove the header; the variable meant to fill it is probably unset.")
		return
	}
	switch {
	case strings.TrimRight(v, "\r\n") != v && !strings.ContainsAny(strings.TrimRight(v, "\r\n"), "\r\n"):
		r.addMalformed(Fail, line, "Authorization ends with a line break (a token read from a file with its newline)",
			`Strip the newline: in a shell "$(cat token.txt)" does it, in code trim the string.`)
	case strings.ContainsAny(v, "\r\n"):
		r.addMalformed(Fail, line, "Authorization contains a line break",
			"Remove the line break: the token was wrapped when copied.")
	case v != strings.TrimSpace(v):
		r.addMalformed(Warn, line, "Authorization has white space around its value",
			"Trim it: HTTP ignores it, but servers that compare the raw value do not.")
	}
	t := strings.TrimSpace(v)
	scheme, rest, hasSpace := cutSpace(t)
	lscheme := strings.ToLower(scheme)
	if !hasSpace {
		before, after, colon := strings.Cut(t, ":")
		switch {
		case colon && knownSchemes[strings.ToLower(before)] != "" && after != "":
			r.addMalformed(Fail, line, fmt.Sprintf("Authorization scheme is written %q (a colon, no space)", before+":"),
				fmt.Sprintf("Write %q, a space, then the token.", knownSchemes[strings.ToLower(before)]))
			r.readToken(after, "Authorization", line)
		case knownSchemes[strings.TrimSuffix(lscheme, ":")] != "":
			r.addMalformed(Fail, line, fmt.Sprintf("Authorization has the scheme %s and no credential after it", scheme),
				"Put the token after the scheme; the variable meant to hold it is probably empty.")
		case looksLikeJWT(t):
			r.addMalformed(Fail, line, "Authorization holds a bare JWT, without the scheme \"Bearer \"",
				"Send Authorization: Bearer <token>.")
			r.readToken(t, "Authorization", line)
		default:
			r.addMalformed(Warn, line, fmt.Sprintf("Authorization has no scheme (a bare value of %d characters)", len(t)),
				"Most APIs want \"Bearer <token>\" or their documented scheme (\"token <pat>\", \"Basic ...\"); only a few take a raw key.")
		}
		return
	}
	r.AuthScheme = scheme
	if strings.HasSuffix(scheme, ":") {
		r.addMalformed(Fail, line, fmt.Sprintf("Authorization scheme is written %q, with a colon", scheme),
			fmt.Sprintf("Write %q without the colon.", strings.TrimSuffix(scheme, ":")))
		lscheme = strings.TrimSuffix(lscheme, ":")
	}
	if canon, ok := knownSchemes[lscheme]; ok && scheme != canon && strings.ToLower(canon) != canon && !strings.HasSuffix(scheme, ":") {
		r.addMalformed(Warn, line, fmt.Sprintf("Authorization scheme is written %q, not %q", scheme, canon),
			fmt.Sprintf("RFC 7235 makes the scheme case-insensitive, but servers that compare it exactly refuse %q: write %q.", scheme, canon))
	}
	cred := strings.TrimLeft(rest, " \t")
	if len(cred) != len(rest) {
		r.addMalformed(Warn, line, "Authorization has more than one space after the scheme",
			"Use one space: servers that split on a single space read the token with a leading space.")
	}
	tokenStyle := lscheme == "bearer" || lscheme == "token" || lscheme == "jwt" || lscheme == "dpop" || lscheme == "basic"
	if s2, _, ok := cutSpace(cred); ok && tokenStyle {
		if canon, known := knownSchemes[strings.ToLower(strings.TrimSuffix(s2, ":"))]; known {
			what := fmt.Sprintf("the scheme appears twice (%s %s …)", scheme, s2)
			if !strings.EqualFold(s2, scheme) {
				what = fmt.Sprintf("two schemes (%s %s …)", scheme, s2)
			}
			r.addMalformed(Fail, line, "Authorization has "+what,
				fmt.Sprintf("Send one scheme: the code adds %q and the value already had it.", canon))
			cred = strings.TrimLeft(cred[len(s2):], " \t")
		}
	}
	switch lscheme {
	case "bearer", "token", "jwt", "dpop", "apikey", "ssws":
		r.readToken(cred, "Authorization", line)
	case "basic":
		r.readBasic(cred, line)
	}
}

const quoteChars = "\"'“”‘’`"

// readToken judges a bearer-style token and decodes it when it is a JWT.
func (r *requestFacts) readToken(tok, source, line string) {
	if tok == "" {
		return
	}
	if strings.ContainsAny(tok[:1], quoteChars) || strings.ContainsAny(tok[len(tok)-1:], quoteChars) ||
		strings.HasPrefix(tok, "“") || strings.HasSuffix(tok, "”") {
		r.addMalformed(Fail, line, "Token is wrapped in quotes",
			"Remove the quotes: they were copied from JSON or a shell command and are sent as part of the token.")
		tok = strings.Trim(tok, quoteChars)
	}
	if strings.ContainsAny(tok, " \t") {
		r.addMalformed(Fail, line, "Token contains white space",
			"A token is one word: it was wrapped or two values were joined; copy it again.")
	}
	if i := strings.IndexFunc(tok, func(c rune) bool { return c > 0x7e || c < 0x20 && c != '\t' }); i >= 0 {
		c, _ := utf8.DecodeRuneInString(tok[i:])
		if c != '\n' && c != '\r' {
			r.addMalformed(Fail, line, fmt.Sprintf("Token contains the character %U %s", c, describeRune(c)),
				"Copy the token again from its source, as plain text.")
		}
	}
	if isPlaceholder(tok) {
		r.addMalformed(Fail, line, fmt.Sprintf("Token is the placeholder %q, not a credential", clip(tok, 40)),
			"The variable meant to hold the token was empty or not expanded; set it and send again.")
		return
	}
	if looksLikeJWT(tok) {
		info, bad := decodeJWT(source, strings.TrimRight(tok, "\r\n"))
		if bad != nil {
			r.addMalformed(Fail, line, bad.Title, bad.Fix)
			return
		}
		if info.Padded {
			r.addMalformed(Warn, line, "JWT segments carry base64 padding (=), which RFC 7515 leaves out",
				"Strip the trailing '=' of each segment; strict servers refuse padded tokens.")
		}
		if r.Token == nil {
			r.Token = info
		}
		return
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c == '=' && strings.Trim(tok[i:], "=") == "" {
			break
		}
		if !isToken68Char(c) && c >= 0x20 && c < 0x7f && !strings.ContainsRune(quoteChars+" \t", rune(c)) {
			r.addMalformed(Warn, line, fmt.Sprintf("Token has %q, outside RFC 6750's token characters", string(c)),
				"Check the token was copied whole and not joined to other text.")
			break
		}
	}
}

func describeRune(c rune) string {
	switch c {
	case '…':
		return "(…): it was copied from a display that shortened it"
	case '•', '●', '*':
		return "(•): it was copied from a masked display"
	case 0x200b, 0xfeff, 0x200c, 0x200d, 0x2060:
		return "(invisible): it came from a web page or an editor"
	case '“', '”', '‘', '’':
		return "(a typographic quote)"
	}
	return fmt.Sprintf("(%q): not ASCII", string(c))
}

// isPlaceholder catches unset variables and documentation stand-ins.
func isPlaceholder(tok string) bool {
	l := strings.ToLower(tok)
	if placeholderTokens[l] || strings.HasPrefix(l, "your_") || strings.HasPrefix(l, "your-") {
		return true // YOUR_ACCESS_TOKEN and the like
	}
	switch {
	case strings.HasPrefix(l, "${") && strings.HasSuffix(l, "}"),
		strings.HasPrefix(l, "{{") && strings.HasSuffix(l, "}}"),
		strings.HasPrefix(l, "<") && strings.HasSuffix(l, ">"):
		return true
	case strings.HasPrefix(l, "$") && len(l) > 1:
		for _, c := range l[1:] {
			if !(c == '_' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9') {
				return false
			}
		}
		return true
	}
	return false
}

// readBasic judges Basic credentials: base64 of user:pass.
func (r *requestFacts) readBasic(cred, line string) {
	if strings.ContainsAny(cred[:1], quoteChars) {
		r.addMalformed(Fail, line, "Basic credentials are wrapped in quotes", "Remove the quotes.")
		cred = strings.Trim(cred, quoteChars)
	}
	var dec []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding} {
		if dec, err = enc.DecodeString(cred); err == nil {
			break
		}
	}
	if err != nil {
		if strings.Contains(cred, ":") {
			r.addMalformed(Fail, line, "Basic credentials are user:password in clear, not base64",
				"Send base64(user:password); curl -u user:password does it for you.")
		} else {
			r.addMalformed(Fail, line, "Basic credentials are not valid base64",
				"Encode user:password with base64; curl -u user:password does it for you.")
		}
		return
	}
	s := string(dec)
	switch {
	case strings.HasSuffix(s, "\n"):
		r.addMalformed(Fail, line, "Basic credentials decode to user:password followed by a newline",
			"It was encoded with `echo` instead of `echo -n` (or printf); encode again without the newline, or use curl -u.")
	case looksLikeJWT(s) || !strings.Contains(s, ":"):
		r.addMalformed(Fail, line, "Basic credentials decode to text without ':' (expected user:password)",
			"Basic needs user:password; a bare token belongs in Authorization: Bearer <token>.")
	}
}

// readKeyHeader judges an API-key style header (X-Api-Key, Private-Token).
func (r *requestFacts) readKeyHeader(h probe.Header, line string) {
	v := h.Value
	switch {
	case strings.TrimSpace(v) == "":
		r.addMalformed(Fail, line, fmt.Sprintf("%s is empty", h.Name), "Fill it or remove it; the variable meant to hold the key is probably unset.")
		return
	case strings.ContainsAny(v, "\r\n"):
		r.addMalformed(Fail, line, fmt.Sprintf("%s contains a line break (a key read from a file with its newline)", h.Name),
			"Strip the newline from the key.")
	case v != strings.TrimSpace(v):
		r.addMalformed(Warn, line, fmt.Sprintf("%s has white space around its value", h.Name), "Trim it.")
	}
	t := strings.TrimSpace(v)
	switch {
	case strings.ContainsAny(t[:1], quoteChars) || strings.ContainsAny(t[len(t)-1:], quoteChars):
		r.addMalformed(Fail, line, fmt.Sprintf("%s is wrapped in quotes", h.Name), "Remove the quotes.")
	case isPlaceholder(t):
		r.addMalformed(Fail, line, fmt.Sprintf("%s is the placeholder %q, not a key", h.Name, clip(t, 40)),
			"The variable meant to hold the key was empty or not expanded; set it and send again.")
	case strings.HasPrefix(strings.ToLower(t), "bearer "):
		r.addMalformed(Warn, line, fmt.Sprintf("%s starts with \"Bearer \"", h.Name),
			"API-key headers usually take the bare key; \"Bearer \" belongs in Authorization.")
		t = strings.TrimSpace(t[len("bearer "):])
	}
	if looksLikeJWT(t) && r.Token == nil {
		if info, bad := decodeJWT(h.Name, t); bad == nil {
			r.Token = info
		}
	}
}

// readURL finds credentials in the URL: user info, API keys in the query,
// presigned URLs (S3, GCS) and Azure SAS tokens with their expiry.
func (r *requestFacts) readURL() {
	if r.u == nil {
		return
	}
	if r.u.User != nil {
		if p, ok := r.u.User.Password(); ok {
			r.addSecret(p)
		}
		line := "URL user info " + probe.MaskSecret(r.u.User.Username()) + ":••••"
		r.Creds = append(r.Creds, credential{Kind: "userinfo", Line: line})
	}
	if r.u.RawQuery == "" {
		return
	}
	q, _ := url.ParseQuery(r.u.RawQuery)
	for name, vs := range q {
		ln := strings.ToLower(name)
		if !probe.IsCredentialQueryParam(ln) {
			continue
		}
		v := ""
		if len(vs) > 0 {
			v = vs[0]
		}
		r.addSecret(v)
		line := "query parameter " + name + "=" + probe.MaskSecret(v)
		if strings.TrimSpace(v) == "" {
			r.addMalformed(Fail, line, fmt.Sprintf("Query parameter %s is empty", name), "Fill it; the variable meant to hold it is probably unset.")
			continue
		}
		r.Creds = append(r.Creds, credential{Kind: "query", Name: name, Line: line})
	}
	get := func(name string) string {
		for k, vs := range q {
			if strings.EqualFold(k, name) && len(vs) > 0 {
				return vs[0]
			}
		}
		return ""
	}
	for _, p := range []string{"X-Amz", "X-Goog"} {
		date, exp := get(p+"-Date"), get(p+"-Expires")
		if date == "" || exp == "" {
			continue
		}
		t, err1 := time.Parse("20060102T150405Z", date)
		n, err2 := strconv.Atoi(exp)
		if err1 == nil && err2 == nil {
			e := t.Add(time.Duration(n) * time.Second)
			r.URLExpires, r.URLExpiresSource = &e, fmt.Sprintf("%s-Date=%s, %s-Expires=%d", p, date, p, n)
		}
	}
	if se := get("se"); se != "" && get("sig") != "" {
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z", "2006-01-02"} {
			if t, err := time.Parse(layout, se); err == nil {
				r.URLExpires, r.URLExpiresSource = &t, "SAS se="+se
				break
			}
		}
	}
}

// jsonMediaType reports a JSON media type (application/json, +json).
func jsonMediaType(mt string) bool {
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// readBody judges the body against its Content-Type. It reads at most
// bodyWindow bytes; JSON validity is checked only for complete bodies.
func (r *requestFacts) readBody(body []byte) {
	if len(body) == 0 {
		return
	}
	complete := int64(len(body)) >= r.BodySize && len(body) <= bodyWindow
	window := body[:min(len(body), bodyWindow)]
	r.BodyKind = sniffBody(window, complete)
	size := fmt.Sprintf("%d bytes", r.BodySize)
	kindName := map[string]string{"json": "JSON", "badjson": "text", "form": "form-encoded", "xml": "XML", "text": "text", "binary": "binary"}[r.BodyKind]
	if !r.HasContentType || strings.TrimSpace(r.ContentType) == "" {
		st := Warn
		if r.BodyKind == "json" || r.BodyKind == "form" || r.BodyKind == "xml" {
			st = Fail
		}
		fix := "Set the Content-Type of the body."
		switch r.BodyKind {
		case "json":
			fix = "Add Content-Type: application/json (curl --json sets it)."
		case "form":
			fix = "Add Content-Type: application/x-www-form-urlencoded."
		case "xml":
			fix = "Add Content-Type: application/xml."
		}
		r.Content = append(r.Content, problem{Status: st,
			Title:    fmt.Sprintf("A %s body (%s) is sent without Content-Type", kindName, size),
			Evidence: []string{"no Content-Type header", "body starts " + bodyStart(window)},
			Fix:      fix})
		return
	}
	ctLine := "Content-Type: " + r.ContentType
	mt, params, err := mime.ParseMediaType(r.ContentType)
	if err != nil {
		r.Content = append(r.Content, problem{Status: Fail, Title: "Content-Type cannot be parsed",
			Evidence: []string{ctLine, err.Error()}, Fix: "Write it as type/subtype, e.g. application/json; charset=utf-8."})
		return
	}
	isJSON := jsonMediaType(mt)
	ev := []string{ctLine, "body starts " + bodyStart(window)}
	switch {
	case r.BodyKind == "json" && !isJSON && mt != "multipart/form-data":
		title := fmt.Sprintf("Body is JSON but Content-Type is %s", mt)
		fix := "Send Content-Type: application/json (curl --json sets it and Accept too)."
		switch {
		case mt == "application/x-www-form-urlencoded":
			title += " (curl -d's default)"
		case dartStringBodyAsText(r):
			title, fix = "This body is JSON but goes as text/plain; charset=utf-8, the http package's default for a String body", dartContentTypeFix
		}
		r.Content = append(r.Content, problem{Status: Fail, Title: title, Evidence: ev, Fix: fix})
	case r.BodyKind == "form" && isJSON:
		r.Content = append(r.Content, problem{Status: Fail, Title: fmt.Sprintf("Body is form-encoded (a=1&b=2) but Content-Type is %s", mt), Evidence: ev,
			Fix: "Send the body as JSON, or set Content-Type: application/x-www-form-urlencoded."})
	case r.BodyKind == "form" && mt != "application/x-www-form-urlencoded" && !strings.HasPrefix(mt, "multipart/") && !strings.HasPrefix(mt, "text/"):
		r.Content = append(r.Content, problem{Status: Fail, Title: fmt.Sprintf("Body is form-encoded (a=1&b=2) but Content-Type is %s", mt), Evidence: ev,
			Fix: "Set Content-Type: application/x-www-form-urlencoded (curl -d's default), or send the body in the format the type names."})
	case r.BodyKind == "xml" && isJSON:
		r.Content = append(r.Content, problem{Status: Fail, Title: fmt.Sprintf("Body is XML but Content-Type is %s", mt), Evidence: ev,
			Fix: "Send Content-Type: application/xml, or send the body as JSON."})
	case isJSON && complete && r.BodyKind != "json":
		var raw json.RawMessage
		if err := json.Unmarshal(window, &raw); err != nil {
			ev = append(ev, "JSON error: "+err.Error())
		}
		r.Content = append(r.Content, problem{Status: Fail, Title: fmt.Sprintf("Content-Type is %s but the body is not valid JSON", mt), Evidence: ev,
			Fix: "Fix the JSON (a shell may have eaten its quotes: wrap the body in single quotes, or use --data @file.json)."})
	case mt == "multipart/form-data" && params["boundary"] == "":
		r.Content = append(r.Content, problem{Status: Fail, Title: "multipart/form-data without a boundary parameter", Evidence: []string{ctLine},
			Fix: "Let the client set multipart Content-Type itself (curl -F does); a hand-written one lacks the boundary."})
	case mt == "multipart/form-data" && !bytes.Contains(window, []byte("--"+params["boundary"])):
		r.Content = append(r.Content, problem{Status: Fail, Title: "multipart boundary does not appear in the body", Evidence: []string{ctLine},
			Fix: "Let the client build the body and its Content-Type together (curl -F)."})
	}
	r.readCharset(window, mt, params["charset"], ctLine)
}

// readCharset compares the declared charset with the bytes.
func (r *requestFacts) readCharset(window []byte, mt, charset, ctLine string) {
	cs := strings.ToLower(strings.Trim(charset, `"`))
	nonASCII := false
	for _, c := range window {
		if c >= 0x80 {
			nonASCII = true
			break
		}
	}
	if !nonASCII {
		return
	}
	// A window may end inside a character: drop an incomplete tail.
	w := window
	for k := 0; k < 3 && len(w) > 0 && !utf8.FullRune(w[max(0, len(w)-4):]) && w[len(w)-1] >= 0x80; k++ {
		w = w[:len(w)-1]
	}
	valid := utf8.Valid(w)
	switch {
	case (cs == "utf-8" || cs == "utf8" || cs == "" && jsonMediaType(mt)) && !valid:
		r.Content = append(r.Content, problem{Status: Fail, Title: "Body is not valid UTF-8, but the Content-Type says UTF-8",
			Evidence: []string{ctLine, "body has bytes that are not UTF-8 (Latin-1 or Windows-1252 text?)"},
			Fix:      "Encode the body as UTF-8, or declare its real charset."})
	case (cs == "iso-8859-1" || cs == "latin1" || cs == "latin-1" || cs == "windows-1252" || cs == "cp1252" || cs == "us-ascii" || cs == "ascii") && valid:
		r.Content = append(r.Content, problem{Status: Fail, Title: fmt.Sprintf("Body is UTF-8 but Content-Type says charset=%s", charset),
			Evidence: []string{ctLine, "body has UTF-8 encoded non-ASCII characters"},
			Fix:      "Declare charset=utf-8: the server will misread every non-ASCII character."})
	case jsonMediaType(mt) && cs != "" && cs != "utf-8" && cs != "utf8":
		r.Content = append(r.Content, problem{Status: Warn, Title: fmt.Sprintf("JSON declared as charset=%s", charset),
			Evidence: []string{ctLine}, Fix: "JSON is UTF-8 (RFC 8259): send UTF-8 and drop the charset or set charset=utf-8."})
	}
}

// sniffBody names the body's kind from its first bytes.
func sniffBody(w []byte, complete bool) string {
	t := bytes.TrimLeft(w, " \t\r\n")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	if len(t) == 0 {
		return "text"
	}
	switch t[0] {
	case '{', '[':
		if !complete || json.Valid(t) {
			return "json"
		}
		return "badjson"
	case '<':
		if len(t) > 1 && (t[1] == '?' || t[1] == '!' || 'a' <= t[1]|0x20 && t[1]|0x20 <= 'z') {
			return "xml"
		}
	}
	if looksForm(t[:min(len(t), 1024)]) {
		return "form"
	}
	if utf8.Valid(t[:max(0, min(len(t), 512)-3)]) && bytes.IndexByte(t[:min(len(t), 512)], 0) < 0 {
		return "text"
	}
	return "binary"
}

// looksForm reports key=value&key=value with no white space.
func looksForm(t []byte) bool {
	eq := bytes.IndexByte(t, '=')
	if eq <= 0 || bytes.ContainsAny(t, " \t\r\n\"{}<>") {
		return false
	}
	for _, c := range t[:eq] {
		if !(c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || c == '%' ||
			'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// bodyStart shows the kind of a body without its content: its first few
// characters only, since bodies carry passwords.
func bodyStart(w []byte) string {
	t := bytes.TrimLeft(w, " \t\r\n")
	n := min(len(t), 12)
	for n < len(t) && n > 0 && !utf8.RuneStart(t[n]) {
		n--
	}
	s := strconv.Quote(string(t[:n]))
	if n < len(t) {
		s = s[:len(s)-1] + `…"`
	}
	return s
}

// readAttacks reads what WAFs dislike: a library or scanner User-Agent, and
// attack-like text in the URL or the body.
func (r *requestFacts) readAttacks(body []byte) {
	// why403's own default (curl's, as the curl command it replaces would
	// send) is the baseline every diagnosis is measured against: it is not
	// read as a library default the user chose.
	if r.HasUserAgent && strings.TrimSpace(r.UserAgent) != probe.UserAgent {
		l := strings.ToLower(strings.TrimSpace(r.UserAgent))
		for _, p := range libraryAgents {
			if strings.HasPrefix(l, p) {
				r.UALibrary = p
				break
			}
		}
		for _, s := range scannerAgents {
			if strings.Contains(l, s) {
				r.UAScanner = s
				break
			}
		}
	}
	if r.u != nil {
		text := r.u.EscapedPath()
		if r.u.RawQuery != "" {
			text += "?" + strings.ReplaceAll(r.u.RawQuery, "+", " ")
		}
		if hit, ok := findAttack("URL", normalizeAttack([]byte(unescapeLoose(unescapeLoose(text))))); ok {
			r.Attacks = append(r.Attacks, hit)
		}
	}
	if len(body) > 0 {
		w := body[:min(len(body), bodyWindow)]
		if r.BodyKind == "form" {
			w = []byte(unescapeLoose(strings.ReplaceAll(string(w), "+", " ")))
		}
		if hit, ok := findAttack("body", normalizeAttack(w)); ok {
			r.Attacks = append(r.Attacks, hit)
		}
	}
}

// findAttack returns the first attack pattern (in catalogue order) in
// text; one per place is enough to explain a block.
func findAttack(where, text string) (attackHit, bool) {
	idx := attackPhrases()
	hits := found{x: idx, pos: idx.scan(text), text: text}
	for _, p := range attackPatterns {
		if hits.index(p.Text) >= 0 {
			return attackHit{Where: where, Pattern: p.Text, Kind: p.Kind}, true
		}
	}
	return attackHit{}, false
}

// normalizeAttack lowers ASCII, turns SQL comments (/**/) into spaces and
// collapses white space, as WAF transformations do, in one pass.
func normalizeAttack(p []byte) string {
	out := make([]byte, len(p))
	n := 0
	for i := 0; i < len(p); i++ {
		c := attackFold[p[i]]
		if c == '/' && i+3 < len(p) && p[i+1] == '*' && p[i+2] == '*' && p[i+3] == '/' {
			c, i = ' ', i+3
		}
		if c == ' ' && n > 0 && out[n-1] == ' ' {
			continue
		}
		out[n] = c
		n++
	}
	return string(out[:n])
}

// attackFold lowers ASCII letters and turns white space into a space.
var attackFold = func() (t [256]byte) {
	for i := range t {
		c := byte(i)
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			c = ' '
		}
		t[i] = c
	}
	return t
}()

// unescapeLoose percent-decodes what it can and keeps the rest as is.
func unescapeLoose(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(v))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}
