package app

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/report"
)

// copyReport copies the last send's diagnosis as Markdown through OSC 52,
// ready for a ticket: the request as curl (masked unless revealed), the
// status, the stack and its reference, the likely cause and fix, the
// checks with their evidence and the experiments that came back.
func (m *model) copyReport() tea.Cmd {
	ev := m.exp.ev
	for i, x := range m.exp.results {
		if i < len(m.exp.got) && m.exp.got[i] {
			ev.Experiments = append(ev.Experiments, x)
		}
	}
	rep := diagnose.Judge(ev).Report
	doc := report.Build(ev.Request, ev.Exchange, rep, report.Options{
		Redactor: probe.NewRedactor(ev.Request, m.reveal), TokenEnv: m.tokenEnv, Time: ev.Now,
	})
	var b strings.Builder
	if err := report.WriteMarkdown(&b, doc); err != nil {
		m.setNotice("could not write the report: "+err.Error(), true)
		return nil
	}
	note := "secrets masked"
	if m.reveal {
		note = "secrets INCLUDED (revealed)"
	}
	return m.copyOut(b.String(), "the diagnosis (Markdown, for GitHub and Slack)", "last-report.md", note, m.reveal)
}
