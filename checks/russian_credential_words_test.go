package checks

import (
	"strings"
	"testing"
)

// Russian words for a credential refused or lapsed are read as the English
// ones are: "Неверный логин или пароль" (wrong login or password, a CRM's
// API), "Неверный токен" (invalid token) and "Неверный или просроченный
// токен" (invalid or expired token, FastAPI services' details). The words
// decide at any status, and they show in the evidence.
func TestRussianCredentialWords(t *testing.T) {
	cases := []struct {
		name, said string
		status     int
		want       string
	}{
		{"a CRM's wrong login or password", `{"title":"Unauthorized","type":"https://httpstatus.es/401","status":401,"detail":"Неверный логин или пароль"}`, 401, AuthInvalid},
		{"an API's invalid token at 403", `{"detail":"Неверный токен"}`, 403, AuthInvalid},
		{"an API's invalid or expired token at 403", `{"detail":"Неверный или просроченный токен"}`, 403, AuthExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example/api/v4/leads", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"), resp(c.status, c.said, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
			f, _ := findingOf(rep, c.want)
			if ev := strings.ToLower(strings.Join(f.Evidence, " ")); !strings.Contains(ev, "токен") && !strings.Contains(ev, "пароль") {
				t.Errorf("the evidence does not show the words that decided: %v", f.Evidence)
			}
		})
	}
}
