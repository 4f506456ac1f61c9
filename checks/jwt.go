package checks

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// MaxJWT caps the token decoded: real tokens are a few KiB; anything larger
// is not worth the time on every keystroke.
const MaxJWT = 16 << 10

// tokenInfo is a JWT decoded without verification: what the token claims,
// never whether it is genuine. Times are nil when the claim is absent.
type tokenInfo struct {
	// Source names where the token was found ("Authorization").
	Source string
	Alg    string
	Kid    string
	Exp    *time.Time
	Nbf    *time.Time
	Iat    *time.Time
	Aud    []string
	Iss    string
	Sub    string
	// Grants are the scope-like claims: scope, scp, roles, permissions,
	// groups and Keycloak's realm_access.roles, each with its values.
	Grants []grant
	// Padded reports base64 padding ("="), which RFC 7515 leaves out.
	Padded bool
	// JWE reports an encrypted token (five segments): its claims are not
	// readable, only its header.
	JWE bool
}

type grant struct {
	Claim  string
	Values []string
}

// allGrants is every scope, role and permission the token carries.
func (t *tokenInfo) allGrants() []string {
	var out []string
	for _, g := range t.Grants {
		out = append(out, g.Values...)
	}
	return out
}

// grantsLine renders the grants for evidence: "scope: orders:read profile".
func (t *tokenInfo) grantsLine() string {
	var parts []string
	for _, g := range t.Grants {
		parts = append(parts, g.Claim+": "+strings.Join(g.Values, " "))
	}
	return strings.Join(parts, "; ")
}

// claimsLine summarises the token for evidence; ref places the times.
func (t *tokenInfo) claimsLine(ref time.Time) string {
	var parts []string
	if t.Alg != "" {
		parts = append(parts, "alg "+t.Alg)
	}
	if t.Iss != "" {
		parts = append(parts, "iss "+t.Iss)
	}
	if t.Sub != "" {
		parts = append(parts, "sub "+t.Sub)
	}
	if len(t.Aud) > 0 {
		parts = append(parts, "aud "+strings.Join(t.Aud, " "))
	}
	if t.Iat != nil {
		parts = append(parts, "iat "+clock(*t.Iat, ref))
	}
	if t.Nbf != nil {
		parts = append(parts, "nbf "+clock(*t.Nbf, ref))
	}
	if t.Exp != nil {
		parts = append(parts, "exp "+clock(*t.Exp, ref))
	}
	return "JWT " + strings.Join(parts, ", ")
}

// JWTProblem is a reason a token that starts like a JWT cannot be read:
// one line for the title, one for the fix.
type JWTProblem struct {
	Title string
	Fix   string
}

// LooksLikeJWT reports a JWS or JWE compact serialisation: it starts with
// the base64url of `{"`.
func LooksLikeJWT(s string) bool { return strings.HasPrefix(s, "eyJ") }

// looksLikeJWT is LooksLikeJWT under the name the checks call it by.
func looksLikeJWT(s string) bool { return LooksLikeJWT(s) }

// JWT is a token decoded without verification: what it claims, never
// whether it is genuine. Header and Claims hold every member as JSON
// decoded them (numbers as float64); both are nil for a JWE. The checks
// read it through decodeJWT; the Token tab renders it as it is.
type JWT struct {
	Header map[string]any
	Claims map[string]any
	// Padded reports base64 padding ("="), which RFC 7515 leaves out.
	Padded bool
	// JWE reports an encrypted token (five segments): its claims are not
	// readable.
	JWE bool
}

// DecodeJWT reads a JWT's header and claims without verifying it. It
// tolerates base64 padding (noting it) and reports what makes a token
// unreadable. It is the one decoder of JWTs: the checks and the Token tab
// both use it.
func DecodeJWT(s string) (*JWT, *JWTProblem) {
	if len(s) > MaxJWT {
		return nil, &JWTProblem{Title: fmt.Sprintf("token of %d bytes is too large to be a usable JWT", len(s)), Fix: "Check that one token, not a file or a list, was pasted."}
	}
	segments := strings.Count(s, ".") + 1
	if segments == 5 {
		return &JWT{JWE: true}, nil
	}
	if segments != 3 {
		return nil, &JWTProblem{
			Title: fmt.Sprintf("JWT has %d %s, not 3 (header.payload.signature)", segments, plural(segments, "segment", "segments")),
			Fix:   "The token was cut or joined to something else when copied; copy it again whole.",
		}
	}
	if strings.ContainsAny(s, "+/") {
		return nil, &JWTProblem{
			Title: "JWT uses standard base64 (+ or /), not base64url (- and _)",
			Fix:   "Encode each segment with base64url, without padding (RFC 7515); the issuer's library does this.",
		}
	}
	claims := jwt.MapClaims{}
	token, _, err := jwt.NewParser(jwt.WithPaddingAllowed()).ParseUnverified(s, claims)
	if err != nil && !errors.Is(err, jwt.ErrTokenUnverifiable) {
		msg := strings.TrimPrefix(err.Error(), "token is malformed: ")
		return nil, &JWTProblem{
			Title: "JWT cannot be decoded: " + msg,
			Fix:   "The token was damaged when copied (a missing or extra character); copy it again.",
		}
	}
	out := &JWT{Claims: claims, Padded: strings.Contains(s, "=")}
	if token != nil {
		out.Header = token.Header
	}
	return out, nil
}

// decodeJWT decodes a token for the checks: the claims they judge, typed.
func decodeJWT(source, s string) (*tokenInfo, *JWTProblem) {
	t, bad := DecodeJWT(s)
	if bad != nil {
		return nil, bad
	}
	info := &tokenInfo{Source: source, Padded: t.Padded, JWE: t.JWE}
	if t.JWE {
		return info, nil
	}
	info.Alg, _ = t.Header["alg"].(string)
	info.Kid, _ = t.Header["kid"].(string)
	claims := jwt.MapClaims(t.Claims)
	info.Exp = numericDate(claims, "exp")
	info.Nbf = numericDate(claims, "nbf")
	info.Iat = numericDate(claims, "iat")
	if aud, err := claims.GetAudience(); err == nil {
		info.Aud = aud
	}
	info.Iss, _ = claims["iss"].(string)
	info.Sub, _ = claims["sub"].(string)
	for _, name := range []string{"scope", "scp", "roles", "permissions", "groups", "cognito:groups"} {
		if vs := claimWords(claims[name]); len(vs) > 0 {
			info.Grants = append(info.Grants, grant{Claim: name, Values: vs})
		}
	}
	if ra, ok := claims["realm_access"].(map[string]any); ok {
		if vs := claimWords(ra["roles"]); len(vs) > 0 {
			info.Grants = append(info.Grants, grant{Claim: "realm_access.roles", Values: vs})
		}
	}
	return info, nil
}

// ClaimTime reads a NumericDate claim (exp, nbf, iat: seconds since the
// epoch, maybe fractional); false when v is not a number or lies beyond the
// year ±5000, which is not a date (an exp in milliseconds, say).
func ClaimTime(v any) (time.Time, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case json.Number:
		var err error
		if f, err = x.Float64(); err != nil {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	if f < -1e11 || f > 1e11 {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

// numericDate is a time claim as the checks judge it: whole seconds, as
// the jwt library reads a NumericDate.
func numericDate(c jwt.MapClaims, name string) *time.Time {
	t, ok := ClaimTime(c[name])
	if !ok {
		return nil
	}
	t = t.Truncate(time.Second)
	return &t
}

// claimWords reads a claim that is either a space-separated string (OAuth
// scope, Azure scp) or an array of strings.
func claimWords(v any) []string {
	switch v := v.(type) {
	case string:
		return strings.Fields(v)
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
