package probe

import (
	"strings"
)

// credentialNames are headers that carry a credential whatever their value.
var credentialNames = map[string]bool{
	"authorization":       true,
	"proxy-authorization": true,
	"cookie":              true,
	"set-cookie":          true,
}

// credentialWords mark a custom header as credential-bearing
// (X-Api-Key, Private-Token, X-Auth-Token, X-Amz-Security-Token, ...).
var credentialWords = []string{"token", "secret", "api-key", "apikey", "api_key", "session", "auth", "password", "signature"}

// IsCredentialHeader reports whether a header of this name carries a secret:
// it is masked in every output and withheld from other origins on redirect.
func IsCredentialHeader(name string) bool {
	n := strings.ToLower(name)
	if credentialNames[n] {
		return true
	}
	for _, w := range credentialWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// MaskSecret hides a secret but for its last four characters, so two
// secrets can still be told apart: "••••3f9a". Short secrets are hidden whole.
func MaskSecret(s string) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) <= 8 {
		return "••••"
	}
	return "••••" + string(r[len(r)-4:])
}

// MaskHeaderValue masks the value of a credential-bearing header, keeping
// an auth scheme ("Bearer ••••3f9a") and cookie names ("sid=••••") visible
// because they are evidence, not secrets.
func MaskHeaderValue(name, value string) string {
	if !IsCredentialHeader(name) {
		return value
	}
	n := strings.ToLower(name)
	if n == "cookie" || n == "set-cookie" {
		return maskCookies(value, n == "set-cookie")
	}
	if n == "authorization" || n == "proxy-authorization" {
		if scheme, rest, ok := strings.Cut(value, " "); ok && !strings.Contains(scheme, "=") {
			return scheme + " " + MaskSecret(rest)
		}
	}
	return MaskSecret(value)
}

func maskCookies(v string, setCookie bool) string {
	parts := strings.Split(v, ";")
	for i, p := range parts {
		if setCookie && i > 0 {
			break // attributes (Path, Expires, ...) are not secret
		}
		name, val, ok := strings.Cut(p, "=")
		if ok {
			parts[i] = name + "=" + MaskSecret(val)
		}
	}
	return strings.Join(parts, ";")
}
