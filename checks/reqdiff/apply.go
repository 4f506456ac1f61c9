package reqdiff

import (
	"slices"
	"sort"
	"strings"

	"github.com/why403/why403/probe"
)

// Apply is B with the given units changed to A's. The result does not
// depend on the order of units; a unit index out of range is ignored.
// The headers are rebuilt so that a value change keeps B's place for the
// header, an addition goes at the end, and the order unit, applied last,
// sorts the headers both send into A's order.
func (d Diff) Apply(units []int) probe.Request {
	r := d.b
	r.Headers = slices.Clone(d.b.Headers)
	on := map[string]bool{}       // kind
	keys := map[string][]string{} // kind → keys
	for _, i := range units {
		if i < 0 || i >= len(d.Units) {
			continue
		}
		u := d.Units[i]
		on[u.Kind] = true
		keys[u.Kind] = append(keys[u.Kind], u.Key)
	}
	if on["method"] {
		r.Method = d.a.Method
	}
	if on["path"] {
		r.URL = withPath(r.URL, d.a.URL)
	}
	if on["query"] {
		r.URL = withQuery(r.URL, d.a.URL, keys["query"])
	}
	if on["header"] {
		r.Headers = withHeaders(r.Headers, d.a.Headers, keys["header"])
	}
	if on["case"] {
		ga := group(d.a.Headers)
		for i, h := range r.Headers {
			if hs := ga.hs[strings.ToLower(strings.TrimSpace(h.Name))]; hs != nil {
				r.Headers[i].Name = hs[0].Name
			}
		}
	}
	if on["order"] {
		ga := group(d.a.Headers)
		rank := func(h probe.Header) int {
			if i := slices.Index(ga.order, strings.ToLower(strings.TrimSpace(h.Name))); i >= 0 {
				return i
			}
			return len(ga.order)
		}
		sort.SliceStable(r.Headers, func(i, j int) bool { return rank(r.Headers[i]) < rank(r.Headers[j]) })
	}
	if on["body"] {
		r.Body, r.BodyFile = d.a.Body, d.a.BodyFile
	}
	if on["field"] {
		r.Body = withFields(r.Body, d.a.Body, keys["field"])
	}
	return r
}

// withHeaders is hs with the headers named (lower case) in keys as in
// from: in the place of the first one hs had, or at the end.
func withHeaders(hs, from []probe.Header, keys []string) []probe.Header {
	gf := group(from)
	var out []probe.Header
	placed := map[string]bool{}
	for _, h := range hs {
		l := strings.ToLower(strings.TrimSpace(h.Name))
		if !slices.Contains(keys, l) {
			out = append(out, h)
			continue
		}
		if !placed[l] {
			placed[l] = true
			out = append(out, gf.hs[l]...)
		}
	}
	for i, l := range gf.order {
		if slices.Contains(keys, l) && !placed[l] {
			placed[l] = true
			at := insertAt(out, gf.order[:i])
			out = slices.Insert(out, at, gf.hs[l]...)
		}
	}
	return out
}

// insertAt is where a header goes that from sends after the names in
// before: after the last header of hs with one of those names, so that
// with every unit applied the headers are in from's order.
func insertAt(hs []probe.Header, before []string) int {
	at := 0
	for i, h := range hs {
		if slices.Contains(before, strings.ToLower(strings.TrimSpace(h.Name))) {
			at = i + 1
		}
	}
	return at
}
