package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/checks/lab"
)

// The demo opens on its 403 scenario, and the picker (ctrl+o, ↓, enter)
// loads the next one into the editor without sending it.
func TestScenarioPicker(t *testing.T) {
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	m := testModel(t, nil, 120, 40)
	m = step(t, m, labStartedMsg{scenarios: l.Scenarios()})
	start := m.scenarios[m.pickAt]
	if start.Name != demoScenario {
		t.Fatalf("demo opens on %q, want %q", start.Name, demoScenario)
	}
	if got := m.req.url.Value(); !strings.HasSuffix(got, "/admin/") {
		t.Fatalf("URL after start = %q", got)
	}
	m = press(t, m, "ctrl+o")
	if !isOpen[scenarioPicker](m) {
		t.Fatal("ctrl+o did not open the picker")
	}
	m = press(t, m, "down", "enter")
	next := m.scenarios[demoStart(m.scenarios)+1]
	if isOpen[scenarioPicker](m) || m.inflight {
		t.Fatalf("picker still open (%v) or a send started (%v)", isOpen[scenarioPicker](m), m.inflight)
	}
	want := next.Args[len(next.Args)-1]
	if got := m.req.url.Value(); got != want {
		t.Errorf("URL after picking %s = %q, want %q", next.Name, got, want)
	}
}

// The scenario picker filters as you type; enter loads the one shown.
func TestScenarioPickerFilters(t *testing.T) {
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	m := testModel(t, nil, 120, 40)
	m = step(t, m, labStartedMsg{scenarios: l.Scenarios()})
	m = press(t, m, "ctrl+o")
	m = typeText(t, m, "squid")
	p, ok := open[scenarioPicker](m)
	if !ok || len(p.shown) == 0 || len(p.shown) == len(m.scenarios) {
		t.Fatalf("typing did not filter: open %v, %d of %d shown", ok, len(p.shown), len(m.scenarios))
	}
	if s := plain(m); strings.Contains(s, demoScenario) {
		t.Errorf("a scenario the filter drops is still listed:\n%s", s)
	}
	want := m.scenarios[p.shown[0]]
	m = press(t, m, "enter")
	if m.scenarios[m.pickAt].Name != want.Name || !strings.Contains(want.Name, "squid") {
		t.Errorf("enter loaded %s, want %s", m.scenarios[m.pickAt].Name, want.Name)
	}
}

// At 80 columns the picker has no room for name, cause and title on one
// row: the title goes under its name and cause, which stay in columns.
func TestScenarioPickerAt80Columns(t *testing.T) {
	l, err := lab.Start(lab.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	m := testModel(t, nil, 80, 24)
	m = step(t, m, labStartedMsg{scenarios: l.Scenarios()})
	m = press(t, m, "ctrl+o")
	m = typeText(t, m, "signature")
	var sc lab.Scenario
	for _, s := range m.scenarios {
		if s.Cause == "signature.mismatch" {
			sc = s
		}
	}
	words := strings.Fields(sc.Title)
	if len(words) < 2 {
		t.Fatalf("no signature.mismatch scenario with a title: %+v", sc)
	}
	view := plain(m)
	if !strings.Contains(view, words[0]+" "+words[1]) {
		t.Errorf("the scenario's title %q is not shown at 80 columns:\n%s", sc.Title, view)
	}
	// the cause column starts at the same place on every scenario's row
	col := -1
	for _, l := range strings.Split(view, "\n") {
		for _, s := range m.scenarios {
			if !strings.Contains(l, " "+s.Name+" ") || s.Cause == "" {
				continue
			}
			at := strings.Index(l, s.Cause)
			if at < 0 {
				t.Errorf("%s's row lacks its cause: %q", s.Name, l)
				continue
			}
			at = len([]rune(l[:at]))
			if col >= 0 && at != col {
				t.Errorf("cause column at %d, was %d: %q", at, col, l)
			}
			col = at
		}
	}
}
