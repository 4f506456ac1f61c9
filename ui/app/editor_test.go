package app

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestEditorCommand(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"EDITOR", map[string]string{"EDITOR": "nano", "VISUAL": "emacs"}, []string{"nano", "/tmp/b.txt"}},
		{"EDITOR with arguments, not expanded", map[string]string{"EDITOR": "code --wait $HOME"}, []string{"code", "--wait", "$HOME", "/tmp/b.txt"}},
		{"VISUAL when EDITOR is empty", map[string]string{"EDITOR": "  ", "VISUAL": "emacs -nw"}, []string{"emacs", "-nw", "/tmp/b.txt"}},
		{"vi when neither is set", nil, []string{"vi", "/tmp/b.txt"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := editorCommand(env(c.env), "/tmp/b.txt")
			if !reflect.DeepEqual(cmd.Args, c.want) {
				t.Errorf("args %q, want %q", cmd.Args, c.want)
			}
		})
	}
}

// editorScript writes a shell script that stands for the editor: it
// records the file's mode and content, then writes text into the file.
func editorScript(t *testing.T, text string) (script, seen string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in editor is a shell script")
	}
	dir := t.TempDir()
	seen = filepath.Join(dir, "seen")
	script = filepath.Join(dir, "editor.sh")
	src := "#!/bin/sh\nls -l \"$1\" | cut -c1-10 > '" + seen + "'\ncat \"$1\" >> '" + seen + "'\nprintf '%s' '" + text + "' > \"$1\"\n"
	if err := os.WriteFile(script, []byte(src), 0o700); err != nil {
		t.Fatal(err)
	}
	return script, seen
}

// ctrl+x in the body field: the body goes to a 0600 temp file, the editor
// runs on it, what it wrote replaces the body and the file is removed.
func TestCtrlXEditsTheBodyInTheEditor(t *testing.T) {
	script, seen := editorScript(t, `{"edited":true}`)
	r := probe.NewRequest("https://api.example.com/v1/orders")
	r.Method = "POST"
	r.Body = []byte(`{"draft":1}`)
	m := testModel(t, &r, 100, 30)
	m.getenv = env(map[string]string{"EDITOR": script})

	if _, cmd := m.Update(keyMsg("ctrl+x")); cmd != nil {
		t.Fatal("ctrl+x outside the body field started the editor")
	}
	m = press(t, m, "tab", "tab", "tab") // headers, token, body
	if m.focus != paneRequest || m.req.focus != fieldBody {
		t.Fatalf("focus %v/%v, want the body field", m.focus, m.req.focus)
	}
	next, cmd := m.Update(keyMsg("ctrl+x"))
	m = next.(model)
	if cmd == nil {
		t.Fatal("ctrl+x in the body field returned no command")
	}
	ready, ok := cmd().(editorReadyMsg)
	if !ok || ready.err != nil {
		t.Fatalf("prepare: %#v", ready)
	}
	if got := ready.cmd.Args; len(got) != 2 || got[0] != script || got[1] != ready.path {
		t.Fatalf("editor command %q", got)
	}
	next, cmd = m.Update(ready)
	m = next.(model)
	if cmd == nil {
		t.Fatal("the ready message did not hand the editor to tea.ExecProcess")
	}

	// What tea.ExecProcess would do, without a terminal.
	runErr := ready.cmd.Run()
	next, cmd = m.Update(editorExitedMsg{path: ready.path, err: runErr})
	m = next.(model)
	edited, ok := cmd().(bodyEditedMsg)
	if !ok || edited.err != nil {
		t.Fatalf("read back: %#v", edited)
	}
	m = step(t, m, edited)

	rec, err := os.ReadFile(seen)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(rec); !strings.HasPrefix(got, "-rw-------") || !strings.HasSuffix(got, `{"draft":1}`) {
		t.Errorf("the editor saw %q, want a 0600 file holding the body", got)
	}
	if got := string(m.req.Build().Body); got != `{"edited":true}` {
		t.Errorf("body %q after the editor", got)
	}
	if _, err := os.Stat(ready.path); !os.IsNotExist(err) {
		t.Errorf("the temp file %s is left behind (%v)", ready.path, err)
	}
	if !strings.Contains(m.notice, "body replaced from the editor") {
		t.Errorf("notice %q", m.notice)
	}
}

func TestEditorFailuresShowInTheStatusLine(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/")
	r.Body = []byte("keep me")
	m := testModel(t, &r, 100, 30)
	m.getenv = env(map[string]string{"EDITOR": filepath.Join(t.TempDir(), "no-such-editor")})
	ready := prepareEditor([]byte("keep me"), m.getenv)().(editorReadyMsg)
	runErr := ready.cmd.Run()
	if runErr == nil {
		t.Fatal("a missing editor ran")
	}
	next, cmd := m.Update(editorExitedMsg{path: ready.path, err: runErr})
	m = next.(model)
	if !m.noticeBad || !strings.Contains(m.notice, "body unchanged") {
		t.Errorf("notice %q (bad %v)", m.notice, m.noticeBad)
	}
	runCmd(cmd)
	if _, err := os.Stat(ready.path); !os.IsNotExist(err) {
		t.Errorf("the temp file is left behind after a failed editor (%v)", err)
	}
	if got := string(m.req.Build().Body); got != "keep me" {
		t.Errorf("body %q", got)
	}

	// A file grown past the cap is refused, the body kept.
	f, err := os.CreateTemp(t.TempDir(), "big")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxEditorBody + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	msg := readEdited(f.Name())().(bodyEditedMsg)
	m = step(t, m, msg)
	if msg.err == nil || !strings.Contains(m.notice, "over 16 MiB") || string(m.req.Build().Body) != "keep me" {
		t.Errorf("oversized edit: err %v, notice %q", msg.err, m.notice)
	}
	if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
		t.Error("the oversized temp file is left behind")
	}
}

// An editor that adds a final newline does not change a body that had
// none; a big edited body is kept as loaded rather than in the textarea.
func TestEditedBodyEnding(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/")
	r.Body = []byte("a=1")
	m := testModel(t, &r, 100, 30)
	m = step(t, m, bodyEditedMsg{body: []byte("a=2\n")})
	if got := string(m.req.Build().Body); got != "a=2" {
		t.Errorf("body %q, want the editor's newline dropped", got)
	}
	big := strings.Repeat("x", maxEditableBody+1)
	m = step(t, m, bodyEditedMsg{body: []byte(big)})
	if got := m.req.Build().Body; len(got) != len(big) || !m.req.rawBodyKept {
		t.Errorf("big body: %d bytes, kept raw %v", len(got), m.req.rawBodyKept)
	}
}

// A body over the textarea's cap is kept raw and read-only, loaded or
// pasted.
func TestBigBodyIsReadOnly(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	r.Method = "POST"
	r.Body = []byte(strings.Repeat("a", 20<<10))
	m := testModel(t, &r, 120, 40)
	if !m.req.rawBodyKept || !strings.Contains(plain(m), "ctrl+x") {
		t.Errorf("a 20 KiB body is editable:\n%s", plain(m))
	}
	if string(m.req.Build().Body) != string(r.Body) {
		t.Error("the big body is not sent as loaded")
	}
	m = testModel(t, nil, 120, 40)
	m = press(t, m, "tab", "tab", "tab") // body
	big := strings.Repeat("b", 17<<10)
	m = step(t, m, tea.PasteMsg{Content: big})
	if !m.req.rawBodyKept || string(m.req.Build().Body) != big {
		t.Errorf("a 17 KiB paste: raw kept %v, body %d bytes", m.req.rawBodyKept, len(m.req.Build().Body))
	}
	if !strings.Contains(m.notice, "ctrl+x") {
		t.Errorf("notice %q", m.notice)
	}
	if m.req.body.CharLimit <= 0 {
		t.Error("the body textarea has no CharLimit")
	}
}

// Quitting the editor without saving (vi's :q!) leaves the file as it
// was: the status line says the body is unchanged, not replaced.
func TestEditorQuitWithoutSavingSaysUnchanged(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1/orders")
	r.Method = "POST"
	r.Body = []byte(`{"draft":1}`)
	m := testModel(t, &r, 100, 30)
	m = press(t, m, "tab", "tab", "tab") // the body
	path := filepath.Join(t.TempDir(), "body.txt")
	if err := os.WriteFile(path, []byte(`{"draft":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	next, cmd := m.Update(editorExitedMsg{path: path})
	m = next.(model)
	m = step(t, m, cmd())
	if !strings.Contains(m.notice, "body unchanged") || strings.Contains(m.notice, "replaced") {
		t.Errorf("notice %q, want it to say the body is unchanged", m.notice)
	}
	if got := string(m.req.Build().Body); got != `{"draft":1}` {
		t.Errorf("body %q", got)
	}
}
