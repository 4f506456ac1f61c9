package lab

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The lab signs its tokens with HS256 and a key derived from a fixed label.
// Every lab holds the same key, and so does Catalogue, which runs without a
// lab: a command printed by `why403 lab --list` works against any running
// lab. The key is public on purpose; it protects nothing.
var (
	signingKey = sync.OnceValue(func() []byte { return deriveKey("why403 lab: HS256 token signing key, v1") })
	// foreignKey stands for another issuer: its tokens are well formed
	// and carry the right claims, but the lab cannot verify them.
	foreignKey = sync.OnceValue(func() []byte { return deriveKey("why403 lab: some other issuer's signing key, v1") })
)

func deriveKey(label string) []byte {
	sum := sha256.Sum256([]byte(label))
	return sum[:]
}

const (
	tokenIssuer   = "why403-lab"
	tokenAudience = "lab-api"
	tokenSubject  = "ada@lab"
	tokenKeyID    = "lab-hs256-1"
	// tokenLifetime of the valid tokens: long enough that the commands
	// `why403 lab` prints keep working for a day; each start mints anew.
	tokenLifetime = 24 * time.Hour
)

// labClaims are the claims of the lab's access tokens.
type labClaims struct {
	Scope string `json:"scope,omitempty"`
	jwt.RegisteredClaims
}

// tokenSet holds the tokens the scenarios send.
type tokenSet struct {
	// At is the instant they were minted: the scenarios that sign
	// requests (S3-style) sign at it.
	At      time.Time
	Read    string // valid, scope orders:read
	Write   string // valid, scope orders:read orders:write
	Expired string // expired 2 h before minting
	Foreign string // signed with foreignKey
	// GitHub is a personal access token the GitHub-style routes know;
	// GitHubUnknown is one they do not.
	GitHub        string
	GitHubUnknown string
}

// mintTokens signs the lab's tokens relative to now.
func mintTokens(now time.Time) tokenSet {
	now = now.Truncate(time.Second)
	return tokenSet{
		At:            now,
		Read:          sign(signingKey(), claimsAt(now, now.Add(tokenLifetime), "orders:read")),
		Write:         sign(signingKey(), claimsAt(now, now.Add(tokenLifetime), "orders:read orders:write")),
		Expired:       sign(signingKey(), claimsAt(now.Add(-3*time.Hour), now.Add(-2*time.Hour), "orders:read orders:write")),
		Foreign:       sign(foreignKey(), claimsAt(now, now.Add(tokenLifetime), "orders:read")),
		GitHub:        githubToken("known"),
		GitHubUnknown: githubToken("unknown"),
	}
}

func claimsAt(issued, expires time.Time, scope string) labClaims {
	return labClaims{
		Scope: scope,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    tokenIssuer,
			Subject:   tokenSubject,
			Audience:  jwt.ClaimStrings{tokenAudience},
			IssuedAt:  jwt.NewNumericDate(issued),
			ExpiresAt: jwt.NewNumericDate(expires),
		},
	}
}

func sign(key []byte, c labClaims) string {
	t := jwt.NewWithClaims(jwt.SigningMethodHS256, c)
	t.Header["kid"] = tokenKeyID
	s, err := t.SignedString(key)
	if err != nil {
		// HMAC signing with a non-empty []byte key has no failure path.
		panic(fmt.Sprintf("lab: signing a token: %v", err))
	}
	return s
}

// githubToken makes a token shaped like a GitHub personal access token
// (ghp_ and 36 alphanumerics), derived from label so that it is stable.
func githubToken(label string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	sum := sha256.Sum256([]byte("why403 lab: GitHub-style token, " + label))
	var b strings.Builder
	b.WriteString("ghp_")
	for i := 0; i < 36; i++ {
		b.WriteByte(alphabet[int(sum[i%len(sum)]+byte(i/len(sum)))%len(alphabet)])
	}
	return b.String()
}

// bearerProblem is a refusal of a Bearer credential in RFC 6750 terms.
type bearerProblem struct {
	Status      int
	Code        string // "", "invalid_request", "invalid_token", "insufficient_scope"
	Description string
	Scope       string // for insufficient_scope: what the route needs
}

// challenge renders the WWW-Authenticate value for the problem.
func (p bearerProblem) challenge(realm string) string {
	parts := []string{fmt.Sprintf("realm=%q", realm)}
	if p.Code != "" {
		parts = append(parts, fmt.Sprintf("error=%q", p.Code))
	}
	if p.Description != "" {
		parts = append(parts, fmt.Sprintf("error_description=%q", p.Description))
	}
	if p.Scope != "" {
		parts = append(parts, fmt.Sprintf("scope=%q", p.Scope))
	}
	return "Bearer " + strings.Join(parts, ", ")
}

// bearerToken reads a Bearer credential from the Authorization header as
// RFC 6750 section 2.1 defines it. present is false when the request
// carries no Bearer credential at all (no header, or another scheme); a
// non-nil problem means one was sent but is not of the form "Bearer <token>".
func bearerToken(r *http.Request) (token string, present bool, problem *bearerProblem) {
	value := r.Header.Get("Authorization")
	if value == "" {
		return "", false, nil
	}
	scheme, rest, _ := strings.Cut(value, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false, nil
	}
	rest = strings.TrimLeft(rest, " ")
	switch {
	case rest == "":
		return "", true, &bearerProblem{Status: http.StatusBadRequest, Code: "invalid_request",
			Description: "The Bearer credentials are empty"}
	case strings.ContainsAny(rest, " \t"):
		return "", true, &bearerProblem{Status: http.StatusBadRequest, Code: "invalid_request",
			Description: "The Authorization header must be: Bearer <token>, one token without spaces"}
	case !isB64Token(rest):
		return "", true, &bearerProblem{Status: http.StatusBadRequest, Code: "invalid_request",
			Description: "The access token contains characters a Bearer token cannot hold"}
	}
	return rest, true, nil
}

// isB64Token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case strings.IndexByte("-._~+/", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// verifyToken checks the signature with the lab's key and the claims against
// the lab's clock. A problem is always an invalid_token refusal.
func verifyToken(token string, now func() time.Time) (*labClaims, *bearerProblem) {
	claims := &labClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return signingKey(), nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithAudience(tokenAudience),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(now),
	)
	if err == nil {
		return claims, nil
	}
	p := &bearerProblem{Status: http.StatusUnauthorized, Code: "invalid_token"}
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		p.Description = "The access token is malformed"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		p.Description = "signature is invalid"
	case errors.Is(err, jwt.ErrTokenExpired):
		p.Description = "The access token expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		p.Description = "The access token is not valid yet"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		p.Description = "The access token was issued by another issuer"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		p.Description = "The access token is meant for another audience"
	default:
		p.Description = "The access token is invalid"
	}
	return nil, p
}

// hasScope reports whether the space-separated scope list holds want.
func hasScope(scopes, want string) bool {
	for _, s := range strings.Fields(scopes) {
		if s == want {
			return true
		}
	}
	return false
}
