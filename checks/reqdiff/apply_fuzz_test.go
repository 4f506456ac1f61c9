package reqdiff

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// headersOf reads "Name: value" lines.
func headersOf(s string) []probe.Header {
	var out []probe.Header
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) != "" {
			out = append(out, probe.Header{Name: strings.TrimSpace(k), Value: strings.TrimSpace(v)})
		}
	}
	return out
}

// With every unit applied B becomes A, whatever the two hold: nothing
// but differences no unit covers is left.
func FuzzApplyAllIsA(f *testing.F) {
	f.Add("User-Agent: curl\nAccept: */*\nX-A: 1", "user-agent: Dart\nX-A: 1\nX-A: 2", "a=1&b=2", "b=3&c", `{"x":1,"y":{"z":2}}`, `{"y":{"z":3},"w":4}`)
	f.Add("A: 1\nB: 2\nC: 3", "c: 3\nb: 2\na: 1", "", "q=%20&q=2", "", "x")
	f.Fuzz(func(t *testing.T, ha, hb, qa, qb, ba, bb string) {
		a := probe.Request{Method: "POST", URL: "http://h/p?" + qa, Headers: headersOf(ha), Body: []byte(ba)}
		b := probe.Request{Method: "POST", URL: "http://h/p?" + qb, Headers: headersOf(hb), Body: []byte(bb)}
		d := Compare(Side{Request: a}, Side{Request: b}, Options{Reveal: true})
		all := make([]int, len(d.Units))
		for i := range all {
			all[i] = i
		}
		got := d.Apply(all)
		again := Compare(Side{Request: a}, Side{Request: got}, Options{Reveal: true})
		for _, it := range again.Items {
			if it.Unit >= 0 {
				t.Fatalf("left after applying every unit: %+v\nA %+v\nB %+v\ngot %+v", it, a, b, got)
			}
		}
	})
}
