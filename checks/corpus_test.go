package checks_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// TestRealCorpus replays every recorded real refusal of testdata/real on
// loopback through probe and checks.Run, and asserts the expected cause
// comes first. A case may carry a "gap:" line naming why it is not
// diagnosed yet; it is skipped with that message and still counted as a
// miss in the figures, which `go test ./checks -run TestRealCorpus -v`
// prints (BENCHMARKS.md quotes them).
func TestRealCorpus(t *testing.T) {
	files, ca, caFile := corpusReplaySetup(t)
	known := checks.Causes()

	var top1, top3, total int
	vendors := map[string]bool{}
	misses := []string{}
	sureWrong := []string{}
	batches := map[string]*batchScore{}
	for _, file := range files {
		c, err := loadRealCase(file)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(file), err)
			continue
		}
		expect := c.fields["expect"]
		if !slices.Contains(known, expect) {
			t.Errorf("%s: expect %q is not a cause ID", c.file, expect)
			continue
		}
		total++
		vendors[strings.ToLower(c.fields["vendor"])] = true
		b := batches[c.fields["batch"]]
		if b == nil {
			b = &batchScore{vendors: map[string]bool{}}
			batches[c.fields["batch"]] = b
		}
		b.total++
		b.vendors[strings.ToLower(c.fields["vendor"])] = true
		t.Run(strings.TrimSuffix(c.file, ".txt"), func(t *testing.T) {
			addr := replayServer(t, c, ca, caFile)
			req := c.probeRequest(addr, caFile)
			ex := probe.Send(context.Background(), req)
			if ex.Err != nil {
				t.Fatalf("replay failed: %v", ex.Err)
			}
			rep := checks.Run(checks.Evidence{Request: req, Exchange: ex, Now: c.recordedNow()})
			rank := slices.Index(rep.Likely, expect)
			if rank == 0 {
				top1++
				b.top1++
				if c.fields["gap"] != "" {
					// A gap line left on a case that passes hides the
					// next regression of it: the line must go.
					t.Errorf("passes now (likely %v): delete its gap: line", rep.Likely)
				}
			}
			if len(rep.Likely) > 0 && !rep.Guess {
				b.sure++
				if rank == 0 {
					b.sureRight++
				} else {
					sureWrong = append(sureWrong, fmt.Sprintf("%s: want %s, sure of %s: %s", c.file, expect, rep.Likely[0], decidedBy(rep)))
				}
			}
			if rank >= 0 && rank < 3 {
				top3++
			}
			if rank != 0 {
				misses = append(misses, fmt.Sprintf("%s: want %s, likely %v", c.file, expect, rep.Likely))
				if gap := c.fields["gap"]; gap != "" {
					t.Skipf("known gap: %s (likely %v)", gap, rep.Likely)
				}
				t.Errorf("likely %v, want %s first (stack %q)\n%s", rep.Likely, expect, rep.Stack, describe(rep))
			}
		})
	}
	if total == 0 {
		return
	}
	sort.Strings(misses)
	t.Logf("corpus: %d responses from %d vendors and stacks; top-1 %d/%d (%.1f%%), recall@3 %d/%d (%.1f%%)",
		total, len(vendors), top1, total, 100*float64(top1)/float64(total), top3, total, 100*float64(top3)/float64(total))
	sure, sureRight := 0, 0
	for _, b := range batches {
		sure += b.sure
		sureRight += b.sureRight
	}
	if sure > 0 {
		t.Logf("corpus: sure answers right %d/%d (%.1f%%)", sureRight, sure, 100*float64(sureRight)/float64(sure))
	}
	logBatches(t, batches)
	for _, m := range misses {
		t.Logf("miss: %s", m)
	}
	sort.Strings(sureWrong)
	for _, m := range sureWrong {
		t.Logf("sure-wrong: %s", m)
	}
}

// decidedBy is the first likely cause's finding: its strength, title and
// first evidence line, to show which rule made a wrong answer sure.
func decidedBy(rep checks.Report) string {
	for _, f := range rep.Findings {
		if f.ID == rep.Likely[0] && f.Status == checks.Fail {
			ev := ""
			if len(f.Evidence) > 0 {
				ev = f.Evidence[0]
			}
			return fmt.Sprintf("[%d] %s | %.160q", f.Strength, f.Title, ev)
		}
	}
	return ""
}

// batchScore is one batch's figures: the files carrying the same "batch:"
// line (none: the corpus before batches were numbered).
type batchScore struct {
	total, top1, sure, sureRight int
	vendors                      map[string]bool
}

// logBatches prints each batch's top-1, how often its sure answers were
// right, and how many of its vendors no earlier batch had (batches in
// order, the unnumbered first). Run right after a batch is added, before
// any change made for it, the top-1 is its first-sight figure.
func logBatches(t *testing.T, batches map[string]*batchScore) {
	names := make([]string, 0, len(batches))
	for n := range batches {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, _ := strconv.Atoi(names[i])
		b, _ := strconv.Atoi(names[j])
		return a < b
	})
	seen := map[string]bool{}
	for _, n := range names {
		b := batches[n]
		fresh := 0
		for v := range b.vendors {
			if !seen[v] {
				fresh++
			}
		}
		for v := range b.vendors {
			seen[v] = true
		}
		label := n
		if label == "" {
			label = "0 (before numbering)"
		}
		t.Logf("batch %s: top-1 %d/%d (%.1f%%); sure answers right %d/%d; vendors %d, new %d",
			label, b.top1, b.total, 100*float64(b.top1)/float64(b.total), b.sureRight, b.sure, len(b.vendors), fresh)
	}
}

// describe lists the failing and warning findings, for a failure message.
func describe(rep checks.Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		if f.Status == checks.Fail || f.Status == checks.Warn {
			fmt.Fprintf(&b, "  %s %s [%d]: %s\n", f.Status, f.ID, f.Strength, f.Title)
		}
	}
	return b.String()
}
