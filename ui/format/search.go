package format

import (
	"strings"

	"github.com/why403/why403/probe"
)

// Hit is one occurrence of a search in a list of logical lines: the line
// and the byte range in it.
type Hit struct{ Line, Start, End int }

// MaxHits bounds the hits a search collects (a one-letter search in a
// large body would otherwise hold millions).
const MaxHits = 100_000

// matcher finds a query in lines, ignoring case.
type matcher struct {
	q     string
	ascii bool
}

func newMatcher(query string) matcher {
	return matcher{q: strings.ToLower(query), ascii: isASCII(query)}
}

// appendHits appends the occurrences of the query in line i.
func (m matcher) appendHits(hits []Hit, i int, line string) []Hit {
	if m.q == "" {
		return hits
	}
	s := line
	if m.ascii {
		s = lowerASCII(line) // the byte offsets hold
	} else if l := strings.ToLower(line); len(l) == len(line) {
		s = l // same length: the byte offsets still hold
	}
	for at := 0; at <= len(s)-len(m.q) && len(hits) < MaxHits; {
		// strings.Index, not a comparison at every offset: that was
		// quadratic in a long query over a long line
		j := strings.Index(s[at:], m.q)
		if j < 0 {
			break
		}
		hits = append(hits, Hit{Line: i, Start: at + j, End: at + j + len(m.q)})
		at += j + len(m.q)
	}
	return hits
}

// lowerASCII is s with A-Z made lower case, nothing else changed.
func lowerASCII(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' })
	if i < 0 {
		return s
	}
	b := []byte(s)
	for j := i; j < len(b); j++ {
		if c := b[j]; 'A' <= c && c <= 'Z' {
			b[j] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// SearchLines returns every occurrence of query in lines, ignoring case,
// at most MaxHits.
func SearchLines(lines []string, query string) []Hit {
	m := newMatcher(query)
	var hits []Hit
	for i, l := range lines {
		hits = m.appendHits(hits, i, l)
	}
	return hits
}

// SearchResponse is SearchLines over every line of Response(r, red),
// including those past MaxLines that Response leaves out; n is the
// number of those lines.
func SearchResponse(r *probe.Response, red probe.Redactor, query string) (hits []Hit, n int) {
	m := newMatcher(query)
	EachResponseLine(r, red, func(l string) {
		hits = m.appendHits(hits, n, l)
		n++
	})
	return hits, n
}

// WrapIndex is Wrap, with the row where each logical line starts (for
// the lines that got rows).
func WrapIndex(lines []string, width int) (rows []string, starts []int) {
	rows = Wrap(lines, width)
	starts = make([]int, 0, len(lines))
	row := 0
	for _, l := range lines {
		if row >= len(rows) {
			break
		}
		starts = append(starts, row)
		// the rows of a line joined are the line
		for n := 0; row < len(rows); row++ {
			n += len(rows[row])
			if n >= len(l) {
				row++
				break
			}
		}
	}
	return rows, starts
}
