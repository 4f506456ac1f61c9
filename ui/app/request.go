package app

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// field is a focus stop inside the request pane.
type field int

const (
	fieldURL field = iota
	fieldHeaders
	fieldToken
	fieldKeyName
	fieldBody
)

// scheme is how the token field travels.
type scheme int

const (
	schemeBearer scheme = iota
	schemeBasic
	schemeAPIKey
)

func (s scheme) String() string {
	switch s {
	case schemeBasic:
		return "Basic"
	case schemeAPIKey:
		return "API key"
	}
	return "Bearer"
}

var methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// maxEditableBody is the largest body edited in the textarea (which slows
// down with size); a bigger or non-text body is kept as loaded and shown
// read-only, because the textarea would drop its control bytes. ctrl+x
// edits a big text body in $EDITOR.
const maxEditableBody = 16 << 10

// maxURL caps the URL field.
const maxURL = 64 << 10

// headerRow is one line of the headers list; Off headers are kept but not
// sent.
type headerRow struct {
	probe.Header
	Off bool
}

// requestPane edits the request: method, URL, headers, token and body.
type requestPane struct {
	base    probe.Request // everything this pane does not edit (TLS, timeouts, ...)
	method  string
	url     textinput.Model
	headers []headerRow
	cursor  int

	editing bool
	editIdx int // -1: a new header
	edit    textinput.Model

	token   textinput.Model
	scheme  scheme
	keyName textinput.Model

	body        textarea.Model
	rawBody     []byte // a body the textarea cannot hold, sent as loaded
	rawBodyKept bool
	rawWhy      string // why the textarea cannot hold rawBody

	focus   field
	focused bool
	reveal  bool
	// urlEditing: the user has typed in the focused URL field, which then
	// shows the URL as typed; until then a URL with a secret stays masked.
	urlEditing bool
	width      int
	height     int
	// dirty is set by every change to what would be sent; the root
	// re-runs the preflight checks and clears it.
	dirty bool
	// invalid is probe.Validate's verdict on the request as edited.
	invalid *probe.ValidationError
	hint    string
	// cleaned counts the format characters replaced in the inputs and
	// note is a message for the footer; the root shows and clears both.
	cleaned int
	note    string
	// built is the request as edited, built once per change (changed,
	// Load): validation, the preflight and the root all read it.
	built probe.Request
	// builds counts Build calls, for the test that each change builds
	// once.
	builds int
	// maskedBody is the body with its secrets masked (a form password, a
	// JSON client_secret), worked out per change, shown while the body
	// field is not being edited; "" when masking changes nothing.
	maskedBody string
	// keys are the app's, for the keys its text names.
	keys *keyMap
}

func newInput(placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = 0
	return in
}

func newRequestPane(km *keyMap) requestPane {
	p := requestPane{method: http.MethodGet, editIdx: -1, keys: km}
	p.url = newInput("https://api.example.com/v1/orders")
	p.url.CharLimit = maxURL
	p.edit = newInput("Name: value")
	p.edit.CharLimit = maxURL
	p.token = newInput("token (none)")
	p.token.EchoMode = textinput.EchoPassword
	p.token.EchoCharacter = '•'
	p.keyName = newInput("X-API-Key")
	p.keyName.SetValue("X-API-Key")
	p.body = textarea.New()
	p.body.Prompt = ""
	p.body.ShowLineNumbers = false
	p.body.Placeholder = "(none)"
	p.body.MaxHeight = 0
	p.body.CharLimit = maxEditableBody
	p.Load(probe.NewRequest(""))
	return p
}

// Load puts req in the editor. A lone "Authorization: Bearer X" header
// (curl -H) becomes the token field, so that it is masked and its scheme
// explicit; the request sent stays the same apart from that header's place.
func (p *requestPane) Load(req probe.Request) {
	p.base = req
	p.method = req.Method
	if p.method == "" {
		p.method = http.MethodGet
	}
	u, n := visibleFormat(req.URL)
	p.cleaned += n
	p.url.SetValue(u)
	p.url.CursorEnd()
	p.headers = p.headers[:0]
	p.scheme = schemeBearer
	p.token.SetValue("")
	p.keyName.SetValue("X-API-Key")

	auths := 0
	for _, h := range req.Headers {
		if strings.EqualFold(h.Name, "Authorization") {
			auths++
		}
	}
	for _, h := range req.Headers {
		if auths == 1 && req.Auth == (probe.Credentials{}) && strings.EqualFold(h.Name, "Authorization") {
			if s, tok, ok := strings.Cut(h.Value, " "); ok && strings.EqualFold(s, "Bearer") && tok != "" && strings.TrimSpace(tok) == tok && textSafe(tok) {
				p.token.SetValue(tok)
				continue
			}
		}
		p.headers = append(p.headers, headerRow{Header: h})
	}
	switch {
	case req.Auth.Bearer != "":
		p.token.SetValue(req.Auth.Bearer)
	case req.Auth.HasBasic:
		p.scheme = schemeBasic
		p.token.SetValue(req.Auth.BasicUser + ":" + req.Auth.BasicPass)
	}
	p.cleaned += cleanInput(&p.token)
	p.token.CursorEnd()
	p.base.Headers = nil
	p.base.Auth = probe.Credentials{}

	p.putBody(req.Body)
	p.base.Body = nil
	p.cursor = 0
	p.editing = false
	p.dirty = true
	p.validate()
}

// putBody puts b in the textarea, or keeps it as is (sent as loaded)
// when the textarea cannot hold it, with the reason said once here rather
// than worked out again on every frame.
func (p *requestPane) putBody(b []byte) {
	p.rawBody, p.rawBodyKept, p.rawWhy = nil, false, ""
	if len(b) <= maxEditableBody && textSafe(string(b)) {
		p.body.SetValue(string(b))
		return
	}
	p.body.SetValue("")
	p.rawBody, p.rawBodyKept = b, true
	switch {
	case textSafe(string(b)):
		p.rawWhy = fmt.Sprintf("over %d KiB", maxEditableBody>>10)
	case utf8.Valid(b):
		p.rawWhy = "holds control or format characters"
	default:
		p.rawWhy = "not text"
	}
}

// SetBody replaces the body; one the textarea cannot hold (too big, or
// not text) is kept as is and sent as loaded, as in Load.
func (p *requestPane) SetBody(b []byte) {
	p.putBody(b)
	if p.rawBodyKept {
		p.body.Blur()
	}
	p.changed()
}

// textSafe: the inputs would keep s as is (valid UTF-8, no control
// characters but newline and tab) and could draw it (no format characters).
func textSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || isFormatChar(r) {
			return false
		}
	}
	return true
}

// secretHeaders names the headers that carry a secret whatever their
// name: those the loaded request named (a saved request's, a History
// entry's, kept in base by Load) and the token field's API-key header.
// Build and the pane's redactor both read it, so that every output masks
// them.
func (p *requestPane) secretHeaders() []string {
	names := slices.Clone(p.base.SecretHeaders)
	if p.scheme == schemeAPIKey && p.token.Value() != "" {
		name := p.apiKeyHeader()
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(strings.TrimSpace(n), name) }) {
			names = append(names, name)
		}
	}
	return names
}

// apiKeyHeader is the API-key header's name.
func (p *requestPane) apiKeyHeader() string {
	if name := strings.TrimSpace(p.keyName.Value()); name != "" {
		return name
	}
	return "X-API-Key"
}

// Build is the request as it would be sent now.
func (p *requestPane) Build() probe.Request {
	p.builds++
	req := p.base
	req.Method = p.method
	req.URL = p.url.Value()
	req.Headers = make([]probe.Header, 0, len(p.headers)+1)
	for _, h := range p.headers {
		if !h.Off {
			req.Headers = append(req.Headers, h.Header)
		}
	}
	if tok := p.token.Value(); tok != "" && !p.tokenOverridden() {
		switch p.scheme {
		case schemeBearer:
			req.Auth.Bearer = tok
		case schemeBasic:
			user, pass, _ := strings.Cut(tok, ":")
			req.Auth = probe.Credentials{BasicUser: user, BasicPass: pass, HasBasic: true}
		case schemeAPIKey:
			req.Headers = append(req.Headers, probe.Header{Name: p.apiKeyHeader(), Value: tok})
		}
	}
	switch {
	case p.rawBodyKept:
		req.Body = p.rawBody
	case p.body.Value() != "":
		req.Body = []byte(p.body.Value())
	}
	req.SecretHeaders = p.secretHeaders()
	return req
}

// tokenOverridden reports whether an enabled Authorization header takes
// the place of the token field (Bearer or Basic): the header is sent, the
// field is not, so that one credential goes out and the screen says which.
func (p *requestPane) tokenOverridden() bool {
	if p.scheme == schemeAPIKey || p.token.Value() == "" {
		return false
	}
	for _, h := range p.headers {
		if !h.Off && strings.EqualFold(h.Name, "Authorization") {
			return true
		}
	}
	return false
}

// Request is the request as edited, built at its last change.
func (p *requestPane) Request() probe.Request { return p.built }

// validate builds the request once after a change and judges it.
func (p *requestPane) validate() {
	p.built = p.Build()
	req := p.built
	p.maskedBody = ""
	if v := p.body.Value(); v != "" && !p.rawBodyKept {
		ct, _ := req.Header("Content-Type")
		if m := probe.NewRedactor(req, false).RequestBody(ct, []byte(v)); m != v {
			p.maskedBody = m
		}
	}
	p.invalid = nil
	var ve *probe.ValidationError
	if err := probe.Validate(&req); errors.As(err, &ve) {
		p.invalid = ve
	} else if err != nil {
		p.invalid = &probe.ValidationError{Field: "request", Reason: err.Error(), Header: -1}
	}
}

// invalidRow maps a header index of the built request back to a row of
// the list (disabled rows are not in the built request).
func (p *requestPane) invalidRow() int {
	if p.invalid == nil || p.invalid.Header < 0 {
		return -1
	}
	n := -1
	for i, h := range p.headers {
		if !h.Off {
			n++
		}
		if n == p.invalid.Header && !h.Off {
			return i
		}
	}
	return -1
}

// Typing reports whether keys go to a text field (so single-letter keys
// and ? / are text, not commands).
// Help is the pane's keys that apply where its focus is.
func (p *requestPane) Help(km keyMap) []key.Binding {
	var out []key.Binding
	if c := p.CycleHelp(); c != "" {
		b := km.Cycle
		b.SetHelp(b.Help().Key, c)
		out = append(out, b)
	}
	switch {
	case p.focus == fieldHeaders && p.editing:
		out = append(out, km.EndEditing)
	case p.focus == fieldHeaders:
		out = append(out, km.Toggle, km.Add, km.Edit, km.Delete, km.Up, km.Down)
	case p.focus == fieldBody && p.focused:
		out = append(out, km.EditBody)
	}
	return out
}

func (p *requestPane) Typing() bool {
	return p.focused && (p.focus != fieldHeaders || p.editing)
}

func (p *requestPane) stops() []field {
	if p.scheme == schemeAPIKey {
		return []field{fieldURL, fieldHeaders, fieldToken, fieldKeyName, fieldBody}
	}
	return []field{fieldURL, fieldHeaders, fieldToken, fieldBody}
}

// Move moves the focus by one stop; it reports false when it would leave
// the pane (the root then focuses the next pane).
func (p *requestPane) Move(delta int) bool {
	if p.editing {
		p.commitEdit()
	}
	st := p.stops()
	i := 0
	for j, f := range st {
		if f == p.focus {
			i = j
		}
	}
	i += delta
	if i < 0 || i >= len(st) {
		return false
	}
	p.setFocus(st[i])
	return true
}

// FocusAt focuses the pane on its first (or last) stop.
func (p *requestPane) FocusAt(last bool) tea.Cmd {
	p.focused = true
	st := p.stops()
	f := st[0]
	if last {
		f = st[len(st)-1]
	}
	return p.setFocus(f)
}

func (p *requestPane) Blur() {
	if p.editing {
		p.commitEdit()
	}
	p.focused = false
	p.urlEditing = false
	p.url.Blur()
	p.token.Blur()
	p.keyName.Blur()
	p.body.Blur()
	p.edit.Blur()
}

func (p *requestPane) setFocus(f field) tea.Cmd {
	p.focused = true
	p.focus = f
	p.urlEditing = false
	p.url.Blur()
	p.token.Blur()
	p.keyName.Blur()
	p.body.Blur()
	switch f {
	case fieldURL:
		return p.url.Focus()
	case fieldToken:
		return p.token.Focus()
	case fieldKeyName:
		return p.keyName.Focus()
	case fieldBody:
		if !p.rawBodyKept {
			return p.body.Focus()
		}
	}
	return nil
}

// Cycle changes the method (URL focused) or the token scheme (token
// focused).
func (p *requestPane) Cycle() {
	switch p.focus {
	case fieldToken, fieldKeyName:
		p.scheme = (p.scheme + 1) % 3
		if p.scheme != schemeAPIKey && p.focus == fieldKeyName {
			p.setFocus(fieldToken)
		}
	default:
		i := 0
		for j, m := range methods {
			if m == p.method {
				i = j + 1
			}
		}
		p.method = methods[i%len(methods)]
	}
	p.changed()
}

// CycleHelp names what Cycle changes where the focus is, or "" when it
// does nothing there.
func (p *requestPane) CycleHelp() string {
	if !p.focused {
		return ""
	}
	switch p.focus {
	case fieldURL:
		return "method"
	case fieldToken, fieldKeyName:
		return "token scheme"
	}
	return ""
}

func (p *requestPane) SetReveal(on bool) {
	p.reveal = on
	if on {
		p.token.EchoMode = textinput.EchoNormal
	} else {
		p.token.EchoMode = textinput.EchoPassword
	}
}

func (p *requestPane) changed() {
	p.dirty = true
	p.validate()
}

func (p *requestPane) SetSize(w, h int) {
	p.width, p.height = w, h
	iw := max(1, w-3)
	p.url.SetWidth(max(1, iw-len(p.method)-3))
	if !(p.focused && p.focus == fieldURL) {
		// the offset kept from a narrower field would hide the scheme and
		// host when focus comes back: start over from the end
		p.url.CursorStart()
		p.url.CursorEnd()
	}
	p.edit.SetWidth(max(1, iw-6))
	p.token.SetWidth(max(1, iw-16))
	p.keyName.SetWidth(max(1, iw-16))
	p.body.SetWidth(max(1, iw-2))
}

// Update handles a key or paste for the focused field.
func (p requestPane) Update(msg tea.Msg, km keyMap) (requestPane, tea.Cmd) {
	if !p.focused {
		return p, nil
	}
	if p.focus == fieldHeaders {
		return p.updateHeaders(msg, km)
	}
	var cmd tea.Cmd
	switch p.focus {
	case fieldURL:
		p.urlEditing = true
		cmd = p.updateInput(&p.url, msg)
	case fieldToken:
		cmd = p.updateInput(&p.token, msg)
	case fieldKeyName:
		cmd = p.updateInput(&p.keyName, msg)
	case fieldBody:
		if p.rawBodyKept {
			if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "backspace" || k.String() == "delete") {
				// the only edit of a body the textarea cannot hold: drop it
				p.rawBody, p.rawBodyKept = nil, false
				p.changed()
				return p, p.body.Focus()
			}
			return p, nil
		}
		before := p.body.Value()
		if paste, ok := msg.(tea.PasteMsg); ok && len(before)+len(paste.Content) > maxEditableBody {
			// too big for the textarea: kept as is, read-only (ctrl+x edits it)
			p.SetBody([]byte(before + paste.Content))
			p.note = fmt.Sprintf("the body is now %d bytes, over %d KiB: kept as pasted and read-only here; %s edits it in $EDITOR", len(before)+len(paste.Content), maxEditableBody>>10, keyName(km.EditBody))
			return p, nil
		}
		p.body, cmd = p.body.Update(msg)
		p.cleaned += cleanArea(&p.body)
		if p.body.Value() != before {
			p.changed()
		}
	}
	return p, cmd
}

func (p requestPane) updateHeaders(msg tea.Msg, km keyMap) (requestPane, tea.Cmd) {
	if p.editing {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			switch k.String() {
			case "enter":
				p.commitEdit()
				return p, nil
			case "esc":
				p.editing = false
				p.edit.Blur()
				return p, nil
			}
		}
		var cmd tea.Cmd
		p.edit, cmd = p.edit.Update(msg)
		p.cleaned += cleanInput(&p.edit)
		return p, cmd
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if paste, ok := msg.(tea.PasteMsg); ok {
			// a pasted "Name: value" becomes a new header
			cmd := p.startEdit(-1, "")
			p.edit, _ = p.edit.Update(paste)
			p.cleaned += cleanInput(&p.edit)
			return p, cmd
		}
		return p, nil
	}
	switch {
	case key.Matches(k, km.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(k, km.Down):
		p.cursor = min(len(p.headers), p.cursor+1) // len: the "add" row
	case key.Matches(k, km.Toggle):
		if p.cursor < len(p.headers) {
			p.headers[p.cursor].Off = !p.headers[p.cursor].Off
			p.changed()
		}
	case key.Matches(k, km.Add):
		return p, p.startEdit(-1, "")
	case key.Matches(k, km.Edit):
		if p.cursor < len(p.headers) {
			h := p.headers[p.cursor]
			return p, p.startEdit(p.cursor, h.Name+": "+h.Value)
		}
		return p, p.startEdit(-1, "")
	case key.Matches(k, km.Delete), k.String() == "backspace":
		if p.cursor < len(p.headers) {
			p.headers = append(p.headers[:p.cursor], p.headers[p.cursor+1:]...)
			p.cursor = min(p.cursor, len(p.headers))
			p.changed()
		}
	}
	return p, nil
}

func (p *requestPane) startEdit(idx int, value string) tea.Cmd {
	p.editing = true
	p.editIdx = idx
	p.edit.SetValue(value)
	p.cleaned += cleanInput(&p.edit)
	p.edit.CursorEnd()
	return p.edit.Focus()
}

// commitEdit turns "Name: value" into a header; an empty line deletes the
// header being edited.
func (p *requestPane) commitEdit() {
	p.editing = false
	p.edit.Blur()
	line := p.edit.Value()
	name, value, _ := strings.Cut(line, ":")
	name = strings.TrimSpace(name)
	value = strings.TrimLeft(value, " \t")
	switch {
	case name == "" && p.editIdx >= 0:
		p.headers = append(p.headers[:p.editIdx], p.headers[p.editIdx+1:]...)
	case name == "":
		return
	case p.editIdx >= 0 && p.editIdx < len(p.headers):
		p.headers[p.editIdx].Header = probe.Header{Name: name, Value: value}
	default:
		p.headers = append(p.headers, headerRow{Header: probe.Header{Name: name, Value: value}})
		p.cursor = len(p.headers) - 1
	}
	p.cursor = min(p.cursor, len(p.headers))
	p.changed()
}

// View draws the pane's inner lines (no border) at the pane's size.
func (p *requestPane) View(s Styles) []string {
	iw := max(1, p.width-3)
	ih := max(1, p.height-2)
	var out []string
	add := func(l string) { out = append(out, l) }

	marker := func(f field) string {
		if p.focused && p.focus == f {
			return s.TitleOn.Render("›")
		}
		return " "
	}

	// Method and URL
	urlView := scrolledView(p.url, max(1, iw-len(p.method)-2), s.Dim, !p.urlEditing)
	if !(p.focused && p.focus == fieldURL) || !p.reveal && !p.urlEditing && p.urlHasSecret() {
		u := p.redactor().URL(p.url.Value())
		urlView = ansi.Truncate(escape.Line(u), max(1, iw-len(p.method)-2), "…")
		if u == "" {
			urlView = s.Dim.Render(p.url.Placeholder)
		}
	}
	add(marker(fieldURL) + s.Method.Render(p.method) + " " + urlView)
	if p.invalid != nil && p.invalidRow() < 0 {
		// the error quotes the URL as typed: a pasted command's JWT too
		for _, l := range wrapPlain("✗ "+escape.Line(p.redactor().Text(p.invalid.Error())), iw-1) {
			add(" " + s.Error.Render(l))
		}
	}

	// Headers
	red := p.redactor()
	add(marker(fieldHeaders) + s.Bold.Render("Headers"))
	bad := p.invalidRow()
	for i, h := range p.headers {
		box := "[x]"
		if h.Off {
			box = "[ ]"
		}
		value := red.RequestHeader(h.Name, h.Value)
		line := box + " " + escape.Line(h.Name) + ": " + escape.Line(value)
		if p.editing && p.editIdx == i {
			line = box + " " + scrolledView(p.edit, max(1, iw-6), s.Dim, false)
		}
		line = ansi.Truncate(line, iw-2, "…")
		switch {
		case p.focused && p.focus == fieldHeaders && p.cursor == i && !p.editing:
			line = s.Selected.Render(line)
		case h.Off:
			line = s.Skip.Render(line)
		case i == bad:
			line = s.Error.Render(line)
		}
		add("  " + line)
		if i == bad {
			for _, l := range wrapPlain("✗ "+escape.Line(p.redactor().Text(p.invalid.Reason)), iw-4) {
				add("    " + s.Error.Render(l))
			}
		}
	}
	if p.editing && p.editIdx < 0 {
		add("  [+] " + scrolledView(p.edit, max(1, iw-6), s.Dim, false))
	} else {
		addRow := s.Dim.Render("+ add header")
		if p.focused && p.focus == fieldHeaders && p.cursor == len(p.headers) {
			addRow = s.Selected.Render("+ add header")
		}
		add("  " + addRow)
	}

	// Token
	tokenView := s.Dim.Render("(none)")
	switch {
	case p.focused && (p.focus == fieldToken):
		tokenView = p.token.View()
	case p.token.Value() != "" && p.reveal:
		tokenView = escape.Line(p.token.Value())
	case p.token.Value() != "":
		tokenView = escape.Line(probe.MaskSecret(p.token.Value()))
	}
	add(marker(fieldToken) + s.Bold.Render("Token") + " " + s.Method.Render(p.scheme.String()) + " " + tokenView)
	if p.tokenOverridden() {
		add("  " + s.Warn.Render(ansi.Truncate("not sent: the Authorization header is", max(1, iw-2), "…")))
	}
	if p.scheme == schemeAPIKey {
		kv := escape.Line(p.keyName.Value())
		if p.focused && p.focus == fieldKeyName {
			kv = p.keyName.View()
		}
		add(marker(fieldKeyName) + "  header " + kv)
	}

	out = append(out, p.optionsLines(s, iw, keyName(p.keys.Options))...)

	// Body
	bodyTitle := marker(fieldBody) + s.Bold.Render("Body")
	if p.hint != "" {
		bodyTitle += " " + s.Warn.Render("! "+escape.Line(p.hint))
	}
	add(bodyTitle)
	rest := ih - len(out)
	switch {
	case p.rawBodyKept:
		for _, l := range wrapPlain(fmt.Sprintf("%d bytes, %s: read-only here, sent as loaded; %s edits it in $EDITOR, backspace drops it", len(p.rawBody), p.rawWhy, keyName(p.keys.EditBody)), iw-2) {
			add("  " + s.Dim.Render(l))
		}
	case rest >= 1 && p.body.Value() == "" && !p.body.Focused():
		// the textarea's own placeholder view draws every row of its
		// height: a quarter of a frame, for one dim word
		add(" " + s.Dim.Render(p.body.Placeholder))
	case rest >= 1 && p.maskedBody != "" && !p.reveal && !(p.focused && p.focus == fieldBody):
		// its secrets masked, as everywhere else, until it is edited
		for _, l := range strings.Split(p.maskedBody, "\n") {
			for _, w := range wrapPlain(escape.Line(l), max(1, iw-2)) {
				if len(out) < ih {
					add(" " + w)
				}
			}
		}
	case rest >= 1:
		p.body.SetHeight(max(1, rest))
		for _, l := range strings.Split(p.body.View(), "\n") {
			add(" " + l)
		}
	}
	return out
}

// wrapPlain wraps plain (already escaped) text at width, at spaces only:
// a hyphen inside a word (--oauth2-bearer, X-Api-Key) is no place to
// break. A word longer than a whole row is cut into rows.
func wrapPlain(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	if ansi.StringWidth(s) <= width {
		return []string{s}
	}
	var out []string
	var row strings.Builder
	col := 0
	for i, w := range strings.Split(s, " ") {
		ww := ansi.StringWidth(w)
		switch {
		case i == 0:
		case col+1+ww <= width:
			row.WriteByte(' ')
			col++
		default:
			out = append(out, row.String())
			row.Reset()
			col = 0
		}
		for ww > width-col && ww > 0 && col == 0 && ww > width {
			// a word longer than a row: cut it
			out = append(out, ansi.Truncate(w, width, ""))
			w = ansi.TruncateLeft(w, width, "")
			ww = ansi.StringWidth(w)
		}
		row.WriteString(w)
		col += ww
	}
	return append(out, row.String())
}

// updateInput passes msg to a one-line field, cleans what it now holds
// (format characters become visible escapes) and marks the request
// changed when its value did.
func (p *requestPane) updateInput(in *textinput.Model, msg tea.Msg) tea.Cmd {
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	p.cleaned += cleanInput(in)
	if in.Value() != before {
		p.changed()
	}
	return cmd
}

// urlHasSecret reports a URL whose shown form masks something (a token in
// the query, a password): focused, it stays masked until the user edits
// it, as the title bar shows it, so that a glance never shows the secret.
func (p *requestPane) urlHasSecret() bool {
	u := p.url.Value()
	return p.redactor().URL(u) != u
}

// redactor masks what the editor shows of the request being edited: the
// headers the token field makes secret (the API-key header) and the
// reveal setting. It is built without the request's sent values, which
// only a server's answer can echo.
func (p *requestPane) redactor() probe.Redactor {
	return probe.NewRedactor(probe.Request{SecretHeaders: p.secretHeaders()}, p.reveal)
}
