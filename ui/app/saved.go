package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/store"
)

// This file is what the app keeps between runs (ui/store): the history of
// sends, loaded at start and written after each send, and requests saved
// under a name (ctrl+t saves, ctrl+l opens the picker). Every store call
// runs in a tea.Cmd; the app works without a store and says so once.

// pastLimit is how many sends of earlier runs the History tab loads.
const pastLimit = 200

// savedState is the store and its two dialogs.
type savedState struct {
	// open opens the store; nil: none (tests, or no user directory).
	open func() (*store.Store, error)
	st   *store.Store
	// failed is set when the store could not be opened: it was said once.
	failed bool
}

// savedPicker is ctrl+l: the saved requests, enter opens one.
type savedPicker struct {
	loading    bool
	list       []store.Listed
	filterList // over list
}

func (p *savedPicker) refilter() {
	p.filterList.refilter(len(p.list), func(i int) bool {
		l := p.list[i]
		return matches(p.filter, l.Name, l.Method, l.URL)
	})
}

func (p savedPicker) title() string {
	if p.filter != "" {
		return fmt.Sprintf("Saved requests · filter %q · %d shown · esc close", p.filter, len(p.shown))
	}
	return "Saved requests · type to filter · enter open · esc close"
}

func (savedPicker) help() []key.Binding {
	return []key.Binding{dlgEnter("open"), dlgUp, dlgDown, dlgFilter, dlgEsc}
}

// saveNamer is ctrl+t: the name prompt in the footer.
type saveNamer struct {
	name textinput.Model
	// err is why the name typed was refused, shown beside the prompt (the
	// status line is under it).
	err string
}

func (saveNamer) help() []key.Binding {
	return []key.Binding{dlgEnter("save"), dlgCancel}
}

// paste: a name pasted into the prompt, not into the field behind it.
func (d saveNamer) paste(m *model, msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	d.name, cmd = d.name.Update(msg)
	m.overlay = d
	return cmd
}

// Messages of the store commands.
type (
	storeOpenedMsg struct {
		st   *store.Store
		past []store.Entry
		err  error
	}
	historyWrittenMsg struct{ err error }
	savedListMsg      struct {
		list []store.Listed
		err  error
	}
	savedLoadedMsg struct {
		saved store.Saved
		err   error
	}
	savedWrittenMsg struct {
		name    string
		removed []string
		err     error
		// damaged: saved in a fresh file, the damaged one moved aside
		damaged *store.DamagedError
	}
)

// openStoreCmd opens the store and reads the history off the first frame.
func (s *savedState) openStoreCmd(ctx context.Context) tea.Cmd {
	open := s.open
	if open == nil {
		return nil
	}
	return func() tea.Msg {
		st, err := open()
		if err != nil {
			return storeOpenedMsg{err: err}
		}
		past, err := st.History(ctx, pastLimit)
		return storeOpenedMsg{st: st, past: past, err: err}
	}
}

// storeMsg handles the results of the store commands.
func (m *model) storeMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case storeOpenedMsg:
		if msg.st == nil {
			m.saved.failed = true
			m.setNotice("history and saved requests are off: "+msg.err.Error(), true)
			return nil
		}
		m.saved.st = msg.st
		if msg.err != nil {
			m.setNotice("reading the history: "+msg.err.Error(), true)
		}
		past := make([]historyEntry, 0, len(msg.past))
		for _, e := range msg.past {
			past = append(past, historyEntry{
				req: withSecretHeaders(e.Request, e.Secret), at: e.At, likely: e.Likely, past: true,
				summary: sendSummary{method: e.Request.Method, url: e.Request.URL, status: e.Status, reason: e.Reason, total: e.Took, err: e.Err},
			})
		}
		// sends made before the store answered stay after the earlier runs'
		if len(m.history) > 0 {
			m.history[0].diffed = false // its predecessor is now an earlier run's
		}
		m.history = append(past, m.history...)
		m.hc.shift(len(past))
		diffHistory(m.history)
		m.histAt = len(m.history) - 1
		m.refreshHistory()
	case historyWrittenMsg:
		var dmg *store.DamagedError
		if errors.As(msg.err, &dmg) {
			// recorded, in a fresh file: say so, the store stays on
			m.setNotice(dmg.Error(), true)
			return nil
		}
		if msg.err != nil && !m.saved.failed {
			m.saved.failed = true
			m.setNotice("history not saved: "+msg.err.Error(), true)
		}
	case savedListMsg:
		p, ok := m.overlay.(savedPicker)
		if !ok {
			return nil // closed before the list came
		}
		p.loading = false
		var dmg *store.DamagedError
		if errors.As(msg.err, &dmg) {
			m.setNotice(dmg.Error(), true) // listed, from a fresh file
		} else if msg.err != nil {
			m.closeDialog()
			m.setNotice("listing saved requests: "+msg.err.Error(), true)
			return nil
		}
		p.list = msg.list
		p.refilter()
		m.overlay = p
	case savedLoadedMsg:
		if msg.err != nil {
			m.setNotice(msg.err.Error(), true)
			return nil
		}
		return m.loadSaved(msg.saved)
	case savedWrittenMsg:
		switch {
		case msg.damaged != nil:
			m.setNotice("saved "+msg.name+", but "+msg.damaged.Error(), true)
		case msg.err != nil:
			m.setNotice("not saved: "+msg.err.Error(), true)
		case len(msg.removed) > 0:
			m.setNotice("saved "+msg.name+" without "+strings.Join(msg.removed, ", ")+" (why403 save --keep-secrets keeps them)", false)
		default:
			m.setNotice("saved "+msg.name+" · "+keyName(m.keys.OpenSaved)+" opens it", false)
		}
	}
	return nil
}

// recordSend writes a send to the history, masked, in a command. It runs
// after received, so m.last is this send's summary (reason and error
// already masked).
func (m *model) recordSend(msg sentMsg) tea.Cmd {
	st := m.saved.st
	if st == nil || m.last == nil {
		return nil
	}
	e := store.Entry{At: msg.at, Request: msg.req, Secret: msg.req.SecretHeaders, Took: msg.ex.Timing.Total, Stack: msg.rep.Stack,
		Status: m.last.status, Reason: m.last.reason, Err: m.last.err}
	if len(msg.rep.Likely) > 0 {
		e.Likely = msg.rep.Likely[0]
	}
	ctx := m.ctx
	return func() tea.Msg { return historyWrittenMsg{err: st.AddHistory(ctx, e)} }
}

// noStore says why a store key does nothing.
func (m *model) noStore() tea.Cmd {
	if m.saved.failed {
		m.setNotice("saved requests are off: the store could not be opened", true)
	} else {
		m.setNotice("saved requests are not available yet", false)
	}
	return nil
}

// openSavedPicker lists the saved requests (in a command) and shows the
// picker.
func (m *model) openSavedPicker() tea.Cmd {
	st := m.saved.st
	if st == nil {
		return m.noStore()
	}
	m.openDialog(savedPicker{loading: true})
	ctx := m.ctx
	return func() tea.Msg {
		list, err := st.ListRequests(ctx)
		return savedListMsg{list: list, err: err}
	}
}

// startSaveAs opens the name prompt.
func (m *model) startSaveAs() tea.Cmd {
	if m.saved.st == nil {
		return m.noStore()
	}
	in := textinput.New()
	in.Prompt = "save as: "
	in.Placeholder = "name (A-Z a-z 0-9 . _ -)"
	in.CharLimit = 64
	d := saveNamer{name: in}
	cmd := d.name.Focus()
	m.openDialog(d)
	return cmd
}

// update: enter saves, esc cancels, other keys type the name.
func (d saveNamer) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.closeDialog()
		return nil
	case "enter":
		return m.saveAs(strings.TrimSpace(d.name.Value()))
	}
	var cmd tea.Cmd
	d.name, cmd = d.name.Update(k)
	d.err = ""
	m.overlay = d
	return cmd
}

// update: the picker's keys.
func (p savedPicker) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, dlgEsc) || key.Matches(k, m.keys.OpenSaved):
		m.closeDialog()
	case k.String() == "enter" && p.at < len(p.shown):
		m.closeDialog()
		name, st, ctx := p.list[p.shown[p.at]].Name, m.saved.st, m.ctx
		return func() tea.Msg {
			s, err := st.LoadRequest(ctx, name)
			return savedLoadedMsg{saved: s, err: err}
		}
	case p.move(k):
		m.overlay = p
	case !p.loading && p.typed(k):
		p.refilter()
		m.overlay = p
	}
	return nil
}

// saveAs saves the request being edited, without its secrets.
func (m *model) saveAs(name string) tea.Cmd {
	if err := store.ValidName(name); err != nil {
		m.setNotice(err.Error(), true)
		if d, ok := m.overlay.(saveNamer); ok {
			d.err = err.Error()
			m.overlay = d
		}
		return nil // the prompt stays open to fix the name
	}
	m.closeDialog()
	st, ctx, req, secret := m.saved.st, m.ctx, m.req.Request(), m.req.secretHeaders()
	return func() tea.Msg {
		err := st.SaveRequest(ctx, name, req, store.SaveOptions{Secret: secret})
		var removed []string
		var wipe *store.WipeError
		var dmg *store.DamagedError
		switch {
		case errors.As(err, &wipe):
			// saved; the earlier version's bytes are wiped at the next open
			err = nil
		case errors.As(err, &dmg):
			err = nil // saved in a fresh file
		}
		if err == nil {
			_, removed = store.WithoutSecrets(req, secret...)
		}
		return savedWrittenMsg{name: name, removed: removed, err: err, damaged: dmg}
	}
}

// loadSaved puts a saved request in the editor (openSaved) and the
// focus on it.
func (m *model) loadSaved(s store.Saved) tea.Cmd {
	m.openSaved(s)
	return m.setFocus(paneRequest, false)
}

// openSaved puts a saved request in the editor, its token read from its
// reference if it has one, and says so; nothing is sent.
func (m *model) openSaved(s store.Saved) {
	req, err := s.Resolve(m.getenv)
	m.loadFresh(req)
	// copied commands read the token from where it came from
	m.tokenEnv = s.Token.EnvName()
	switch {
	case err != nil:
		m.setNotice("opened "+s.Name+": "+err.Error(), true)
	case len(s.Removed) > 0:
		m.setNotice("opened "+s.Name+", saved without "+strings.Join(s.Removed, ", ")+" · "+keyName(m.keys.Send)+" to send", false)
	default:
		m.setNotice("opened "+s.Name+" · "+keyName(m.keys.Send)+" to send", false)
	}
}

// lines draws the saved requests; URLs come masked from the store and
// are escaped here (they came from a file).
func (p savedPicker) lines(m model, width, height int) []string {
	s := m.styles
	switch {
	case p.loading:
		return []string{s.Dim.Render("reading…")}
	case len(p.list) == 0:
		return []string{"No saved requests yet.", "", keyName(m.keys.SaveAs) + " saves the request being edited;", "why403 save NAME [curl options] URL saves one from the shell."}
	}
	var out []string
	if len(p.shown) == 0 {
		return []string{s.Dim.Render("No saved request matches; backspace widens the filter.")}
	}
	rows := max(1, height)
	for i := p.first(rows); i < len(p.shown) && len(out) < rows; i++ {
		l := p.list[p.shown[i]]
		line := fmt.Sprintf("%-20s %-7s %s", l.Name, escape.Line(l.Method), escape.Line(l.URL))
		line = ansi.Truncate(line, max(1, width-1), "…")
		if i == p.at {
			line = s.Selected.Render(line)
		}
		out = append(out, " "+line)
	}
	return out
}

// prompt is the footer while naming.
func (d saveNamer) prompt(m model) string {
	if d.err != "" {
		// the error first: the prompt line is cut at the window's edge
		return m.styles.Error.Render("✗ "+escape.Line(d.err)) + "  " + d.name.View()
	}
	return d.name.View() + m.styles.Dim.Render("  enter save · esc cancel · secrets are left out")
}

// historyRequest is History entry i as the editor should get it: an entry
// of an earlier run was stored masked, so its secrets are left out rather
// than sent masked.
func (m *model) historyRequest(i int) (probe.Request, string) {
	e := m.history[i]
	if !e.past {
		return e.req, ""
	}
	req, removed := store.WithoutSecrets(e.req, e.req.SecretHeaders...)
	if len(removed) == 0 {
		return req, ""
	}
	return req, " (from an earlier run: set " + strings.Join(removed, ", ") + " again)"
}

// withSecretHeaders is a stored request with the names of its secret
// headers, which the store keeps beside it.
func withSecretHeaders(req probe.Request, names []string) probe.Request {
	req.SecretHeaders = names
	return req
}
