package checks

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/why403/why403/probe"
)

// maxExcerpt caps a body excerpt in evidence.
const maxExcerpt = 200

func fail(id string, s Strength, title string, evidence []string, fix string) Finding {
	return Finding{ID: id, Status: Fail, Title: title, Evidence: evidence, Fix: fix, Strength: s}
}

func warn(id, title string, evidence []string, fix string) Finding {
	return Finding{ID: id, Status: Warn, Title: title, Evidence: evidence, Fix: fix}
}

func pass(id, title string, evidence ...string) Finding {
	return Finding{ID: id, Status: Pass, Title: title, Evidence: evidence}
}

func skip(id, reason string, evidence ...string) Finding {
	return Finding{ID: id, Status: Skip, Title: reason, Evidence: evidence}
}

// headerLine renders a header as "Name: value", masking a credential and
// quoting a value with control characters so a newline stays visible.
func headerLine(name, value string) string {
	v := probe.MaskHeaderValue(name, value)
	if hasControl(v) {
		v = strconv.Quote(v)
	}
	return name + ": " + v
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// clip shortens s to n runes, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// Human renders a duration the way a person says it: 42s, 5m12s, 2h3m,
// 3d4h; a negative duration as its size. The checks and the Token tab
// both say durations this way.
func Human(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		m, s := int(d/time.Minute), int(d%time.Minute/time.Second)
		if s == 0 {
			return fmt.Sprintf("%dm", m)
		}
		return fmt.Sprintf("%dm%ds", m, s)
	case d < 48*time.Hour:
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return fmt.Sprintf("%dh", h)
		}
		return fmt.Sprintf("%dh%dm", h, m)
	default:
		days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		if h == 0 {
			return fmt.Sprintf("%dd", days)
		}
		return fmt.Sprintf("%dd%dh", days, h)
	}
}

// human is Human under the name the checks call it by.
func human(d time.Duration) string { return Human(d) }

// clock renders t in UTC, with the date when it is not ref's day.
func clock(t, ref time.Time) string {
	t = t.UTC()
	r := ref.UTC()
	if ref.IsZero() || t.Year() != r.Year() || t.YearDay() != r.YearDay() {
		return t.Format("2006-01-02 15:04:05 UTC")
	}
	return t.Format("15:04:05 UTC")
}

// listOf joins up to n items for a title or evidence line.
func listOf(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

// collapse turns every run of white space into one space and trims.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', 0xa0:
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// stripTags removes HTML tags (and a tag cut off at either end), leaving
// the text a browser would show, roughly.
func stripTags(s string) string {
	if i := strings.IndexByte(s, '>'); i >= 0 && !strings.Contains(s[:i], "<") {
		s = s[i+1:]
	}
	if i := strings.LastIndexByte(s, '<'); i >= 0 && !strings.Contains(s[i:], ">") {
		s = s[:i]
	}
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			in = true
			b.WriteByte(' ')
		case c == '>' && in:
			in = false
		case !in:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// plural picks a word form.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
