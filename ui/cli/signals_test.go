package cli

import (
	"bytes"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestSignalPolicy: a signal cancels the mode's context; a mode stopped by
// it ends with 128+signal, and one whose policy makes the signal its clean
// end (a proxy's ctrl+c) keeps its own status. Neither outlives its grace.
func TestSignalPolicy(t *testing.T) {
	for _, tt := range []struct {
		name string
		pol  signalPolicy
		want int
	}{
		{"stopped", signalPolicy{Grace: 5 * time.Second}, 143},
		{"clean", signalPolicy{Grace: 5 * time.Second, Clean: true}, ExitOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			env := Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			sigs := make(chan os.Signal, 1)
			exited := make(chan int, 1)
			code := make(chan int, 1)
			// the lab serves until its context is cancelled, then returns 0
			go func() {
				code <- runSignaled([]string{"lab", "--dir", t.TempDir()}, env, tt.pol, sigs, func(c int) { exited <- c })
			}()
			time.Sleep(100 * time.Millisecond)
			sigs <- syscall.SIGTERM
			select {
			case c := <-code:
				if c != tt.want {
					t.Errorf("status %d, want %d; stderr %s", c, tt.want, errb.String())
				}
			case c := <-exited:
				t.Fatalf("ended by the grace timer with %d", c)
			case <-time.After(5 * time.Second):
				t.Fatal("the lab did not stop within 5s of SIGTERM")
			}
		})
	}
}
