package app

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
)

// waitText reads the program's output until its text (ANSI stripped)
// holds want, keeping every byte read in all.
func waitText(t *testing.T, tm *teatest.TestModel, all *bytes.Buffer, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := io.Copy(all, tm.Output()); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ansi.Strip(all.String()), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%q never appeared; last output:\n%s", want, ansi.Strip(all.String()))
}

// The demo end to end against the lab: the lab starts in a command and the
// demo opens on its 403 (an IP allow list); ctrl+s sends it and the
// checklist shows the cause failed in red and a ruled-out cause passed in
// green.
func TestDemoAgainstTheLab(t *testing.T) {
	var l *lab.Lab
	m := newModel(context.Background(), Options{Scenarios: func() ([]lab.Scenario, error) {
		var err error
		l, err = lab.Start(lab.Options{Dir: t.TempDir()})
		if err != nil {
			return nil, err
		}
		return l.Scenarios(), nil
	}})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	var out bytes.Buffer
	waitText(t, tm, &out, "scenario ip-allowlist")
	tm.Send(keyMsg("ctrl+s"))
	waitText(t, tm, &out, "403 Forbidden")
	tm.Send(keyMsg("ctrl+c"))

	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(model)
	defer fm.shutdown()
	if !fm.labUp || l == nil {
		t.Fatal("the lab did not start")
	}
	defer l.Close()
	if fm.last == nil || fm.last.status != 403 {
		t.Fatalf("last send: %+v", fm.last)
	}
	if got := fm.chk.Title(); !strings.Contains(got, " failed · ") {
		t.Errorf("checks title %q", got)
	}
	// the verdict names the cause and its fix; the passing checks fold
	// into one row, which enter opens
	f, _ := findingOf(*fm.chk.report, checks.IPAllowlist)
	if v := strings.Join(strings.Fields(ansi.Strip(fm.render())), " "); !strings.Contains(v, "✗ "+f.Title) || !strings.Contains(v, f.Fix) {
		t.Errorf("the verdict lacks the cause or the fix:\n%s", ansi.Strip(fm.render()))
	}
	view := fm.render()
	red, green := fm.styles.Fail.Render("✗"), fm.styles.Pass.Render("✓")
	if !strings.Contains(view, green+" ") || !strings.Contains(view, " checks passed") {
		t.Errorf("no green row of the passing checks:\n%s", ansi.Strip(view))
	}
	fm.chk.unfolded = true // as enter on that row does (TestPassedChecksFold)
	fm.chk.setRows(fm.chk.all)
	fm.chk.SetSize(fm.chk.width, 40) // room for every row
	view = fm.render()
	var causeRed, ruledOutGreen bool
	for _, f := range fm.chk.findings {
		switch {
		case f.ID == checks.IPAllowlist && f.Status == checks.Fail:
			causeRed = strings.Contains(view, red+" "+ansi.Truncate(f.Title, 10, ""))
		case f.ID == checks.RateLimit && f.Status == checks.Pass:
			ruledOutGreen = strings.Contains(ansi.Strip(view), "✓ "+ansi.Truncate(f.Title, 10, ""))
		}
	}
	if !causeRed {
		t.Errorf("no red ✗ for ip.allowlist:\n%s", ansi.Strip(view))
	}
	if !ruledOutGreen {
		t.Errorf("no green ✓ for the ruled-out ratelimit:\n%s", ansi.Strip(view))
	}
}

// hostileBody carries what must never reach the terminal raw.
const hostileBody = "A\x1b]52;c;aGFja2Vk\x07B\n" + // OSC 52: write the clipboard
	"C\x1b]8;;https://evil.example/\x1b\\click-me\x1b]8;;\x1b\\D\n" + // OSC 8 link
	"E\x1b[2JF\n" + // CSI: clear the screen
	"G\x1bP$qm\x1b\\H\n" + // DCS: terminal query
	"I\u009b2JJ\n" + // C1 CSI as UTF-8
	"K\u202egnp.exe\u202cL\n" + // bidi override
	"rm -rf / #safe\rls -la\n"

// A hostile body, served on loopback, leaves none of its control bytes
// in what the program writes to a (true-colour) terminal; each shows up
// escaped instead.
func TestHostileBodyReachesTheTerminalInert(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, hostileBody)
	}))
	defer srv.Close()

	req := probe.NewRequest(srv.URL + "/x")
	m := newModel(context.Background(), Options{Request: &req})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	var out bytes.Buffer
	waitText(t, tm, &out, "Press ctrl+s")
	tm.Send(keyMsg("ctrl+s"))
	waitText(t, tm, &out, "403 Forbidden")
	waitText(t, tm, &out, "ls -la")
	tm.Send(keyMsg("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	io.Copy(&out, tm.Output())
	raw := out.String()

	for name, bad := range map[string]string{
		"OSC 52":       "\x1b]52",
		"OSC 8":        "\x1b]8;",
		"DCS":          "\x1bP",
		"C1 CSI":       "\u009b",
		"bidi":         "\u202e",
		"link target":  "evil.example/\x07",
		"raw CR split": "#safe\rls",
	} {
		if strings.Contains(raw, bad) {
			t.Errorf("%s from the body reached the terminal raw", name)
		}
	}
	// Every OSC written is the program's own: the window title.
	for _, seq := range oscs(raw) {
		if seq != "\x1b]2;why403\x07" && seq != "\x1b]2;\x07" && !strings.HasPrefix(seq, "\x1b]11;") {
			t.Errorf("unexpected OSC %q", seq)
		}
	}
	text := ansi.Strip(raw)
	for _, visible := range []string{`\x1b]52;c;aGFja2Vk\x07`, `\x1b]8;;https://evil.example/`, `\x1b[2J`, `\x1bP$qm`, `\u009b2J`, `\u202egnp.exe`, `#safe\rls -la`} {
		if !strings.Contains(text, visible) {
			t.Errorf("%q is not shown escaped", visible)
		}
	}
}

// oscs lists the OSC sequences in s (ESC ] ... BEL or ST).
func oscs(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "\x1b]")
		if i < 0 {
			return out
		}
		s = s[i:]
		end := strings.IndexAny(s[2:], "\x07\x1b")
		if end < 0 {
			return append(out, s)
		}
		n := 2 + end + 1
		if s[2+end] == '\x1b' {
			n++
		}
		out = append(out, s[:min(n, len(s))])
		s = s[min(n, len(s)):]
	}
}
