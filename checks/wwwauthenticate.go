package checks

import "strings"

// challenge is one WWW-Authenticate challenge (RFC 7235 section 2.1): a
// scheme followed by either a token68 or a list of auth-params.
type challenge struct {
	Scheme  string
	Token68 string
	Params  []authParam
}

type authParam struct {
	Name  string // lower case: parameter names are case-insensitive
	Value string // unquoted, escapes resolved
}

// Param returns the value of the parameter name (lower case), "" if absent.
func (c challenge) Param(name string) string {
	for _, p := range c.Params {
		if p.Name == name {
			return p.Value
		}
	}
	return ""
}

// String renders the challenge back, for evidence.
func (c challenge) String() string {
	var b strings.Builder
	b.WriteString(c.Scheme)
	if c.Token68 != "" {
		b.WriteString(" " + c.Token68)
	}
	for i, p := range c.Params {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(", ")
		}
		b.WriteString(p.Name + "=" + quoteParam(p.Value))
	}
	return b.String()
}

func quoteParam(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(v) + `"`
}

// parseChallenges parses every WWW-Authenticate (or Proxy-Authenticate)
// value; one header value may hold several challenges separated by commas,
// and a comma also separates parameters, so a new challenge is recognised
// by a token that is not followed by "=".
//
//	challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//	auth-param = token BWS "=" BWS ( token / quoted-string )
//	token68    = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//
// It is lenient where servers are sloppy: an unquoted value runs to the
// next comma even if it holds characters a token may not (realm=https://x).
func parseChallenges(values []string) []challenge {
	var out []challenge
	for _, v := range values {
		out = append(out, parseChallengeList(v)...)
	}
	return out
}

func parseChallengeList(s string) []challenge {
	var out []challenge
	p := authLexer{s: s}
	for {
		p.skipSpaceAndCommas()
		if p.done() {
			return out
		}
		scheme := p.token()
		if scheme == "" {
			p.skipPast(',') // junk: resynchronise at the next element
			continue
		}
		c := challenge{Scheme: scheme}
		p.skipSpace()
		if p.done() || p.peek() == ',' {
			out = append(out, c)
			continue
		}
		if t68, ok := p.token68(); ok {
			c.Token68 = t68
			out = append(out, c)
			continue
		}
		p.params(&c)
		out = append(out, c)
	}
}

type authLexer struct {
	s string
	i int
}

func (p *authLexer) done() bool { return p.i >= len(p.s) }
func (p *authLexer) peek() byte { return p.s[p.i] }

func (p *authLexer) skipSpace() {
	for !p.done() && (p.peek() == ' ' || p.peek() == '\t') {
		p.i++
	}
}

func (p *authLexer) skipSpaceAndCommas() {
	for !p.done() && (p.peek() == ' ' || p.peek() == '\t' || p.peek() == ',') {
		p.i++
	}
}

func (p *authLexer) skipPast(c byte) {
	for !p.done() && p.peek() != c {
		p.i++
	}
	if !p.done() {
		p.i++
	}
}

func isTchar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken68Char(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~+/", c) >= 0
}

func (p *authLexer) token() string {
	start := p.i
	for !p.done() && isTchar(p.peek()) {
		p.i++
	}
	return p.s[start:p.i]
}

// token68 reads a token68 when the text at the cursor is one: its
// characters, optional trailing "=", then the end or a comma. Otherwise it
// leaves the cursor where it was ("realm=..." is a parameter).
func (p *authLexer) token68() (string, bool) {
	start := p.i
	j := p.i
	for j < len(p.s) && isToken68Char(p.s[j]) {
		j++
	}
	if j == start {
		return "", false
	}
	for j < len(p.s) && p.s[j] == '=' {
		j++
	}
	k := j
	for k < len(p.s) && (p.s[k] == ' ' || p.s[k] == '\t') {
		k++
	}
	if k < len(p.s) && p.s[k] != ',' {
		return "", false
	}
	p.i = k
	return p.s[start:j], true
}

// params reads auth-params into c until the list ends or a token without
// "=" starts the next challenge.
func (p *authLexer) params(c *challenge) {
	for {
		p.skipSpace()
		mark := p.i
		name := p.token()
		if name == "" {
			p.skipPast(',')
			return
		}
		p.skipSpace()
		if p.done() || p.peek() != '=' {
			p.i = mark // the next challenge's scheme
			return
		}
		p.i++
		p.skipSpace()
		var value string
		if !p.done() && p.peek() == '"' {
			value = p.quoted()
		} else {
			start := p.i
			for !p.done() && p.peek() != ',' && p.peek() != ' ' && p.peek() != '\t' {
				p.i++
			}
			value = p.s[start:p.i]
		}
		c.Params = append(c.Params, authParam{Name: strings.ToLower(name), Value: value})
		p.skipSpace()
		if p.done() {
			return
		}
		if p.peek() != ',' {
			if p.nextIsParam() {
				// name="v" name2="v2" without commas: not RFC 7235, but
				// AWS API Gateway's JWT authorizer answers so.
				continue
			}
			p.skipPast(',') // junk after a value
		} else {
			p.i++
		}
		p.skipSpaceAndCommas()
		if p.done() {
			return
		}
	}
}

// nextIsParam reports, without moving, whether name= (an auth-param, not
// a token68's padding) follows the cursor.
func (p *authLexer) nextIsParam() bool {
	mark := p.i
	defer func() { p.i = mark }()
	if p.token() == "" {
		return false
	}
	p.skipSpace()
	if p.done() || p.peek() != '=' {
		return false
	}
	p.i++
	return p.done() || p.peek() != '='
}

// quoted reads a quoted-string at the cursor, resolving quoted-pairs; an
// unterminated string runs to the end.
func (p *authLexer) quoted() string {
	p.i++ // opening quote
	var b strings.Builder
	for !p.done() {
		c := p.peek()
		p.i++
		switch c {
		case '\\':
			if !p.done() {
				b.WriteByte(p.peek())
				p.i++
			}
		case '"':
			return b.String()
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// bearerError is the RFC 6750 error of the first Bearer challenge carrying
// one (invalid_request, invalid_token, insufficient_scope).
func bearerError(cs []challenge) (challenge, bool) {
	for _, c := range cs {
		if strings.EqualFold(c.Scheme, "Bearer") && c.Param("error") != "" {
			return c, true
		}
	}
	for _, c := range cs {
		if c.Param("error") != "" {
			return c, true
		}
	}
	return challenge{}, false
}
