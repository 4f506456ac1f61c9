package app

import (
	"fmt"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"
)

// A copy goes to the terminal's clipboard through OSC 52, which works
// over SSH but which a terminal may ignore without a word. So the app says
// what it did, not "copied", and keeps a copy in a file in the config
// directory (mode 0600) to open when the clipboard stays empty. A copy
// holding revealed secrets is not written to disk.

// copyWrittenMsg is the file a copy was written to, or why it was not.
type copyWrittenMsg struct {
	what string
	path string
	err  error
}

// copyDirDefault is where copies are kept: os.UserConfigDir()/why403.
func copyDirDefault() (string, error) {
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cfg, "why403"), nil
}

// copyOut sends text to the clipboard and, unless it holds revealed
// secrets, to file in the copy directory. what names it ("the curl
// command"); note says how secrets were treated.
func (m *model) copyOut(text, what, file, note string, revealed bool) tea.Cmd {
	said := what + " sent to the terminal's clipboard (OSC 52)"
	if note != "" {
		said += ", " + note
	}
	if revealed {
		m.setNotice(said+"; not written to a file: it holds secrets", true)
		return tea.SetClipboard(text)
	}
	m.setNotice(said, false)
	dir := m.copyDir
	write := func() tea.Msg {
		d, err := dir()
		if err != nil {
			return copyWrittenMsg{what: what, err: err}
		}
		if err := os.MkdirAll(d, 0o700); err != nil {
			return copyWrittenMsg{what: what, err: err}
		}
		p := filepath.Join(d, file)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			return copyWrittenMsg{what: what, err: fmt.Errorf("writing %s: %w", p, err)}
		}
		return copyWrittenMsg{what: what, path: p}
	}
	return tea.Batch(tea.SetClipboard(text), write)
}

// copyWritten says where the fallback copy is.
func (m *model) copyWritten(msg copyWrittenMsg) {
	if msg.err != nil {
		m.setNotice(msg.what+" sent to the terminal's clipboard (OSC 52); no copy in a file: "+msg.err.Error(), true)
		return
	}
	m.setNotice(msg.what+" sent to the terminal's clipboard (OSC 52); if it did not arrive, it is in "+msg.path, false)
}
