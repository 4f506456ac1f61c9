package probe

import (
	"net/url"
	"slices"
	"strings"
)

// This file is why403's one secrets API: what counts as a secret in a
// header name, a query parameter or a body, and how each is masked. Every
// view and export (report, curl command, redirect stripping, checks'
// evidence) asks here instead of keeping its own list (FACTS 3.3).

// credentialNames are headers that carry a credential whatever their value.
var credentialNames = map[string]bool{
	"authorization":       true,
	"proxy-authorization": true,
	"cookie":              true,
	"set-cookie":          true,
	// Firebase App Check's attestation token proves the app to the backend.
	"x-firebase-appcheck": true,
}

// challengeNames are headers whose name has a credential word but whose
// value is a challenge or a server's answer about authentication: evidence,
// never a secret.
var challengeNames = map[string]bool{
	"www-authenticate":          true,
	"proxy-authenticate":        true,
	"authentication-info":       true,
	"proxy-authentication-info": true,
}

// credentialWords mark a custom header as credential-bearing
// (X-Api-Key, Private-Token, X-Auth-Token, X-Amz-Security-Token,
// Ocp-Apim-Subscription-Key, X-Functions-Key, X-Goog-Api-Key, ...).
var credentialWords = []string{
	"token", "secret", "api-key", "apikey", "api_key", "session", "auth", "password", "signature",
	"subscription-key", "functions-key", "x-goog-api-key", "private-token",
}

// keyOwners are the words that, run together with "key" and no separator,
// name a credential header: AccessKey (Bunny), AppKey, X-ClientKey,
// UserKey, KEY alone (Gate.io).
var keyOwners = []string{"", "access", "app", "application", "client", "user", "account", "private", "master", "license", "dev", "developer"}

// keyCompound reports a header name that ends in a key owner and "key"
// run together ("accesskey", "x-appkey", "key"), which the "-key" suffix
// rule misses.
func keyCompound(n string) bool {
	stem, ok := strings.CutSuffix(n, "key")
	if !ok {
		return false
	}
	for _, o := range keyOwners {
		if rest, ok := strings.CutSuffix(stem, o); ok && (rest == "" || strings.HasSuffix(rest, "-") || strings.HasSuffix(rest, "_")) {
			return true
		}
	}
	return false
}

// IsCredentialHeader reports whether a header of this name carries a secret:
// it is masked in every output and withheld from other origins on redirect.
// Challenges (WWW-Authenticate, Proxy-Authenticate, Authentication-Info)
// are not secrets: they are the evidence. Nor is any pseudo-header of
// HTTP/2 and HTTP/3 (":authority", ":path", ...): they are the request line
// and the host, and ":authority" only looks like a credential word.
func IsCredentialHeader(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if strings.HasPrefix(n, ":") {
		return false
	}
	if credentialNames[n] {
		return true
	}
	if challengeNames[n] || strings.HasSuffix(n, "-authenticate") {
		return false
	}
	if strings.HasPrefix(n, "x-auth-") || strings.HasSuffix(n, "-key") || keyCompound(n) {
		return true
	}
	for _, w := range credentialWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// IsOriginCredential reports whether a request header of this name may
// authenticate the request to the origin server: a credential header, less
// those that carry a secret but prove no identity to the origin (the
// proxy's credential, anti-CSRF tokens, idempotency and WebSocket keys,
// Set-Cookie, which a client does not send).
func IsOriginCredential(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if !IsCredentialHeader(n) {
		return false
	}
	switch n {
	case "proxy-authorization", "set-cookie", "idempotency-key", "x-idempotency-key", "sec-websocket-key":
		return false
	}
	return !strings.Contains(n, "csrf") && !strings.Contains(n, "xsrf")
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

// authSchemes are the HTTP authentication schemes (IANA registry and the
// common vendor ones) whose name is kept visible when a value is masked.
var authSchemes = map[string]bool{
	"bearer": true, "basic": true, "digest": true, "negotiate": true, "ntlm": true,
	"aws4-hmac-sha256": true, "token": true, "apikey": true, "sharedkey": true, "dpop": true,
	"hoba": true, "mutual": true, "scram-sha-256": true, "vapid": true, "splunk": true,
	"googlelogin": true,
}

// IsAuthScheme reports whether word is a known HTTP authentication scheme.
func IsAuthScheme(word string) bool { return authSchemes[strings.ToLower(word)] }

// MaskHeaderValue masks the value of a credential-bearing header, keeping
// a known auth scheme ("Bearer ••••3f9a") and cookie names ("sid=••••")
// visible because they are evidence, not secrets. A first word that is not
// a known scheme may be the secret itself: then the whole value is masked.
func MaskHeaderValue(name, value string) string {
	if !IsCredentialHeader(name) {
		return value
	}
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "cookie" || n == "set-cookie" {
		return maskCookies(value, n == "set-cookie")
	}
	lead := len(value) - len(strings.TrimLeft(value, " \t"))
	if scheme, rest, ok := strings.Cut(value[lead:], " "); ok && IsAuthScheme(scheme) {
		return value[:lead] + scheme + " " + MaskSecret(rest)
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

// secretQueryParams are query parameters whose value is a secret: tokens,
// API keys, presigned-URL signatures and credentials (S3, GCS, Azure SAS
// sig), passwords, OAuth codes and client secrets, session ids.
var secretQueryParams = map[string]bool{
	"access_token": true, "id_token": true, "refresh_token": true, "token": true,
	"api_key": true, "apikey": true, "key": true, "sig": true, "signature": true,
	"x-amz-signature": true, "x-amz-security-token": true, "x-amz-credential": true,
	"x-goog-signature": true, "x-goog-credential": true, "private_token": true,
	"password": true, "passwd": true, "secret": true, "client_secret": true, "code": true,
	"session": true, "sessionid": true, "auth": true,
}

// IsSecretQueryParam reports whether a query parameter's value is a secret
// (the name is compared case-insensitively).
func IsSecretQueryParam(name string) bool {
	return secretQueryParams[strings.ToLower(name)] || credentialNamed(name, secretNameWords)
}

// secretNameWords, as a word of a parameter's name (user_key,
// gatekeeperKey, Authorization, appid), make its value a secret. Names
// written as one lowercase word join whose key or token it is to the word
// (devkey, accesstoken): those joined forms are words of their own here.
var secretNameWords = []string{"key", "apikey", "appkey", "accesskey", "token", "secret", "sig", "signature",
	"auth", "authorization", "password", "passwd", "credential", "credentials", "appid", "sessionid",
	"devkey", "authkey", "userkey", "clientkey", "licensekey", "masterkey", "privatekey", "secretkey", "consumerkey", "subscriptionkey",
	"accesstoken", "authtoken", "apitoken", "devtoken", "usertoken", "sessiontoken", "refreshtoken", "idtoken",
	"apisecret", "appsecret", "clientsecret"}

// notCredentialWords name parameters that hold no credential although
// one of their words is a credential word: pagination tokens
// (pageToken, continuation_token), sort and cache keys, anti-forgery tokens.
var notCredentialWords = []string{"page", "next", "cursor", "continuation", "sync", "sort", "order", "group",
	"partition", "cache", "idempotency", "csrf", "xsrf", "public", "publishable"}

// credentialNamed reports a name one of whose words (camelCase, snake_case
// and kebab-case split) is in words, and none in notCredentialWords.
func credentialNamed(name string, words []string) bool {
	found := false
	for _, w := range nameWords(name) {
		if slices.Contains(notCredentialWords, w) {
			return false
		}
		found = found || slices.Contains(words, w)
	}
	return found
}

// nameWords splits a parameter name into lower-case words.
func nameWords(name string) []string {
	var out []string
	start := -1
	for i, r := range name {
		alnum := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		if start >= 0 && (!alnum || 'A' <= r && r <= 'Z' && 'a' <= name[i-1] && name[i-1] <= 'z') {
			out = append(out, strings.ToLower(name[start:i]))
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(name[start:]))
	}
	return out
}

// IsCredentialQueryParam reports whether a query parameter may authenticate
// the request: a secret one (less the OAuth authorization code, which is
// exchanged for a token rather than accepted as one), or one named with a
// credential word (?subscription-key=, ?x-api-key=, ?auth_token=).
func IsCredentialQueryParam(name string) bool {
	n := strings.ToLower(name)
	if n == "code" {
		return false
	}
	if secretQueryParams[n] {
		return true
	}
	for _, w := range nameWords(name) {
		if slices.Contains(notCredentialWords, w) {
			return false
		}
	}
	// A caller's bare identifier (clientId, app_id) is no credential: the
	// server that wants one reads it from its own header (Naver's
	// X-Naver-Client-Id, naver-openapi-client-id-in-query).
	if IsSecretQueryParam(name) {
		return true
	}
	if joinedNotCredential(name) {
		return false
	}
	for _, w := range credentialQueryWords {
		if strings.Contains(n, w) && !strings.Contains(n, "csrf") && !strings.Contains(n, "xsrf") {
			return true
		}
	}
	return false
}

// joinedNotCredential reports a name one of whose words is a token
// joined to a word of notCredentialWords, as a name written as one
// lowercase word joins them (pagetoken, nexttoken, synctoken): the
// pagination or sync token, not the caller's. Only a token: a secret or a
// password under such a word stays a credential.
func joinedNotCredential(name string) bool {
	for _, w := range nameWords(name) {
		for _, p := range notCredentialWords {
			if strings.HasPrefix(w, p) && strings.HasSuffix(w, "token") {
				return true
			}
		}
	}
	return false
}

// credentialQueryWords mark a query parameter named like a credential.
// Not "auth" alone: ?author= is no credential.
var credentialQueryWords = []string{
	"token", "secret", "api-key", "api_key", "apikey", "password", "signature",
	"subscription-key", "functions-key", "session",
}

// MaskURL redacts the password of the user info ("bob:••••ter2@") and the values of secret
// query parameters (IsSecretQueryParam) in an absolute URL, a URL without
// scheme as curl takes it ("host/p?q") or an origin-form target ("/p?q").
// Only those parts are rewritten: the rest stays byte for byte as given, in
// its order and encoding. A value is masked as decoded ("token=••••3f9a").
func MaskURL(raw string) string {
	return rewriteURLSecrets(raw, func(user, pw string) string { return user + ":" + MaskSecret(pw) }, maskQuery)
}

// StripURL is MaskURL that leaves the secrets out instead of masking them:
// the password goes with its colon ("bob@host") and a secret parameter
// keeps its name with an empty value ("token="). For what is stored, where
// a masked tail would still be a piece of the secret.
func StripURL(raw string) string {
	return rewriteURLSecrets(raw, func(user, _ string) string { return user }, func(q string) string {
		return StripPairs(q, IsSecretQueryParam)
	})
}

// StripPairs empties the values of the secret name=value pairs of an
// urlencoded string (a query, a form body), keeping their names.
func StripPairs(s string, secret func(name string) bool) string {
	return rewritePairs(s, secret, func(string, bool) string { return "" })
}

// rewriteURLSecrets rewrites the user info's password (userinfo gets the
// user and the password, and returns what replaces both) and the query and
// fragment (query rewrites a raw one); the rest stays byte for byte.
func rewriteURLSecrets(raw string, userinfo func(user, pw string) string, query func(string) string) string {
	if raw == "" {
		return raw
	}
	if i := strings.Index(raw, "://"); i >= 0 {
		if at := unparsedUserinfoEnd(raw[i+3:]); at >= 0 {
			if user, pw, ok := strings.Cut(raw[i+3:i+3+at], ":"); ok && pw != "" {
				return raw[:i+3] + userinfo(user, pw) + "@" + rewriteURLSecrets(raw[i+3+at+1:], userinfo, query)
			}
		}
	}
	// The fragment is never sent, but a URL pasted from a browser may
	// carry an OAuth implicit-flow token there: it is treated as a query.
	body, frag, hasFrag := strings.Cut(raw, "#")
	rest, q, hasQuery := strings.Cut(body, "?")

	prefix := rest
	if i := strings.Index(rest, "://"); i >= 0 || !strings.HasPrefix(rest, "/") {
		start := 0
		if i >= 0 {
			start = i + 3
		}
		authority := rest[start:]
		if j := strings.IndexByte(authority, '/'); j >= 0 {
			authority = authority[:j]
		}
		if at := strings.LastIndexByte(authority, '@'); at >= 0 {
			if user, pw, ok := strings.Cut(authority[:at], ":"); ok && pw != "" {
				prefix = rest[:start] + userinfo(user, pw) + rest[start+at:]
			}
		}
	}
	var b strings.Builder
	b.WriteString(prefix)
	if hasQuery {
		b.WriteString("?" + query(q))
	}
	if hasFrag {
		b.WriteString("#" + query(frag))
	}
	return b.String()
}

// unparsedUserinfoEnd finds the user info of a URL (after its "://") that
// Go cannot parse because the password holds a '#', '/', '?' or a space
// (http_proxy='http://user:Summer#2026@proxy:3128'): the last '@' that is
// followed by a plausible host. -1 when the URL parses, or has none; a
// URL that parses is read the usual way.
func unparsedUserinfoEnd(afterScheme string) int {
	at := strings.LastIndexByte(afterScheme, '@')
	if at < 0 {
		return -1
	}
	host := afterScheme[at+1:]
	if j := strings.IndexAny(host, "/?#"); j >= 0 {
		host = host[:j]
	}
	if host == "" || strings.Trim(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]_") != "" {
		return -1
	}
	if _, err := url.Parse("http://" + afterScheme); err == nil {
		return -1
	}
	return at
}

// maskQuery masks the values of secret parameters in a raw query, in place.
func maskQuery(q string) string {
	if !strings.Contains(q, "=") {
		return q
	}
	return maskPairs(q, IsSecretQueryParam, false)
}

// maskPairs masks, in place, the values of the name=value pairs of an
// urlencoded string (a query or a form body) whose name is secret. With
// cutTail the last value may be cut short (a body excerpt), so it is
// hidden whole rather than showing its end.
func maskPairs(s string, secret func(name string) bool, cutTail bool) string {
	return rewritePairs(s, secret, func(v string, last bool) string {
		if cutTail && last {
			return "••••"
		}
		return MaskSecret(v)
	})
}

// rewritePairs replaces, in place, the values of the secret name=value
// pairs of an urlencoded string by edit(the decoded value, whether it is
// the string's last pair).
func rewritePairs(s string, secret func(name string) bool, edit func(value string, last bool) string) string {
	parts := strings.Split(s, "&")
	changed := false
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok || v == "" {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if !secret(strings.TrimSpace(name)) {
			continue
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		parts[i] = k + "=" + edit(v, i == len(parts)-1)
		changed = true
	}
	if !changed {
		return s
	}
	return strings.Join(parts, "&")
}

// secretFieldWords mark a form field or JSON key whose value is a secret
// (compared after lower-casing and turning "-" into "_", so apiKey,
// api-key and API_KEY all match "apikey" or "api_key").
var secretFieldWords = []string{"password", "passwd", "secret", "token", "api_key", "apikey",
	// a signed JWT that stands for the client or the user in an OAuth
	// grant (RFC 7523: assertion, client_assertion)
	"assertion"}

// IsSecretField reports whether a form field or JSON key names a secret:
// password, passwd, secret, token, access_token, refresh_token,
// client_secret, api_key, apikey, assertion, client_assertion and names
// containing those words, and auth as a name's last word.
func IsSecretField(name string) bool {
	n := strings.ReplaceAll(strings.ToLower(name), "-", "_")
	for _, w := range secretFieldWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	// "auth" as the name's last word (JSON-RPC's session field, as in
	// ?auth=), not as letters of another word (author, oauth_provider)
	// nor before what it qualifies (auth_type).
	words := nameWords(name)
	return len(words) > 0 && words[len(words)-1] == "auth"
}

// MaskBody masks the secrets in a body excerpt for display: the values of
// secret form fields (application/x-www-form-urlencoded) and of JSON
// string members whose key is secret (IsSecretField), and JWTs anywhere.
// The body may be cut short: a value or JWT that runs to the end of it is
// masked whole. Everything else is kept as is (invalid UTF-8 becomes
// U+FFFD).
func MaskBody(contentType string, body []byte) string {
	s := strings.ToValidUTF8(string(body), "\uFFFD")
	ct := strings.ToLower(contentType)
	trimmed := strings.TrimLeft(s, " \t\r\n")
	switch {
	case strings.Contains(ct, "json") || ct == "" && (strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[")):
		s = maskJSON(s)
	case strings.Contains(ct, "x-www-form-urlencoded"):
		s = maskForm(s)
	case strings.HasPrefix(ct, "multipart/"):
		s = maskMultipart(s, multipartBoundary(contentType))
	}
	return maskJWTs(s, true)
}

// maskForm masks secret fields of an urlencoded form excerpt, in place.
func maskForm(s string) string {
	return maskPairs(s, IsSecretField, true)
}

// maskJSON masks the string values of secret keys with a lexical scan, so
// that a truncated or invalid document is masked too and the rest keeps
// its layout.
func maskJSON(s string) string {
	var b strings.Builder
	// str reads the string starting at s[i] == '"': it returns the index
	// after the closing quote (len(s) when unterminated) and the content.
	str := func(i int) (end int, content string, closed bool) {
		j := i + 1
		for j < len(s) {
			switch s[j] {
			case '\\':
				j += 2
				continue
			case '"':
				return j + 1, s[i+1 : j], true
			}
			j++
		}
		return len(s), s[min(i+1, len(s)):], false
	}
	skipSpace := func(i int) int {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++
		}
		return i
	}
	last := 0
	for i := 0; i < len(s); {
		if s[i] != '"' {
			i++
			continue
		}
		end, key, _ := str(i)
		colon := skipSpace(end)
		if colon >= len(s) || s[colon] != ':' {
			i = end
			continue
		}
		v := skipSpace(colon + 1)
		if v >= len(s) || s[v] != '"' {
			i = v
			continue
		}
		vend, val, closed := str(v)
		if IsSecretField(key) && val != "" {
			b.WriteString(s[last : v+1])
			if closed {
				b.WriteString(MaskSecret(val))
				b.WriteByte('"')
			} else {
				b.WriteString("••••")
			}
			last = vend
		}
		i = vend
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// MaskJWTs replaces every JWT-looking run (eyJ….….…) with its masked form.
func MaskJWTs(s string) string { return maskJWTs(s, false) }

// StripJWTs leaves out every run that may be a JWT (eyJ and at least two
// dots, however short): for what is stored, where a masked tail would
// still be a piece of the token.
func StripJWTs(s string) string {
	return rewriteJWTs(s, func(run string, dots int, _ bool) string {
		if dots >= 2 {
			return ""
		}
		return run
	})
}

// maskJWTs masks JWTs; cut says s may end in the middle of one, so a run
// of eyJ and at least one dot at the very end is masked too.
func maskJWTs(s string, cut bool) string {
	return rewriteJWTs(s, func(run string, dots int, atEnd bool) string {
		switch {
		case dots == 2 && len(run) > 20:
			return MaskSecret(run)
		case cut && atEnd && dots >= 1:
			return "••••"
		}
		return run
	})
}

// rewriteJWTs replaces every run of base64url characters and dots that
// starts with eyJ by edit(the run, its dots, whether it ends s).
func rewriteJWTs(s string, edit func(run string, dots int, atEnd bool) string) string {
	if !strings.Contains(s, "eyJ") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "eyJ")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i
		dots := 0
		for j < len(s) && (isB64URL(s[j]) || s[j] == '.') {
			if s[j] == '.' {
				dots++
			}
			j++
		}
		b.WriteString(s[:i])
		b.WriteString(edit(s[i:j], dots, j == len(s)))
		s = s[j:]
	}
}

func isB64URL(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '='
}

// evidenceWords mark a response header that talks about authentication
// rather than carrying a credential (X-Auth-Error, X-Token-Status).
var evidenceWords = []string{"error", "reason", "status", "message", "result", "expire", "required"}

// IsIssuedCredentialHeader reports whether a response header of this name
// carries a credential: a credential header (IsCredentialHeader) less the
// ones that talk about authentication (X-Auth-Error, X-Auth-Reason,
// X-Token-Expired), which are the evidence the user came for, as the
// challenges (WWW-Authenticate) are.
func IsIssuedCredentialHeader(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	if !IsCredentialHeader(n) {
		return false
	}
	for _, w := range evidenceWords {
		if strings.Contains(n, w) {
			return false
		}
	}
	return true
}
