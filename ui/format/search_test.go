package format

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

func TestSearchLines(t *testing.T) {
	lines := []string{"Item 1 item", "none", "ÉTÉ été"}
	got := SearchLines(lines, "item")
	want := []Hit{{0, 0, 4}, {0, 7, 11}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SearchLines(item) = %v, want %v", got, want)
	}
	if got := SearchLines(lines, "été"); len(got) != 2 || got[1].Line != 2 {
		t.Errorf("SearchLines(été) = %v", got)
	}
}

// WrapIndex's starts point at each line's first row, the rows of a line
// joined being the line.
func TestWrapIndex(t *testing.T) {
	lines := []string{"", "abcdefgh", "ab cd ef gh", "x"}
	rows, starts := WrapIndex(lines, 3)
	for i, l := range lines {
		end := len(rows)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		if got := strings.Join(rows[starts[i]:end], ""); got != l {
			t.Errorf("line %d from its rows = %q, want %q (rows %q, starts %v)", i, got, l, rows, starts)
		}
	}
}

// SearchResponse sees the lines past MaxLines that Response leaves out,
// and ResponseFrom shows them, counting those before.
func TestSearchPastMaxLines(t *testing.T) {
	var b strings.Builder
	for i := range MaxLines + 10 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	r := &probe.Response{Status: 200, Proto: "HTTP/1.1", Body: []byte(b.String()), BodySize: int64(b.Len()),
		Headers: []probe.Header{{Name: "Content-Type", Value: "text/plain"}}}
	if strings.Contains(strings.Join(Response(r, probe.Redactor{}), "\n"), fmt.Sprintf("line %d\n", MaxLines+5)) {
		t.Fatal("Response keeps the line: the test shows nothing")
	}
	hits, n := SearchResponse(r, probe.Redactor{}, fmt.Sprintf("line %d", MaxLines+5))
	if len(hits) != 1 || n < MaxLines+10 {
		t.Fatalf("hits %v over %d lines", hits, n)
	}
	win := ResponseFrom(r, probe.Redactor{}, hits[0].Line-2)
	if !strings.HasPrefix(win[0], "… ") || win[3] != fmt.Sprintf("line %d", MaxLines+5) {
		t.Errorf("the window around the hit starts %q", win[:4])
	}
}

// A long query over a long line of a hostile body is found in one pass:
// comparing the query at every offset was quadratic (a pasted query of
// a few kilobytes against a megabyte line took seconds).
func TestSearchLongQueryIsLinear(t *testing.T) {
	line := strings.Repeat("a", 1<<20) + "B"
	q := strings.Repeat("A", 4096) + "b"
	start := time.Now()
	hits := SearchLines([]string{line}, q)
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("searching took %v", took)
	}
	if len(hits) != 1 || hits[0].Start != len(line)-len(q) {
		t.Errorf("hits %+v", hits)
	}
}
