package app

import (
	"charm.land/bubbles/v2/key"

	"github.com/why403/why403/ui/escape"
)

// keyMap is every binding of the app, always enabled. It feeds
// help.Model: the help bar shows the root's keys and the focused pane's
// own help (model.available), so it lists only what works there.
type keyMap struct {
	Send   key.Binding
	Cancel key.Binding
	Quit   key.Binding
	Next   key.Binding
	Prev   key.Binding
	Help   key.Binding
	Cycle  key.Binding
	Reveal key.Binding
	Copy   key.Binding
	// CopyReport copies the diagnosis as Markdown (checks pane), which is
	// for GitHub and Slack (Jira reads wiki markup, not Markdown).
	CopyReport key.Binding
	Scenarios  key.Binding
	EditBody   key.Binding
	// Experiments plans and sends the variants of a refused request;
	// EditBody had ctrl+e before (ctrl+x ctrl+e is bash's own
	// edit-in-$EDITOR, so ctrl+x stays easy to remember).
	Experiments key.Binding
	// Import opens a box to paste a curl command in (ctrl+v is the
	// terminal's own paste in many terminals, so it stays theirs).
	Import key.Binding
	// SaveAs saves the request under a name, OpenSaved picks a saved one
	// (ui/store); ctrl+l "load", ctrl+t "tag": neither is an input's key.
	SaveAs    key.Binding
	OpenSaved key.Binding
	// Options opens the Options section (options.go).
	Options key.Binding

	Up     key.Binding
	Down   key.Binding
	Toggle key.Binding
	Add    key.Binding
	Edit   key.Binding
	Delete key.Binding

	Details key.Binding
	Back    key.Binding

	TabLeft     key.Binding
	TabRight    key.Binding
	Search      key.Binding
	NextMatch   key.Binding
	PrevMatch   key.Binding
	PageDown    key.Binding
	PageUp      key.Binding
	Restore     key.Binding
	LoadVariant key.Binding
	EndEditing  key.Binding

	// The History tab's compare keys (bisect.go, historydiff.go).
	MarkGood    key.Binding
	Bisect      key.Binding
	Compare     key.Binding
	LoadMinimal key.Binding
	BackToList  key.Binding
}

func newKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		Send:        b([]string{"ctrl+s", "alt+s"}, "ctrl+s", "send"),
		Cancel:      b([]string{"esc"}, "esc", "cancel send"),
		Quit:        b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Next:        b([]string{"tab"}, "tab", "next field"),
		Prev:        b([]string{"shift+tab"}, "shift+tab", "previous field"),
		Help:        b([]string{"?"}, "?", "help"),
		Cycle:       b([]string{"ctrl+g", "alt+g"}, "ctrl+g", "method"),
		Reveal:      b([]string{"ctrl+r", "alt+r"}, "ctrl+r", "reveal secrets"),
		Copy:        b([]string{"ctrl+y", "alt+y"}, "ctrl+y", "copy as curl"),
		Scenarios:   b([]string{"ctrl+o", "alt+o"}, "ctrl+o", "scenarios"),
		EditBody:    b([]string{"ctrl+x", "alt+x"}, "ctrl+x", "body in $EDITOR"),
		Experiments: b([]string{"ctrl+e", "alt+e"}, "ctrl+e", "experiments"),
		Import:      b([]string{"ctrl+p", "alt+p"}, "ctrl+p", "paste a curl command"),
		SaveAs:      b([]string{"ctrl+t", "alt+t"}, "ctrl+t", "save request as…"),
		OpenSaved:   b([]string{"ctrl+l", "alt+l"}, "ctrl+l", "open a saved request"),
		Options:     b([]string{"ctrl+n", "alt+n"}, "ctrl+n", "options (TLS, proxy…)"),

		Up:     b([]string{"up", "k"}, "↑/k", "up"),
		Down:   b([]string{"down", "j"}, "↓/j", "down"),
		Toggle: b([]string{"space"}, "space", "toggle header"),
		Add:    b([]string{"a", "+"}, "a", "add header"),
		Edit:   b([]string{"enter", "e"}, "enter", "edit header"),
		Delete: b([]string{"d", "delete"}, "d", "delete header"),

		Details:    b([]string{"enter"}, "enter", "details"),
		CopyReport: b([]string{"m"}, "m", "copy Markdown (GitHub/Slack)"),
		Back:       b([]string{"esc", "enter"}, "esc", "back"),

		TabLeft:     b([]string{"left", "h"}, "←/h", "prev tab"),
		TabRight:    b([]string{"right", "l"}, "→/l", "next tab"),
		Search:      b([]string{"/"}, "/", "search"),
		NextMatch:   b([]string{"n"}, "n", "next match"),
		PrevMatch:   b([]string{"N"}, "N", "prev match"),
		PageDown:    b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		PageUp:      b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		Restore:     b([]string{"enter"}, "enter", "restore request"),
		LoadVariant: b([]string{"enter"}, "enter", "load variant"),
		EndEditing:  b([]string{"enter"}, "enter", "done"),

		MarkGood:    b([]string{"g"}, "g", "mark send good"),
		Bisect:      b([]string{"b"}, "b", "bisect against good"),
		Compare:     b([]string{"c"}, "c", "diff two sends"),
		LoadMinimal: b([]string{"enter"}, "enter", "load minimal change"),
		BackToList:  b([]string{"esc"}, "esc", "back to the list"),
	}
}

// keyName is the key a message names for b ("ctrl+s to send"): its
// help's, so that a key rebound in keys.conf reads the same in every
// notice, pane and verdict as in the help; escaped, as the help is
// (keyLabels), since the panes draw it as it is.
func keyName(b key.Binding) string { return escape.Line(b.Help().Key) }

// FullHelp is the `?` view, in columns.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Send, k.Cancel, k.Experiments, k.Copy, k.Import, k.Options, k.SaveAs, k.OpenSaved, k.Reveal, k.Scenarios, k.Quit},
		{k.Next, k.Prev, k.Cycle, k.EditBody, k.Help, historyCompareHelp},
		{k.Up, k.Down, k.Toggle, k.Add, k.Edit, k.Delete},
		{k.Details, k.CopyReport, k.TabLeft, k.TabRight, k.Search, k.NextMatch, k.PrevMatch, k.PageDown, k.PageUp, k.Restore, k.LoadVariant},
	}
}

// historyCompareHelp stands for MarkGood, Bisect and Compare in the full
// help, on one row of the first column: the help fits 80×24 only so.
var historyCompareHelp = key.NewBinding(key.WithKeys("g", "b", "c"), key.WithHelp("g/b/c", "good, bisect, diff (History)"))
