package checks

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlError is S3's (and other AWS XML APIs') <Error> document, bare or
// wrapped in <ErrorResponse>.
type xmlError struct {
	Code       string
	Message    string
	ServerTime string
	// RequestTime is S3's reading of the request's time (RequestTimeTooSkewed).
	RequestTime string
	// StringToSign and CanonicalRequest are what S3 signed
	// (SignatureDoesNotMatch), to compare with what the client signed.
	StringToSign     string
	CanonicalRequest string
	Expires          string
	RequestID        string
	Inner            *xmlError
}

// parseXMLError reads an error document, or returns nil when it is not
// well-formed or names no code. It reads the document by hand rather than
// with encoding/xml, whose package initialisation (an HTML entity table)
// every why403 command paid at start for this one small document.
func parseXMLError(p []byte) *xmlError {
	d := xmlDoc{s: string(p)}
	if !d.prolog() {
		return nil
	}
	var x xmlError
	if !d.element(&x, 0) {
		return nil
	}
	if x.Code == "" && x.Inner != nil {
		return x.Inner
	}
	if x.Code == "" {
		return nil
	}
	return &x
}

// field is the string field of x an element of that name fills, if any.
func (x *xmlError) field(name string) *string {
	switch name {
	case "Code":
		return &x.Code
	case "Message":
		return &x.Message
	case "ServerTime":
		return &x.ServerTime
	case "RequestTime":
		return &x.RequestTime
	case "StringToSign":
		return &x.StringToSign
	case "CanonicalRequest":
		return &x.CanonicalRequest
	case "Expires":
		return &x.Expires
	case "RequestId":
		return &x.RequestID
	}
	return nil
}

// xmlDoc reads a small XML document from s at i.
type xmlDoc struct {
	s string
	i int
}

// xmlMaxDepth bounds nesting: an error document is shallow.
const xmlMaxDepth = 64

// prolog skips what comes before the root element (declaration, comments,
// a doctype, text) and stops at the root's '<'. A declared encoding other
// than UTF-8 is refused, as the body is read as UTF-8.
func (d *xmlDoc) prolog() bool {
	for d.i < len(d.s) {
		j := strings.IndexByte(d.s[d.i:], '<')
		if j < 0 {
			return false
		}
		d.i += j
		rest := d.s[d.i:]
		n := xmlMarkup(rest)
		// the declaration's attributes, looked for within it only: a search
		// past it at each markup would be quadratic in a hostile body
		if attrs, ok := strings.CutPrefix(rest[:max(n, 0)], "<?xml "); ok {
			if enc := xmlAttr(strings.TrimSuffix(attrs, "?>"), "encoding"); enc != "" && !strings.EqualFold(enc, "utf-8") {
				return false
			}
		}
		switch {
		case n < 0:
			return false
		case n > 0:
			d.i += n
		default:
			return true
		}
	}
	return false
}

// xmlMarkup is the length of the comment, processing instruction or
// declaration (<!DOCTYPE …>, skipped inside elements too, as encoding/xml
// skips a directive) that rest starts with: 0 when it starts with none,
// -1 when it is not closed.
func xmlMarkup(rest string) int {
	var open, close string
	switch {
	case strings.HasPrefix(rest, "<!--"):
		open, close = "<!--", "-->"
	case strings.HasPrefix(rest, "<?"):
		open, close = "<?", "?>"
	case strings.HasPrefix(rest, "<!"):
		return xmlDirective(rest)
	default:
		return 0
	}
	end := strings.Index(rest[len(open):], close)
	if end < 0 {
		return -1
	}
	return len(open) + end + len(close)
}

// xmlDirective is the length of the directive rest starts with (<!…>), read
// as encoding/xml reads one: the byte after "<!" is content whatever it is
// (so "<!>>" ends at the second '>'), quoted '<' and '>' do not nest, other
// ones do, and a comment inside is skipped; -1 when it is not closed or is
// malformed. One pass: each byte is looked at once.
func xmlDirective(rest string) int {
	if len(rest) < 3 {
		return -1
	}
	var quote byte
	depth := 0
	for i := 3; i < len(rest); i++ {
		b := rest[i]
		switch {
		case quote == 0 && b == '>' && depth == 0:
			return i + 1
		case b == quote:
			quote = 0
		case quote != 0:
		case b == '\'' || b == '"':
			quote = b
		case b == '>':
			depth--
		case b == '<':
			if !strings.HasPrefix(rest[i:], "<!--") {
				depth++
				continue
			}
			end := strings.Index(rest[i+4:], "--")
			if end < 0 || i+4+end+2 >= len(rest) || rest[i+4+end+2] != '>' {
				return -1
			}
			i += 4 + end + 2
		}
	}
	return -1
}

// xmlAttr is the value of attribute name in a declaration's attributes.
func xmlAttr(attrs, name string) string {
	i := strings.Index(attrs, name+"=")
	if i < 0 || len(attrs) < i+len(name)+2 {
		return ""
	}
	v := attrs[i+len(name)+1:]
	q := v[0]
	if q != '"' && q != '\'' {
		return ""
	}
	v, _, _ = strings.Cut(v[1:], string(q))
	return v
}

// element reads the element at d.i (its start tag to its end tag) into x:
// each child named like a field sets it to the child's text, a child
// <Error> fills x.Inner, other children are read and left.
func (d *xmlDoc) element(x *xmlError, depth int) bool {
	name, empty, ok := d.startTag()
	if !ok {
		return false
	}
	if empty {
		return true
	}
	for {
		if _, ok := d.text(); !ok {
			return false
		}
		rest := d.s[d.i:]
		n := xmlMarkup(rest)
		switch {
		case strings.HasPrefix(rest, "</"):
			return d.endTag(name)
		case n < 0:
			return false
		case n > 0:
			d.i += n
		default:
			if depth >= xmlMaxDepth {
				return false
			}
			child := d.peekName()
			switch {
			case x != nil && child == "Error":
				if x.Inner == nil {
					x.Inner = &xmlError{}
				}
				if !d.element(x.Inner, depth+1) {
					return false
				}
			case x != nil && x.field(child) != nil:
				s, ok := d.textElement(depth + 1)
				if !ok {
					return false
				}
				*x.field(child) = s
			default:
				if !d.element(nil, depth+1) {
					return false
				}
			}
		}
	}
}

// textElement reads an element and returns its own text (its children's
// text left out).
func (d *xmlDoc) textElement(depth int) (string, bool) {
	name, empty, ok := d.startTag()
	if !ok || empty {
		return "", ok
	}
	var b strings.Builder
	for {
		text, ok := d.text()
		if !ok {
			return "", false
		}
		b.WriteString(text)
		rest := d.s[d.i:]
		n := xmlMarkup(rest)
		switch {
		case strings.HasPrefix(rest, "</"):
			return b.String(), d.endTag(name)
		case n < 0:
			return "", false
		case n > 0:
			d.i += n
		default:
			if depth >= xmlMaxDepth || !d.element(nil, depth+1) {
				return "", false
			}
		}
	}
}

// peekName is the local name (after any prefix) of the tag at d.i.
func (d *xmlDoc) peekName() string {
	n := d.tagName(d.i + 1)
	if _, local, ok := strings.Cut(n, ":"); ok {
		return local
	}
	return n
}

// tagName is the name starting at i, up to a space, '/' or '>'.
func (d *xmlDoc) tagName(i int) string {
	j := i
	for j < len(d.s) && !strings.ContainsRune(" \t\r\n/>", rune(d.s[j])) {
		j++
	}
	return d.s[i:j]
}

// startTag reads "<name attr='v' ...>" or "<name .../>".
func (d *xmlDoc) startTag() (name string, empty, ok bool) {
	if d.i >= len(d.s) || d.s[d.i] != '<' {
		return "", false, false
	}
	name = d.tagName(d.i + 1)
	if name == "" {
		return "", false, false
	}
	d.i += 1 + len(name)
	for d.i < len(d.s) {
		switch c := d.s[d.i]; c {
		case '>':
			d.i++
			return name, false, true
		case '/':
			if strings.HasPrefix(d.s[d.i:], "/>") {
				d.i += 2
				return name, true, true
			}
			return "", false, false
		case '"', '\'':
			end := strings.IndexByte(d.s[d.i+1:], c)
			if end < 0 {
				return "", false, false
			}
			d.i += end + 2
		default:
			d.i++
		}
	}
	return "", false, false
}

// endTag reads "</name>", which must close name.
func (d *xmlDoc) endTag(name string) bool {
	rest := d.s[d.i+2:]
	if !strings.HasPrefix(rest, name) {
		return false
	}
	rest = strings.TrimLeft(rest[len(name):], " \t\r\n")
	if !strings.HasPrefix(rest, ">") {
		return false
	}
	d.i = len(d.s) - len(rest) + 1
	return true
}

// text reads character data up to the next tag that is not CDATA:
// entities decoded, CDATA taken as it is, line ends made "\n".
func (d *xmlDoc) text() (string, bool) {
	var b strings.Builder
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case strings.HasPrefix(d.s[d.i:], "<![CDATA["):
			end := strings.Index(d.s[d.i+9:], "]]>")
			if end < 0 {
				return "", false
			}
			b.WriteString(d.s[d.i+9 : d.i+9+end])
			d.i += 9 + end + 3
		case c == '<':
			return strings.ReplaceAll(strings.ReplaceAll(b.String(), "\r\n", "\n"), "\r", "\n"), true
		case c == '&':
			end := strings.IndexByte(d.s[d.i:], ';')
			if end < 0 {
				return "", false
			}
			r, ok := xmlEntity(d.s[d.i+1 : d.i+end])
			if !ok {
				return "", false
			}
			b.WriteString(r)
			d.i += end + 1
		default:
			r, size := utf8.DecodeRuneInString(d.s[d.i:])
			if r == utf8.RuneError && size == 1 || !xmlChar(r) {
				return "", false
			}
			b.WriteString(d.s[d.i : d.i+size])
			d.i += size
		}
	}
	return "", false // the document ended inside an element
}

// xmlEntity is the text of an entity reference (without & and ;): the
// five XML names and character references; others are not XML.
func xmlEntity(e string) (string, bool) {
	switch e {
	case "lt":
		return "<", true
	case "gt":
		return ">", true
	case "amp":
		return "&", true
	case "apos":
		return "'", true
	case "quot":
		return `"`, true
	}
	num, ok := strings.CutPrefix(e, "#")
	if !ok || num == "" {
		return "", false
	}
	base := 10
	if h, ok := strings.CutPrefix(num, "x"); ok {
		num, base = h, 16
	}
	n, err := strconv.ParseUint(num, base, 32)
	if err != nil || !xmlChar(rune(n)) {
		return "", false
	}
	return string(rune(n)), true
}

// xmlChar reports a character XML allows in a document (XML 1.0 §2.2).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
