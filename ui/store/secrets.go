package store

import (
	"slices"
	"strings"

	"github.com/why403/why403/probe"
)

// What counts as a secret is probe's one secrets API (probe/secrets.go);
// this file only decides what the store writes: nothing of a secret in a
// saved request (WithoutSecrets), the usual masked form in history
// (Masked).

// excerptBytes caps the body kept with a history entry.
const excerptBytes = 4 << 10

// WithoutSecrets is req with its secrets left out: credential headers,
// the headers named in secret and those whose value is shaped like a key
// under a name that says nothing (the redactor's IsSecretRequestHeader),
// the token and the -u password, the URL's
// password and secret query values (the parameter stays, empty), JWTs in
// the URL, and secret form fields in the body; other bodies holding a
// secret (JSON members, JWTs) keep the masked form ("••••3f9a"). removed
// says what was left out, in words for the user.
func WithoutSecrets(req probe.Request, secret ...string) (probe.Request, []string) {
	red := probe.NewRedactor(probe.Request{SecretHeaders: append(slices.Clone(req.SecretHeaders), secret...)}, false)
	var removed []string
	hs := make([]probe.Header, 0, len(req.Headers))
	for _, h := range req.Headers {
		if red.IsSecretRequestHeader(h.Name, h.Value) {
			removed = appendOnce(removed, h.Name+" header")
			continue
		}
		if probe.IsURLHeader(h.Name) {
			// a Referer carrying ?token=
			if v, changed := stripURL(h.Value); changed {
				h.Value = v
				removed = appendOnce(removed, "secret parts of the "+h.Name+" header")
			}
		}
		hs = append(hs, h)
	}
	req.Headers = hs
	if req.Auth.Bearer != "" {
		req.Auth.Bearer = ""
		removed = append(removed, "token")
	}
	if req.Auth.HasBasic && req.Auth.BasicPass != "" {
		req.Auth.BasicPass = ""
		removed = append(removed, "password")
	}
	if u, changed := stripURL(req.URL); changed {
		req.URL = u
		removed = append(removed, "secret parts of the URL")
	}
	if p, changed := stripURL(req.Proxy); changed {
		req.Proxy = p
		removed = append(removed, "proxy password")
	}
	if req.Body != nil {
		ct, _ := req.Header("Content-Type")
		if b, changed := stripBody(ct, req.Body); changed {
			req.Body = b
			removed = append(removed, "secret values in the body")
		}
	}
	return req, removed
}

// Masked is req as history keeps it: every secret masked the way every
// output of why403 masks it, and the body cut to an excerpt.
func Masked(req probe.Request, secret ...string) probe.Request {
	req.SecretHeaders = append(slices.Clone(req.SecretHeaders), secret...)
	red := probe.NewRedactor(req, false)
	req.Headers = red.Headers(req.Headers)
	req.Auth.Bearer = probe.MaskSecret(req.Auth.Bearer)
	req.Auth.BasicPass = probe.MaskSecret(req.Auth.BasicPass)
	req.URL = red.URL(req.URL)
	req.Proxy = red.URL(req.Proxy)
	if req.Body != nil {
		ct, _ := req.Header("Content-Type")
		b := req.Body
		if len(b) > excerptBytes {
			b = b[:excerptBytes]
		}
		req.Body = []byte(red.RequestBody(ct, b))
	}
	return req
}

func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// stripURL leaves out the user-info password and the values of secret
// query (and fragment) parameters (probe.StripURL), and any JWT; the rest
// stays byte for byte.
func stripURL(raw string) (string, bool) {
	out := probe.StripJWTs(probe.StripURL(raw))
	return out, out != raw
}

// stripBody leaves out secret form fields; a body of another type that
// holds a secret (a JSON member, a JWT) keeps probe.MaskBody's masked form.
func stripBody(contentType string, b []byte) ([]byte, bool) {
	if strings.Contains(strings.ToLower(contentType), "x-www-form-urlencoded") {
		s := probe.StripJWTs(probe.StripPairs(string(b), probe.IsSecretField))
		return []byte(s), s != string(b)
	}
	if m, changed := probe.StripMultipart(contentType, b); changed {
		return m, true
	}
	masked := probe.MaskBody(contentType, b)
	if masked == string(b) {
		return b, false
	}
	return []byte(masked), true
}
