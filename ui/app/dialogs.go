package app

import (
	"fmt"
	"slices"
	"strings"

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
	// the pickers filter as you type: j and k are letters there
	dlgUp     = key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up"))
	dlgDown   = key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down"))
	dlgFilter = key.NewBinding(key.WithKeys("backspace"), key.WithHelp("type", "filter"))
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

// typeFilter edits a picker's filter with k: a printable key adds to it,
// backspace takes a rune off; ok is false for any other key.
func typeFilter(filter string, k tea.KeyPressMsg) (string, bool) {
	if k.String() == "backspace" {
		r := []rune(filter)
		return string(r[:max(0, len(r)-1)]), true
	}
	if k.Text != "" && k.Mod&^tea.ModShift == 0 {
		return filter + k.Text, true
	}
	return filter, false
}

// matches reports whether any of fields holds filter, ignoring case.
func matches(filter string, fields ...string) bool {
	f := strings.ToLower(filter)
	for _, s := range fields {
		if strings.Contains(strings.ToLower(s), f) {
			return true
		}
	}
	return false
}

// scenarioPicker is ctrl+o: the lab's scenarios, enter loads one; typing
// filters them by name, cause and title.
type scenarioPicker struct {
	filterList // over m.scenarios
}

// newScenarioPicker opens on the scenario loaded last.
func newScenarioPicker(m *model) scenarioPicker {
	p := scenarioPicker{}
	p.refilter(m)
	p.at = max(0, slices.Index(p.shown, m.pickAt))
	return p
}

func (p *scenarioPicker) refilter(m *model) {
	p.filterList.refilter(len(m.scenarios), func(i int) bool {
		sc := m.scenarios[i]
		return matches(p.filter, sc.Name, sc.Cause, sc.Title)
	})
}

func (p scenarioPicker) help() []key.Binding {
	return []key.Binding{dlgEnter("load"), dlgUp, dlgDown, dlgFilter, dlgEsc}
}

func (p scenarioPicker) title() string {
	if p.filter != "" {
		return fmt.Sprintf("Scenarios · filter %q · %d shown · esc close", p.filter, len(p.shown))
	}
	return "Scenarios · type to filter · enter load · esc close"
}

func (p scenarioPicker) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, dlgEsc) || key.Matches(k, m.keys.Scenarios):
		m.closeDialog()
	case k.String() == "enter":
		m.closeDialog()
		if p.at < len(p.shown) {
			m.pickAt = p.shown[p.at]
			m.loadScenario(m.scenarios[m.pickAt])
			return m.setFocus(paneRequest, false)
		}
	case p.move(k):
		m.overlay = p
	case p.typed(k):
		p.refilter(m)
		m.overlay = p
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
	if len(p.shown) == 0 {
		return []string{s.Dim.Render("No scenario matches; backspace widens the filter.")}
	}
	// name and cause in columns; the title after them when it gets room
	// for a few words, else on a row of its own beneath (80 columns)
	const minTitle = 24
	stacked := nameW+causeW+4+minTitle > width-1
	per := 1
	if stacked {
		per = 2
	}
	for j := p.first(max(1, rows/per)); j < len(p.shown) && len(out)+per <= max(rows, per); j++ {
		sc := m.scenarios[p.shown[j]]
		cause := sc.Cause
		if cause == "" {
			cause = "accepted"
		}
		lines := []string{fmt.Sprintf("%-*s  %-*s  %s", nameW, sc.Name, causeW, cause, escape.Line(sc.Title))}
		if stacked {
			lines = []string{fmt.Sprintf("%-*s  %s", nameW, sc.Name, cause), "    " + escape.Line(sc.Title)}
		}
		for i, line := range lines {
			line = ansi.Truncate(line, max(1, width-1), "…")
			switch {
			case j == p.at:
				line = s.Selected.Render(line)
			case i > 0:
				line = s.Dim.Render(line)
			}
			out = append(out, " "+line)
		}
	}
	return out
}

// helpDialog is ?: every key, over the whole screen. ? or esc closes it;
// any other key closes it and does what it does.
type helpDialog struct{}

func (helpDialog) help() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("?"), key.WithHelp("?/esc", "close help")),
		// where a host takes ctrl+p or ctrl+e (keyconfig.go)
		key.NewBinding(key.WithKeys("alt+s"), key.WithHelp("alt+key", "works as ctrl+key")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp(KeysFileName, "rebinds keys"))}
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
// the question open. With bisect it asks the same before a bisection
// (bisect.go): y sends, n sends nothing, esc drops it.
type consentDialog struct{ bisect bool }

// asking reports that what the dialog asks about is still waiting for the
// answer (a new request may have dropped it).
func (d consentDialog) asking(m *model) bool {
	if d.bisect {
		return m.hc.phase == bisConfirming
	}
	return m.exp.phase == expConfirming
}

func (consentDialog) help() []key.Binding {
	return []key.Binding{dlgYes, dlgNo, dlgCancel}
}

func (d consentDialog) prompt(m model) string {
	if d.bisect {
		return m.styles.Warn.Render(m.hc.bisectPrompt() + " (n: send nothing · esc: none)")
	}
	return m.styles.Warn.Render(m.exp.confirmPrompt() + " (n: safe ones only · esc: none)")
}

func (d consentDialog) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	if d.bisect {
		return m.bisectConsentKey(k)
	}
	return m.confirmKey(k)
}
