package app

// This file drives the app with a request holding known secrets (a Bearer
// JWT, an opaque token, a Basic password, a URL password, API keys in a
// header and in the query, a session cookie, a form password, a JSON
// client_secret), sends it to a loopback server that refuses it (and, in
// one case, echoes the request back), runs the experiments, and asserts
// that no tab, no copied curl command (ctrl+y) and no copied report (m)
// holds a secret in full until ctrl+r reveals them.

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
)

// sevSecret is one known secret and the strings that hold it in full.
type sevSecret struct {
	what    string
	needles []string
	// part: a piece of another secret, checked masked only.
	part bool
}

// sevRequest is one request holding some of the secrets.
type sevRequest struct {
	name    string
	args    func(base string) []string
	secrets []sevSecret
	// plain are values that are no secret: the Request pane and tab and
	// the copied curl command show them whole.
	plain []string
	// noExperiments: no variant tells this request's causes apart.
	noExperiments bool
}

func sevRequests() []sevRequest {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	basic := func(u, p string) string { return base64.StdEncoding.EncodeToString([]byte(u + ":" + p)) }
	sig := b64("secrets-everywhere-signature-32b")
	jwt := b64(`{"alg":"HS256","typ":"JWT"}`) + "." + b64(`{"sub":"secrets-everywhere","jti":"k3Jw9Q"}`) + "." + sig
	const (
		opaque       = "opq7Hq2Lx9Vw4Rt8Nz3Kp6Ys1Dm5"
		basicPW      = "bpwUx8Qe3Wr7Ty2Io5Pa9Sd4"
		urlPW        = "upwGh6Jk2Lz8Xc4Vb1Nm7Qw3"
		headerKey    = "hdrkeyEr5Ty8Ui2Op6As3Df9Gh"
		queryKey     = "qkeyZx4Cv7Bn1Mq8Wl5Ek2Rj"
		cookie       = "sessPl3Ok9Ij6Uh2Yg8Tf5Rd1"
		formPW       = "fpwWs4Ed7Rf1Tg9Yh3Uj6Ik2"
		clientSecret = "csQa8Zs2Xd5Cf1Vg7Bh4Nj9"
		// a key under a name that says nothing (Blockfrost's project_id),
		// beside identifiers that are random too
		unnamedKey = "mainnetQ7xK2pL9vR4tW8zN3bC6dF1hJ"
		requestID  = "3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a54"
		deviceID   = "dev8Hk2Lm5Np9Qr3St7Uv1Wx4"
	)
	return []sevRequest{
		{
			name: "jwt-form",
			args: func(base string) []string {
				u := strings.Replace(base, "://", "://bob:"+urlPW+"@", 1) + "/v1/orders?api_key=" + queryKey + "&page=2"
				return []string{"-X", "POST", "-H", "Authorization: Bearer " + jwt, "-H", "X-Api-Key: " + headerKey,
					"-b", "session=" + cookie, "-d", "user=alice&password=" + formPW, u}
			},
			secrets: []sevSecret{
				{what: "Bearer JWT", needles: []string{jwt}},
				{what: "JWT signature", needles: []string{sig}, part: true},
				{what: "URL password", needles: []string{urlPW, basic("bob", urlPW)}},
				{what: "X-Api-Key", needles: []string{headerKey}},
				{what: "api_key query", needles: []string{queryKey}},
				{what: "session cookie", needles: []string{cookie}},
				{what: "form password", needles: []string{formPW}},
			},
		},
		{
			name: "opaque-json",
			args: func(base string) []string {
				return []string{"-H", "Authorization: Bearer " + opaque, "-H", "Content-Type: application/json",
					"-d", `{"client_id":"app","client_secret":"` + clientSecret + `"}`, base + "/v1/token"}
			},
			secrets: []sevSecret{
				{what: "opaque token", needles: []string{opaque}},
				{what: "JSON client_secret", needles: []string{clientSecret}},
			},
		},
		{
			name: "basic",
			args: func(base string) []string { return []string{"-u", "alice:" + basicPW, base + "/v1/me"} },
			secrets: []sevSecret{
				{what: "Basic password", needles: []string{basicPW, basic("alice", basicPW)}},
			},
		},
		{
			name: "unnamed-key",
			args: func(base string) []string {
				return []string{"-H", "project_id: " + unnamedKey, "-H", "X-Request-Id: " + requestID,
					"-H", "X-Device-Id: " + deviceID, base + "/api/v0/blocks/latest"}
			},
			secrets:       []sevSecret{{what: "key in project_id", needles: []string{unnamedKey}}},
			plain:         []string{requestID, deviceID},
			noExperiments: true,
		},
	}
}

// sevServer answers 403 for a missing scope (a named cause, so
// that no experiment waits for a pause); with echo it sends the request
// back as text/plain, so that the secrets come back from the server.
func sevServer(t *testing.T, echo bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="orders:write"`)
		if !echo {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"error":"insufficient_scope"}`)
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "you sent: %s %s %s\n", r.Method, r.RequestURI, r.Proto)
		names := make([]string, 0, len(r.Header))
		for n := range r.Header {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(&b, "%s: %s\n", n, strings.Join(r.Header[n], ", "))
		}
		b.WriteString("\n")
		b.Write(body)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// sevLeaks lists each needle of secrets found in text (also with the
// whitespace taken out, so that a secret wrapped over two lines counts).
func sevLeaks(text string, secrets []sevSecret) []string {
	squeezed := strings.Join(strings.Fields(text), "")
	squeezed = strings.ReplaceAll(squeezed, "│", "")
	var leaks []string
	for _, s := range secrets {
		for _, n := range s.needles {
			if i := strings.Index(text, n); i >= 0 {
				leaks = append(leaks, fmt.Sprintf("%s %q in %q", s.what, n, text[max(0, i-80):min(len(text), i+len(n)+20)]))
			} else if i := strings.Index(squeezed, n); i >= 0 {
				leaks = append(leaks, fmt.Sprintf("%s %q (wrapped) in %q", s.what, n, squeezed[max(0, i-80):min(len(squeezed), i+len(n)+20)]))
			}
		}
	}
	return leaks
}

// sevShows reports whether text holds the secret in full, maybe wrapped
// over lines.
func sevShows(text string, s sevSecret) bool {
	squeezed := strings.ReplaceAll(strings.Join(strings.Fields(text), ""), "│", "")
	for _, n := range s.needles {
		if strings.Contains(squeezed, n) {
			return true
		}
	}
	return false
}

// sevOutputs is everything the app shows or copies, by name: the screen
// at 120x40 on every tab, every tab's whole text (its rows below the
// screen too), and the clipboard after ctrl+y and after m.
func sevOutputs(t *testing.T, m model) map[string]string {
	t.Helper()
	outs := map[string]string{}
	for tab := range numTabs {
		m.resp.SetTab(tab)
		outs["screen, "+tabNames[tab]+" tab"] = ansi.Strip(m.View().Content)
		outs["all of the "+tabNames[tab]+" tab"] = ansi.Strip(strings.Join(m.resp.wrapped[tab], "\n"))
	}
	// The Request pane's rows at a width that cuts none: at 120 columns
	// a long header row ends in "…", which would hide a leak.
	wide := m.req
	wide.SetSize(400, 60)
	outs["the Request pane's rows"] = ansi.Strip(strings.Join(wide.View(m.styles), "\n"))
	outs["clipboard after ctrl+y"] = sevClipboard(t, m, "ctrl+y", nil)
	checksPane := paneChecks
	outs["clipboard after m"] = sevClipboard(t, m, "m", &checksPane)
	return outs
}

// sevClipboard presses key (in the pane, or where the focus is when nil)
// and returns what it writes to the clipboard.
func sevClipboard(t *testing.T, m model, key string, in *pane) string {
	t.Helper()
	for i := 0; in != nil && m.focus != *in && i < 10; i++ {
		m = press(t, m, "tab")
	}
	if in != nil && m.focus != *in {
		t.Fatalf("tab never reaches pane %d", *in)
	}
	_, cmd := m.Update(keyMsg(key))
	var got []string
	for _, msg := range runCmd(cmd) {
		// tea.SetClipboard's message type is unexported
		if fmt.Sprintf("%T", msg) == "tea.setClipboardMsg" {
			got = append(got, fmt.Sprint(msg))
		}
	}
	if len(got) != 1 {
		t.Fatalf("%s wrote the clipboard %d times, want once", key, len(got))
	}
	return got[0]
}

// sevSentWithExperiments sends the request for real, then runs its
// experiments (saying yes to re-sending a POST) unless it has none, and
// returns the model with every tab filled.
func sevSentWithExperiments(t *testing.T, req probe.Request, experiments bool) model {
	t.Helper()
	m := testModel(t, &req, 120, 40)
	m.now = time.Now
	m = sendReal(t, m)
	if m.last.status != http.StatusForbidden {
		t.Fatalf("the send got %d, want 403 (%s)", m.last.status, m.last.err)
	}
	if !experiments {
		return m
	}
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	if m.exp.phase == expConfirming {
		next, cmd = m.Update(keyMsg("y"))
		m = next.(model)
	}
	m, seen := drive(t, m, cmd)
	if len(seen) == 0 {
		t.Fatalf("ctrl+e sent no experiment; phase %v, notice %q", m.exp.phase, m.notice)
	}
	return m
}

// sevReveal presses ctrl+r and lets the tabs be formatted again.
func sevReveal(t *testing.T, m model) model {
	t.Helper()
	next, cmd := m.Update(keyMsg("ctrl+r"))
	m = next.(model)
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(tea.KeyPressMsg); !ok {
			m = step(t, m, msg)
		}
	}
	if !m.reveal {
		t.Fatal("ctrl+r did not reveal")
	}
	return m
}

func TestAppSecretsMaskedUntilRevealed(t *testing.T) {
	for _, echo := range []bool{false, true} {
		srv := sevServer(t, echo)
		group := "plain"
		if echo {
			group = "echo"
		}
		for _, r := range sevRequests() {
			t.Run(group+"/"+r.name, func(t *testing.T) {
				parsed, err := curlargs.Parse(r.args(srv.URL))
				if err != nil {
					t.Fatalf("parsing the request: %v", err)
				}
				m := sevSentWithExperiments(t, parsed.Request, !r.noExperiments)
				outs := sevOutputs(t, m)
				for _, output := range []string{"tabs", "ctrl+y", "m"} {
					t.Run(output, func(t *testing.T) {
						keys := make([]string, 0, len(outs))
						for k := range outs {
							if output == "tabs" && !strings.HasPrefix(k, "clipboard") || strings.HasSuffix(k, " "+output) {
								keys = append(keys, k)
							}
						}
						sort.Strings(keys)
						for _, k := range keys {
							for _, leak := range sevLeaks(outs[k], r.secrets) {
								t.Errorf("%s shows a secret before ctrl+r: %s", k, leak)
							}
						}
					})
				}

				// ctrl+r: the copied curl command holds them all, the
				// Request tab the ones that were sent.
				t.Run("reveal", func(t *testing.T) {
					m := sevReveal(t, m)
					revealed := sevOutputs(t, m)
					for _, s := range r.secrets {
						if s.part {
							continue
						}
						if !sevShows(revealed["clipboard after ctrl+y"], s) {
							t.Errorf("after ctrl+r, ctrl+y does not copy the %s:\n%s", s.what, revealed["clipboard after ctrl+y"])
						}
					}
					if !sevShows(revealed["all of the Request tab"], r.secrets[0]) {
						t.Errorf("after ctrl+r, the Request tab does not show the %s:\n%s", r.secrets[0].what, revealed["all of the Request tab"])
					}
					for _, k := range []string{"the Request pane's rows", "all of the Request tab", "clipboard after ctrl+y"} {
						for _, v := range r.plain {
							if !sevShows(outs[k], sevSecret{needles: []string{v}}) || !sevShows(revealed[k], sevSecret{needles: []string{v}}) {
								t.Errorf("%s does not show %q whole, which is no secret:\n%s", k, v, outs[k])
							}
						}
					}
				})
			})
		}
	}
}

// A port that echoes what it reads (not an HTTP server) sends the request
// line back, query secret included; the error that quotes it is masked on
// every tab, in the header line and in the history, until revealed.
func TestAppMasksSecretsEchoedInAnError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for range 4 { // bounded: one send, and a margin
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(5 * time.Second))
			buf := make([]byte, 4096)
			n, _ := c.Read(buf)
			c.Write(buf[:n])
			c.Close()
		}
	}()
	const secret = "SUPERSECRET123"
	req := probe.NewRequest("http://" + ln.Addr().String() + "/?api_key=" + secret)
	m := testModel(t, &req, 120, 40)
	m = sendReal(t, m)
	if m.lastEx == nil || m.lastEx.Err == nil || !strings.Contains(m.lastEx.Err.Detail+m.lastEx.Err.Message, secret) {
		t.Fatalf("the echo did not come back in the error, so the case tests nothing: %+v", m.lastEx.Err)
	}
	outs := sevOutputs(t, m)
	outs["header line"] = m.last.err
	for name, text := range outs {
		if strings.Contains(text, secret) {
			t.Errorf("%s shows the secret:\n%s", name, text)
		}
	}
	if !strings.Contains(outs["all of the Response tab"], "T123") {
		t.Errorf("the masked echo is not shown at all:\n%s", outs["all of the Response tab"])
	}
	m = sevReveal(t, m)
	if !strings.Contains(strings.Join(m.resp.wrapped[tabResponse], "\n"), secret) {
		t.Error("ctrl+r does not reveal the echoed secret")
	}
}

// The header line and the unfocused URL field mask the URL's password and
// secret query parameters; the URL field has a CharLimit.
func TestHeaderLineMasksTheURL(t *testing.T) {
	r := probe.NewRequest("https://bob:hunter2secret@api.example.com/v1?access_token=supersecretvalue&q=1")
	m := testModel(t, &r, 160, 30)
	m = press(t, m, "tab")
	s := plain(m)
	if strings.Contains(s, "hunter2secret") || strings.Contains(s, "supersecretvalue") {
		t.Fatalf("URL secret shown:\n%s", s)
	}
	if !strings.Contains(strings.Split(s, "\n")[0], "api.example.com") {
		t.Errorf("header line lost the host: %q", strings.Split(s, "\n")[0])
	}
	m = press(t, m, "ctrl+r")
	if s := plain(m); !strings.Contains(s, "hunter2secret") {
		t.Errorf("ctrl+r does not reveal the URL:\n%s", s)
	}
	if m.req.url.CharLimit <= 0 {
		t.Error("the URL field has no CharLimit")
	}
}

// ctrl+r during a send: the result is shown with the setting in force
// when it arrives, and a stale formatting is dropped.
func TestRevealDuringSendAndFormatting(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1?access_token=supersecretvalue")
	m := testModel(t, &r, 160, 40)
	ex := refused(r)
	ex.Request.URL = "/v1?access_token=supersecretvalue"
	m.send = func(context.Context, probe.Request) probe.Exchange { return ex }
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	var sent sentMsg
	for _, msg := range runCmd(cmd) {
		if sm, ok := msg.(sentMsg); ok {
			sent = sm
		}
	}
	m = press(t, m, "ctrl+r") // while the send is in flight
	next, cmd = m.Update(sent)
	m = next.(model)
	for _, msg := range runCmd(cmd) {
		m = step(t, m, msg)
	}
	if !strings.Contains(strings.Join(m.resp.data.lines[tabRequest], "\n"), "supersecretvalue") {
		t.Errorf("revealed during the send, the Request tab is still masked:\n%s", strings.Join(m.resp.data.lines[tabRequest], "\n"))
	}

	// ctrl+r twice: the first formatting arrives after the second press
	next, c1 := m.Update(keyMsg("ctrl+r"))
	m = next.(model)
	next, c2 := m.Update(keyMsg("ctrl+r"))
	m = next.(model)
	for _, msg := range append(runCmd(c2), runCmd(c1)...) {
		m = step(t, m, msg)
	}
	if !strings.Contains(strings.Join(m.resp.data.lines[tabRequest], "\n"), "supersecretvalue") {
		t.Errorf("a stale formatting (masked) replaced the revealed tabs")
	}
}

// The History tab follows ctrl+r.
func TestHistoryFollowsReveal(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 160, 40)
	m = sendWith(t, m, refused(r))
	m.req.headers = append(m.req.headers, headerRow{Header: probe.Header{Name: "X-Api-Key", Value: "k-secretvalue-123456"}})
	m.req.changed() // as the header editor does
	m = sendWith(t, m, refused(m.req.Build()))
	hist := func() string { return strings.Join(m.resp.history, "\n") }
	if strings.Contains(hist(), "k-secretvalue") {
		t.Fatalf("history shows the key: %s", hist())
	}
	m = press(t, m, "ctrl+r")
	if !strings.Contains(hist(), "k-secretvalue-123456") {
		t.Fatalf("ctrl+r did not reveal the history: %s", hist())
	}
	m = press(t, m, "ctrl+r")
	if strings.Contains(hist(), "k-secretvalue") {
		t.Fatalf("second ctrl+r did not mask the history: %s", hist())
	}
}

// An API key sent under a custom header name is a secret everywhere.
func TestAPIKeyUnderCustomNameIsMasked(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	m := testModel(t, &r, 160, 40)
	m = sendWith(t, m, refused(r))
	m.req.scheme = schemeAPIKey
	m.req.token.SetValue("clientsecret-0123456789")
	m.req.keyName.SetValue("X-Client")
	m.req.changed()
	m = sendWith(t, m, refused(m.req.Build()))
	for tab, lines := range map[string][]string{"Request": m.resp.data.lines[tabRequest], "History": m.resp.history} {
		if s := strings.Join(lines, "\n"); strings.Contains(s, "clientsecret") {
			t.Errorf("%s tab shows the key:\n%s", tab, s)
		}
	}
	next, cmd := m.Update(keyMsg("ctrl+y"))
	m = next.(model)
	got := fmt.Sprint(runCmd(cmd))
	if strings.Contains(got, "clientsecret") || !strings.Contains(got, `"X-Client: $TOKEN"`) {
		t.Errorf("clipboard %s: key not written as $TOKEN", got)
	}
}

// The Request tab masks the secret fields of the body.
func TestRequestTabMasksTheBody(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/login")
	r.Method = "POST"
	r.Headers = append(r.Headers, probe.Header{Name: "Content-Type", Value: "application/json"})
	r.Body = []byte(`{"user":"alice","password":"hunter2-very-secret"}`)
	m := testModel(t, &r, 160, 40)
	ex := refused(r)
	ex.Request.Body = r.Body
	m = sendWith(t, m, ex)
	if s := strings.Join(m.resp.data.lines[tabRequest], "\n"); strings.Contains(s, "hunter2-very-secret") {
		t.Errorf("Request tab shows the password:\n%s", s)
	}
}
