package app

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// words is s with its runs of spaces and line breaks made one space,
// and the border and padding of the verdict's rows gone.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// After one send of each lab scenario, at 80×24, the verdict above the
// panes holds the likely cause's whole fix, wrapped and never cut with
// "…", without another key; an accepted request says it was accepted.
func TestVerdictHoldsTheWholeFixForEveryLabScenario(t *testing.T) {
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	scenarios := l.Scenarios()
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			m := testModel(t, nil, 80, 24)
			m.getenv = func(string) string { return "" }
			m = step(t, m, labStartedMsg{scenarios: scenarios})
			m.loadScenario(sc)
			m = sendReal(t, m)
			if m.verdict == nil {
				t.Fatal("no verdict after the send")
			}
			view := plain(m)
			rows := strings.Split(view, "\n")
			top := 1
			for top < len(rows) && !strings.HasPrefix(rows[top], "╭") {
				if strings.Contains(rows[top], "…") && !strings.Contains(m.verdict.text, "…") {
					t.Errorf("a verdict row is cut: %q", rows[top])
				}
				top++
			}
			shown := words(strings.Join(rows[1:top], " "))
			if top == 1 || top >= len(rows)-6 {
				t.Fatalf("the verdict takes %d rows of 24:\n%s", top-1, view)
			}
			rep := m.lastRep
			if len(rep.Likely) == 0 {
				if m.last.status >= 400 || m.last.status == 0 {
					if !strings.Contains(shown, "no known cause") && !strings.Contains(shown, "No response") {
						t.Errorf("a refusal without a likely cause is not said:\n%s", view)
					}
				} else if !strings.Contains(shown, "Accepted") {
					t.Errorf("an accepted request is not said to be accepted:\n%s", view)
				}
				return
			}
			f, _ := findingOf(rep, rep.Likely[0])
			red := probe.NewRedactor(m.lastReq, false)
			fix := words(ansi.Strip(escape.Line(red.Text(f.Fix))))
			if fix != "" && !strings.Contains(shown, fix) {
				t.Errorf("the verdict does not hold the whole fix %q:\n%s", fix, view)
			}
			if rep.Guess && !strings.Contains(shown, "guess") {
				t.Errorf("a guess is not said to be one:\n%s", view)
			}
		})
	}
}
