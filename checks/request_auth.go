package checks

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/similar"
)

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
	if m := maskIn(v, true); m != "" {
		// nothing else in it is worth judging: the secret is not there
		r.addMasked("Authorization", m, line)
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
		case colon && knownSchemes()[strings.ToLower(before)] != "" && after != "":
			r.addMalformed(Fail, line, fmt.Sprintf("Authorization scheme is written %q (a colon, no space)", before+":"),
				fmt.Sprintf("Write %q, a space, then the token.", knownSchemes()[strings.ToLower(before)]))
			r.readToken(after, "Authorization", line)
		case knownSchemes()[strings.TrimSuffix(lscheme, ":")] != "":
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
	r.AuthJWT = looksLikeJWT(strings.TrimSpace(rest))
	if strings.HasSuffix(scheme, ":") {
		r.addMalformed(Fail, line, fmt.Sprintf("Authorization scheme is written %q, with a colon", scheme),
			fmt.Sprintf("Write %q without the colon.", strings.TrimSuffix(scheme, ":")))
		lscheme = strings.TrimSuffix(lscheme, ":")
	}
	if canon, ok := knownSchemes()[lscheme]; ok && scheme != canon && strings.ToLower(canon) != canon && !strings.HasSuffix(scheme, ":") {
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
		if canon, known := knownSchemes()[strings.ToLower(strings.TrimSuffix(s2, ":"))]; known {
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
	if placeholderTokens()[l] || strings.HasPrefix(l, "your_") || strings.HasPrefix(l, "your-") {
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

// emptyBasic reports Basic credentials that decode to ":" or to nothing:
// no user and no password (curl -u "$ID:$SECRET" with both variables
// empty sends "Basic Og=="). They carry no credential: in effect none
// was sent.
func emptyBasic(v string) bool {
	scheme, cred, ok := cutSpace(strings.TrimSpace(v))
	if !ok || !strings.EqualFold(scheme, "basic") {
		return false
	}
	cred = strings.TrimSpace(cred)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding} {
		if dec, err := enc.DecodeString(cred); err == nil {
			return strings.TrimSpace(string(dec)) == ":" || strings.TrimSpace(string(dec)) == ""
		}
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
		return
	}
	user, pass, _ := strings.Cut(s, ":")
	switch {
	case maskIn(pass, false) != "":
		r.addMasked("The Basic password", maskIn(pass, false), line)
	case user == "" && pass == "":
		r.addMalformed(Warn, line, "Basic credentials decode to \":\" alone: no user and no password",
			"The variables meant to hold them are empty (curl -u \"$ID:$SECRET\" with both unset sends this): set them and send again.")
	case pass == "" && !keyLike(user):
		r.addMalformed(Warn, line, "Basic credentials have an empty password (user:, nothing after the colon)",
			"Type the password: a request saved without --keep-secrets keeps the user and leaves the password out. (An API that takes a key as the user and no password, as Stripe does, needs none.)")
	}
}

// keyLike reports a Basic user that is an API key rather than a name (Stripe's
// sk_test_…, sent with no password): long, one word, letters and digits
// mixed, no @.
func keyLike(user string) bool {
	if len(user) < 20 || strings.ContainsAny(user, "@ ") {
		return false
	}
	return strings.ContainsAny(user, "0123456789") && strings.ContainsFunc(user, func(c rune) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' })
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
