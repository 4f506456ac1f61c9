package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
)

// stepAll runs msg through Update and feeds back the messages its
// command returns at once (the Options dialog reads files in one).
func stepAll(t testing.TB, m model, msg tea.Msg) model {
	t.Helper()
	next, cmd := m.Update(msg)
	m = next.(model)
	for _, r := range runCmd(cmd) {
		if _, ok := r.(optionsCheckedMsg); ok {
			m = step(t, m, r)
		}
	}
	return m
}

// setOption opens the Options dialog if needed, selects the row labelled
// label and types v into it.
func setOption(t *testing.T, m model, label, v string) model {
	t.Helper()
	if !isOpen[optionsDialog](m) {
		m = press(t, m, "ctrl+n")
	}
	if !isOpen[optionsDialog](m) {
		t.Fatalf("ctrl+n did not open the Options section:\n%s", plain(m))
	}
	m = selectOption(t, m, label)
	m = press(t, m, "enter", "ctrl+u") // ctrl+u: the input's own clear
	m = stepAll(t, m, tea.PasteMsg{Content: v})
	return stepAll(t, m, keyMsg("enter"))
}

// selectOption moves the open dialog's cursor to the row labelled label.
func selectOption(t *testing.T, m model, label string) model {
	t.Helper()
	rows := options()
	for range rows {
		m = press(t, m, "up")
	}
	for range rows {
		if d, _ := open[optionsDialog](m); rows[d.at].label == label {
			return m
		}
		m = press(t, m, "down")
	}
	t.Fatalf("no option row %q", label)
	return m
}

// The Options round trip against the lab's mTLS port: sent without a
// client certificate the request fails for that cause, and the fix points
// at the Options section (the app has no --cert to pass); the certificate
// and key set there, the request is stale until sent again, and then the
// server accepts it.
func TestOptionsClientCertificateRoundTrip(t *testing.T) {
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var sc lab.Scenario
	for _, s := range l.Scenarios() {
		if s.Name == "mtls-missing" {
			sc = s
		}
	}
	if sc.Name == "" {
		t.Fatal("the lab has no mtls-missing scenario")
	}
	m := testModel(t, nil, 80, 24)
	m.getenv = func(string) string { return "" }
	m.now = time.Now // the lab's certificates are of today
	m.loadScenario(sc)
	if s := plain(m); !strings.Contains(s, "Options --cacert ca.pem") {
		t.Errorf("the CA file set by the scenario's --cacert is not shown:\n%s", s)
	}
	m = sendReal(t, m)
	if len(m.lastRep.Likely) == 0 || m.lastRep.Likely[0] != checks.TLSClientCert {
		t.Fatalf("first send: likely %v, want %s", m.lastRep.Likely, checks.TLSClientCert)
	}
	verdict := words(strings.Join(m.vlines, " "))
	if !strings.Contains(verdict, "Client cert and Client key in Options (ctrl+n)") || strings.Contains(verdict, "--cert") {
		t.Errorf("the mTLS fix does not point at the Options section:\n%s", plain(m))
	}

	m = setOption(t, m, "Client cert", l.ClientCert)
	if d, _ := open[optionsDialog](m); !d.noteBad || !strings.Contains(d.note, "private key") {
		t.Errorf("a certificate without its key: note %q", d.note)
	}
	m = setOption(t, m, "Client key", l.ClientKey)
	s := plain(m)
	if d, _ := open[optionsDialog](m); d.note != "✓ the client certificate, its key and the CA file read well" {
		t.Errorf("note %q", d.note)
	}
	if !strings.Contains(s, "✓ the client certificate, its key and the CA") {
		t.Errorf("the files set are not said to read well:\n%s", s)
	}
	m = press(t, m, "esc")
	if isOpen[optionsDialog](m) {
		t.Fatal("esc did not close the Options section")
	}
	s = plain(m)
	if !m.stale || !strings.Contains(strings.Split(s, "\n")[0], "stale:") {
		t.Errorf("setting an option did not mark the last response stale:\n%s", s)
	}
	if !strings.Contains(s, "--cert client.pem") || !strings.Contains(s, "--key client-key.pem") {
		t.Errorf("the request pane does not show the options set:\n%s", s)
	}

	m = sendReal(t, m)
	if m.last.status != 200 || len(m.lastRep.Likely) != 0 {
		t.Errorf("second send: %d, likely %v:\n%s", m.last.status, m.lastRep.Likely, plain(m))
	}
	if got := m.lastReq.TLS; got.CertFile != l.ClientCert || got.KeyFile != l.ClientKey {
		t.Errorf("sent TLS options %+v", got)
	}
}

// Every row takes and refuses what it should, and a refused value stays
// in the input with the reason.
func TestOptionsRowsParse(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	m = setOption(t, m, "Connect timeout", "2.5")
	m = setOption(t, m, "Total timeout", "1m")
	m = setOption(t, m, "Max redirects", "3")
	m = setOption(t, m, "Proxy", "http://127.0.0.1:3128")
	m = setOption(t, m, "Connect to", "api.example.com:443:127.0.0.1 a.example:80:127.0.0.1:8080")
	m = setOption(t, m, "Total timeout", "soon")
	d, _ := open[optionsDialog](m)
	if !d.editing || !strings.Contains(plain(m), `total timeout "soon": want seconds`) {
		t.Errorf("a bad timeout is not refused in place:\n%s", plain(m))
	}
	m = press(t, m, "esc") // undo the edit
	for _, sw := range []string{"Insecure (-k)", "Follow (-L)", "HTTP version"} {
		m = selectOption(t, m, sw)
		m = press(t, m, "space")
	}
	got := m.req.Request()
	want := probe.Request{
		TLS:             probe.TLSOptions{Insecure: true},
		FollowRedirects: true, MaxRedirects: 3,
		Proxy:       "http://127.0.0.1:3128",
		Timeouts:    probe.Timeouts{Connect: 2500 * time.Millisecond, Total: time.Minute},
		HTTPVersion: "1.1",
		ConnectTo:   []string{"api.example.com:443:127.0.0.1:443", "a.example:80:127.0.0.1:8080"},
	}
	if g, w := fmt.Sprint(got.TLS, got.FollowRedirects, got.MaxRedirects, got.Proxy, got.Timeouts, got.HTTPVersion, got.ConnectTo),
		fmt.Sprint(want.TLS, want.FollowRedirects, want.MaxRedirects, want.Proxy, want.Timeouts, want.HTTPVersion, want.ConnectTo); g != w {
		t.Errorf("options:\n got %s\nwant %s", g, w)
	}
	if got.URL != r.URL || len(got.Headers) != len(r.Headers)-1 {
		t.Errorf("the options changed the rest of the request: %+v", got)
	}
	// backspace puts a row back to its default
	m = press(t, m, "backspace")
	if m.req.Request().HTTPVersion != "" {
		t.Errorf("backspace left HTTP version %q", m.req.Request().HTTPVersion)
	}
}

// At 80×24, after a send, the Options section fits: every row shows, no
// line is wider than the window, and the view is 24 lines.
func TestOptionsFitAt80x24(t *testing.T) {
	r := sampleRequest()
	r.TLS = probe.TLSOptions{CertFile: "/home/someone/projects/very/long/path/to/the/certs/client.pem", KeyFile: "/tmp/client-key.pem", CAFile: "/tmp/ca.pem"}
	r.FollowRedirects = true
	r.Proxy = "http://user:s3cretpass@127.0.0.1:3128"
	r.ConnectTo = []string{"api.example.com:443:127.0.0.1:8443"}
	m := testModel(t, &r, 80, 24)
	m = sendWith(t, m, refused(r))
	m = press(t, m, "ctrl+n")
	view := plain(m)
	golden(t, "options_80x24.golden", view)
	lines := strings.Split(view, "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines", len(lines))
	}
	for i, l := range lines {
		if n := len([]rune(l)); n > 80 {
			t.Errorf("line %d is %d cells wide: %q", i, n, l)
		}
	}
	for _, o := range options() {
		if !strings.Contains(view, o.label) {
			t.Errorf("row %q missing:\n%s", o.label, view)
		}
	}
	if strings.Contains(view, "s3cretpass") {
		t.Errorf("the proxy's password shows:\n%s", view)
	}
	if !strings.Contains(view, "/the/certs/client.pem") {
		t.Errorf("a long path does not keep its end:\n%s", view)
	}
}

// The fixes the checks word for curl point at the Options section's rows:
// the setting a finding names, never its curl flags.
func TestAppFixPointsAtOptions(t *testing.T) {
	passCert := "Pass the client certificate and its key: --cert client.pem --key client.key (the certificate issued for this service)."
	for _, tc := range []struct {
		in   checks.Finding
		want string
	}{
		{checks.Finding{Fix: passCert, Setting: &checks.FixSetting{Option: checks.SetClientCertKey, Words: passCert, Value: "the certificate issued for this service and its key"}},
			"Set Client cert and Client key in Options (ctrl+n) to the certificate issued for this service and its key, then send again."},
		{checks.Finding{Fix: "put the intermediate in the --cert file.", Setting: &checks.FixSetting{Option: checks.SetClientCert, Words: "--cert file"}},
			"put the intermediate in the Client cert in Options (ctrl+n)."},
		{checks.Finding{Fix: "use the name in the URL (curl --resolve host:443:IP https://host/ to reach a chosen address).",
			Setting: &checks.FixSetting{Option: checks.SetConnectTo, Words: "curl --resolve host:443:IP https://host/", Value: "host:443:IP:443"}},
			"use the name in the URL (Connect to host:443:IP:443 in Options (ctrl+n) to reach a chosen address)."},
		{checks.Finding{Fix: "bypass the proxy for this host (NO_PROXY=host, or --noproxy host).", Setting: &checks.FixSetting{Option: checks.SetNoProxy, Words: "--noproxy host"}},
			"bypass the proxy for this host (NO_PROXY=host, or No proxy in Options (ctrl+n))."},
		{checks.Finding{Fix: "Get a new token and send again."}, "Get a new token and send again."},
		// a fix that names a flag but no setting is left as the checks wrote it
		{checks.Finding{Fix: "Pass --cert client.pem."}, "Pass --cert client.pem."},
	} {
		if got := appFix(tc.in, "ctrl+n"); got != tc.want {
			t.Errorf("appFix(%q)\n got %q\nwant %q", tc.in.Fix, got, tc.want)
		}
	}
}

// The fixes the checks give for a missing client certificate and a
// proxy's refusal name their setting: in the app neither points at
// curl's flags.
func TestCheckedFixesPointAtOptions(t *testing.T) {
	r := sampleRequest()
	nginx := probe.Exchange{Response: &probe.Response{Status: 400, Proto: "HTTP/1.1",
		Headers: []probe.Header{{Name: "Server", Value: "nginx"}, {Name: "Content-Type", Value: "text/html"}},
		Body:    []byte("<html><head><title>400 No required SSL certificate was sent</title></head><body><center><h1>400 Bad Request</h1></center><center>No required SSL certificate was sent</center><hr><center>nginx</center></body></html>")}}
	squid := probe.Exchange{Response: &probe.Response{Status: 403, Proto: "HTTP/1.1",
		Headers: []probe.Header{{Name: "Server", Value: "squid/5.7"}, {Name: "X-Squid-Error", Value: "ERR_ACCESS_DENIED 0"}, {Name: "Content-Type", Value: "text/html"}},
		Body:    []byte("<html><title>ERROR: The requested URL could not be retrieved</title><body>Access Denied.</body></html>")}}
	for _, c := range []struct {
		ex       probe.Exchange
		id, flag string
		want     string
	}{
		{nginx, checks.TLSClientCert, "--cert", "Client cert and Client key in Options (ctrl+n)"},
		{squid, checks.ProxyDenied, "--noproxy", "No proxy in Options (ctrl+n)"},
	} {
		rep := appReport(checks.Run(checks.Evidence{Request: r, Exchange: c.ex, Now: time.Now()}), "ctrl+n")
		for _, f := range rep.Findings {
			if f.ID == c.id && (f.Status != checks.Fail || strings.Contains(f.Fix, c.flag) || !strings.Contains(f.Fix, c.want)) {
				t.Errorf("%s %s: the fix reads %q", f.ID, f.Status, f.Fix)
			}
		}
		if !slices.Contains(rep.Likely, c.id) {
			t.Errorf("%s is not likely: %v", c.id, rep.Likely)
		}
	}
}

// A proxy's password stays masked while its row is edited: the input
// starts empty, and enter on it keeps the proxy as it was; ctrl+s in the
// section sends.
func TestOptionsProxyPasswordStaysMasked(t *testing.T) {
	r := sampleRequest()
	r.Proxy = "http://user:s3cretpass@127.0.0.1:3128"
	m := testModel(t, &r, 80, 24)
	m = press(t, m, "ctrl+n")
	m = selectOption(t, m, "Proxy")
	m = press(t, m, "enter")
	if d, _ := open[optionsDialog](m); !d.editing || d.in.Value() != "" {
		t.Fatalf("editing the proxy shows %q", d.in.Value())
	}
	if strings.Contains(plain(m), "s3cret") {
		t.Errorf("the password shows while editing:\n%s", plain(m))
	}
	m = press(t, m, "enter")
	if got := m.req.Request().Proxy; got != r.Proxy {
		t.Errorf("enter on the empty input changed the proxy to %q", got)
	}
	m.send = func(context.Context, probe.Request) probe.Exchange { return probe.Exchange{} }
	next, _ := m.Update(keyMsg("ctrl+s"))
	if m = next.(model); !m.inflight || isOpen[optionsDialog](m) {
		t.Error("ctrl+s in the Options section did not close it and send")
	}
}

// A click on the request pane's Options row opens the section; a click
// elsewhere in the pane does not.
func TestClickOnOptionsRowOpensIt(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 80, 24)
	rows := strings.Split(plain(m), "\n")
	y := -1
	for i, l := range rows {
		if strings.HasPrefix(l, "│  Options ") {
			y = i
		}
	}
	if y < 0 {
		t.Fatalf("no Options row:\n%s", plain(m))
	}
	m = step(t, m, tea.MouseClickMsg{X: 5, Y: y - 1, Button: tea.MouseLeft})
	if isOpen[optionsDialog](m) {
		t.Fatal("a click on the row above opened the Options section")
	}
	m = step(t, m, tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
	if !isOpen[optionsDialog](m) {
		t.Errorf("a click on the Options row did not open it:\n%s", plain(m))
	}
}

// The experiments' re-judging shows its fixes as a send's are shown:
// pointing at the Options section, never back at curl's flags.
func TestExperimentsReportFixPointsAtOptions(t *testing.T) {
	r := sampleRequest()
	m := testModel(t, &r, 120, 40)
	m.exp.phase = expRunning
	rep := checks.Report{Findings: []checks.Finding{{ID: checks.TLSClientCert, Status: checks.Fail,
		Title: "The server asked for a client certificate",
		Fix:   "Pass the client certificate and its key: --cert client.pem --key client.key (the certificate issued for this service).",
		Setting: &checks.FixSetting{Option: checks.SetClientCertKey, Words: "Pass the client certificate and its key: --cert client.pem --key client.key (the certificate issued for this service).",
			Value: "the certificate issued for this service and its key"}}}}
	m = step(t, m, expDoneMsg{run: m.exp.run, rep: rep})
	for _, f := range m.chk.findings {
		if f.ID == checks.TLSClientCert && (strings.Contains(f.Fix, "--cert") || !strings.Contains(f.Fix, "Options (")) {
			t.Errorf("after the experiments the fix reads %q", f.Fix)
		}
	}
}
