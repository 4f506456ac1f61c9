package cli

import (
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// useColor: colour only on a terminal, never with NO_COLOR (no-color.org)
// or TERM=dumb.
func useColor(env Env) bool {
	if env.Getenv("NO_COLOR") != "" || env.Getenv("TERM") == "dumb" {
		return false
	}
	return env.IsTerminal != nil && env.IsTerminal(env.Stdout)
}
