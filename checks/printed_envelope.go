package checks

import (
	"encoding/json"
	"net/url"
	"strings"
)

// An error envelope often reaches a user not as the server's JSON but as
// the text a client library printed of it: JavaScript's util.inspect
// ({ code: '40002', msg: 'Invalid Arguments' }), Python's repr
// ({'error_code': 15, 'error_msg': ...}), or a line of key=value pairs
// (returnCode=1106,returnMessage=...); or an XML envelope that is no S3
// <Error> document (<return_code>FAIL</return_code>, Status="ERROR").
// The envelope is the same; its shape
// and words are read as the JSON's would be (issue 14 §2).

// printedMax bounds the text read as a printed envelope: an envelope is a
// few lines, and a larger body is a page or data.
const printedMax = 16 << 10

// xmlMaxFields bounds the elements xmlFieldsJSON looks at: each may search
// the rest of the text for its end tag.
const xmlMaxFields = 128

// printedJSON rewrites a printed object into JSON, "" when the text is not
// one (or is JSON already).
func printedJSON(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || len(t) > printedMax || json.Valid([]byte(t)) {
		return ""
	}
	var out string
	switch t[0] {
	case '{', '[':
		out = objectLiteralJSON(t)
	case '<':
		if xmlEnvelope(t) {
			out = xmlFieldsJSON(t)
		}
	default:
		out = pairsJSON(t)
	}
	if out == "" || !json.Valid([]byte(out)) {
		return ""
	}
	return out
}

// objectLiteralJSON quotes bare keys and single-quoted strings, turns
// None/True/False/undefined into JSON's literals and other bare words
// (util.inspect's [Object]) into strings, and drops trailing commas.
func objectLiteralJSON(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			j := quotedEnd(s, i, '"')
			if j < 0 {
				return ""
			}
			b.WriteString(s[i:j])
			i = j
		case c == '\'':
			j := quotedEnd(s, i, '\'')
			if j < 0 {
				return ""
			}
			v := strings.NewReplacer(`\'`, `'`, `\\`, `\`).Replace(s[i+1 : j-1])
			q, _ := json.Marshal(v)
			b.Write(q)
			i = j
		case c == '_' || c == '$' || isLetter(c):
			j := i
			for j < len(s) && (isWordByte(s[j]) || s[j] == '$') {
				j++
			}
			word := s[i:j]
			switch word {
			case "None", "null", "undefined", "nil":
				b.WriteString("null")
			case "True", "true":
				b.WriteString("true")
			case "False", "false":
				b.WriteString("false")
			default:
				q, _ := json.Marshal(word)
				b.Write(q)
			}
			i = j
		case c == ',':
			k := i + 1
			for k < len(s) && strings.IndexByte(" \t\r\n", s[k]) >= 0 {
				k++
			}
			if k < len(s) && (s[k] == '}' || s[k] == ']') {
				i = k // a trailing comma
				continue
			}
			b.WriteByte(c)
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// quotedEnd is the index just past the string quoted by q that opens at
// i, -1 when it does not close.
func quotedEnd(s string, i int, q byte) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return -1
}

// pairsJSON reads one line of key=value pairs separated by commas or
// ampersands (returnCode=1106,returnMessage=...) as an object. A value
// runs to the next separator that starts another key=, so a message may
// hold commas of its own.
func pairsJSON(s string) string {
	if strings.ContainsAny(s, "\r\n") || !startsPair(s) {
		return ""
	}
	obj := map[string]string{}
	// A form-encoded answer (a=1&b=2, PayPal's NVP) escapes its values.
	form := strings.Contains(s, "&") && !strings.Contains(s, ",")
	for s != "" {
		eq := strings.IndexByte(s, '=')
		key := s[:eq]
		rest := s[eq+1:]
		end := len(rest)
		for k := 0; k < len(rest); k++ {
			if (rest[k] == ',' || rest[k] == '&') && startsPair(rest[k+1:]) {
				end = k
				break
			}
		}
		v := rest[:end]
		if form {
			if u, err := url.QueryUnescape(v); err == nil {
				v = u
			}
		}
		obj[key] = strings.TrimSpace(v)
		if end == len(rest) {
			break
		}
		s = rest[end+1:]
	}
	if len(obj) < 2 {
		return "" // one pair is a sentence with an equals sign, not an envelope
	}
	out, _ := json.Marshal(obj)
	return string(out)
}

// startsPair reports text that opens with an identifier and '='.
func startsPair(s string) bool {
	j := 0
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return j > 0 && j < len(s) && s[j] == '=' && isLetter(s[0])
}

// xmlFieldsJSON reads a small XML envelope as one flat object: each
// element that holds only text (CDATA too) is a field of its name, each
// attribute (namespaces left out) one of its own; the first of a name
// wins. "" when it holds none.
func xmlFieldsJSON(s string) string {
	obj := map[string]string{}
	set := func(k, v string) {
		if _, ok := obj[k]; !ok && k != "" {
			obj[k] = strings.TrimSpace(v)
		}
	}
	for i, n := 0, 0; i < len(s) && n < xmlMaxFields; n++ {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= len(s) || strings.IndexByte("/!?", s[i+1]) >= 0 {
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			return ""
		}
		tag, empty := strings.CutSuffix(s[i+1:i+end], "/")
		name, attrs, _ := strings.Cut(tag, " ")
		for _, a := range xmlAttrPairs(attrs) {
			set(a[0], a[1])
		}
		i += end + 1
		if empty {
			continue
		}
		text, rest, ok := strings.Cut(s[i:], "</"+name+">")
		if !ok || strings.Contains(strings.ReplaceAll(text, "<![CDATA[", ""), "<") {
			continue // an element with children, or one not closed
		}
		set(name, strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(text), "<![CDATA["), "]]>"))
		i = len(s) - len(rest)
	}
	if len(obj) == 0 {
		return ""
	}
	out, _ := json.Marshal(obj)
	return string(out)
}

// xmlAttrPairs are the name="value" attributes of a tag, namespaces left
// out.
func xmlAttrPairs(attrs string) [][2]string {
	var out [][2]string
	for attrs = strings.TrimSpace(attrs); attrs != ""; attrs = strings.TrimSpace(attrs) {
		name, rest, ok := strings.Cut(attrs, "=")
		if !ok || len(rest) < 2 || rest[0] != '"' && rest[0] != '\'' {
			break
		}
		v, after, ok := strings.Cut(rest[1:], rest[:1])
		if !ok {
			break
		}
		if name = strings.TrimSpace(name); name != "xmlns" && !strings.HasPrefix(name, "xmlns:") {
			out = append(out, [2]string{name, v})
		}
		attrs = after
	}
	return out
}

// xmlEnvelope reports a document that is XML, not a page: it declares
// itself XML, or one root element that no HTML page opens with wraps it
// all (<xml>…</xml>, <response>…</response>).
func xmlEnvelope(t string) bool {
	if strings.HasPrefix(t, "<?xml") {
		return true
	}
	root, _, _ := strings.Cut(t[1:], ">")
	root, _, _ = strings.Cut(root, " ")
	if root == "" || !strings.HasSuffix(t, "</"+root+">") {
		return false
	}
	switch strings.ToLower(root) {
	case "html", "head", "body", "p", "div", "span", "center", "pre", "table", "section", "main", "article",
		"header", "footer", "title", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "a", "b", "i", "em", "strong", "form", "script", "style":
		return false
	}
	return true
}
