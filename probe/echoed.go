package probe

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
)

// minEchoed is the shortest value RedactEchoed looks for: shorter ones
// ("1", "yes") would mask ordinary text.
const minEchoed = 6

// SentSecrets lists the secret values a request carries, as they may come
// back in a response that echoes it (a debug endpoint, an error page that
// quotes the request): credential header values and the token after their
// scheme, the values of headers shaped like keys under names that say
// nothing (IsUnnamedKeyHeader), a Basic credential's base64 and password,
// cookie values, the URL's
// password and secret query values, and the values of secret body fields.
// Each is at least minEchoed bytes long, longest first. secretHeaders
// names more headers whose values are secrets whatever their name (the
// app's API-key header).
func SentSecrets(r Request, secretHeaders ...string) []string {
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) >= minEchoed && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	addURL := func(raw string) {
		if u, err := url.Parse(strings.TrimSpace(raw)); err == nil {
			if pw, ok := u.User.Password(); ok {
				add(pw)
			}
			for k, vs := range u.Query() {
				if IsSecretQueryParam(k) {
					for _, v := range vs {
						add(v)
					}
				}
			}
		}
	}
	for _, h := range r.EffectiveHeaders() {
		if IsURLHeader(h.Name) {
			addURL(h.Value) // a Referer carrying ?token=
			continue
		}
		if !IsCredentialHeader(h.Name) && !IsUnnamedKeyHeader(h.Name, h.Value) &&
			!slices.ContainsFunc(secretHeaders, func(n string) bool { return strings.EqualFold(n, h.Name) }) {
			continue
		}
		if strings.EqualFold(h.Name, "Cookie") {
			for _, c := range strings.Split(h.Value, ";") {
				if _, v, ok := strings.Cut(c, "="); ok {
					add(v)
				}
			}
			continue
		}
		add(h.Value)
		scheme, rest, ok := strings.Cut(strings.TrimSpace(h.Value), " ")
		if !ok {
			continue
		}
		add(rest)
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest)); err == nil {
				add(string(dec))
				if _, pw, ok := strings.Cut(string(dec), ":"); ok {
					add(pw)
				}
			}
		}
	}
	addURL(r.URL)
	for _, v := range secretBodyValues(r.Body) {
		add(v)
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// secretBodyValues are the values of the secret fields (IsSecretField) of
// a form or a JSON object body.
func secretBodyValues(body []byte) []string {
	if vs := multipartSecretValues(body); len(vs) > 0 {
		return vs
	}
	var out []string
	t := bytes.TrimSpace(body)
	if len(t) > 0 && t[0] == '{' {
		var obj map[string]json.RawMessage
		if json.Unmarshal(t, &obj) == nil {
			for k, raw := range obj {
				var v string
				if IsSecretField(k) && json.Unmarshal(raw, &v) == nil {
					out = append(out, v)
				}
			}
		}
		return out
	}
	if q, err := url.ParseQuery(string(t)); err == nil {
		for k, vs := range q {
			if IsSecretField(k) {
				out = append(out, vs...)
			}
		}
	}
	return out
}

// RedactEchoed masks every one of secrets (SentSecrets) found in s.
func RedactEchoed(s string, secrets []string) string {
	for _, v := range secrets {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, MaskSecret(v))
		}
	}
	return s
}
