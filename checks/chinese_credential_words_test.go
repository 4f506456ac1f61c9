package checks

import "testing"

// Chinese words for a token refused or expired, as API servers write them
// in their error details (令牌无效 "token invalid" from a FastAPI service,
// Token已过期 "token expired" in a Spring service's {"code":401,...}
// envelope, 令牌已过期): the credential refused or lapsed, whatever the
// refusal status, and not a permission.
func TestChineseCredentialWords(t *testing.T) {
	cases := []struct {
		name, said string
		status     int
		want       string
	}{
		{"a FastAPI token invalid", `{"detail":"令牌无效"}`, 403, AuthInvalid},
		{"a Spring token expired", `{"code":401,"message":"Token已过期","data":null}`, 403, AuthExpired},
		{"a FastAPI token expired", `{"detail":"令牌已过期"}`, 401, AuthExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example/api/protected", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"), resp(c.status, c.said, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
}
