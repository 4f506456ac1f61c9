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
