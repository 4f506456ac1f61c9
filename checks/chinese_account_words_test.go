package checks

import "testing"

// Chinese words for an account banned or disabled (账号已被封禁 "the
// account has been banned", 账号已被禁用 "the account has been
// disabled", as API servers answer a login or a call at 403) name the
// account's state, not a permission.
func TestChineseAccountWords(t *testing.T) {
	for name, said := range map[string]string{
		"banned":   `{"error":"账号已被封禁，请联系管理员"}`,
		"disabled": `{"detail":"账号已被禁用"}`,
	} {
		t.Run(name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example/api/v1/notes", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"), resp(403, said, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != AccountState {
				t.Fatalf("likely %v, want %s first", rep.Likely, AccountState)
			}
		})
	}
}
