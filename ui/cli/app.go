package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/ui/app"
	"github.com/why403/why403/ui/escape"
)

// runEdit is `why403 [curl args] URL`: open the app with that request
// loaded, nothing sent. Without a terminal there is no app to open, so the
// request is checked as `why403 check` would.
func runEdit(ctx context.Context, args []string, env Env) int {
	if !interactive(env) {
		return runCheck(ctx, args, env)
	}
	// No Stdin: the app owns the terminal, so --token - is refused here.
	parsed, code, done := parseRequest(args, env, curlargs.Env{Getenv: env.Getenv}, func() string { return usage })
	if done {
		return code
	}
	if parsed.Options.OutputHAR != "" || parsed.Options.PrintCurl || parsed.Options.ReportFormat() != "text" {
		fmt.Fprintln(env.Stderr, "why403: warning: --output-har, --print-curl and --format are for why403 check; the app ignores them (use ctrl+y or m to copy)")
	}
	return runApp(ctx, app.Options{Request: &parsed.Request, Reveal: parsed.Options.Reveal, TokenEnv: parsed.Options.Token.Env}, env)
}

func runApp(ctx context.Context, opts app.Options, env Env) int {
	if err := app.Run(ctx, opts); err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	return ExitOK
}

// interactive: the app needs a terminal on both ends.
func interactive(env Env) bool {
	return env.IsTerminal != nil && env.IsTerminal(os.Stdin) && env.IsTerminal(env.Stdout)
}
