package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// The Options section: the transport options curl takes as flags (client
// certificate, CA file, -k, -L, proxy, timeouts, HTTP version,
// --connect-to/--resolve). The request pane shows them on one line, as
// flags; the Options dialog (ctrl+n) lists each one and edits it. They
// live in the request pane's base request, so an edit marks the last
// response stale like any other, and a saved request keeps them.

// optionKind is how an option is edited.
type optionKind int

const (
	optText   optionKind = iota // typed
	optSwitch                   // enter or space turns it on and off
	optChoice                   // enter or space picks the next value
)

// option is one row of the Options dialog.
type option struct {
	label string
	kind  optionKind
	// about says what the row takes, under the list when it is selected.
	about string
	// get is the row's value as typed ("" unset); shown is what the list
	// shows (a default, a masked proxy); set parses a typed value into r
	// and reports a value it refuses.
	get   func(r *probe.Request) string
	shown func(r *probe.Request, red probe.Redactor) string
	set   func(r *probe.Request, v string) error
	// file: the value names a file read at send time (checked on commit).
	file bool
	// secret: shown masked (a proxy URL's password).
	secret bool
}

// httpVersions are the values of the HTTP version row, as curl's flags.
var httpVersions = []string{"", "1.1", "2", "2-prior-knowledge"}

// options is the Options dialog's rows, in the order they are listed.
func options() []option {
	path := func(get func(r *probe.Request) *string) func(r *probe.Request, v string) error {
		return func(r *probe.Request, v string) error {
			*get(r) = strings.TrimSpace(v)
			return nil
		}
	}
	showPath := func(get func(r *probe.Request) *string) func(r *probe.Request, _ probe.Redactor) string {
		return func(r *probe.Request, _ probe.Redactor) string { return *get(r) }
	}
	cert := func(r *probe.Request) *string { return &r.TLS.CertFile }
	keyFile := func(r *probe.Request) *string { return &r.TLS.KeyFile }
	ca := func(r *probe.Request) *string { return &r.TLS.CAFile }
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	return []option{
		{label: "Client cert", about: "curl --cert: the client certificate, a PEM file (up to 4 MiB); it may hold the key too",
			get: func(r *probe.Request) string { return *cert(r) }, shown: showPath(cert), set: path(cert), file: true},
		{label: "Client key", about: "curl --key: the certificate's private key, a PEM file; empty when the certificate file holds it",
			get: func(r *probe.Request) string { return *keyFile(r) }, shown: showPath(keyFile), set: path(keyFile), file: true},
		{label: "CA file", about: "curl --cacert: the CAs to trust instead of the system's, a PEM file (up to 4 MiB)",
			get: func(r *probe.Request) string { return *ca(r) }, shown: showPath(ca), set: path(ca), file: true},
		{label: "Insecure (-k)", kind: optSwitch, about: "curl -k: do not verify the server's certificate (the checks still report it)",
			get:   func(r *probe.Request) string { return onOff(r.TLS.Insecure) },
			shown: func(r *probe.Request, _ probe.Redactor) string { return onOff(r.TLS.Insecure) },
			set:   func(r *probe.Request, _ string) error { r.TLS.Insecure = !r.TLS.Insecure; return nil }},
		{label: "Follow (-L)", kind: optSwitch, about: "curl -L: follow redirects, up to Max redirects hops",
			get:   func(r *probe.Request) string { return onOff(r.FollowRedirects) },
			shown: func(r *probe.Request, _ probe.Redactor) string { return onOff(r.FollowRedirects) },
			set:   func(r *probe.Request, _ string) error { r.FollowRedirects = !r.FollowRedirects; return nil }},
		{label: "Max redirects", about: fmt.Sprintf("curl --max-redirs: hops followed with -L (empty: %d)", probe.DefaultMaxRedirects),
			get: func(r *probe.Request) string {
				if r.MaxRedirects == 0 {
					return ""
				}
				return strconv.Itoa(r.MaxRedirects)
			},
			shown: func(r *probe.Request, _ probe.Redactor) string {
				if r.MaxRedirects <= 0 {
					return fmt.Sprintf("%d (default)", probe.DefaultMaxRedirects)
				}
				return strconv.Itoa(r.MaxRedirects)
			},
			set: func(r *probe.Request, v string) error {
				if v = strings.TrimSpace(v); v == "" {
					r.MaxRedirects = probe.DefaultMaxRedirects
					return nil
				}
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > 1000 {
					return fmt.Errorf("max redirects %q: want a whole number from 1 to 1000", v)
				}
				r.MaxRedirects = n
				return nil
			}},
		{label: "Proxy", secret: true, about: "curl -x: the proxy URL (http://host:3128); empty: the environment's (HTTPS_PROXY…)",
			get:   func(r *probe.Request) string { return r.Proxy },
			shown: func(r *probe.Request, red probe.Redactor) string { return red.URL(r.Proxy) },
			set: func(r *probe.Request, v string) error {
				v = strings.TrimSpace(v)
				if err := validOption(probe.Request{Proxy: v}); err != nil {
					return err
				}
				r.Proxy = v
				return nil
			}},
		{label: "No proxy", about: "curl --noproxy: hosts never proxied, comma-separated; * for all",
			get:   func(r *probe.Request) string { return r.NoProxy },
			shown: func(r *probe.Request, _ probe.Redactor) string { return r.NoProxy },
			set: func(r *probe.Request, v string) error {
				r.NoProxy = strings.TrimSpace(v)
				r.NoProxySet = r.NoProxy != ""
				return nil
			}},
		{label: "Connect timeout", about: fmt.Sprintf("curl --connect-timeout: seconds (2.5) or a duration (500ms); empty: %s", probe.DefaultConnect),
			get: func(r *probe.Request) string { return durationText(r.Timeouts.Connect) },
			shown: func(r *probe.Request, _ probe.Redactor) string {
				if r.Timeouts.Connect == 0 {
					return probe.DefaultConnect.String() + " (default)"
				}
				return r.Timeouts.Connect.String()
			},
			set: func(r *probe.Request, v string) error {
				d, err := parseTimeout("connect timeout", v)
				r.Timeouts.Connect = d
				return err
			}},
		{label: "Total timeout", about: "curl -m: the whole exchange, in seconds or a duration; empty: none beyond each phase's",
			get: func(r *probe.Request) string { return durationText(r.Timeouts.Total) },
			shown: func(r *probe.Request, _ probe.Redactor) string {
				if r.Timeouts.Total == 0 {
					return "none"
				}
				return r.Timeouts.Total.String()
			},
			set: func(r *probe.Request, v string) error {
				d, err := parseTimeout("total timeout", v)
				r.Timeouts.Total = d
				return err
			}},
		{label: "HTTP version", kind: optChoice, about: "negotiate (HTTP/2 where offered), --http1.1, --http2 or --http2-prior-knowledge",
			get:   func(r *probe.Request) string { return r.HTTPVersion },
			shown: func(r *probe.Request, _ probe.Redactor) string { return httpVersionName(r.HTTPVersion) },
			set: func(r *probe.Request, _ string) error {
				i := 0
				for j, v := range httpVersions {
					if v == r.HTTPVersion {
						i = j + 1
					}
				}
				r.HTTPVersion = httpVersions[i%len(httpVersions)]
				return nil
			}},
		{label: "Connect to", about: "curl --connect-to HOST:PORT:HOST2:PORT2 or --resolve HOST:PORT:ADDR, several separated by spaces: the connection goes there, the URL stays",
			get:   func(r *probe.Request) string { return strings.Join(r.ConnectTo, " ") },
			shown: func(r *probe.Request, _ probe.Redactor) string { return strings.Join(r.ConnectTo, " ") },
			set: func(r *probe.Request, v string) error {
				rules, err := connectRules(v)
				if err == nil {
					r.ConnectTo = rules
				}
				return err
			}},
	}
}

// validOption checks an option with probe's own validation, on a request
// that is otherwise valid.
func validOption(r probe.Request) error {
	r.Method, r.URL = "GET", "http://127.0.0.1/"
	return probe.Validate(&r)
}

// connectRules reads the Connect to row: rules separated by spaces or
// commas, each a --connect-to rule or a --resolve one (made a
// --connect-to rule, as curlargs does).
func connectRules(v string) ([]string, error) {
	var rules []string
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		err := validOption(probe.Request{ConnectTo: []string{w}})
		if err != nil {
			c, rerr := probe.ResolveToConnectTo(w)
			if rerr != nil {
				return nil, err
			}
			w = c
		}
		rules = append(rules, w)
	}
	return rules, nil
}

// parseTimeout reads seconds as curl does ("10", "2.5") or a Go duration
// ("500ms", "1m"); empty is the default (zero).
func parseTimeout(what, v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 86400 {
		return time.Duration(f * float64(time.Second)), nil
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 && d <= 24*time.Hour {
		return d, nil
	}
	return 0, fmt.Errorf("%s %q: want seconds (10, 2.5) or a duration (500ms, 1m), up to a day", what, v)
}

// durationText is a timeout as the dialog edits it ("" unset).
func durationText(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func httpVersionName(v string) string {
	if v == "" {
		return "negotiate"
	}
	return "--http" + v
}

// optionFlags are the options set on r, as curl's flags, for the request
// pane's Options line; file names are shown without their directory.
func optionFlags(r probe.Request, red probe.Redactor) []string {
	var out []string
	file := func(flag, p string) {
		if p != "" {
			out = append(out, flag+" "+filepath.Base(p))
		}
	}
	file("--cert", r.TLS.CertFile)
	file("--key", r.TLS.KeyFile)
	file("--cacert", r.TLS.CAFile)
	if r.TLS.Insecure {
		out = append(out, "-k")
	}
	if r.FollowRedirects {
		out = append(out, "-L")
	}
	if r.MaxRedirects > 0 && r.MaxRedirects != probe.DefaultMaxRedirects {
		out = append(out, "--max-redirs "+strconv.Itoa(r.MaxRedirects))
	}
	if r.Proxy != "" {
		out = append(out, "-x "+red.URL(r.Proxy))
	}
	if r.NoProxySet {
		out = append(out, "--noproxy "+r.NoProxy)
	}
	if d := r.Timeouts.Connect; d != 0 {
		out = append(out, "--connect-timeout "+d.String())
	}
	if d := r.Timeouts.Total; d != 0 {
		out = append(out, "-m "+d.String())
	}
	if r.HTTPVersion != "" {
		out = append(out, httpVersionName(r.HTTPVersion))
	}
	for _, c := range r.ConnectTo {
		out = append(out, "--connect-to "+c)
	}
	return out
}

// optionsLines are the request pane's Options rows: the options set, as
// flags wrapped over up to three rows, or the key that edits them.
func (p *requestPane) optionsLines(s Styles, width int, openKey string) []string {
	flags := optionFlags(p.base, p.redactor())
	if len(flags) == 0 {
		return []string{ansi.Truncate(" "+s.Bold.Render("Options")+" "+s.Dim.Render("defaults · "+openKey), width, "…")}
	}
	rows := wrapPlain(escape.Line(strings.Join(flags, " ")), max(1, width-9))
	if len(rows) > 3 {
		rows = rows[:3]
		rows[2] = ansi.Truncate(rows[2], max(1, width-10), "") + "…"
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		if i == 0 {
			out[i] = " " + s.Bold.Render("Options") + " " + r
		} else {
			out[i] = "         " + r
		}
	}
	return out
}

// setOptions changes the options of the request being edited.
func (p *requestPane) setOptions(r probe.Request) {
	p.base.SetConnection(r)
	p.base.FollowRedirects, p.base.MaxRedirects = r.FollowRedirects, r.MaxRedirects
	p.changed()
}

// optionsDialog is the Options section: every transport option, one row
// each; enter edits a row (or turns a switch), esc closes.
type optionsDialog struct {
	at      int
	editing bool
	in      textinput.Model
	// err is why the last value typed was refused; note is what reading
	// the certificate files said (noteBad: they cannot be used).
	err     string
	note    string
	noteBad bool
	// hidden: the value being replaced is masked (a proxy's password) and
	// not in the input; enter on an empty input keeps it.
	hidden bool
}

// optionsCheckedMsg is what reading the files the options name said.
type optionsCheckedMsg struct {
	tls probe.TLSOptions
	err error
}

var (
	optEdit  = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit"))
	optClear = key.NewBinding(key.WithKeys("backspace", "delete"), key.WithHelp("backspace", "default"))
	optUp    = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	optDown  = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
)

func (m *model) openOptions() tea.Cmd {
	d := optionsDialog{in: newInput("")}
	d.in.CharLimit = maxURL
	m.openDialog(d)
	return nil
}

func (d optionsDialog) title() string {
	if d.editing {
		return "Options · enter keep · esc undo"
	}
	return "Options · enter edit · esc close"
}

func (d optionsDialog) help() []key.Binding {
	if d.editing {
		return []key.Binding{dlgEnter("keep"), dlgCancel}
	}
	return []key.Binding{optEdit, optUp, optDown, optClear, dlgEsc}
}

func (d optionsDialog) paste(m *model, msg tea.PasteMsg) tea.Cmd {
	if !d.editing {
		return nil
	}
	var cmd tea.Cmd
	d.in, cmd = d.in.Update(tea.PasteMsg{Content: strings.TrimSpace(normalizePaste(msg.Content))})
	cleanInput(&d.in)
	m.overlay = d
	return cmd
}

func (d optionsDialog) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	rows := options()
	if d.editing {
		switch k.String() {
		case "esc":
			d.editing, d.err = false, ""
			d.in.Blur()
		case "enter":
			return d.commit(m, d.in.Value())
		default:
			var cmd tea.Cmd
			d.in, cmd = d.in.Update(k)
			cleanInput(&d.in)
			m.overlay = d
			return cmd
		}
		m.overlay = d
		return nil
	}
	row := rows[d.at]
	switch {
	case key.Matches(k, dlgEsc), key.Matches(k, m.keys.Options):
		m.closeDialog()
		return nil
	case key.Matches(k, optUp):
		d.at = max(0, d.at-1)
		d.err = ""
	case key.Matches(k, optDown):
		d.at = min(len(rows)-1, d.at+1)
		d.err = ""
	case key.Matches(k, optEdit) || k.String() == "space":
		if row.kind != optText {
			return d.commit(m, "")
		}
		if k.String() == "space" {
			break
		}
		r := m.req.Request()
		d.editing, d.err = true, ""
		v := row.get(&r)
		d.hidden = row.secret && !m.reveal && row.shown(&r, m.req.redactor()) != v
		d.in.Placeholder = ""
		if d.hidden {
			// a proxy's password stays masked: typing replaces the value
			d.in.Placeholder = row.shown(&r, m.req.redactor()) + " (type to replace)"
			v = ""
		}
		d.in.SetValue(v)
		cleanInput(&d.in)
		d.in.CursorEnd()
		cmd := d.in.Focus()
		m.overlay = d
		return cmd
	case key.Matches(k, m.keys.Send):
		// set, then send: the dialog closes on the way
		m.closeDialog()
		return m.startSend()
	case key.Matches(k, optClear):
		if row.kind == optText {
			return d.commit(m, "")
		}
		r := m.req.Request()
		if (row.kind == optSwitch && row.get(&r) == "on") || (row.kind == optChoice && row.get(&r) != "") {
			// the default of a switch is off, of the version negotiate
			for row.get(&r) != "" && row.get(&r) != "off" {
				_ = row.set(&r, "")
			}
			m.req.setOptions(r)
		}
	}
	m.overlay = d
	return nil
}

// commit sets the selected row to v; a value the row refuses stays in the
// input with the reason.
func (d optionsDialog) commit(m *model, v string) tea.Cmd {
	row := options()[d.at]
	r := m.req.Request()
	if d.hidden && strings.TrimSpace(v) == "" {
		d.editing, d.hidden = false, false
		d.in.Blur()
		m.overlay = d
		return nil
	}
	if err := row.set(&r, v); err != nil {
		d.err = err.Error()
		m.overlay = d
		return nil
	}
	d.editing, d.err = false, ""
	d.in.Blur()
	m.req.setOptions(r)
	var cmd tea.Cmd
	if row.file {
		d.note, d.noteBad = "", false
		cmd = checkOptionFiles(m.ctx, r.TLS)
	}
	m.overlay = d
	return cmd
}

// checkOptionFiles reads the certificate files with probe's own capped
// loaders, off the Update loop, so that a wrong path is said at once
// rather than at the next send.
func checkOptionFiles(ctx context.Context, t probe.TLSOptions) tea.Cmd {
	if t.CertFile == "" && t.CAFile == "" {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		r := probe.Request{TLS: t}
		if t.CertFile == "" {
			r.TLS.KeyFile = "" // the key alone waits for its certificate
		}
		return optionsCheckedMsg{tls: t, err: probe.CheckFiles(ctx, &r)}
	}
}

// optionsChecked shows what reading the files said, if the dialog is
// still open on the same files.
func (m *model) optionsChecked(msg optionsCheckedMsg) {
	d, ok := m.overlay.(optionsDialog)
	if !ok || m.req.Request().TLS != msg.tls {
		return
	}
	switch {
	case msg.err != nil:
		d.note, d.noteBad = "✗ "+msg.err.Error(), true
	case msg.tls.CertFile != "" && msg.tls.CAFile != "":
		d.note = "✓ the client certificate, its key and the CA file read well"
	case msg.tls.CertFile != "":
		d.note = "✓ the client certificate and its key read well"
	default:
		d.note = "✓ the CA file reads well"
	}
	m.overlay = d
}

func (d optionsDialog) lines(m model, width, height int) []string {
	s := m.styles
	r := m.req.Request()
	red := m.req.redactor()
	rows := options()
	labelW := 0
	for _, o := range rows {
		labelW = max(labelW, len(o.label))
	}
	valW := max(1, width-labelW-3)
	var out []string
	for i, o := range rows {
		v := escape.Line(o.shown(&r, red))
		switch {
		case d.editing && i == d.at:
			d.in.SetWidth(valW)
			v = d.in.View()
		case v == "":
			v = s.Dim.Render("(none)")
		case ansi.StringWidth(v) > valW:
			// a path's end names the file: cut from the left
			v = "…" + ansi.TruncateLeft(v, ansi.StringWidth(v)-valW+1, "")
		}
		line := fmt.Sprintf("%-*s %s", labelW, o.label, v)
		if i == d.at && !d.editing {
			line = s.Selected.Render(fmt.Sprintf("%-*s", labelW, o.label)) + " " + v
		}
		out = append(out, " "+line)
	}
	out = append(out, "")
	var notes []string
	if d.err != "" {
		for _, l := range wrapPlain("✗ "+escape.Line(red.Text(d.err)), max(1, width-1)) {
			notes = append(notes, s.Error.Render(l))
		}
	} else if d.note != "" {
		st := s.Pass
		if d.noteBad {
			st = s.Error
		}
		for _, l := range wrapPlain(escape.Line(m.req.redactor().Text(d.note)), max(1, width-1)) {
			notes = append(notes, st.Render(l))
		}
	}
	for _, l := range wrapPlain(escape.Line(rows[d.at].about), max(1, width-1)) {
		notes = append(notes, s.Dim.Render(l))
	}
	for _, l := range notes {
		if len(out) < height {
			out = append(out, " "+l)
		}
	}
	return out
}

// The checks word their fixes for curl (--cert, --resolve); in the app
// those flags are rows of the Options section, so the fixes shown here
// point there. The Markdown report keeps curl's words.

// settingLabel is the Options row that sets a fix's option, "" for an
// option the section has no row for.
func settingLabel(option string) string {
	switch option {
	case checks.SetClientCert:
		return "Client cert"
	case checks.SetClientCertKey:
		return "Client cert and Client key"
	case checks.SetProxy:
		return "Proxy"
	case checks.SetNoProxy:
		return "No proxy"
	case checks.SetConnectTo:
		return "Connect to"
	}
	return ""
}

// appFix is a finding's fix for the app: the curl flags of the setting
// it asks for become the Options row that sets it; openKey opens the
// Options dialog.
func appFix(f checks.Finding, openKey string) string {
	s := f.Setting
	if s == nil || settingLabel(s.Option) == "" || s.Words == "" || !strings.Contains(f.Fix, s.Words) {
		return f.Fix
	}
	label := settingLabel(s.Option)
	in := " in Options (" + openKey + ")"
	if s.Words == f.Fix {
		to := ""
		if s.Value != "" {
			to = " to " + s.Value
		}
		return "Set " + label + in + to + ", then send again."
	}
	if s.Value != "" {
		label += " " + s.Value
	}
	return strings.Replace(f.Fix, s.Words, label+in, 1)
}

// appFindings rewords the fixes of fs for the app, in a copy.
func appFindings(fs []checks.Finding, openKey string) []checks.Finding {
	out := make([]checks.Finding, len(fs))
	for i, f := range fs {
		f.Fix = appFix(f, openKey)
		out[i] = f
	}
	return out
}

// appReport is rep with its fixes worded for the app.
func appReport(rep checks.Report, openKey string) checks.Report {
	if rep.Findings != nil {
		rep.Findings = appFindings(rep.Findings, openKey)
	}
	return rep
}

// showReport puts a judgement in the checks pane with its fixes pointing
// at the Options section, not at curl's flags (every report the pane
// shows goes through here: a send's and the experiments' re-judging), and
// returns it as shown.
func (m *model) showReport(rep checks.Report, noAnswer string) checks.Report {
	rep = appReport(rep, m.optionsKey())
	m.chk.SetReport(rep, noAnswer)
	return rep
}

// optionsKey is the key that opens the Options section, as help shows it.
func (m *model) optionsKey() string { return keyName(m.keys.Options) }

// onOptionsRow reports whether row of the request pane's box (0: its top
// border) is one of the Options rows, which a click opens.
func (m *model) onOptionsRow(row int) bool {
	lines := m.req.View(m.styles)
	for i := row - 1; i >= 0 && i < len(lines); i-- {
		l := ansi.Strip(lines[i])
		switch {
		case strings.HasPrefix(l, " Options "):
			return true
		case !strings.HasPrefix(l, "         "):
			return false // not an Options row, nor one of its continuations
		}
	}
	return false
}
