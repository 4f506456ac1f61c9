package cli

import (
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestPrintingModesSetUpNoSignals: --version and help print a fixed text
// and return, so they set up no signal handling; os/signal's receiving
// goroutine and the runtime's thread locked for the signal mask cost about
// 10 of --version's ~490 page faults (issue 13, §4). A mode that may block (check, the
// app) still sets it up. Each case runs Run in a fresh process (the test
// binary) and lists the goroutines left after it returns.
func TestPrintingModesSetUpNoSignals(t *testing.T) {
	if args, ok := os.LookupEnv("WHY403_TEST_RUN_ARGS"); ok {
		Run(strings.Fields(args), Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }})
		buf := make([]byte, 1<<20)
		os.Stdout.Write(buf[:runtime.Stack(buf, true)])
		os.Exit(0)
	}
	for _, tt := range []struct {
		args    string
		signals bool
	}{
		{"--version", false},
		{"version", false},
		{"--help", false},
		{"help check", false},
		{"check", true}, // no URL: a usage error, after signals were set up
		// help of no command: the words go to the request parser, which
		// may open the app
		{"help -H", true},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestPrintingModesSetUpNoSignals$")
		cmd.Env = append(os.Environ(), "WHY403_TEST_RUN_ARGS="+tt.args)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", tt.args, err)
		}
		if got := strings.Contains(string(out), "os/signal.loop"); got != tt.signals {
			t.Errorf("why403 %s: signal handling set up = %v, want %v", tt.args, got, tt.signals)
		}
	}
}
