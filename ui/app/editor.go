package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// maxEditorBody caps what is read back from the editor: a body bigger
// than this is not something to hold in the app.
const maxEditorBody = 16 << 20

// Messages of the $EDITOR round trip. The temp file is written and read
// in commands, so Update does no I/O.
type (
	// editorReadyMsg: the body is in a 0600 temp file, and cmd opens it in
	// the editor.
	editorReadyMsg struct {
		path string
		cmd  *exec.Cmd
		err  error
	}
	// editorExitedMsg: the editor returned (err is its failure, if any).
	editorExitedMsg struct {
		path string
		err  error
	}
	// bodyEditedMsg: the edited body, read back; the temp file is gone.
	bodyEditedMsg struct {
		body []byte
		err  error
	}
)

// editorCommand is the editor to run on path: $EDITOR, else $VISUAL, else
// vi. The variable may carry arguments ("code --wait"); it is split on
// spaces, not given to a shell, so nothing in it is expanded.
func editorCommand(getenv func(string) string, path string) *exec.Cmd {
	words := strings.Fields(getenv("EDITOR"))
	if len(words) == 0 {
		words = strings.Fields(getenv("VISUAL"))
	}
	if len(words) == 0 {
		words = []string{"vi"}
	}
	return exec.Command(words[0], append(words[1:], path)...)
}

// prepareEditor writes body to a temp file (os.CreateTemp makes it 0600:
// the body may hold secrets) and builds the editor command.
func prepareEditor(body []byte, getenv func(string) string) tea.Cmd {
	return func() tea.Msg {
		f, err := os.CreateTemp("", "why403-body-*.txt")
		if err != nil {
			return editorReadyMsg{err: fmt.Errorf("creating the body's temp file: %w", err)}
		}
		path := f.Name()
		_, werr := f.Write(body)
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			_ = os.Remove(path)
			return editorReadyMsg{err: fmt.Errorf("writing the body to %s: %w", path, err)}
		}
		return editorReadyMsg{path: path, cmd: editorCommand(getenv, path)}
	}
}

// readEdited reads the edited body back, capped, and removes the file.
func readEdited(path string) tea.Cmd {
	return func() tea.Msg {
		defer os.Remove(path)
		f, err := os.Open(path)
		if err != nil {
			return bodyEditedMsg{err: fmt.Errorf("reading the edited body: %w", err)}
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxEditorBody+1))
		if err != nil {
			return bodyEditedMsg{err: fmt.Errorf("reading the edited body: %w", err)}
		}
		if len(b) > maxEditorBody {
			return bodyEditedMsg{err: fmt.Errorf("the edited body is over %d MiB: not loaded, the body is unchanged", maxEditorBody>>20)}
		}
		return bodyEditedMsg{body: b}
	}
}

// editBody starts the round trip for the body field.
func (m *model) editBody() tea.Cmd {
	if m.req.rawBodyKept {
		if !textSafe(string(m.req.rawBody)) {
			m.setNotice("the body is not text: backspace drops it, then "+keyName(m.keys.EditBody)+" edits a new one", true)
			return nil
		}
		return prepareEditor(m.req.rawBody, m.getenv)
	}
	return prepareEditor([]byte(m.req.body.Value()), m.getenv)
}

// editorMsg handles the round trip's messages.
func (m *model) editorMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case editorReadyMsg:
		if msg.err != nil {
			m.setNotice(msg.err.Error(), true)
			return nil
		}
		path, name := msg.path, msg.cmd.Path
		return tea.ExecProcess(msg.cmd, func(err error) tea.Msg {
			if err != nil {
				err = fmt.Errorf("editor %s: %w", name, err)
			}
			return editorExitedMsg{path: path, err: err}
		})
	case editorExitedMsg:
		if msg.err != nil {
			m.setNotice(msg.err.Error()+" (body unchanged)", true)
			return func() tea.Msg { _ = os.Remove(msg.path); return nil }
		}
		return readEdited(msg.path)
	case bodyEditedMsg:
		if msg.err != nil {
			m.setNotice(msg.err.Error(), true)
			return nil
		}
		before := m.req.body.Value()
		body := msg.body
		// editors end the file with a newline; keep the body's own ending
		if !strings.HasSuffix(before, "\n") {
			body = []byte(strings.TrimSuffix(string(body), "\n"))
		}
		written := []byte(before)
		if m.req.rawBodyKept {
			written = m.req.rawBody
		}
		if bytes.Equal(body, written) || bytes.Equal(msg.body, written) {
			// :q! in vi, or saved as it was
			m.setNotice("body unchanged (the editor saved no change)", false)
			return nil
		}
		m.req.SetBody(body)
		m.setNotice(fmt.Sprintf("body replaced from the editor (%d bytes)", len(body)), false)
	}
	return nil
}
