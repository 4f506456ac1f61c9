//go:build unix

package app

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
)

// runBounded runs cmd as the runtime would, failing the test if it does
// not return within 5s (as a read of a FIFO nobody writes would not).
func runBounded(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	out := make(chan []tea.Msg, 1)
	go func() { out <- runCmd(cmd) }()
	select {
	case msgs := <-out:
		return msgs
	case <-time.After(5 * time.Second):
		t.Fatal("the command blocked: it opened a file the paste names")
		return nil
	}
}

// importStep sends msg and feeds back the import it starts, if any.
func importStep(t *testing.T, m model, msg tea.Msg) model {
	t.Helper()
	next, cmd := m.Update(msg)
	m = next.(model)
	for _, out := range runBounded(t, cmd) {
		if im, ok := out.(curlImportMsg); ok {
			m = step(t, m, im)
		}
	}
	return m
}

// notOpen fails when someone holds the FIFO open to read it: opening its
// write end without blocking fails (ENXIO) when nobody does.
func notOpen(t *testing.T, fifo string) {
	t.Helper()
	if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		w.Close()
		t.Errorf("%s is open for reading", fifo)
	}
}

// TestImportAsksBeforeReadingFiles: a pasted curl command that names local
// files stops at a question that names them, before anything is read; esc
// imports nothing, y or enter reads them and imports.
func TestImportAsksBeforeReadingFiles(t *testing.T) {
	dir := t.TempDir()
	hdr, data := filepath.Join(dir, "headers"), filepath.Join(dir, "data.json")
	for _, f := range []string{hdr, data} {
		if err := syscall.Mkfifo(f, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	start := probe.NewRequest("https://old.example.com/")
	cmd := "curl -H @" + hdr + " -d @" + data + " http://127.0.0.1:1/"

	for _, how := range []string{"import box", "URL field"} {
		t.Run(how, func(t *testing.T) {
			m := testModel(t, &start, 400, 40)
			if how == "import box" {
				m = press(t, m, "ctrl+p")
				m = step(t, m, tea.PasteMsg{Content: cmd})
				m = importStep(t, m, keyMsg("enter"))
			} else {
				m = importStep(t, m, tea.PasteMsg{Content: cmd})
			}
			if !isOpen[filesDialog](m) {
				t.Fatalf("no question; status %q", m.notice)
			}
			screen := plain(m)
			for _, want := range []string{"Read the local files", hdr + " (-H @)", data + " (-d @)", "esc: cancel"} {
				if !strings.Contains(screen, want) {
					t.Errorf("the question does not show %q:\n%s", want, screen)
				}
			}
			m = importStep(t, m, keyMsg("x"))
			if !isOpen[filesDialog](m) {
				t.Fatal("another key closed the question")
			}
			m = importStep(t, m, keyMsg("esc"))
			if isOpen[filesDialog](m) || m.req.Build().URL != start.URL {
				t.Errorf("esc: question open %v, URL %q", isOpen[filesDialog](m), m.req.Build().URL)
			}
			notOpen(t, hdr)
			notOpen(t, data)
		})
	}

	// Files that can be read: y reads them and imports.
	hdr2 := filepath.Join(dir, "headers.txt")
	if err := os.WriteFile(hdr2, []byte("X-From-File: yes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := testModel(t, &start, 400, 40)
	m = importStep(t, m, tea.PasteMsg{Content: "curl -H @" + hdr2 + " http://127.0.0.1:1/"})
	if !isOpen[filesDialog](m) {
		t.Fatalf("no question; status %q", m.notice)
	}
	m = importStep(t, m, keyMsg("y"))
	req := m.req.Build()
	if v, _ := req.Header("X-From-File"); isOpen[filesDialog](m) || req.URL != "http://127.0.0.1:1/" || v != "yes" {
		t.Errorf("y: question open %v, %s with X-From-File %q", isOpen[filesDialog](m), req.URL, v)
	}
}
