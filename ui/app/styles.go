package app

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles are every style the app draws with, built once per background
// (dark or light) and colour setting by newStyles.
type Styles struct {
	App        lipgloss.Style
	Brand      lipgloss.Style
	Method     lipgloss.Style
	Dim        lipgloss.Style
	Bold       lipgloss.Style
	Pass       lipgloss.Style
	Fail       lipgloss.Style
	Warn       lipgloss.Style
	Skip       lipgloss.Style
	Selected   lipgloss.Style
	Border     lipgloss.Style
	BorderOn   lipgloss.Style
	Title      lipgloss.Style
	TitleOn    lipgloss.Style
	Tab        lipgloss.Style
	TabActive  lipgloss.Style
	Error      lipgloss.Style
	Notice     lipgloss.Style
	Match      lipgloss.Style
	isDark     bool
	colourless bool
}

// newStyles builds the styles for a dark or light background. noColor
// (NO_COLOR set) keeps only bold, faint and reverse, so the symbols
// ✓ ✗ ! – carry the meaning on their own.
func newStyles(isDark, noColor bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	accent := c("#5A3FC0", "#A78BFA")
	green := c("#1A7F37", "#3FB950")
	red := c("#CF222E", "#F85149")
	yellow := c("#9A6700", "#D29922")
	dim := c("#6E7781", "#8B949E")
	border := c("#AFB8C1", "#484F58")

	s := Styles{isDark: isDark, colourless: noColor}
	s.App = lipgloss.NewStyle()
	s.Brand = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Method = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Dim = lipgloss.NewStyle().Foreground(dim).Faint(noColor)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Pass = lipgloss.NewStyle().Foreground(green)
	s.Fail = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.Warn = lipgloss.NewStyle().Foreground(yellow)
	s.Skip = lipgloss.NewStyle().Foreground(dim).Faint(true)
	s.Selected = lipgloss.NewStyle().Reverse(true)
	s.Border = lipgloss.NewStyle().Foreground(border)
	s.BorderOn = lipgloss.NewStyle().Foreground(accent)
	s.Title = lipgloss.NewStyle().Foreground(dim)
	s.TitleOn = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Tab = lipgloss.NewStyle().Foreground(dim)
	s.TabActive = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent)
	s.Error = lipgloss.NewStyle().Foreground(red)
	s.Notice = lipgloss.NewStyle().Foreground(accent)
	s.Match = lipgloss.NewStyle().Reverse(true)
	return s
}

// statusStyle colours an HTTP status by class.
func (s Styles) statusStyle(code int) lipgloss.Style {
	switch {
	case code >= 200 && code < 300:
		return s.Pass.Bold(true)
	case code >= 300 && code < 400:
		return s.Warn.Bold(true)
	}
	return s.Fail
}
