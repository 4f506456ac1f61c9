package checks

import (
	"testing"
)

// A credential of another scheme than the challenge asks for is its own
// finding under auth.malformed, ranked first; the bare Bearer challenge
// it draws is not read as a proxy stripping the token.
func TestAuthSchemeMismatch(t *testing.T) {
	basic := "Authorization: Basic dXNlcjpwYXNzd29yZA=="
	cases := []causeCase{
		{
			name: "Basic sent, Bearer asked",
			req:  get("https://api.example.com/v1/orders", basic),
			resp: resp(401, `{"error":"unauthorized"}`, `WWW-Authenticate: Bearer realm="api"`, "Content-Type: application/json"),
			want: Fail, strength: Indicated, title: "The server asks for Bearer; you sent Basic", fix: "Authorization: Bearer",
		},
		{
			name: "Bearer sent, Basic asked",
			req:  get("https://git.example.com/api/v4/projects", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"),
			resp: resp(401, "", `WWW-Authenticate: Basic realm="git"`),
			want: Fail, strength: Indicated, title: "The server asks for Basic; you sent Bearer", fix: "curl -u",
		},
		{
			name: "one of several challenges matches",
			req:  get("https://api.example.com/v1/orders", basic),
			resp: resp(401, "", `WWW-Authenticate: Bearer realm="api", Basic realm="api"`),
			want: Pass,
		},
		{
			name: "the server read the token anyway (invalid_token)",
			req:  get("https://api.example.com/v1/orders", "Authorization: token abcdefghijklmnopqrstuvwxyz0123"),
			resp: resp(401, "", `WWW-Authenticate: Bearer error="invalid_token", error_description="the token does not have a valid audience"`),
			want: Pass,
		},
		{
			name: "same scheme, another case",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"),
			resp: resp(401, "", `WWW-Authenticate: bearer realm="api"`),
			want: Pass,
		},
	}
	runCauseCases(t, AuthMalformed, cases)

	rep := Run(exchange(get("https://api.example.com/v1/orders", basic),
		resp(401, "", `WWW-Authenticate: Bearer realm="api"`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMalformed || rep.Guess {
		t.Errorf("likely %v (guess %v), want auth.malformed first and sure", rep.Likely, rep.Guess)
	}
	if f, _ := findingOf(rep, AuthMissing); f.Status == Warn || f.Status == Fail {
		t.Errorf("auth.missing %s: %s (%s)", f.Status, f.Title, f.Fix)
	}
}
