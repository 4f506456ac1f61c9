package checks

import "testing"

// TestDefaultOnly: a refusal whose rules' first candidate rests only on
// the status's default meaning for what the request carried is marked
// default-only (a bare 403 to an anonymous request, an empty 403 or 401 to
// a sent credential); one where the server's words, a documented code, a
// challenge or a block marker speak is not.
func TestDefaultOnly(t *testing.T) {
	bearer := "Authorization: Bearer abcdef.ghijkl.mnopqr"
	url := "https://api.example.com/v1/items"
	for _, tc := range []struct {
		name  string
		ev    Evidence
		first string
		want  bool
	}{
		{"a bare 403 to an anonymous request", exchange(get(url), resp(403, "")), AuthMissing, true},
		{"a bare 403 to a sent token", exchange(get(url, bearer), resp(403, "")), PermissionScope, true},
		{"a bare 401 to a sent token", exchange(get(url, bearer), resp(401, "")), AuthInvalid, true},
		{"a 403 whose words refuse the key", exchange(get(url, bearer), resp(403, `{"message":"Invalid API key"}`, "Content-Type: application/json")), AuthInvalid, false},
		{"a 401 whose words say the token expired", exchange(get(url, bearer), resp(401, `{"error":"token expired"}`, "Content-Type: application/json")), AuthExpired, false},
		{"a 401 with a challenge to an anonymous request (sure)", exchange(get(url), resp(401, "", `WWW-Authenticate: Bearer realm="api"`)), AuthMissing, false},
		{"a 403 with a documented code", exchange(get(url, bearer), resp(403, `{"error":{"status":"PERMISSION_DENIED","code":403,"details":[{"reason":"API_KEY_SERVICE_BLOCKED"}]}}`, "Content-Type: application/json")), "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := run(tc.ev, nil, opinionDefault)
			if tc.first != "" && (len(rep.Likely) == 0 || rep.Likely[0] != tc.first) {
				t.Fatalf("likely %v, want %s first", rep.Likely, tc.first)
			}
			if got := defaultOnly(newFacts(tc.ev), tc.ev, rep); got != tc.want {
				t.Errorf("default-only %v, want %v (likely %v, guess %v)", got, tc.want, rep.Likely, rep.Guess)
			}
		})
	}
}
