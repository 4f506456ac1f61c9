package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
)

// Fifty Stores (as fifty `why403 save` processes would be) replace the
// same saved name at once. Each replace rewrites saved.db under its lock,
// so they queue: every one must get its turn, none time out, and the
// name ends with one of their requests.
func TestConcurrentReplacesAllSucceed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const n = 50
	stores := make([]*Store, n)
	for i := range stores {
		stores[i] = openTest(t, Options{ConfigDir: dir, StateDir: dir})
	}
	if err := stores[0].SaveRequest(ctx, "shared", probe.NewRequest("http://127.0.0.1:1/first"), SaveOptions{}); err != nil {
		t.Fatal(err)
	}
	// a body of 256 KiB makes each rewrite take a while, as on a slow disk
	body := []byte(strings.Repeat("x", 256<<10))
	errs := make(chan error, n)
	start := make(chan struct{})
	for i, s := range stores {
		go func() {
			<-start
			req := probe.NewRequest(fmt.Sprintf("http://127.0.0.1:1/%d", i))
			req.Body = body
			errs <- s.SaveRequest(ctx, "shared", req, SaveOptions{})
		}()
	}
	began := time.Now()
	close(start)
	timeout := time.After(90 * time.Second)
	failed := 0
	for range n {
		select {
		case err := <-errs:
			if err != nil {
				failed++
				t.Error(err)
			}
		case <-timeout:
			t.Fatal("the replaces did not end within 90 s")
		}
	}
	t.Logf("%d replaces in %v, %d failed", n, time.Since(began), failed)
	list, err := stores[0].ListRequests(ctx)
	if err != nil || len(list) != 1 || list[0].URL == "http://127.0.0.1:1/first" {
		t.Errorf("after the replaces: %+v, %v", list, err)
	}
	if err := stores[0].IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}
