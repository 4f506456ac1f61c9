// Package difftext words a comparison of two requests (checks/reqdiff)
// and a bisection (checks/bisect) as text, for `why403 diff`, `why403
// bisect` and the app's History tab alike. Every value it is given is
// masked already (reqdiff masks unless revealed); everything goes through
// the sanitizer here, so no byte of a request reaches a terminal raw.
package difftext

import (
	"fmt"
	"strings"
	"sync"

	"github.com/why403/why403/checks/reqdiff"
	"github.com/why403/why403/ui/escape"
)

// groupTitles are the headings of the text output.
var groupTitles = sync.OnceValue(func() map[string]string {
	return map[string]string{
		reqdiff.GroupMethod: "Method", reqdiff.GroupURL: "URL", reqdiff.GroupHeaders: "Headers",
		reqdiff.GroupCredentials: "Credentials", reqdiff.GroupBody: "Body", reqdiff.GroupTransport: "Transport",
	}
})

var kindWords = sync.OnceValue(func() map[string]string {
	return map[string]string{
		reqdiff.Changed: "changed", reqdiff.OnlyA: "only in A", reqdiff.OnlyB: "only in B",
		reqdiff.Case: "case", reqdiff.Order: "order", reqdiff.Duplicates: "count",
	}
})

// Diff writes the differences group by group, under the labels of A and
// B; next is the closing hint ("To find which of them make B refused:
// why403 bisect A B"), left out when "".
func Diff(la, lb string, d reqdiff.Diff, next string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "A: %s\nB: %s\n", escape.Line(la), escape.Line(lb))
	if d.Empty() {
		b.WriteString("\nA and B are the same request.\n")
		return b.String()
	}
	b.WriteString(groups(d))
	fmt.Fprintf(&b, "\n%d %s.", len(d.Items), Plural(len(d.Items), "difference", "differences"))
	if next != "" {
		b.WriteString(" " + next)
	}
	b.WriteString("\n")
	return b.String()
}

// groups is the differences under their group headings.
func groups(d reqdiff.Diff) string {
	var b strings.Builder
	for _, g := range reqdiff.Groups() {
		var items []reqdiff.Item
		for _, it := range d.Items {
			if it.Group == g {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s\n", groupTitles()[g])
		for _, it := range items {
			writeItem(&b, it)
		}
	}
	return b.String()
}

func writeItem(b *strings.Builder, it reqdiff.Item) {
	fmt.Fprintf(b, "  %-10s %s\n", kindWords()[it.Kind], escape.Line(it.Name))
	if it.A != "" || it.Kind == reqdiff.Changed {
		fmt.Fprintf(b, "             A: %s\n", valueOrNone(it.A))
	}
	if it.B != "" || it.Kind == reqdiff.Changed {
		fmt.Fprintf(b, "             B: %s\n", valueOrNone(it.B))
	}
	if it.Note != "" {
		fmt.Fprintf(b, "             note: %s\n", escape.Line(it.Note))
	}
	if len(it.Causes) > 0 {
		fmt.Fprintf(b, "             could explain: %s\n", strings.Join(it.Causes, ", "))
	}
}

func valueOrNone(v string) string {
	if v == "" {
		return "(empty)"
	}
	return escape.Line(v)
}

// Plural is one or many by n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// andList joins "a", "b and c".
func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
