package checks

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// A request saved without --keep-secrets, or restored from History, holds
// its secrets in why403's masked form ("••••T5y8"): sent as is, the mask
// goes out as if it were the secret. Wherever it sits (a JSON or form
// field, any header, a query value, the Basic password), preflight says
// so before the send, and the judged report keeps it as evidence.
func TestMaskedValueIsFlagged(t *testing.T) {
	const token = "https://auth.example.com/oauth/token"
	basic := func(user, pass string) probe.Request {
		r := get("https://api.example.com/v1/me")
		r.Auth.HasBasic, r.Auth.BasicUser, r.Auth.BasicPass = true, user, pass
		return r
	}
	cases := []struct {
		name string
		req  probe.Request
		want string // the title starts with it
	}{
		{"JSON body field", post(token, `{"grant_type":"client_credentials","client_id":"app-7","client_secret":"••••T5y8"}`, "Content-Type: application/json"),
			"Body field client_secret carries a masked value (••••T5y8)"},
		{"nested JSON field", post(token, `{"scope":"*","auth": {"client_secret" : "••••T5y8"}}`, "Content-Type: application/json"),
			"Body field client_secret carries a masked value (••••T5y8)"},
		{"short secret masked whole", post(token, `{"password":"••••","user":"alice"}`, "Content-Type: application/json"),
			"Body field password carries a masked value (••••)"},
		{"form body field", post(token, "grant_type=client_credentials&client_id=app-7&client_secret=••••T5y8", "Content-Type: application/x-www-form-urlencoded"),
			"Body field client_secret carries a masked value (••••T5y8)"},
		{"form body, the mask last but one", post(token, "client_secret=••••T5y8&scope=read", "Content-Type: application/x-www-form-urlencoded"),
			"Body field client_secret carries a masked value (••••T5y8)"},
		{"custom header", get("https://api.example.com/v1/orders", "X-Acme: ••••T5y8"),
			"Header X-Acme carries a masked value (••••T5y8)"},
		{"API-key header", get("https://api.example.com/v1/orders", "X-Api-Key: ••••T5y8"),
			"Header X-Api-Key carries a masked value (••••T5y8)"},
		{"a password display's dots", get("https://api.example.com/v1/orders", "X-Acme: ●●●●●●●●"),
			"Header X-Acme carries a masked value (●●●●●●●●)"},
		{"cookie", get("https://app.example.com/", "Cookie: theme=dark; sid=••••a9Qz"),
			"Header Cookie carries a masked value (••••a9Qz)"},
		{"query value", get("https://api.example.com/v1/orders?page=2&key=••••T5y8"),
			"Query parameter key carries a masked value (••••T5y8)"},
		{"query value percent-encoded", get("https://api.example.com/v1/orders?tenant=%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2T5y8"),
			"Query parameter tenant carries a masked value (••••T5y8)"},
		{"bearer token", get("https://api.example.com/v1/orders", "Authorization: Bearer ••••3f9a"),
			"Authorization carries a masked value (••••3f9a)"},
		{"Basic header masked whole", get("https://api.example.com/v1/orders", "Authorization: Basic ••••"),
			"Authorization carries a masked value (••••)"},
		{"Basic password", basic("alice", "••••"),
			"The Basic password carries a masked value (••••)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := Preflight(c.req, t0)
			f := fs[1]
			if f.ID != AuthMalformed || f.Status != Fail || !strings.HasPrefix(f.Title, c.want) ||
				!strings.Contains(f.Title, "copied from a masked display, not the secret") {
				t.Fatalf("preflight %s %s %q\nwant a fail titled %q …", f.ID, f.Status, f.Title, c.want)
			}
			if !strings.Contains(f.Fix, "Type the real value") {
				t.Errorf("fix %q does not say to type the real value", f.Fix)
			}

			ev := exchange(c.req, resp(401, `{"error":"invalid_client"}`, "Content-Type: application/json"))
			rep := Run(ev)
			g, _ := findingOf(rep, AuthMalformed)
			if g.Status != Fail || !strings.Contains(g.Title, c.want) {
				t.Errorf("judged: %s %q, want a fail with %q\n%s", g.Status, g.Title, c.want, reportText(rep))
			}
		})
	}
}

// Asterisks are ordinary text (globs, scopes, wildcards), a lone bullet is
// punctuation, and a card's last digits written after text are a display,
// not a secret's stand-in: none is flagged.
func TestMaskedValueLeavesOrdinaryText(t *testing.T) {
	cases := []struct {
		name string
		req  probe.Request
	}{
		{"globs", post("https://api.example.com/v1/rules", `{"path":"*","glob":"**/*.go","scope":"****","list":"• one • two"}`, "Content-Type: application/json")},
		{"asterisk header", get("https://api.example.com/v1/orders", "If-Match: *", "X-Filter: ****")},
		{"asterisk query", get("https://api.example.com/v1/search?q=****&fields=*")},
		{"form with stars", post("https://api.example.com/v1/search", "q=a*b&mask=****", "Content-Type: application/x-www-form-urlencoded")},
		{"text around the dots", post("https://api.example.com/v1/notes", `{"note":"card ending ••••4242 was used","title":"•••••••••• section"}`, "Content-Type: application/json")},
		{"three dots", get("https://api.example.com/v1/orders", "X-Acme: •••")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, f := range Preflight(c.req, t0) {
				if strings.Contains(f.Title, "masked value") || f.ID == AuthMalformed && f.Status == Fail {
					t.Errorf("%s %s %q", f.ID, f.Status, f.Title)
				}
			}
		})
	}
}

// A request saved without --keep-secrets keeps the Basic user and drops
// the password: sent so, the password is empty. Preflight warns, unless the
// user is itself an API key (Stripe's -u sk_test_…: with no password).
func TestBasicEmptyPassword(t *testing.T) {
	basic := func(user string) probe.Request {
		r := get("https://api.example.com/v1/me")
		r.Auth.HasBasic, r.Auth.BasicUser = true, user
		return r
	}
	f := Preflight(basic("alice"), t0)[1]
	if f.Status != Warn || !strings.Contains(f.Title, "empty password") || f.Fix == "" {
		t.Errorf("Basic alice: with no password: %s %q, want a warning of the empty password", f.Status, f.Title)
	}
	f = Preflight(basic("sk_test_4eC39HqLyjWDarjtT1zdp7dc"), t0)[1]
	if f.Status != Pass {
		t.Errorf("an API key as the Basic user, no password: %s %q, want a pass", f.Status, f.Title)
	}
}
