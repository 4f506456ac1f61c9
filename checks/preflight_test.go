package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

func TestPreflight(t *testing.T) {
	valid := validJWT(t, nil)
	expired := mkJWT(t, map[string]any{"sub": "alice", "exp": t0.Add(-(2*time.Hour + 3*time.Minute + 3*time.Second)).Unix()})
	soon := mkJWT(t, map[string]any{"sub": "alice", "exp": t0.Add(30 * time.Second).Unix()})
	cases := []struct {
		name     string
		req      probe.Request
		id       string
		want     Status
		title    string
		evidence string
	}{
		{name: "nothing sent", req: get("https://api.example.com/v1/orders"), id: AuthMissing, want: Warn, title: "No credentials"},
		{name: "a bearer token", req: get("https://api.example.com/v1/orders", "Authorization: Bearer "+valid), id: AuthMissing, want: Pass, title: "Credentials: Authorization: Bearer ••••"},
		{name: "curl --oauth2-bearer", req: func() probe.Request {
			r := get("https://api.example.com/v1/orders")
			r.Auth.Bearer = valid
			return r
		}(), id: AuthMalformed, want: Pass, title: "Bearer JWT (HS256"},
		{name: "an API key in the query", req: get("https://maps.example.com/geocode?address=x&key=AIzaSyEXAMPLEEXAMPLE0123456789"), id: AuthMissing, want: Pass, title: "query parameter key=••••"},
		{name: "a client certificate", req: func() probe.Request {
			r := get("https://mtls.example.com/")
			r.TLS.CertFile = "client.pem"
			return r
		}(), id: AuthMissing, want: Pass, title: "client certificate client.pem"},
		{name: "doubled scheme", req: get("https://api.example.com/", "Authorization: Bearer Bearer "+valid), id: AuthMalformed, want: Fail, title: "appears twice"},
		{name: "lower-case scheme: warn", req: get("https://api.example.com/", "Authorization: bearer "+valid), id: AuthMalformed, want: Warn, title: `"bearer"`},
		{name: "scheme missing before a JWT", req: get("https://api.example.com/", "Authorization: "+valid), id: AuthMalformed, want: Fail, title: "bare JWT"},
		{name: "colon after the scheme", req: get("https://api.example.com/", "Authorization: Bearer:"+valid), id: AuthMalformed, want: Fail, title: `"Bearer:"`},
		{name: "token with inner white space", req: get("https://api.example.com/", "Authorization: Bearer abcdef123456 7890abcdef"), id: AuthMalformed, want: Fail, title: "white space"},
		{name: "misspelt header", req: get("https://api.example.com/", "Authorizaton: Bearer "+valid), id: AuthMalformed, want: Fail, title: `"Authorizaton"`},
		{name: "misspelt header counts as no credential", req: get("https://api.example.com/", "Authorisation: Bearer "+valid), id: AuthMissing, want: Warn},
		{name: "API key with a newline", req: get("https://api.example.com/", "X-API-Key: 9f86d081884c7d659a2feaa0c55ad015\n"), id: AuthMalformed, want: Fail, title: "line break"},
		{name: "unexpanded shell variable", req: get("https://api.example.com/", "Authorization: Bearer $TOKEN"), id: AuthMalformed, want: Fail, title: "placeholder"},
		{name: "expired by your clock", req: get("https://api.example.com/", "Authorization: Bearer "+expired), id: AuthExpired, want: Fail, title: "Token expired 2h3m ago (exp 14:02:11 UTC, by your clock)"},
		{name: "about to expire", req: get("https://api.example.com/", "Authorization: Bearer "+soon), id: AuthExpired, want: Warn, title: "expires in 30s"},
		{name: "valid for an hour", req: get("https://api.example.com/", "Authorization: Bearer "+valid), id: AuthExpired, want: Pass, title: "1h left by your clock"},
		{name: "opaque token", req: get("https://api.example.com/", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"), id: AuthExpired, want: Skip},
		{name: "JSON sent as a form", req: post("https://api.example.com/v1/orders", `{"a":1}`, "Content-Type: application/x-www-form-urlencoded"), id: ContentType, want: Fail, title: "curl -d's default"},
		{name: "form sent as JSON", req: post("https://api.example.com/token", "a=1&b=2", "Content-Type: application/json"), id: ContentType, want: Fail, title: "form-encoded"},
		{name: "body without a type", req: post("https://api.example.com/v1/orders", `{"a":1}`), id: ContentType, want: Fail, title: "without Content-Type"},
		{name: "text without a type: warn", req: post("https://api.example.com/notes", "hello there"), id: ContentType, want: Warn},
		{name: "JSON as JSON", req: post("https://api.example.com/v1/orders", `{"a":1}`, "Content-Type: application/json; charset=utf-8"), id: ContentType, want: Pass},
		{name: "JSON+ type", req: post("https://api.example.com/v1/orders", `[{"op":"add"}]`, "Content-Type: application/json-patch+json"), id: ContentType, want: Pass},
		{name: "body in a file", req: func() probe.Request {
			r := get("https://api.example.com/upload")
			r.Method, r.BodyFile = "POST", "data.json"
			return r
		}(), id: ContentType, want: Skip},
		{name: "Go's default User-Agent", req: get("https://www.example.com/", "User-Agent: Go-http-client/1.1"), id: WAFBlock, want: Pass, title: "Go's default User-Agent", evidence: "Go-http-client/1.1"}, // a warning only after a refusal that points at bots
		{name: "no User-Agent", req: func() probe.Request {
			r := get("https://www.example.com/")
			r.DelHeader("User-Agent")
			return r
		}(), id: WAFBlock, want: Warn, title: "no User-Agent"},
		{name: "okhttp", req: get("https://www.example.com/", "User-Agent: okhttp/4.12.0"), id: WAFBlock, want: Pass, title: "OkHttp's default User-Agent"},
		{name: "Log4Shell probe in a header-free URL", req: get("https://www.example.com/?q=%24%7Bjndi%3Aldap%3A%2F%2Fx%7D"), id: WAFBlock, want: Warn, evidence: "${jndi:"},
		{name: "SQL injection hidden by comments", req: get("https://www.example.com/items?id=1/**/UNION/**/SELECT/**/1"), id: WAFBlock, want: Warn, evidence: "union select"},
		{name: "path traversal", req: get("https://www.example.com/files?name=..%2F..%2Fetc%2Fpasswd"), id: WAFBlock, want: Warn, evidence: "path traversal"},
		{name: "script in a JSON body", req: post("https://cms.example.com/api/posts", `{"html":"<SCRIPT>alert(1)</SCRIPT>"}`, "Content-Type: application/json"), id: WAFBlock, want: Warn, evidence: `body contains "<script"`},
		{name: "a clean request", req: get("https://api.example.com/v1/orders?page=2"), id: WAFBlock, want: Pass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := Preflight(c.req, t0)
			ids := []string{AuthMissing, AuthMalformed, AuthExpired, ContentType, WAFBlock}
			if len(fs) != len(ids) {
				t.Fatalf("%d findings, want %d", len(fs), len(ids))
			}
			var f Finding
			for i, x := range fs {
				if x.ID != ids[i] {
					t.Fatalf("finding %d is %s, want %s", i, x.ID, ids[i])
				}
				if x.ID == c.id {
					f = x
				}
			}
			if f.Status != c.want {
				t.Fatalf("%s: %s %q, want %s\nevidence: %v", c.id, f.Status, f.Title, c.want, f.Evidence)
			}
			if !strings.Contains(f.Title, c.title) {
				t.Errorf("title %q lacks %q", f.Title, c.title)
			}
			if c.evidence != "" && !strings.Contains(strings.Join(f.Evidence, "\n"), c.evidence) {
				t.Errorf("evidence %v lacks %q", f.Evidence, c.evidence)
			}
			if (f.Status == Fail || f.Status == Warn) && f.Fix == "" {
				t.Errorf("no fix")
			}
			if f.Status == Fail && f.Strength != Inferred {
				t.Errorf("a preflight fail is inferred, got %d", f.Strength)
			}
			assertNoSecrets(t, Evidence{Request: c.req}, Report{Findings: fs})
		})
	}
}

// Preflight must stay cheap on a large body: only the first 64 KiB is read.
func TestPreflightReadsAWindow(t *testing.T) {
	body := strings.Repeat("a", 4<<20) + "<script>"
	fs := Preflight(post("https://x.example/", body, "Content-Type: text/plain"), t0)
	if fs[4].Status != Pass {
		t.Errorf("text past the window was read: %s %s", fs[4].Status, fs[4].Title)
	}
}
