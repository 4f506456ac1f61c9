package app

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/golang-jwt/jwt/v5"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

func signed(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = "lab-1"
	s, err := tok.SignedString([]byte("test key, not a secret"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unsigned builds header.payload. from raw JSON, for claims no signer
// would produce.
func unsigned(header, payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(header)) + "." + enc([]byte(payload)) + "."
}

func TestTokenLines(t *testing.T) {
	serverDate := fixedNow
	local := fixedNow.Add(10 * time.Minute) // a local clock 10 min ahead of the server
	expired := signed(t, jwt.MapClaims{
		"sub": "alice", "iss": "https://id.example", "scope": "orders:read",
		"exp": fixedNow.Add(-(2*time.Hour + 3*time.Minute)).Unix(),
		"iat": fixedNow.Add(-3 * time.Hour).Unix(),
		"nbf": fixedNow.Add(-3 * time.Hour).Unix(),
	})
	future := signed(t, jwt.MapClaims{"sub": "bob", "nbf": fixedNow.Add(90 * time.Second).Unix(), "exp": fixedNow.Add(50 * time.Hour).Unix()})
	hostile := unsigned(`{"alg":"none","typ":"JWT"}`, `{"sub":"alice\u001b]52;c;cHduZWQ=\u0007","name":"x\u009b2J\u202egnp.exe","roles":["a\u001b[2J"]}`)
	pad := base64.URLEncoding.EncodeToString
	padded := pad([]byte(`{"alg":"none"}`)) + "." + pad([]byte(`{"sub":"pad"}`)) + "."
	if !strings.Contains(padded, "=") {
		t.Fatal("the padded token has no padding")
	}

	cases := []struct {
		name    string
		in      tokenInput
		want    []string
		notWant []string
	}{
		{"no token", tokenInput{}, []string{"(no token"}, nil},
		{"opaque", tokenInput{source: "token field (Bearer)", token: "abcdefghijklmnopqrstu3f9a"},
			[]string{"Opaque token (not a JWT), 25 chars, masked", "••••3f9a"}, []string{"abcdefghijklmnop"}},
		{"expired by the server's clock", tokenInput{source: "token field (Bearer)", token: expired, ref: serverDate},
			[]string{
				"signature NOT verified",
				"Times vs server Date 2026-03-14 09:26:53 UTC",
				"alg HS256", "kid lab-1", "typ JWT",
				"sub alice", "scope orders:read",
				"= 2026-03-14 07:23:53 UTC\n expired 2h3m ago by the server's clock",
				"= 2026-03-14 06:26:53 UTC\n issued 3h ago by the server's clock",
				"= 2026-03-14 06:26:53 UTC\n valid since 3h ago by the server's clock",
			},
			[]string{expired[10:40], "local clock"}},
		{"no server Date: the local clock, said so", tokenInput{token: expired},
			[]string{"Times vs local clock 2026-03-14 09:36:53 UTC (no server Date yet)",
				"expired 2h13m ago by the local clock"},
			[]string{"server's clock"}},
		{"not yet valid, expires in days", tokenInput{token: future, ref: serverDate},
			[]string{"NOT valid yet, becomes valid in 1m30s by the server's clock", "expires in 2d2h by the server's clock"}, nil},
		{"hostile claims are escaped", tokenInput{token: hostile, ref: serverDate},
			[]string{`alice\x1b]52;c;cHduZWQ=\x07`, `x\u009b2J\u202egnp.exe`, `["a\u001b[2J"]`, "alg none"},
			[]string{"\x1b", "\u009b", "\u202e", "\a"}},
		{"padded base64 is tolerated", tokenInput{token: padded}, []string{"sub pad"}, nil},
		{"revealed shows the token", tokenInput{token: expired, reveal: true}, []string{expired[:40]}, nil},
		{"damaged", tokenInput{token: "eyJhbGciOiJIUzI1NiJ9.!!!.sig"}, []string{"JWT cannot be decoded", "copy it again"}, nil},
		{"encrypted", tokenInput{token: "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"}, []string{"Encrypted JWT (JWE"}, nil},
		{"too large", tokenInput{token: "eyJ." + strings.Repeat("a", checks.MaxJWT)}, []string{"too large to be a usable JWT"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := squeeze(strings.Join(tokenLines(c.in, local), "\n"))
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			for _, nw := range c.notWant {
				if strings.Contains(got, nw) {
					t.Errorf("must not contain %q:\n%s", nw, got)
				}
			}
		})
	}
}

// squeeze collapses runs of spaces, so tests do not depend on the column
// alignment.
func squeeze(s string) string {
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return s
}

// Pasting a JWT in the token field fills the Token tab at once; after a
// send its times are relative to the server's Date.
func TestTokenTabFollowsThePastedToken(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1/orders")
	m := testModel(t, &r, 120, 40)
	m = press(t, m, "tab", "tab") // the token field
	if m.req.focus != fieldToken {
		t.Fatalf("focus %v, want the token field", m.req.focus)
	}
	tok := signed(t, jwt.MapClaims{"sub": "carol", "exp": fixedNow.Add(-time.Hour).Unix()})
	m = step(t, m, tea.PasteMsg{Content: tok})
	m.resp.SetTab(tabToken)
	view := plain(m)
	for _, want := range []string{"Token", "sub", "carol", "signature NOT verified", "expired 1h ago by the local clock"} {
		if !strings.Contains(view, want) {
			t.Errorf("after the paste, %q missing:\n%s", want, view)
		}
	}
	if strings.Contains(view, tok[:30]) {
		t.Errorf("the raw token is shown unmasked:\n%s", view)
	}

	ex := refused(m.req.Build())
	for i, h := range ex.Response.Headers {
		if h.Name == "Date" {
			ex.Response.Headers[i].Value = fixedNow.Add(-30 * time.Minute).Format("Mon, 02 Jan 2006 15:04:05 GMT")
		}
	}
	m = sendWith(t, m, ex)
	m.resp.SetTab(tabToken)
	if view := plain(m); !strings.Contains(view, "expired 30m ago by the server's clock") {
		t.Errorf("after the send, the times are not relative to the server's Date:\n%s", view)
	}

	// An Authorization: Bearer header is decoded when the field is empty.
	m.req.token.SetValue("")
	m.req.headers = append(m.req.headers, headerRow{Header: probe.Header{Name: "Authorization", Value: "Bearer " + signed(t, jwt.MapClaims{"sub": "dave"})}})
	m.req.dirty = true
	m = step(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if view := plain(m); !strings.Contains(view, "dave") || !strings.Contains(view, "Authorization header") {
		t.Errorf("the Authorization header's JWT is not decoded:\n%s", view)
	}
}

// The Token tab is formatted when the token changes, not on every frame
// or keystroke elsewhere.
func TestTokenFormattedOnce(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	before := m.resp.token
	m = typeText(t, m, "x") // edits the URL, not the token
	if &m.resp.token[0] != &before[0] {
		t.Error("the Token tab was reformatted though the token did not change")
	}
	m = press(t, m, "tab", "tab")
	m = typeText(t, m, "z")
	if &m.resp.token[0] == &before[0] {
		t.Error("the Token tab was not reformatted after the token changed")
	}
}

// The token's masked form keeps its last 4 characters: they are escaped.
func TestMaskedTokenIsEscaped(t *testing.T) {
	for _, tok := range []string{"abcdefghijklmnop\u202e", "abcdefghijklmnop\r"} {
		lines := tokenLines(tokenInput{source: "token field (Bearer)", token: tok}, fixedNow)
		if s := strings.Join(lines, "\n"); strings.ContainsAny(s, "\u202e\r") {
			t.Errorf("token tab for %q: raw character in %q", tok, s)
		}
	}
	r := probe.NewRequest("https://api.example.com/")
	r.Headers = append(r.Headers, probe.Header{Name: "Authorization", Value: "Bearer abcdefghijklmnop\u202e"})
	m := testModel(t, &r, 120, 40)
	m = press(t, m, "tab", "tab", "tab", "tab", "right", "right", "right", "right") // Token tab
	if s := m.render(); strings.ContainsRune(s, '\u202e') {
		t.Errorf("raw U+202E on screen:\n%s", plain(m))
	}
}
