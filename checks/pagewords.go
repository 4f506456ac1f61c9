package checks

import (
	"html"
	"strings"
)

// A phrase of a refusal found in a page served with a success status is
// read as the page's own words only where a refusal puts them.

// shortPage is the most visible text a page served with a success status
// may have and still be read as a refusal by its words anywhere: refusals
// say one thing (F5's block page is about 200 characters), while a
// listing or an article that quotes one runs on.
const shortPage = 2048

// refusalShaped reports whether the words a reading found can make this
// page a refusal (a block page, a missing credential): with a refusal
// status, anywhere; with a success status (F5 serves its block page with
// 200, some APIs their errors), only in a short page or in its title or a
// heading (inHeading is asked of that text), so that a long page quoting
// refusals (the lab's index) is none.
func (f *facts) refusalShaped(inHeading func(headings string) bool) bool {
	if f.status >= 400 || len(strings.TrimSpace(f.body.said)) <= shortPage {
		return true
	}
	return inHeading(f.body.headings())
}

// refusalPhrase is the first of phrases the body shows as a refusal's
// words (refusalShaped), with its excerpt.
func (f *facts) refusalPhrase(phrases ...string) (phrase, excerpt string, ok bool) {
	for _, p := range phrases {
		if _, ex, found := f.body.find([]string{p}); found && f.refusalShaped(func(h string) bool { return strings.Contains(strings.ToLower(h), p) }) {
			return p, ex, true
		}
	}
	return "", "", false
}

// headings is a page's title and the text of its h1 to h3 elements in the
// first 8 KiB, joined by " . ".
func (b *bodyFacts) headings() string {
	parts := []string{b.title}
	lower := b.lower[:min(len(b.lower), 8192)]
	for i := 0; i < len(lower); {
		j := strings.Index(lower[i:], "<h")
		if j < 0 {
			break
		}
		i += j + 2
		if i >= len(lower) || lower[i] < '1' || lower[i] > '3' {
			continue
		}
		level := lower[i]
		gt := strings.IndexByte(lower[i:], '>')
		if gt < 0 {
			break
		}
		start := i + gt + 1
		end := strings.Index(lower[start:], "</h"+string(level))
		if end < 0 {
			break
		}
		parts = append(parts, collapse(html.UnescapeString(stripTags(b.raw[start:start+end]))))
		i = start + end
	}
	return strings.Join(parts, " . ")
}
