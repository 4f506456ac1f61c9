package checks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonMediaType reports a JSON media type (application/json, +json).
func jsonMediaType(mt string) bool {
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// readBody judges the body against its Content-Type. It reads at most
// bodyWindow bytes; JSON validity is checked only for complete bodies.
func (r *requestFacts) readBody(body []byte) {
	if len(body) == 0 {
		r.readBodilessType()
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
	if err == nil && !strings.Contains(mt, "/") {
		// mime accepts a lone token (a disposition); a media type is not one.
		err = fmt.Errorf("%q has no subtype (type/subtype)", mt)
	}
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

// readBodilessType judges the Content-Type of a request without a body:
// RFC 9110 §8.3.1 writes a media type as type "/" subtype, and a value
// that is not one (curl -H "Content-Type: foobar") is a defect WAFs refuse
// whatever the body. A well-formed type on an empty body is harmless.
func (r *requestFacts) readBodilessType() {
	ct := strings.TrimSpace(r.ContentType)
	if !r.HasContentType || ct == "" {
		return
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && strings.Contains(mt, "/") {
		return
	}
	r.Content = append(r.Content, problem{Status: Fail, Title: "Content-Type is not a media type (type/subtype)",
		Evidence: []string{"Content-Type: " + r.ContentType},
		Fix:      "Write it as type/subtype (application/json), or leave Content-Type out of a request without a body."})
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
	// A trailing line end (a body file saved by an editor, curl -d @file)
	// does not make a form text.
	t = bytes.TrimRight(t, "\r\n")
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
