package dartcall

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/clients"
)

// evaluator reads values out of the parsed snippet: literals, names the
// snippet declares, and the few library constants and constructors an
// HTTP call is made of. It runs nothing: a name the snippet does not
// define is recorded in unknown and takes its value from vars.
type evaluator struct {
	env     map[string]node
	stmts   []stmt
	vars    map[string]string
	unknown []string
	depth   int
}

// constants are library names whose values are fixed.
var constants = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"Headers.jsonContentType":           "application/json",
		"Headers.formUrlEncodedContentType": "application/x-www-form-urlencoded",
		"Headers.textPlainContentType":      "text/plain",
		"HttpHeaders.authorizationHeader":   "authorization",
		"HttpHeaders.contentTypeHeader":     "content-type",
		"HttpHeaders.acceptHeader":          "accept",
		"HttpHeaders.userAgentHeader":       "user-agent",
		"HttpHeaders.cookieHeader":          "cookie",
		"HttpHeaders.acceptLanguageHeader":  "accept-language",
		"HttpHeaders.cacheControlHeader":    "cache-control",
		"Headers.contentTypeHeader":         "content-type",
		"Headers.acceptHeader":              "accept",
		"ContentType.json":                  "application/json; charset=utf-8",
		"ContentType.text":                  "text/plain; charset=utf-8",
		"ContentType.html":                  "text/html; charset=utf-8",
	}
})

// evalError is a value the subset cannot read.
type evalError struct {
	at  int
	msg string
}

func (e *evalError) Error() string { return fmt.Sprintf("offset %d: %s", e.at, e.msg) }

func errAt(n node, format string, args ...any) error {
	at := 0
	if n != nil {
		at = n.pos()
	}
	return &evalError{at: at, msg: fmt.Sprintf(format, args...)}
}

// named records a name the snippet does not define and returns its value.
func (e *evaluator) named(name string) string {
	if v, ok := e.vars[name]; ok {
		return v
	}
	for _, u := range e.unknown {
		if u == name {
			return "${" + name + "}"
		}
	}
	e.unknown = append(e.unknown, name)
	return "${" + name + "}"
}

// resolve follows a plain name to the value the snippet declared for it.
func (e *evaluator) resolve(n node) node {
	for k := 0; k < 20; k++ {
		nm, ok := n.(*nameNode)
		if !ok || len(nm.path) != 1 {
			return n
		}
		v, ok := e.env[nm.path[0]]
		if !ok || v == n {
			return n
		}
		n = v
	}
	return n
}

func (e *evaluator) enter(n node) error {
	if e.depth++; e.depth > maxDepth {
		return errAt(n, "values nest deeper than %d", maxDepth)
	}
	return nil
}

// str is a node's value as a string.
func (e *evaluator) str(n node) (string, error) {
	if err := e.enter(n); err != nil {
		return "", err
	}
	defer func() { e.depth-- }()
	n = e.resolve(n)
	switch v := n.(type) {
	case *strNode:
		var b strings.Builder
		for i, part := range v.parts {
			if v.exprs[i] == nil {
				b.WriteString(part.lit)
				continue
			}
			s, err := e.str(v.exprs[i])
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		return b.String(), nil
	case *numNode:
		return v.text, nil
	case *litNode:
		return v.text, nil
	case *nameNode:
		name := strings.Join(v.path, ".")
		if c, ok := constants()[name]; ok {
			return c, nil
		}
		return e.named(name), nil
	case *plusNode:
		l, err := e.str(v.left)
		if err != nil {
			return "", err
		}
		r, err := e.str(v.right)
		return l + r, err
	case *memberNode:
		return e.str(v.target) // jsonEncode(x).toString and the like
	case *callNode:
		return e.callStr(v)
	case *opaque:
		return "", errAt(v, "%s is not read: give the value with --dart-var or write it out", v.what)
	}
	return "", errAt(n, "this value is not a string the reader can work out")
}

// callStr is the string a call returns, for the calls that make one.
func (e *evaluator) callStr(c *callNode) (string, error) {
	switch calleeName(c) {
	case "jsonEncode", "json.encode", "convert.jsonEncode":
		if len(c.args) != 1 {
			return "", errAt(c, "jsonEncode takes one value")
		}
		return e.json(c.args[0])
	case "Uri.parse", "Uri.tryParse", "Uri.https", "Uri.http", "Uri":
		return e.uri(c)
	}
	if m, ok := c.callee.(*memberNode); ok && (m.name == "toString" || m.name == "trim") {
		s, err := e.str(m.target)
		if m.name == "trim" {
			s = strings.TrimSpace(s)
		}
		return s, err
	}
	if nm, ok := c.callee.(*nameNode); ok && len(nm.path) > 1 {
		last := nm.path[len(nm.path)-1]
		if last == "toString" || last == "trim" {
			s, err := e.str(&nameNode{at: nm.at, path: nm.path[:len(nm.path)-1]})
			if last == "trim" {
				s = strings.TrimSpace(s)
			}
			return s, err
		}
	}
	name := calleeName(c)
	if name == "" {
		name = "a call"
	}
	return "", errAt(c, "%s(...) is not read: give its value with --dart-var or write it out", name)
}

// calleeName is the dotted name called, "" when not a plain name.
func calleeName(c *callNode) string {
	if nm, ok := c.callee.(*nameNode); ok {
		return strings.Join(nm.path, ".")
	}
	return ""
}

// entry is one map literal entry, read.
type entry struct {
	key string
	val node
}

// entries reads a map literal (through names the snippet declares).
func (e *evaluator) entries(n node) ([]entry, error) {
	n = e.resolve(n)
	switch m := n.(type) {
	case *mapNode:
		out := make([]entry, 0, len(m.keys))
		for i, k := range m.keys {
			ks, err := e.str(k)
			if err != nil {
				return nil, err
			}
			out = append(out, entry{key: ks, val: m.vals[i]})
		}
		return out, nil
	case *nameNode:
		e.named(strings.Join(m.path, "."))
		return nil, errAt(m, "%s is not defined in the snippet: a map is needed here, write it out", strings.Join(m.path, "."))
	}
	return nil, errAt(n, "a map literal {...} is needed here")
}

// headers reads a headers map into header lines, in the map's order.
func (e *evaluator) headers(n node) ([]probe.Header, error) {
	es, err := e.entries(n)
	if err != nil {
		return nil, err
	}
	out := make([]probe.Header, 0, len(es))
	for _, en := range es {
		v, err := e.str(en.val)
		if err != nil {
			return nil, err
		}
		out = append(out, probe.Header{Name: en.key, Value: v})
	}
	return out, nil
}

// json writes a value as Dart's jsonEncode does: no spaces, map order
// kept, only ", \ and control characters escaped.
func (e *evaluator) json(n node) (string, error) {
	if err := e.enter(n); err != nil {
		return "", err
	}
	defer func() { e.depth-- }()
	n = e.resolve(n)
	switch v := n.(type) {
	case *mapNode:
		var b strings.Builder
		b.WriteByte('{')
		for i := range v.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			k, err := e.str(v.keys[i])
			if err != nil {
				return "", err
			}
			b.WriteString(jsonString(k))
			b.WriteByte(':')
			s, err := e.json(v.vals[i])
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		b.WriteByte('}')
		return b.String(), nil
	case *listNode:
		var b strings.Builder
		b.WriteByte('[')
		for i, it := range v.items {
			if i > 0 {
				b.WriteByte(',')
			}
			s, err := e.json(it)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		b.WriteByte(']')
		return b.String(), nil
	case *numNode:
		return v.text, nil
	case *litNode:
		return v.text, nil
	}
	s, err := e.str(n)
	if err != nil {
		return "", err
	}
	return jsonString(s), nil
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// uri is the URL a Uri expression (or a string, for dio) stands for.
func (e *evaluator) uri(n node) (string, error) {
	n = e.resolve(n)
	c, ok := n.(*callNode)
	if !ok {
		return e.str(n)
	}
	switch calleeName(c) {
	case "Uri.parse", "Uri.tryParse":
		if len(c.args) != 1 {
			return "", errAt(c, "Uri.parse takes one string")
		}
		return e.str(c.args[0])
	case "Uri.https", "Uri.http":
		if len(c.args) < 1 || len(c.args) > 3 {
			return "", errAt(c, "Uri.https takes a host, a path and query parameters")
		}
		scheme := strings.TrimPrefix(calleeName(c), "Uri.")
		host, err := e.str(c.args[0])
		if err != nil {
			return "", err
		}
		path := ""
		if len(c.args) > 1 {
			if path, err = e.str(c.args[1]); err != nil {
				return "", err
			}
		}
		var query node
		if len(c.args) > 2 {
			query = c.args[2]
		}
		return e.buildURL(scheme, host, path, query)
	case "Uri":
		var scheme, host, path string
		var query node
		for _, a := range c.named {
			var err error
			switch a.name {
			case "scheme":
				scheme, err = e.str(a.val)
			case "host":
				host, err = e.str(a.val)
			case "path":
				path, err = e.str(a.val)
			case "port":
				var p string
				if p, err = e.str(a.val); err == nil {
					host += ":" + p
				}
			case "queryParameters":
				query = a.val
			}
			if err != nil {
				return "", err
			}
		}
		return e.buildURL(scheme, host, path, query)
	}
	return e.str(n)
}

// buildURL is Uri.https/Uri.http's result: the path gets a leading '/',
// query parameters are encoded as Uri.encodeQueryComponent does (space
// as '+').
func (e *evaluator) buildURL(scheme, host, path string, query node) (string, error) {
	if path != "" && !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u := scheme + "://" + host + (&url.URL{Path: path}).EscapedPath()
	if query != nil {
		q, err := e.formEncode(query)
		if err != nil {
			return "", err
		}
		if q != "" {
			u += "?" + q
		}
	}
	return u, nil
}

// formEncode writes a map as package:http's mapToQuery and Dart's
// Uri.encodeQueryComponent do: key=value pairs joined by '&', space as '+',
// every byte outside A-Za-z0-9 and -._~*'()! percent-encoded.
func (e *evaluator) formEncode(n node) (string, error) {
	es, err := e.entries(n)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, en := range es {
		v, err := e.str(en.val)
		if err != nil {
			return "", err
		}
		parts = append(parts, queryComponent(en.key)+"="+queryComponent(v))
	}
	return strings.Join(parts, "&"), nil
}

func queryComponent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~*'()!", c) >= 0:
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// setHeader sets name as a case-insensitive map does: a key already there
// keeps its place and spelling and takes the new value.
func setHeader(hs []probe.Header, name, value string) []probe.Header {
	for i := range hs {
		if strings.EqualFold(hs[i].Name, name) {
			hs[i].Value = value
			return hs
		}
	}
	return append(hs, probe.Header{Name: name, Value: value})
}

// bodyOf reads package:http's body argument: a String (or jsonEncode),
// or a Map sent as a form.
func (e *evaluator) bodyOf(n node) ([]byte, clients.Body, error) {
	switch e.resolve(n).(type) {
	case *mapNode:
		s, err := e.formEncode(n)
		return []byte(s), clients.BodyForm, err
	case *listNode:
		return nil, 0, errAt(n, "a List<int> body is not read: give the body as a String")
	}
	s, err := e.str(n)
	return []byte(s), clients.BodyString, err
}
