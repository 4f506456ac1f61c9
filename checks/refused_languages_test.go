package checks

import "testing"

// A credential refused in other languages reads as in English: servers
// written for Portuguese, Spanish, French and German speakers answer a bad
// token with "Token inválido", "Jeton invalide", "Ungültiges Token" (the
// JSON messages of public Express, FastAPI and Spring servers). To a sent
// token, a 403 with these words is the token refused, not a permission.
func TestRefusedCredentialInOtherLanguages(t *testing.T) {
	bearer := "Authorization: Bearer opaque0token0value0123"
	runSureCases(t, []sureCase{
		{"Portuguese/Spanish: Token inválido", get("https://api.example.com.br/v1/pedidos", bearer),
			resp(403, `{"error":"Token inválido"}`, "Content-Type: application/json"), AuthInvalid, false},
		{"French: Jeton invalide", get("https://api.example.fr/v1/commandes", bearer),
			resp(403, `{"error":"Jeton invalide"}`, "Content-Type: application/json"), AuthInvalid, false},
		{"German: Ungültiges Token", get("https://api.example.de/v1/bestellungen", bearer),
			resp(403, `{"message":"Ungültiges Token!"}`, "Content-Type: application/json"), AuthInvalid, false},
		{"Spanish: El token ha expirado", get("https://api.example.es/v1/pedidos", bearer),
			resp(401, `{"message":"El token ha expirado"}`, "Content-Type: application/json"), AuthExpired, false},
	})
}
