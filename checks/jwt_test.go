package checks

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDecodeJWT(t *testing.T) {
	tok := mkJWT(t, map[string]any{
		"iss": "https://auth.example.com/", "sub": "alice", "aud": []string{"https://api.example.com", "account"},
		"iat": t0.Unix(), "nbf": t0.Unix(), "exp": t0.Add(time.Hour).Unix(),
		"scope": "orders:read profile", "roles": []string{"reader"},
		"realm_access": map[string]any{"roles": []string{"offline_access"}},
	})
	info, bad := decodeJWT("Authorization", tok)
	if bad != nil {
		t.Fatal(bad.Title)
	}
	if info.Alg != "HS256" || info.Iss != "https://auth.example.com/" || info.Sub != "alice" {
		t.Errorf("header or claims: %+v", info)
	}
	if !info.Exp.Equal(t0.Add(time.Hour)) || !info.Iat.Equal(t0) || !info.Nbf.Equal(t0) {
		t.Errorf("times: exp %v iat %v nbf %v", info.Exp, info.Iat, info.Nbf)
	}
	if !reflect.DeepEqual(info.Aud, []string{"https://api.example.com", "account"}) {
		t.Errorf("aud %v", info.Aud)
	}
	want := []string{"orders:read", "profile", "reader", "offline_access"}
	if got := info.allGrants(); !reflect.DeepEqual(got, want) {
		t.Errorf("grants %v, want %v", got, want)
	}

	// Padding is tolerated and noted.
	parts := strings.Split(tok, ".")
	pad := func(s string) string { return s + strings.Repeat("=", (4-len(s)%4)%4) }
	padded := pad(parts[0]) + "." + pad(parts[1]) + "." + pad(parts[2])
	if info, bad := decodeJWT("Authorization", padded); bad != nil || !info.Padded || info.Sub != "alice" {
		t.Errorf("padded token: %+v %+v", info, bad)
	}

	bads := map[string]string{
		"two segments":    parts[0] + "." + parts[1],
		"four segments":   tok + ".x",
		"standard base64": parts[0] + "." + parts[1] + "+/." + parts[2],
		"damaged claims":  parts[0] + "." + parts[1][:len(parts[1])-3] + "!!." + parts[2],
		"too large":       "eyJ" + strings.Repeat("a", MaxJWT),
	}
	for name, s := range bads {
		if _, bad := decodeJWT("Authorization", s); bad == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	if info, bad := decodeJWT("Authorization", "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"); bad != nil || !info.JWE {
		t.Errorf("JWE not recognised: %+v %+v", info, bad)
	}
}

// The exported view is what the Token tab renders: every member of the
// header and the claims, as decoded.
func TestDecodeJWTKeepsEveryMember(t *testing.T) {
	tok := mkJWT(t, map[string]any{"sub": "alice", "tenant": "t-7", "exp": t0.Unix()})
	d, bad := DecodeJWT(tok)
	if bad != nil {
		t.Fatal(bad.Title)
	}
	if d.Header["alg"] != "HS256" || d.Claims["tenant"] != "t-7" || d.Claims["sub"] != "alice" {
		t.Errorf("header %v, claims %v", d.Header, d.Claims)
	}
	if at, ok := ClaimTime(d.Claims["exp"]); !ok || !at.Equal(t0) {
		t.Errorf("ClaimTime(exp) = %v %v, want %v", at, ok, t0)
	}
	for _, v := range []any{"1700000000", 1.7e12, nil} {
		if at, ok := ClaimTime(v); ok {
			t.Errorf("ClaimTime(%v) = %v, want no date", v, at)
		}
	}
}

func TestClaimWords(t *testing.T) {
	if got := claimWords("a b  c"); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("string: %v", got)
	}
	if got := claimWords([]any{"x", 3, "y"}); !reflect.DeepEqual(got, []string{"x", "y"}) {
		t.Errorf("array: %v", got)
	}
	if got := claimWords(42.0); got != nil {
		t.Errorf("number: %v", got)
	}
}
