package checks

import (
	"strings"
	"testing"
)

// Portuguese and Spanish words for a credential refused or lapsed are read
// as the English ones are, at any status: "Credenciais inválidas" (invalid
// credentials) and "Token inválido" (invalid token) as Brazilian APIs
// answer a login or a token, "Token expirado" (token expired).
func TestIberianCredentialWords(t *testing.T) {
	cases := []struct {
		name, auth, said, want string
	}{
		{"invalid credentials", "Basic YWRtaW46c2VuaGE=", `{"message":"Credenciais inválidas"}`, AuthInvalid},
		{"invalid token", "Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9", `{"success":false,"message":"Token inválido"}`, AuthInvalid},
		{"expired token", "Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9", `{"code":"TOKEN_EXPIRED","message":"Token expirado"}`, AuthExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example/api/perfil", "Authorization: "+c.auth), resp(403, c.said, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
			f, _ := findingOf(rep, c.want)
			if ev := strings.ToLower(strings.Join(f.Evidence, " ")); !strings.Contains(ev, "inválid") && !strings.Contains(ev, "expirado") {
				t.Errorf("the evidence does not show the words that decided: %v", f.Evidence)
			}
		})
	}
}
