package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// crashDirEnv tells a re-executed test binary to be the writer that
// TestKillMidWrite kills.
const crashDirEnv = "WHY403_STORE_CRASH_DIR"

// A process killed (SIGKILL) at random moments while it writes leaves both
// databases whole: they open and pass bbolt's consistency check every
// time, and what was committed before is still there: every history entry
// seen after the last kill that the bound still keeps, and the requests
// saved between kills (while the writer compacts saved.db over and over).
func TestKillMidWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL semantics are POSIX")
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	dir := t.TempDir()
	ctx := context.Background()
	prev := 0
	var prevIDs []int64
	var marks []string
	const kills = 10
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan bool, 1)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if strings.Contains(sc.Text(), "writing") {
					ready <- true
					break
				}
			}
			ready <- false
			for sc.Scan() {
			}
		}()
		select {
		case ok := <-ready:
			if !ok {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("kill %d: the writer ended before writing", i)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("kill %d: the writer did not start", i)
		}
		// somewhere within the next second of writing
		time.Sleep(time.Duration(rand.IntN(1000)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()

		s, err := Open(dir)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		// a copy a kill left mid-compaction is removed on open
		if ents, err := os.ReadDir(dir); err != nil || len(ents) != 2 {
			t.Fatalf("after kill %d: %d files in the directory (%v), want saved.db and history.db", i, len(ents), err)
		}
		h, err := s.History(ctx, 0)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		if len(h) == 0 || len(h) < min(prev, DefaultMaxEntries) {
			t.Fatalf("after kill %d: %d history entries, had %d", i, len(h), prev)
		}
		// Sequence numbers go up by one, so the bound keeps the IDs above
		// newest-DefaultMaxEntries (the entries are far under MaxBytes).
		ids := map[int64]bool{}
		for j, e := range h {
			if j > 0 && e.ID <= h[j-1].ID {
				t.Fatalf("after kill %d: history out of order: %d then %d", i, h[j-1].ID, e.ID)
			}
			ids[e.ID] = true
		}
		newest := h[len(h)-1].ID
		for _, id := range prevIDs {
			if id > newest-DefaultMaxEntries && !ids[id] {
				t.Fatalf("after kill %d: history entry %d, there before, is gone (newest %d)", i, id, newest)
			}
		}
		prevIDs = prevIDs[:0]
		for _, e := range h {
			prevIDs = append(prevIDs, e.ID)
		}
		list, err := s.ListRequests(ctx)
		if err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		names := map[string]bool{}
		for _, l := range list {
			names[l.Name] = true
		}
		for _, m := range marks {
			if !names[m] {
				t.Fatalf("after kill %d: saved request %s, committed before, is gone", i, m)
			}
		}
		mark := fmt.Sprintf("mark-%d", i)
		if err := s.SaveRequest(ctx, mark, probe.NewRequest("http://127.0.0.1:1/"+mark), SaveOptions{}); err != nil {
			t.Fatalf("after kill %d: %v", i, err)
		}
		marks = append(marks, mark)
		prev = len(h)
		s.Close()
	}
	t.Logf("%d kills, %d history entries survive", kills, prev)
}

// TestCrashWriter is the child of TestKillMidWrite: it writes until it is
// killed (or 30 s pass, or a million writes).
func TestCrashWriter(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run by TestKillMidWrite")
	}
	ctx := context.Background()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	req := probe.NewRequest("http://127.0.0.1:1/orders")
	req.Body = []byte(strings.Repeat("body ", 200))
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; i < 1_000_000 && time.Now().Before(deadline); i++ {
		if err := s.AddHistory(ctx, Entry{Request: req, Status: 403, Likely: "ip.allowlist"}); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("req-%d", i%20)
		if err := s.SaveRequest(ctx, name, req, SaveOptions{}); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 {
			if err := s.DeleteRequest(ctx, name); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			fmt.Println("writing")
		}
	}
}
