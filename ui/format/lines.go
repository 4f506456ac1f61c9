package format

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// tabWidth is the distance between tab stops when tabs are expanded.
const tabWidth = 8

const spaces = "        " // tabWidth of them

// builder collects escaped lines, splitting those longer than MaxLine and
// counting, instead of keeping, the lines past its budget.
type builder struct {
	out     []string
	max     int // lines kept before the rest is only counted
	dropped int
	// skip lines are counted, not kept, before the first kept line
	skip, skipped int
	// visit, when set, takes every line instead of out
	visit func(string)
}

func newBuilder(max int) *builder {
	if max < 0 {
		max = 0
	}
	return &builder{max: max}
}

// full reports that no more lines will be kept.
func (b *builder) full() bool { return len(b.out) >= b.max }

// add appends one escaped line (no \n, no \t), split at MaxLine bytes.
func (b *builder) add(s string) {
	for len(s) > MaxLine {
		cut := MaxLine
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.push(s[:cut])
		s = s[cut:]
	}
	b.push(s)
}

func (b *builder) push(s string) {
	if b.visit != nil {
		b.visit(s)
		return
	}
	if b.skipped < b.skip {
		b.skipped++
		return
	}
	if b.full() {
		b.dropped++
		return
	}
	b.out = append(b.out, s)
}

// addAll appends escaped lines.
func (b *builder) addAll(lines []string) {
	for _, l := range lines {
		b.add(l)
	}
}

// addText appends escaped multi-line text (escape.Text output: it holds
// \n and \t but no other control). Tabs are expanded to spaces.
func (b *builder) addText(s string) {
	for len(s) > 0 {
		if b.full() {
			// Count what is left without building it.
			b.dropped += strings.Count(s, "\n") + 1
			if strings.HasSuffix(s, "\n") {
				b.dropped--
			}
			return
		}
		line, rest, found := strings.Cut(s, "\n")
		b.add(expandTabs(line))
		s = rest
		if !found {
			break
		}
	}
}

// summary returns the lines kept plus, when some were dropped, a last line
// saying how many.
func (b *builder) lines() []string {
	if b.skipped > 0 {
		b.out = append([]string{earlierLines(b.skipped)}, b.out...)
	}
	if b.dropped > 0 {
		return append(b.out, moreLines(b.dropped))
	}
	return b.out
}

func moreLines(n int) string {
	if n == 1 {
		return "… 1 more line not shown"
	}
	return "… " + strconv.Itoa(n) + " more lines not shown"
}

func earlierLines(n int) string {
	if n == 1 {
		return "… 1 earlier line not shown (esc shows the top)"
	}
	return "… " + strconv.Itoa(n) + " earlier lines not shown (esc shows the top)"
}

// expandTabs replaces each tab with spaces up to the next tab stop.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + strings.Count(s, "\t")*(tabWidth-1))
	col := 0
	for {
		seg, rest, found := strings.Cut(s, "\t")
		b.WriteString(seg)
		col += width(seg)
		if !found {
			return b.String()
		}
		n := tabWidth - col%tabWidth
		b.WriteString(spaces[:n])
		col += n
		s = rest
	}
}

// width is the display width of an escaped string.
func width(s string) int {
	w := 0
	for i := 0; i < len(s); {
		n, cw := cluster(s, i)
		w += cw
		i += n
	}
	return w
}

// cluster returns the length in bytes and the width in columns of the
// grapheme cluster at s[i:], as github.com/charmbracelet/x/ansi measures it.
func cluster(s string, i int) (n, w int) {
	if s[i] < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
		// An ASCII byte followed by ASCII is a cluster of its own (the
		// text is escaped: no control characters, so width 1).
		return 1, 1
	}
	cl, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
	return max(len(cl), 1), w
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Wrap hard-wraps logical lines to at most width display columns, preserving order; called once per resize, not per frame. Cost is linear in the total size.
//
// Widths are those of github.com/charmbracelet/x/ansi (grapheme clusters),
// as Lip Gloss and the viewport measure them. A width below 1 counts as 1;
// a cluster wider than width (a CJK rune at width 1) gets a row of its own.
// At most MaxLines rows are returned; a last row says how many input lines
// were left out.
func Wrap(lines []string, width int) []string {
	if width < 1 {
		width = 1
	}
	out := make([]string, 0, len(lines))
	for i, l := range lines {
		out = wrapLine(out, l, width)
		last := i == len(lines)-1
		if len(out) > MaxLines || (len(out) == MaxLines && !last) {
			// Line i loses at least its last row: count it with the rest.
			return append(out[:MaxLines-1], moreLines(len(lines)-i))
		}
	}
	return out
}

// wrapLine appends the rows of one line to out. A row ends after the
// last space that fits, so that words stay whole (error_description, not
// error_de|scription); a word longer than a row is cut. Every byte is
// kept: the rows joined are the line.
func wrapLine(out []string, s string, limit int) []string {
	if len(s) <= limit {
		// Bytes never undercount columns for escaped text: every
		// printable rune is at least one byte per column it takes
		// (a wide rune takes two columns and three or four bytes).
		return append(out, s)
	}
	if isASCII(s) {
		for len(s) > limit {
			cut := limit
			if sp := strings.LastIndexByte(s[:limit], ' '); sp > 0 {
				cut = sp + 1
			}
			out = append(out, s[:cut])
			s = s[cut:]
		}
		return append(out, s)
	}
	start, col := 0, 0
	space, spaceCol := -1, 0 // the byte after the row's last space, and its column
	for i := 0; i < len(s); {
		n, w := cluster(s, i)
		if col+w > limit && col > 0 {
			if space > start {
				out = append(out, s[start:space])
				start, col = space, col-spaceCol
			} else {
				out = append(out, s[start:i])
				start, col = i, 0
			}
			space = -1
			if col+w > limit && col > 0 {
				out = append(out, s[start:i])
				start, col = i, 0
			}
		}
		col += w
		i += n
		if s[i-n] == ' ' {
			space, spaceCol = i, col
		}
	}
	return append(out, s[start:])
}

// containsFoldASCII reports whether s contains q (lower-case ASCII),
// ignoring ASCII case, without allocating.
func containsFoldASCII(s string, q []byte) bool {
	n := len(q)
	if n > len(s) {
		return false
	}
	first := q[0]
	firstUp := first
	if 'a' <= first && first <= 'z' {
		firstUp = first - 'a' + 'A'
	}
	for i := 0; i+n <= len(s); i++ {
		c := s[i]
		if c != first && c != firstUp {
			continue
		}
		match := true
		for j := 1; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != q[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
