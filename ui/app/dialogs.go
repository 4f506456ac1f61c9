package app

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/ui/escape"
)

// The app's dialogs are components: the root holds at most one, in
// m.overlay (nil when none is open), and gives it every key after quit and
// before the global keys. A dialog closes itself by setting m.overlay to
// nil, and says which keys work while it is open.

// dialog is an open dialog.
type dialog interface {
	// update handles a key; it may act on the root (load a request,
	// start an import) and close the dialog.
	update(m *model, k tea.KeyPressMsg) tea.Cmd
	// help is the keys that work while it is open, for the footer.
	help() []key.Binding
}

// paneDialog draws in place of the checks and response panes.
type paneDialog interface {
	dialog
	title() string
	lines(m model, width, height int) []string
}

// promptDialog asks its question in the footer.
type promptDialog interface {
	dialog
	prompt(m model) string
}

// pasteTarget is a dialog that takes a bracketed paste.
type pasteTarget interface {
	paste(m *model, msg tea.PasteMsg) tea.Cmd
}

// Dialogs are values: update puts the changed dialog back in m.overlay,
// so that a model kept from before a key still shows the dialog as it was.

// Keys of the dialogs: always enabled, whatever the panes behind allow.
var (
	dlgUp     = key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
	dlgDown   = key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
	dlgEsc    = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close"))
	dlgYes    = key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes"))
	dlgNo     = key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "no"))
	dlgCancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
)

func dlgEnter(desc string) key.Binding {
	return key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", desc))
}

// openDialog opens d; the notice of the key that opened it stays.
func (m *model) openDialog(d dialog) { m.overlay = d }

// closeDialog closes whatever dialog is open.
func (m *model) closeDialog() { m.overlay = nil }

// scenarioPicker is ctrl+o: the lab's scenarios, enter loads one.
type scenarioPicker struct{ at int }

func (p scenarioPicker) help() []key.Binding {
	return []key.Binding{dlgEnter("load"), dlgUp, dlgDown, dlgEsc}
}

func (p scenarioPicker) title() string { return "Scenarios · enter load · esc close" }

func (p scenarioPicker) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, dlgEsc) || key.Matches(k, m.keys.Scenarios):
		m.closeDialog()
	case key.Matches(k, dlgUp):
		p.at = max(0, p.at-1)
		m.overlay = p
	case key.Matches(k, dlgDown):
		p.at = min(len(m.scenarios)-1, p.at+1)
		m.overlay = p
	case k.String() == "enter":
		m.closeDialog()
		if p.at < len(m.scenarios) {
			m.pickAt = p.at
			m.loadScenario(m.scenarios[p.at])
			return m.setFocus(paneRequest, false)
		}
	}
	return nil
}

func (p scenarioPicker) lines(m model, width, height int) []string {
	s := m.styles
	var out []string
	rows := max(1, height)
	nameW, causeW := 0, 0
	for _, sc := range m.scenarios {
		nameW = max(nameW, len(sc.Name))
		causeW = max(causeW, len(sc.Cause), len("accepted"))
	}
	start := max(0, min(p.at-rows/2, len(m.scenarios)-rows))
	for i := start; i < len(m.scenarios) && len(out) < rows; i++ {
		sc := m.scenarios[i]
		cause := sc.Cause
		if cause == "" {
			cause = "accepted"
		}
		line := fmt.Sprintf("%-*s %-*s %s", nameW, sc.Name, causeW, cause, escape.Line(sc.Title))
		line = ansi.Truncate(line, max(1, width-1), "…")
		if i == p.at {
			line = s.Selected.Render(line)
		}
		out = append(out, " "+line)
	}
	return out
}

// helpDialog is ?: every key, over the whole screen. ? or esc closes it;
// any other key closes it and does what it does.
type helpDialog struct{}

func (helpDialog) help() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("?"), key.WithHelp("?/esc", "close help"))}
}

func (helpDialog) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	m.closeDialog()
	m.layout()
	if key.Matches(k, m.keys.Help) || k.String() == "esc" {
		return nil
	}
	return m.globalKey(k)
}

// consentDialog asks before experiments re-send an unsafe method: y sends
// every variant, n only the safe ones, esc nothing; any other key leaves
// the question open.
type consentDialog struct{}

func (consentDialog) help() []key.Binding {
	return []key.Binding{dlgYes, dlgNo, dlgCancel}
}

func (consentDialog) prompt(m model) string {
	return m.styles.Warn.Render(m.exp.confirmPrompt() + " (n: safe ones only · esc: none)")
}

func (consentDialog) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	return m.confirmKey(k)
}
