package checks

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// maxJWT caps the token decoded: real tokens are a few KiB; anything larger
// is not worth the time on every keystroke.
const maxJWT = 16 << 10

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

// jwtProblem is a reason the token cannot be read.
type jwtProblem struct {
	Title string
	Fix   string
}

// looksLikeJWT reports a JWS or JWE compact serialisation: it starts with
// the base64url of `{"`.
func looksLikeJWT(s string) bool { return strings.HasPrefix(s, "eyJ") }

// decodeJWT reads a JWT's header and claims without verifying it. It
// tolerates base64 padding (noting it) and reports what makes a token
// unreadable.
func decodeJWT(source, s string) (*tokenInfo, *jwtProblem) {
	if len(s) > maxJWT {
		return nil, &jwtProblem{Title: fmt.Sprintf("token of %d bytes is too large to be a usable JWT", len(s)), Fix: "Check that one token, not a file or a list, was pasted."}
	}
	segments := strings.Count(s, ".") + 1
	if segments == 5 {
		return &tokenInfo{Source: source, JWE: true}, nil
	}
	if segments != 3 {
		return nil, &jwtProblem{
			Title: fmt.Sprintf("JWT has %d %s, not 3 (header.payload.signature)", segments, plural(segments, "segment", "segments")),
			Fix:   "The token was cut or joined to something else when copied; copy it again whole.",
		}
	}
	info := &tokenInfo{Source: source, Padded: strings.Contains(s, "=")}
	if strings.ContainsAny(s, "+/") {
		return nil, &jwtProblem{
			Title: "JWT uses standard base64 (+ or /), not base64url (- and _)",
			Fix:   "Encode each segment with base64url, without padding (RFC 7515); the issuer's library does this.",
		}
	}
	claims := jwt.MapClaims{}
	token, _, err := jwt.NewParser(jwt.WithPaddingAllowed()).ParseUnverified(s, claims)
	if err != nil && !errors.Is(err, jwt.ErrTokenUnverifiable) {
		msg := strings.TrimPrefix(err.Error(), "token is malformed: ")
		return nil, &jwtProblem{
			Title: "JWT cannot be decoded: " + msg,
			Fix:   "The token was damaged when copied (a missing or extra character); copy it again.",
		}
	}
	if token != nil {
		info.Alg, _ = token.Header["alg"].(string)
		info.Kid, _ = token.Header["kid"].(string)
	}
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

func numericDate(c jwt.MapClaims, name string) *time.Time {
	var d *jwt.NumericDate
	var err error
	switch name {
	case "exp":
		d, err = c.GetExpirationTime()
	case "nbf":
		d, err = c.GetNotBefore()
	case "iat":
		d, err = c.GetIssuedAt()
	}
	if err != nil || d == nil {
		return nil
	}
	t := d.UTC()
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
