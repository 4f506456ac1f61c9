// Package cli is why403's command line: it picks the mode from argv
// (check, lab, demo, help) and runs it, writing to the given streams and
// returning the exit status. main.go only calls Main.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/why403/why403/ui/app"
)

// Exit statuses, documented in the README.
const (
	ExitOK         = 0 // the request was accepted and no check fails
	ExitRefused    = 1 // refused, or a cause was found
	ExitUsage      = 2 // usage error or bad input: nothing was sent
	ExitNoResponse = 3 // no response: network, TLS or timeout
)

// Env is what a command may touch of the outside world, passed in so tests
// can run commands in-process.
type Env struct {
	// Stdin feeds curl's @- (-d @-, -H @-); nil refuses @-.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment (NO_COLOR, ...).
	Getenv func(string) string
	// IsTerminal reports whether a stream is a terminal (colour, progress).
	IsTerminal func(any) bool
}

// OSEnv is the real process environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, IsTerminal: isTerminal}
}

// Main runs why403 with args (without the program name) and returns the
// exit status.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		if !interactive(env) {
			fmt.Fprint(env.Stdout, usage)
			return ExitOK
		}
		return runApp(ctx, app.Options{}, env)
	}
	if run := modeRunner(args[0]); run != nil {
		return run(ctx, args[1:], env)
	}
	switch args[0] {
	case "help", "-h", "--help":
		if len(args) > 1 {
			return Main(ctx, []string{args[1], "--help"}, env)
		}
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	case "version", "--version":
		fmt.Fprintln(env.Stdout, "why403 "+Version)
		return ExitOK
	}
	if strings.HasPrefix(args[0], "-") || strings.Contains(args[0], "://") || strings.Contains(args[0], ".") {
		return runEdit(ctx, args, env)
	}
	return usageError(env, fmt.Sprintf("unknown command %q (see why403 --help)", args[0]))
}

// modeRunner is the function that runs the command name, or nil: the one
// list of commands, which Main dispatches on and printsOnly consults.
func modeRunner(name string) func(context.Context, []string, Env) int {
	switch name {
	case "check":
		return runCheck
	case "lab":
		return runLab
	case "demo":
		return runDemo
	case "save":
		return runSave
	case "open":
		return runOpen
	case "explain":
		return runExplain
	case "diff":
		return runDiff
	case "bisect":
		return runBisect
	case "proxy":
		return runProxy
	}
	return nil
}

// Version of why403.
const Version = "0.1.0"

func usageError(env Env, msg string) int {
	fmt.Fprintln(env.Stderr, "why403: "+msg)
	return ExitUsage
}

const usage = `why403 tells you why an HTTP request is refused.

Usage:
  why403 [curl options] [URL]       open the app with that request loaded (nothing is
                                    sent until you press ctrl+s)
  why403 check [curl options] URL   send the request once and explain the answer
  why403 lab [--http ADDR] [--https ADDR] [--mtls ADDR] [--dir DIR] [--list [--json]]
                                    run a local server that reproduces every cause
  why403 demo [--text | --json]     start the lab and open the app on its scenarios
                                    (--text: diagnose each one and print the reports)
  why403 save NAME [curl options] URL
                                    save the request under NAME, without its secrets
                                    (--keep-secrets, or --token-env VAR to read the token later)
  why403 open [NAME]                open a saved request in the app (without a terminal:
                                    print it as a curl command); no NAME lists them
  why403 explain [--entry N] [--json] FILE
                                    explain a recorded refusal offline, sending nothing:
                                    a HAR file (a browser's network panel, or Flutter
                                    DevTools' Network tab), a curl -v or curl -i
                                    transcript, a raw response (- reads stdin)
  why403 diff A B                   compare two requests (curl commands, @FILE,
                                    @FILE.har#N, saved:NAME, history:N), sending nothing
  why403 bisect GOOD BAD            find the smallest change that makes BAD accepted
                                    (GET/HEAD/OPTIONS only unless --experiments=all)
  why403 proxy [--listen ADDR] [--json] [curl transport options] UPSTREAM
                                    a reverse proxy for an app: point its base URL at it,
                                    see each refusal explained as it passes
  why403 help COMMAND               help for one command
  why403 version

Replace "curl" with "why403 check" and keep the rest of the command:
  why403 check -H 'Authorization: Bearer eyJ...' https://api.example.com/v1/orders

Exit status: 0 accepted, 1 refused or a cause found, 2 usage error (nothing
was sent), 3 no response (network, TLS, timeout).
`
