package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/store"
)

// A request saved with --keep-secrets holds a header the user marked
// secret under a name no rule knows (X-Acme), and one secret by its name
// (X-Acme-Key, as a curl import of -H 'X-Acme-Key: …' makes it). Opened
// in the app, by `why403 open NAME` or by ctrl+l, both values stay masked
// on the screen, in the window title, in every tab, in the copied curl
// command and report, and in what a send writes to history.db.
func TestOpenedSavedRequestMasksItsSecretHeaders(t *testing.T) {
	const (
		acme    = "acmeSecretVal-Q7w3E9r2T5y8"
		acmeKey = "acmeKeyVal-Z4x8C1v6B3n9"
	)
	secrets := []sevSecret{{what: "X-Acme", needles: []string{acme}}, {what: "X-Acme-Key", needles: []string{acmeKey}}}
	req := probe.NewRequest("http://127.0.0.1:9/v1/orders")
	req.Headers = append(req.Headers, probe.Header{Name: "X-Acme", Value: acme}, probe.Header{Name: "X-Acme-Key", Value: acmeKey})

	for _, how := range []string{"why403 open", "ctrl+l"} {
		t.Run(how, func(t *testing.T) {
			ctx := context.Background()
			m, st := storeModel(t, nil)
			if err := st.SaveRequest(ctx, "acme", req, store.SaveOptions{KeepSecrets: true, Secret: []string{"X-Acme"}}); err != nil {
				t.Fatal(err)
			}
			switch how {
			case "why403 open":
				s, err := st.LoadRequest(ctx, "acme")
				if err != nil {
					t.Fatal(err)
				}
				m = newModel(ctx, Options{Saved: &s})
				m.now = func() time.Time { return fixedNow }
				m.saved.open = func() (*store.Store, error) { return st, nil }
				m = step(t, m, sizeMsg(120, 40))
				m = feed(t, m, m.saved.openStoreCmd(ctx))
			case "ctrl+l":
				m = feed(t, m, m.saved.openStoreCmd(ctx))
				m = pressCmd(t, m, "ctrl+l")
				m = pressCmd(t, m, "enter")
			}
			b := m.req.Build()
			if v, _ := b.Header("X-Acme"); v != acme {
				t.Fatalf("the opened request sends X-Acme %q, want the saved value", v)
			}
			v := m.View()
			for _, leak := range sevLeaks(ansi.Strip(v.Content)+"\n"+v.WindowTitle, secrets) {
				t.Errorf("the opened request shows %s", leak)
			}

			sent := refused(m.req.Build())
			m.send = func(context.Context, probe.Request) probe.Exchange { return sent }
			next, cmd := m.Update(keyMsg("ctrl+s"))
			m = feed(t, next.(model), cmd) // the send, then its history entry
			if m.last == nil {
				t.Fatal("the send did not come back")
			}
			for name, out := range sevOutputs(t, m) {
				for _, leak := range sevLeaks(out, secrets) {
					t.Errorf("after a send, %s shows %s", name, leak)
				}
			}
			h, err := st.History(ctx, 0)
			if err != nil || len(h) != 1 {
				t.Fatalf("history.db holds %d entries, %v", len(h), err)
			}
			if leaks := sevLeaks(headerText(h[0].Request), secrets); len(leaks) > 0 {
				t.Errorf("history.db holds %s", strings.Join(leaks, "; "))
			}
		})
	}
}

// An API key sent under a custom name (the token field's API-key header)
// and restored from History comes back as a plain header row: it stays
// masked there, and in what the next send shows and copies.
func TestRestoredAPIKeyHeaderStaysMasked(t *testing.T) {
	const key = "clientsecret-0123456789"
	secrets := []sevSecret{{what: "X-Client", needles: []string{key}}}
	r := probe.NewRequest("https://api.example.com/v1")
	m := testModel(t, &r, 120, 40)
	m.req.scheme = schemeAPIKey
	m.req.token.SetValue(key)
	m.req.keyName.SetValue("X-Client")
	m.req.changed()
	m = sendWith(t, m, refused(m.req.Build()))

	m.req.Load(probe.NewRequest("https://api.example.com/other"))
	m.histAt = len(m.history) - 1
	m.restore()
	if v, _ := built(m).Header("X-Client"); v != key {
		t.Fatalf("restored X-Client %q, want the key sent", v)
	}
	for _, leak := range sevLeaks(ansi.Strip(m.View().Content), secrets) {
		t.Errorf("the restored request shows %s", leak)
	}
	m = sendWith(t, m, refused(m.req.Build()))
	for name, out := range sevOutputs(t, m) {
		for _, leak := range sevLeaks(out, secrets) {
			t.Errorf("after sending it again, %s shows %s", name, leak)
		}
	}
}

// Saved without its secrets, the request comes back without the X-Acme
// header and says so; the user types the header in again and its value
// is masked, since the saved request still names X-Acme secret.
func TestSecretHeaderTypedAgainAfterOpenIsMasked(t *testing.T) {
	const acme = "acmeSecretVal-Q7w3E9r2T5y8"
	ctx := context.Background()
	req := probe.NewRequest("http://127.0.0.1:9/v1/orders")
	req.Headers = append(req.Headers, probe.Header{Name: "X-Acme", Value: acme})
	m, st := storeModel(t, nil)
	if err := st.SaveRequest(ctx, "acme", req, store.SaveOptions{Secret: []string{"X-Acme"}}); err != nil {
		t.Fatal(err)
	}
	m = feed(t, m, m.saved.openStoreCmd(ctx))
	m = pressCmd(t, m, "ctrl+l")
	m = pressCmd(t, m, "enter")
	if _, ok := built(m).Header("X-Acme"); ok || !strings.Contains(m.notice, "without X-Acme header") {
		t.Fatalf("opened with X-Acme %v, notice %q; want it left out and said", ok, m.notice)
	}
	m = press(t, m, "tab", "a") // the headers, a new one
	m = typeText(t, m, "X-Acme: "+acme)
	m = press(t, m, "enter")
	if v, _ := built(m).Header("X-Acme"); v != acme {
		t.Fatalf("typed X-Acme, built %q", v)
	}
	if s := ansi.Strip(m.View().Content); strings.Contains(s, acme) || !strings.Contains(s, "X-Acme: ••••") {
		t.Errorf("the typed secret header is not masked:\n%s", s)
	}
}

// Saved without --keep-secrets, a JSON body keeps its client_secret in
// masked form and -u keeps the user without the password. Opened (by
// `why403 open` or ctrl+l), the checks pane says, before any send, that
// the field carries a mask, not the secret, and that the Basic password
// is empty: ctrl+s would send them as they are.
func TestOpenedSavedRequestWarnsOfMaskedValues(t *testing.T) {
	const secret = "clientSecretVal-Q7w3E9r2T5y8"
	body := probe.NewRequest("http://127.0.0.1:9/oauth/token")
	body.Method = "POST"
	body.SetHeader("Content-Type", "application/json")
	body.Body = []byte(`{"grant_type":"client_credentials","client_id":"app-7","client_secret":"` + secret + `"}`)
	basic := probe.NewRequest("http://127.0.0.1:9/v1/me")
	basic.Auth.HasBasic, basic.Auth.BasicUser, basic.Auth.BasicPass = true, "alice", "hunter2-Q7w3E9r2"
	cases := []struct {
		name string
		req  probe.Request
		want string
	}{
		{"body", body, "Body field client_secret carries a masked value (••••T5y8)"},
		{"basic", basic, "Basic credentials have an empty password"},
	}
	for _, c := range cases {
		for _, how := range []string{"why403 open", "ctrl+l"} {
			t.Run(c.name+"/"+how, func(t *testing.T) {
				ctx := context.Background()
				m, st := storeModel(t, nil)
				if err := st.SaveRequest(ctx, "token", c.req, store.SaveOptions{}); err != nil {
					t.Fatal(err)
				}
				switch how {
				case "why403 open":
					s, err := st.LoadRequest(ctx, "token")
					if err != nil {
						t.Fatal(err)
					}
					m = newModel(ctx, Options{Saved: &s})
					m.now = func() time.Time { return fixedNow }
					m.saved.open = func() (*store.Store, error) { return st, nil }
					m = step(t, m, sizeMsg(160, 40))
					m = feed(t, m, m.saved.openStoreCmd(ctx))
				case "ctrl+l":
					m = step(t, m, sizeMsg(160, 40))
					m = feed(t, m, m.saved.openStoreCmd(ctx))
					m = pressCmd(t, m, "ctrl+l")
					m = pressCmd(t, m, "enter")
				}
				if s := ansi.Strip(m.View().Content); !strings.Contains(s, c.want) {
					t.Errorf("the opened request does not warn %q before sending:\n%s", c.want, s)
				}
			})
		}
	}
}
