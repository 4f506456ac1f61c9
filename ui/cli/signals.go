package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/term"
)

// A cancelled context is not enough to stop on ctrl+c: a read of a FIFO or
// of a pipe left open (--token-file FIFO, -d @-, a saved.db that is a FIFO)
// blocks in the kernel and never looks at it. So the first SIGINT or
// SIGTERM cancels the mode's context, and if the mode has not returned
// within its grace the process ends there, as a shell expects: status 128
// plus the signal's number (130, 143). A second signal ends it at once.

// signalPolicy is how a mode ends on SIGINT or SIGTERM.
type signalPolicy struct {
	// Grace is how long the mode has, once its context is cancelled, to
	// return by itself.
	Grace time.Duration
	// Clean: the signal is the mode's normal way to stop (a proxy stopped
	// with ctrl+c), so a mode that returns within Grace keeps its own
	// status (0 when it shut down cleanly) instead of 128+signal.
	Clean bool
}

// policyFor is the signal policy of the mode args choose. Every mode so
// far is stopped by a signal, not ended by one; a mode for which ctrl+c is
// the normal end (proxy) returns signalPolicy{Grace: …, Clean: true}.
func policyFor(args []string) signalPolicy {
	if len(args) > 0 && args[0] == "proxy" {
		// The judge finishes what is queued and the HAR is written.
		return signalPolicy{Grace: 5 * time.Second, Clean: true}
	}
	return signalPolicy{Grace: 500 * time.Millisecond}
}

// Run is Main for the process: it runs the mode args choose with SIGINT
// and SIGTERM handled as above, and returns the exit status.
func Run(args []string, env Env) int {
	if printsOnly(args) {
		// Nothing here can block, so there is nothing for a signal to
		// stop, and a signal's default action ends the process as a shell
		// expects. Setting up the handler (a goroutine, a thread locked
		// for the signal mask) costs about 10 of --version's ~490 page
		// faults, and a fault is what start-up time is made of.
		return Main(context.Background(), args, env)
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	restore := saveTerminal()
	exit := func(code int) {
		// The app may have been stopped mid-frame: give the terminal back
		// its modes before the process ends under it.
		restore()
		os.Exit(code)
	}
	return runSignaled(args, env, policyFor(args), sigs, exit)
}

// printsOnly reports a mode that prints a fixed text and returns:
// --version, and help of why403 or of one of its commands. Help followed
// by anything else ("help -H x") is handed to the request parser like
// any argument list, and may open the app.
func printsOnly(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "version", "--version":
		return true
	case "help", "-h", "--help":
		return len(args) == 1 || isCommand(args[1])
	}
	return false
}

// isCommand reports one of the command names Main dispatches on.
func isCommand(name string) bool {
	return modeRunner(name) != nil || name == "help" || name == "version"
}

// runSignaled runs Main with ctx cancelled on the first signal from sigs,
// calling exit(128+signal) when the mode outlives its grace or on a second
// signal; it returns the status to exit with.
func runSignaled(args []string, env Env, pol signalPolicy, sigs <-chan os.Signal, exit func(int)) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	gotc := make(chan os.Signal, 1)
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		var first os.Signal
		select {
		case first = <-sigs:
		case <-done:
			return
		}
		gotc <- first
		cancel()
		grace := time.NewTimer(pol.Grace)
		defer grace.Stop()
		select {
		case <-done:
		case <-grace.C:
			exit(signalStatus(first))
		case s := <-sigs:
			exit(signalStatus(s))
		}
	}()
	code := Main(ctx, args, env)
	close(done)
	<-watched
	select {
	case s := <-gotc:
		if !pol.Clean {
			return signalStatus(s)
		}
	default:
	}
	return code
}

// signalStatus is the status a shell reports for a process ended by s.
func signalStatus(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}

// saveTerminal records standard input's terminal modes, when it is a
// terminal, and returns the func that puts them back.
func saveTerminal() (restore func()) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return func() {}
	}
	st, err := term.GetState(fd)
	if err != nil {
		return func() {}
	}
	return func() { term.Restore(fd, st) }
}
