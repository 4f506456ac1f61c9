package probe

import (
	"slices"
	"strings"
)

// A credential may travel in a request header whose name says nothing of
// one: a vendor's own (Blockfrost's project_id) or a site gateway's
// (X-Partner-Code). The name rules of secrets.go cannot see it, so such a
// header is read as a secret by its value: one shaped like a key, under a
// name that is no header of HTTP, of browsers or proxies, of tracing or of
// a signed request, and no identifier's (a request, device or install ID
// is random too). This is a request-side rule: a response's CF-Ray, ETag
// or request ID is shaped like a key as well and is the evidence.

// IsUnnamedKeyHeader reports a request header that probably carries a
// secret though its name says nothing of one: KeyShaped(value) and
// MayCarryUnnamedKey(name). The value is read first: it costs no
// allocation, and most values are not shaped like keys.
func IsUnnamedKeyHeader(name, value string) bool {
	return KeyShaped(value) && MayCarryUnnamedKey(name)
}

// MayCarryUnnamedKey reports a request header name under which a key may
// travel unnamed: not a credential header (those are secret by name), not
// a standard, tracing, signed-request or identifier header.
func MayCarryUnnamedKey(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" || strings.HasPrefix(n, ":") || IsCredentialHeader(n) || isStandardHeader(n) {
		return false
	}
	for _, p := range notKeyHeaderPrefixes {
		if strings.HasPrefix(n, p) {
			return false
		}
	}
	for _, w := range nameWords(name) { // camelCase splits too (X-DeviceId)
		if slices.Contains(identifierWords, w) {
			return false
		}
	}
	return true
}

// isStandardHeader reports a request header of HTTP itself, of browsers
// or of proxies (n lower case): none carries a credential under its own
// name. A switch, not a map: nothing is built at start.
func isStandardHeader(n string) bool {
	switch n {
	case "host", "accept", "user-agent", "referer", "origin", "connection",
		"cache-control", "pragma", "range", "te", "trailer", "upgrade",
		"via", "forwarded", "dnt", "priority", "expect", "keep-alive",
		"date", "etag", "link", "baggage", "traceparent", "tracestate",
		"b3", "sentry-trace", "x-requested-with", "x-real-ip", "true-client-ip",
		"upgrade-insecure-requests", "purpose", "save-data":
		return true
	}
	return false
}

// notKeyHeaderPrefixes begin the names of families of headers that carry
// no credential under a name of their own: content negotiation and
// conditionals, fetch metadata, proxies' forwarding, tracing, CORS, and
// the clouds' signed-request headers (X-Amz-Date, x-ms-date), whose
// secret parts the name rules already know.
var notKeyHeaderPrefixes = []string{"accept", "content-", "if-", "sec-", "x-forwarded", "x-b3-",
	"x-amz-", "x-ms-", "x-goog-", "access-control-"}

// identifierWords, as a word of a header's name, say its value identifies
// a request, a trace, a device or an installation, or describes the
// client: an ID of that kind is random too, and no credential.
var identifierWords = []string{"request", "correlation", "trace", "span", "parent", "idempotency", "device",
	"install", "installation", "instance", "version", "build", "locale", "language", "lang", "timezone",
	"platform", "region", "cursor", "page", "nonce", "timestamp", "time", "forwarded", "ip", "host",
	"checksum", "hash", "md5", "sha256", "digest", "etag", "client", "app", "application", "user", "session",
	"date", "expires", "signed", "algorithm"}

// KeyShaped reports a value shaped like a key or token: one word of at
// least 16 characters of a token's alphabet mixing letters and digits, or
// a JWT; not a UUID, the usual form of a resource's, a device's or a
// request's identifier, which a key under a name of its own rarely takes.
func KeyShaped(v string) bool {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "eyJ") {
		return true // a JWT (JWS or JWE): the base64url of `{"`
	}
	if len(v) < 16 || len(v) > 4096 || isUUID(v) {
		return false
	}
	letter, digit := false, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'a' <= c|0x20 && c|0x20 <= 'z':
			letter = true
		case '0' <= c && c <= '9':
			digit = true
		case c == '-' || c == '_' || c == '=' || c == '+' || c == '/' || c == '~':
		default:
			return false
		}
	}
	return letter && digit
}

// isUUID reports a canonical UUID (8-4-4-4-12 hex digits).
func isUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f') {
			return false
		}
	}
	return true
}
