package app

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/probe/curlpaste"
	"github.com/why403/why403/probe/dartcall"
	"github.com/why403/why403/ui/escape"
)

// A curl command comes in two ways: pasted into the URL field (a
// bracketed paste whose first word is curl), or pasted or typed into the
// import box (ctrl+p). Either way it is parsed in a command, because
// curlargs reads the files a command names (-d @body.json, -H @file), and
// the whole request is replaced only when it parses; an error goes to the
// status line and nothing changes. The files a pasted command would read
// are named first and read only once the user says yes: pasted text comes
// from tickets and chats, and -H @/etc/shadow would send that file.

// maxPaste bounds the import box: a curl command, not a data set.
const maxPaste = 1 << 20

// curlImportMsg is a pasted curl command, parsed.
type curlImportMsg struct {
	parsed curlargs.Parsed
	err    error
	// fromBox: the command came from the import box, which stays open on
	// an error so that the command can be fixed.
	fromBox bool
	// cmd is the command as pasted, parsed again once reading the files
	// it names is allowed.
	cmd string
	// dart names the client of an imported Dart call ("dart", "dio");
	// "" for a curl command.
	dart string
}

// filesConsent is a pasted command waiting for the user to allow the
// local files it names to be read.
type filesConsent struct {
	cmd     string
	fromBox bool
	files   *curlargs.FilesError
}

// filesDialog is a filesConsent asked in the footer.
type filesDialog struct{ c filesConsent }

// prompt is the question in the footer.
func (d filesDialog) prompt(m model) string {
	// the question first: a long list is cut at the screen's edge
	return m.styles.Warn.Render("Read the local files the pasted command names? y/enter · esc: cancel · " + escape.Line(d.c.files.List()))
}

func (filesDialog) help() []key.Binding {
	return []key.Binding{dlgYes, dlgCancel}
}

// paste: a question is open, a paste answers nothing.
func (filesDialog) paste(*model, tea.PasteMsg) tea.Cmd { return nil }

// importDialog is the import box (ctrl+p): the command as pasted or typed
// so far.
type importDialog struct {
	text string
}

func (importDialog) title() string { return "Paste a curl command · enter import · esc close" }

func (importDialog) help() []key.Binding {
	return []key.Binding{dlgEnter("import"), key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear")), dlgEsc}
}

func (d importDialog) paste(m *model, msg tea.PasteMsg) tea.Cmd {
	d.appendText(m, normalizePaste(msg.Content))
	return nil
}

// importing is the open import box, if it is open.
func (m *model) importing() (importDialog, bool) {
	d, ok := m.overlay.(importDialog)
	return d, ok
}

// isCurlCommand reports whether pasted text is a curl command (its first
// word curl or curl.exe, after a "$ " prompt) rather than a URL.
func isCurlCommand(s string) bool {
	s = strings.TrimLeft(s, " \t\r\n")
	if rest, ok := strings.CutPrefix(s, "$ "); ok {
		s = strings.TrimLeft(rest, " \t")
	}
	i := strings.IndexAny(s, " \t\r\n")
	if i < 0 {
		return false
	}
	return s[:i] == "curl" || strings.EqualFold(s[:i], "curl.exe")
}

// normalizePaste turns a terminal's line ends into newlines: many send a
// pasted line end as CR, which bash would read as part of a word.
func normalizePaste(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// importCurl parses cmd off the Update loop; the files it names are read
// only with allowFiles.
func importCurl(cmd string, fromBox, allowFiles bool) tea.Cmd {
	return func() tea.Msg {
		parse := curlpaste.Parse
		if allowFiles {
			parse = curlpaste.ParseWithFiles
		}
		text := normalizePaste(cmd)
		if !isCurlCommand(text) {
			if msg, ok := importDart(text, fromBox, cmd); ok {
				return msg
			}
		}
		parsed, err := parse(text)
		return curlImportMsg{parsed: parsed, err: err, fromBox: fromBox, cmd: cmd}
	}
}

// importDart reads a pasted Dart http or dio call as that client would
// send it (nothing in it is run); ok is false when the text holds none,
// so that it is read as a curl command. Names the code does not define
// are named in the error: the box stays open to replace them.
func importDart(text string, fromBox bool, cmd string) (curlImportMsg, bool) {
	call, err := dartcall.Parse(text, nil)
	if errors.Is(err, dartcall.ErrNoCall) {
		return curlImportMsg{}, false
	}
	msg := curlImportMsg{fromBox: fromBox, cmd: cmd, dart: call.Client}
	if err == nil {
		msg.parsed.Request, err = call.Request()
		var unknown *dartcall.UnknownError
		if errors.As(err, &unknown) {
			err = fmt.Errorf("the Dart code uses names it does not define: %s; put their values in the pasted code", strings.Join(unknown.Names, ", "))
		}
	}
	msg.err = err
	return msg, true
}

// update answers the question whether to read the files a pasted
// command names: y or enter reads them and imports, esc imports nothing;
// any other key leaves the question open. The import box, if the command
// came from it, comes back while the command is parsed again.
func (d filesDialog) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	c := d.c
	switch k.String() {
	case "y", "Y", "enter":
		m.closeDialog()
		if c.fromBox {
			m.openDialog(importDialog{text: c.cmd})
		}
		return importCurl(c.cmd, c.fromBox, true)
	case "esc":
		m.closeDialog()
		if c.fromBox {
			m.openDialog(importDialog{text: c.cmd})
		}
		m.setNotice("curl command not imported: it reads local files", false)
	}
	return nil
}

// paste routes a bracketed paste: into the import box when it is open, as
// an import when it is a curl command pasted into the URL field, else to
// the focused field.
func (m *model) paste(msg tea.PasteMsg) tea.Cmd {
	if m.overlay != nil {
		// a paste goes to the dialog that takes one, never to the field
		// behind a dialog
		if t, ok := m.overlay.(pasteTarget); ok {
			return t.paste(m, msg)
		}
		return nil
	}
	switch {
	case m.focus == paneRequest && m.req.focused && m.req.focus == fieldURL && isCurlCommand(msg.Content):
		return importCurl(msg.Content, false, false)
	}
	return m.toFocused(msg)
}

// appendText adds s to the box's text, up to maxPaste.
func (d importDialog) appendText(m *model, s string) {
	if len(d.text)+len(s) > maxPaste {
		m.setNotice(fmt.Sprintf("not added: a curl command of over %d KiB is not one to paste here", maxPaste>>10), true)
		return
	}
	d.text += s
	m.overlay = d
}

// typedCurl is enter in a URL field that holds a curl command: a paste
// the terminal sent as keys (no bracketed paste) carries its own line
// ends. A line that ends in a backslash goes on: the command moves to the
// import box, where the rest of the paste lands and its last enter
// imports it. Otherwise the command is imported as it is (the files it
// names are read only once allowed). Nothing is sent.
func (m *model) typedCurl(v string) tea.Cmd {
	if strings.HasSuffix(strings.TrimRight(v, " "), "\\") {
		m.openDialog(importDialog{text: v + "\n"})
		m.setNotice("a curl command arriving as keys: it goes on in the import box; enter imports it", false)
		return nil
	}
	return importCurl(v, false, false)
}

// openImport opens the import box, empty.
func (m *model) openImport() {
	m.openDialog(importDialog{})
	m.setNotice("paste a curl command (Copy as cURL (bash)) or a Dart http/dio call, then enter", false)
}

// update handles a key while the import box is open: enter imports,
// esc (or ctrl+p again) closes, ctrl+u clears, backspace deletes, and
// other printable keys type.
func (d importDialog) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, m.keys.Import) {
		m.closeDialog() // the key that opened it, whichever it is
		return nil
	}
	switch k.String() {
	case "esc":
		m.closeDialog()
		return nil
	case "enter":
		if strings.TrimSpace(d.text) == "" {
			m.setNotice("nothing to import: paste a curl command first", true)
			return nil
		}
		return importCurl(d.text, true, false)
	case "ctrl+u":
		d.text = ""
		m.overlay = d
		return nil
	case "backspace":
		if t := d.text; t != "" {
			_, n := utf8.DecodeLastRuneInString(t)
			d.text = t[:len(t)-n]
		}
		m.overlay = d
		return nil
	}
	if k.Text != "" && k.Mod&^tea.ModShift == 0 {
		d.appendText(m, k.Text)
	}
	return nil
}

// imported replaces the whole request by an imported one, or shows why
// it could not be.
func (m *model) imported(msg curlImportMsg) tea.Cmd {
	var files *curlargs.FilesError
	if errors.As(msg.err, &files) {
		m.openDialog(filesDialog{c: filesConsent{cmd: msg.cmd, fromBox: msg.fromBox, files: files}})
		return nil
	}
	if msg.err != nil {
		// it may quote the command
		why := probe.NewRedactor(probe.Request{}, m.reveal).Text(msg.err.Error())
		what := "curl command"
		if msg.dart != "" {
			what = "Dart call"
		}
		m.setNotice(what+" not imported: "+why, true)
		return nil
	}
	if _, ok := m.importing(); ok {
		m.closeDialog()
	}
	m.req.Load(msg.parsed.Request)
	m.setNotice(m.importSummary(msg.parsed, msg.dart), false)
	// The URL field is sized for the method it had, and a focused field
	// keeps its scroll offset: size it again unfocused, then show the URL
	// from its scheme and host.
	m.req.Blur()
	m.layout()
	cmd := m.setFocus(paneRequest, false)
	m.req.url.CursorStart()
	return cmd
}

// importSummary is the one status line that says what was imported.
func (m *model) importSummary(p curlargs.Parsed, dart string) string {
	req := m.req.Request()
	red := probe.NewRedactor(req, m.reveal)
	u := red.URL(req.URL)
	what := "curl"
	if dart != "" {
		what = "a Dart call, as " + dart + " sends it"
	}
	parts := []string{"imported " + what + ": " + req.Method + " " + u}
	on := 0
	for _, h := range m.req.headers {
		if !h.Off {
			on++
		}
	}
	parts = append(parts, fmt.Sprintf("%d header(s)", on))
	if m.req.token.Value() != "" {
		parts = append(parts, m.req.scheme.String()+" token")
	}
	if req.Body != nil {
		parts = append(parts, fmt.Sprintf("body %d bytes", len(req.Body)))
	}
	for _, w := range p.Warnings {
		// A pasted command never was on a command line: that warning is
		// for argv only.
		if strings.Contains(w, "on the command line") {
			continue
		}
		parts = append(parts, "note: "+red.Text(w))
		break
	}
	return strings.Join(parts, " · ") + " · " + keyName(m.keys.Send) + " to send"
}

// Patterns of the secrets a pasted command shows in the import box: a
// credential header's value, a cookie, a user:password, a bearer token,
// a URL (whose password and secret query parameters MaskURL hides).
// They are compiled at the first paste, not when the app starts.
var pastedSecrets = sync.OnceValue(func() (p struct{ header, flag, url *regexp.Regexp }) {
	p.header = regexp.MustCompile(`([A-Za-z0-9_-]+)(\s*:\s*)([^'"\\\n]*)`)
	p.flag = regexp.MustCompile(`(-b|--cookie|-u|--user|--oauth2-bearer)(\s+|=)(\$?'[^']*'|"[^"]*"|[^\s'"\\]+)`)
	p.url = regexp.MustCompile(`https?://[^\s'"\\]+`)
	return p
})

// maskPasted hides the secrets of one line of a pasted command, for the
// import box only: what is imported is the command as pasted.
func maskPasted(line string) string {
	re := pastedSecrets()
	line = re.url.ReplaceAllStringFunc(line, probe.MaskURL)
	var red probe.Redactor // masks; no request is built yet
	line = re.header.ReplaceAllStringFunc(line, func(s string) string {
		g := re.header.FindStringSubmatch(s)
		if g[3] == "" || !red.IsSecretRequestHeader(g[1], g[3]) {
			return s
		}
		return g[1] + g[2] + red.RequestHeader(g[1], g[3])
	})
	line = re.flag.ReplaceAllStringFunc(line, func(s string) string {
		g := re.flag.FindStringSubmatch(s)
		v, open, end := g[3], "", ""
		if i := strings.IndexAny(v, `'"`); i >= 0 && len(v) >= i+2 {
			v, open, end = v[i+1:len(v)-1], v[:i+1], v[len(v)-1:]
		}
		if v == "" {
			return s
		}
		if g[1] == "-b" || g[1] == "--cookie" {
			v = probe.MaskHeaderValue("Cookie", v) // the names are evidence
		} else {
			v = probe.MaskSecret(v)
		}
		return g[1] + g[2] + open + v + end
	})
	return probe.MaskJWTs(line)
}

// lines draws the import box's inside: the command's last lines
// (escaped, secrets masked unless revealed) and a cursor.
func (d importDialog) lines(m model, width, height int) []string {
	s := m.styles
	if d.text == "" {
		return []string{
			s.Dim.Render("Paste a curl command here: in the browser's network panel,"),
			s.Dim.Render("right-click a request › Copy › Copy as cURL (bash)."),
			"",
			s.Dim.Render("Nothing in it is expanded or run: a $VARIABLE or $(command)"),
			s.Dim.Render("is refused. enter imports · ctrl+u clears · esc closes"),
		}
	}
	// From the end, only as many lines as the box shows: a pasted command
	// can be a megabyte, and this runs on every frame.
	var out []string
	rest := d.text
	for first := true; len(out) < height && (first || rest != ""); first = false {
		l := rest
		if i := strings.LastIndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[i+1:], rest[:i]
		} else {
			rest = ""
		}
		if !m.reveal {
			l = maskPasted(l)
		}
		rows := wrapPlain(escape.Line(l), max(1, width))
		if first {
			rows[len(rows)-1] += "▏"
		}
		out = append(rows, out...)
	}
	if len(out) > height {
		out = out[len(out)-height:]
	}
	return out
}
