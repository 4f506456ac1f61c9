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
// (returnCode=1106,returnMessage=...). The envelope is the same; its shape
// and words are read as the JSON's would be (issue 14 §2).

// printedJSON rewrites a printed object into JSON, "" when the text is not
// one (or is JSON already).
func printedJSON(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || json.Valid([]byte(t)) {
		return ""
	}
	var out string
	if t[0] == '{' || t[0] == '[' {
		out = objectLiteralJSON(t)
	} else {
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
