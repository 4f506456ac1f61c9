package probe

import (
	"mime"
	"strings"
)

// A multipart/form-data body (curl -F) carries its fields as parts; a
// part named like a secret (-F password=…) is masked like a form field.
// The scan is lexical so that an excerpt cut short is masked too.

// multipartField is one part's name and where its value lies in the body.
type multipartField struct {
	name       string
	start, end int // the value is body[start:end]
	cut        bool
}

// multipartBoundary is the boundary parameter of a multipart Content-Type.
func multipartBoundary(contentType string) string {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		return ""
	}
	return params["boundary"]
}

// multipartFields lists the named parts of body, delimited by boundary.
func multipartFields(body, boundary string) []multipartField {
	if boundary == "" {
		return nil
	}
	delim := "--" + boundary
	var out []multipartField
	i := strings.Index(body, delim)
	for i >= 0 && len(out) < 1000 {
		i += len(delim)
		if strings.HasPrefix(body[i:], "--") {
			break // the closing delimiter
		}
		head := strings.Index(body[i:], "\r\n\r\n")
		if head < 0 {
			break
		}
		name := partName(body[i : i+head])
		start := i + head + 4
		next := strings.Index(body[start:], "\r\n"+delim)
		end, cut := len(body), next < 0
		if !cut {
			end = start + next
		}
		if name != "" {
			out = append(out, multipartField{name: name, start: start, end: end, cut: cut})
		}
		if cut {
			break
		}
		i = strings.Index(body[end:], delim)
		if i >= 0 {
			i += end
		}
	}
	return out
}

// partName is the name parameter of a part's Content-Disposition.
func partName(headers string) string {
	for _, line := range strings.Split(headers, "\r\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "Content-Disposition") {
			continue
		}
		if _, params, err := mime.ParseMediaType(strings.TrimSpace(v)); err == nil {
			return params["name"]
		}
	}
	return ""
}

// rewriteMultipart replaces the values of the secret parts of body by
// edit(value, cut short).
func rewriteMultipart(body, boundary string, edit func(v string, cut bool) string) string {
	fields := multipartFields(body, boundary)
	var b strings.Builder
	last := 0
	for _, f := range fields {
		if !IsSecretField(f.name) || f.start >= f.end {
			continue
		}
		b.WriteString(body[last:f.start])
		b.WriteString(edit(body[f.start:f.end], f.cut))
		last = f.end
	}
	if last == 0 {
		return body
	}
	b.WriteString(body[last:])
	return b.String()
}

// maskMultipart masks the secret parts' values; one cut short is hidden
// whole.
func maskMultipart(body, boundary string) string {
	return rewriteMultipart(body, boundary, func(v string, cut bool) string {
		if cut {
			return "••••"
		}
		return MaskSecret(v)
	})
}

// StripMultipart leaves the values of the secret parts of a
// multipart/form-data body out, keeping their names: for what is stored.
func StripMultipart(contentType string, body []byte) ([]byte, bool) {
	s := string(body)
	out := rewriteMultipart(s, multipartBoundary(contentType), func(string, bool) string { return "" })
	return []byte(out), out != s
}

// multipartSecretValues are the values of the secret parts, for
// SentSecrets.
func multipartSecretValues(body []byte) []string {
	s := string(body)
	b := sniffBoundary(s)
	var out []string
	for _, f := range multipartFields(s, b) {
		if IsSecretField(f.name) && !f.cut {
			out = append(out, s[f.start:f.end])
		}
	}
	return out
}

// sniffBoundary is the boundary of a body that starts with a multipart
// delimiter line ("--xyz\r\n"), for callers that have no Content-Type.
func sniffBoundary(s string) string {
	if !strings.HasPrefix(s, "--") {
		return ""
	}
	line, _, ok := strings.Cut(s[2:], "\r\n")
	if !ok || len(line) == 0 || len(line) > 70 || strings.ContainsAny(line, " \t") {
		return ""
	}
	return line
}
