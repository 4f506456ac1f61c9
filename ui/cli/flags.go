package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/why403/why403/ui/escape"
)

// newFlagSet is a flag set that prints nothing itself: its errors echo the
// user's words, so they go through usageError and the sanitizer instead.
func newFlagSet(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args; done reports that the command should stop with
// code (help was printed, or a usage error was reported).
func parseFlags(fs *flag.FlagSet, args []string, help string, env Env) (code int, done bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fmt.Fprint(env.Stdout, help+b.String())
		return ExitOK, true
	}
	if err != nil {
		return usageError(env, escape.Line(err.Error())+" (see "+fs.Name()+" --help)"), true
	}
	return 0, false
}
