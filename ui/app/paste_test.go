package app

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
)

// chromeCommand is Chrome's "Copy as cURL (bash)" of a POST with a bearer
// token, a cookie and a $'…' body.
const chromeCommand = `curl 'https://api.example.com/v1/orders' \
  -H 'accept: application/json' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlX3NlY3JldA' \
  -H 'content-type: application/json' \
  -b 'sid=cookie-secret-value-42; theme=dark' \
  -H 'user-agent: Mozilla/5.0 Chrome/131.0.0.0' \
  --data-raw $'{"note":"it\'s done\u0021"}'`

const chromeToken = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlX3NlY3JldA"

// importing sends msg and, when it starts an import, feeds the parsed
// command back as the runtime would.
func importing(t *testing.T, m model, msg tea.Msg) (model, bool) {
	t.Helper()
	next, cmd := m.Update(msg)
	m = next.(model)
	for _, out := range runCmd(cmd) {
		if im, ok := out.(curlImportMsg); ok {
			return step(t, m, im), true
		}
	}
	return m, false
}

func TestPasteCurlIntoURLImportsTheRequest(t *testing.T) {
	start := probe.NewRequest("https://old.example.com/")
	start.Headers = append(start.Headers, probe.Header{Name: "X-Old", Value: "1"})
	for _, tt := range []struct {
		name, paste string
	}{
		{"as copied", chromeCommand},
		{"with a prompt", "$ " + chromeCommand},
		{"line ends sent as CR by the terminal", strings.ReplaceAll(chromeCommand, "\n", "\r")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := testModel(t, &start, 120, 40)
			m, imported := importing(t, m, tea.PasteMsg{Content: tt.paste})
			if !imported {
				t.Fatalf("the paste was not imported; URL field %q", m.req.url.Value())
			}
			req := m.req.Build()
			if req.Method != "POST" || req.URL != "https://api.example.com/v1/orders" {
				t.Errorf("request line %s %s", req.Method, req.URL)
			}
			if string(req.Body) != `{"note":"it's done!"}` {
				t.Errorf("body %q", req.Body)
			}
			if m.req.token.Value() != chromeToken || m.req.scheme != schemeBearer {
				t.Errorf("token field %q (%s), want the bearer token", m.req.token.Value(), m.req.scheme)
			}
			var names []string
			for _, h := range m.req.headers {
				names = append(names, h.Name)
			}
			if got := strings.Join(names, ","); got != "Cookie,accept,content-type,user-agent" {
				t.Errorf("headers %s: the old ones must be gone, the pasted ones in", got)
			}
			if m.noticeBad || !strings.HasPrefix(m.notice, "imported curl: POST https://api.example.com/v1/orders · 4 header(s) · Bearer token · body 21 bytes") {
				t.Errorf("status %q (bad %v)", m.notice, m.noticeBad)
			}
			screen := plain(m)
			if !strings.Contains(screen, "›POST https://api.example.com/v1/") {
				t.Errorf("the URL field does not show the imported URL from its start:\n%s", screen)
			}
			if !strings.Contains(screen, "imported curl: POST") {
				t.Errorf("the status line does not show the import:\n%s", screen)
			}
			if strings.Contains(screen, "c2lnbmF0dXJlX3NlY3JldA") || strings.Contains(screen, "cookie-secret-value") {
				t.Errorf("a secret of the pasted command is on screen:\n%s", screen)
			}
		})
	}
}

func TestPasteCurlErrorChangesNothing(t *testing.T) {
	start := probe.NewRequest("https://old.example.com/")
	for _, tt := range []struct{ paste, want string }{
		{`curl -H "Authorization: Bearer $TOKEN" https://api.example.com/`, "$TOKEN is a shell variable: why403 never expands it; paste the value, or use --token-env TOKEN"},
		{`curl https://api.example.com/ | jq .`, "sends curl's output to another command"},
		{`curl --bogus https://api.example.com/`, "--bogus"},
		{"curl ^\"https://api.example.com/^\" ^\n  -H ^\"accept: */*^\"", "Windows cmd command"},
	} {
		m := testModel(t, &start, 120, 40)
		before := m.req.Build()
		m, imported := importing(t, m, tea.PasteMsg{Content: tt.paste})
		if !imported {
			t.Fatalf("%q was not taken as a curl command", tt.paste)
		}
		if !m.noticeBad || !strings.Contains(m.notice, tt.want) || !strings.HasPrefix(m.notice, "curl command not imported: ") {
			t.Errorf("status %q (bad %v), want an error with %q", m.notice, m.noticeBad, tt.want)
		}
		if after := m.req.Build(); !reflect.DeepEqual(after, before) || m.req.url.Value() != "https://old.example.com/" {
			t.Errorf("a refused paste changed the request: %s %s", after.Method, after.URL)
		}
	}
}

func TestPasteThatIsNotAnImport(t *testing.T) {
	// a URL into the URL field, and a curl command into the body, are text
	m := testModel(t, nil, 120, 40)
	m, imported := importing(t, m, tea.PasteMsg{Content: "https://api.example.com/curl x"})
	if imported || m.req.url.Value() != "https://api.example.com/curl x" {
		t.Fatalf("URL paste: imported %v, URL %q", imported, m.req.url.Value())
	}
	m = press(t, m, "tab", "tab", "tab") // headers, token, body
	if m.req.focus != fieldBody {
		t.Fatalf("focus on %d, want the body", m.req.focus)
	}
	m, imported = importing(t, m, tea.PasteMsg{Content: "curl https://h/"})
	if imported || m.req.body.Value() != "curl https://h/" {
		t.Fatalf("body paste: imported %v, body %q", imported, m.req.body.Value())
	}
}

func TestImportBox(t *testing.T) {
	start := probe.NewRequest("https://old.example.com/")
	m := testModel(t, &start, 120, 40)
	m = press(t, m, "ctrl+p")
	if !isOpen[importDialog](m) {
		t.Fatal("ctrl+p did not open the import box")
	}
	if screen := plain(m); !strings.Contains(screen, "Paste a curl command") {
		t.Fatalf("no import box on screen:\n%s", screen)
	}
	m, imported := importing(t, m, tea.PasteMsg{Content: chromeCommand})
	if imported || boxText(m) != chromeCommand {
		t.Fatalf("a paste into the box: imported at once %v, box %q", imported, boxText(m))
	}
	screen := plain(m)
	if !strings.Contains(screen, "--data-raw") || strings.Contains(screen, "c2lnbmF0dXJlX3NlY3JldA") || strings.Contains(screen, "cookie-secret-value") {
		t.Fatalf("the box shows the command with its secrets masked; got:\n%s", screen)
	}
	m, imported = importing(t, m, keyMsg("enter"))
	if !imported || isOpen[importDialog](m) {
		t.Fatalf("enter: imported %v, box open %v, status %q", imported, isOpen[importDialog](m), m.notice)
	}
	if req := m.req.Build(); req.Method != "POST" || req.URL != "https://api.example.com/v1/orders" || m.focus != paneRequest {
		t.Fatalf("after enter: %s %s, focus %d", req.Method, req.URL, m.focus)
	}
}

func TestImportBoxKeepsABadCommand(t *testing.T) {
	start := probe.NewRequest("https://old.example.com/")
	m := testModel(t, &start, 120, 40)
	m = press(t, m, "ctrl+p")
	m = typeText(t, m, "curl https://h/$(id)")
	m, _ = importing(t, m, keyMsg("enter"))
	if !isOpen[importDialog](m) || boxText(m) != "curl https://h/$(id)" {
		t.Fatalf("after a refused import the box must stay open with the text: open %v, %q", isOpen[importDialog](m), boxText(m))
	}
	if !m.noticeBad || !strings.Contains(m.notice, "$(id) is a command substitution") {
		t.Fatalf("status %q", m.notice)
	}
	m = press(t, m, "backspace", "backspace", "backspace", "backspace", "backspace")
	if boxText(m) != "curl https://h/" {
		t.Fatalf("backspace: %q", boxText(m))
	}
	m = press(t, m, "esc")
	if isOpen[importDialog](m) || m.req.Build().URL != "https://old.example.com/" {
		t.Fatalf("esc: box open %v, URL %q", isOpen[importDialog](m), m.req.Build().URL)
	}
}

// ctrl+p is bound to nothing else, and ? lists it.
func TestImportKeyIsFreeAndInHelp(t *testing.T) {
	km := newKeyMap()
	v := reflect.ValueOf(km)
	for i := 0; i < v.NumField(); i++ {
		b, ok := v.Field(i).Interface().(key.Binding)
		if !ok || v.Type().Field(i).Name == "Import" {
			continue
		}
		for _, k := range b.Keys() {
			if k == "ctrl+p" {
				t.Errorf("ctrl+p is also %s", v.Type().Field(i).Name)
			}
		}
	}
	m := testModel(t, nil, 120, 40)
	m = press(t, m, "tab") // out of the URL field, where ? is text
	m = press(t, m, "?")
	if screen := plain(m); !strings.Contains(screen, "ctrl+p") || !strings.Contains(screen, "paste a curl command") {
		t.Fatalf("? does not list ctrl+p:\n%s", screen)
	}
}

func TestMaskPasted(t *testing.T) {
	tests := []struct{ in, want string }{
		{`  -H 'authorization: Bearer abcdefghijkl1234' \`, `  -H 'authorization: Bearer ••••1234' \`},
		{`-H 'X-Api-Key: k-0123456789'`, `-H 'X-Api-Key: ••••6789'`},
		{`-H 'accept: */*'`, `-H 'accept: */*'`},
		{`-b 'sid=secretvalue123; theme=dark'`, `-b 'sid=••••e123; theme=••••'`},
		{`--cookie=sid=secretvalue123`, `--cookie=sid=••••e123`},
		{`--oauth2-bearer "abcdefghijkl1234"`, `--oauth2-bearer "••••1234"`},
		{`-u alice:password123`, `-u ••••d123`},
		{`curl 'https://bob:hunter22@h/?api_key=abcdefghijk'`, `curl 'https://bob:••••@h/?api_key=••••hijk'`},
		// a key under a name that says nothing; identifiers stay whole
		{`-H 'project_id: mainnetQ7xK2pL9vR4tW8zN3bC6dF1hJ'`, `-H 'project_id: ••••F1hJ'`},
		{`-H 'X-Request-Id: 3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a54'`, `-H 'X-Request-Id: 3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a54'`},
		{`-H 'X-Device-Id: dev8Hk2Lm5Np9Qr3St7Uv1Wx4'`, `-H 'X-Device-Id: dev8Hk2Lm5Np9Qr3St7Uv1Wx4'`},
	}
	for _, tt := range tests {
		if got := maskPasted(tt.in); got != tt.want {
			t.Errorf("maskPasted(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// The import box shows the last lines of a long paste, the cursor after
// the last one, with secrets still masked.
func TestImportBoxShowsTheEnd(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "  -H 'X-Line: %d' \\\n", i)
	}
	b.WriteString("  -H 'Authorization: Bearer s3cr3tT0k3nV4lu3Xy'")
	m.overlay = importDialog{text: b.String()}
	got := m.overlay.(importDialog).lines(m, 60, 3)
	if len(got) != 3 || !strings.Contains(got[0], "X-Line: 4998") || !strings.HasSuffix(got[2], "▏") {
		t.Errorf("the box's last rows: %q", got)
	}
	if strings.Contains(strings.Join(got, "\n"), "s3cr3tT0k3nV4lu3Xy") {
		t.Errorf("the pasted token shows: %q", got)
	}
}
