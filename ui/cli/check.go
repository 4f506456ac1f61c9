package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/experiment"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/report"
)

// runCheck is `why403 check [curl args] URL`: send once, judge, report.
func runCheck(ctx context.Context, args []string, env Env) int {
	parsed, code, done := parseRequest(args, env, curlargs.Env{Stdin: env.Stdin, Getenv: env.Getenv}, checkUsage+curlargs.Usage())
	if done {
		return code
	}
	req := parsed.Request
	if parsed.Options.PrintCurl && parsed.Options.OutputHAR != "" {
		fmt.Fprintln(env.Stderr, "why403: warning: --print-curl sends nothing, so --output-har has nothing to write")
	}
	if parsed.Options.PrintCurl {
		return printCurl(env, req, parsed.Options)
	}
	if err := probe.CheckFiles(ctx, &req); err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	req.Env = probe.EnvFrom(env.Getenv)
	if path := req.Env["SSLKEYLOGFILE"]; path != "" {
		fmt.Fprintln(env.Stderr, "why403: SSLKEYLOGFILE is set: TLS secrets are appended to "+escape.Line(path))
	}
	if parsed.Options.MaxBody > 0 {
		req.MaxBodyBytes = parsed.Options.MaxBody
	}
	if parsed.Options.OutputHAR != "" {
		if err := checkHARPath(parsed.Options.OutputHAR); err != nil {
			return usageError(env, escape.Line(err.Error()))
		}
	}

	stop := showProgress(env, req, parsed.Options.Reveal)
	now := time.Now()
	ex := probe.Send(ctx, req)
	stop()

	ev := checks.Evidence{Request: req, Exchange: ex, Now: now}
	rep := checks.Run(ev)
	skipped := ""
	if parsed.Options.Experiments == curlargs.ExperimentsOff {
		skipped = "turned off (--no-experiments)"
	} else if rep, skipped = runExperiments(ctx, env, ev, rep, parsed.Options); skipped == "" && len(rep.Experiments) == 0 {
		skipped = "none would tell the candidates apart"
	}
	doc := report.Build(req, ex, rep, report.Options{Reveal: parsed.Options.Reveal, TokenEnv: parsed.Options.Token.Env, Time: now})
	if ex.Response != nil && ex.Response.Status >= 400 || len(rep.Likely) > 0 {
		doc.ExperimentsSkipped = skipped
	}
	var err error
	switch parsed.Options.ReportFormat() {
	case curlargs.FormatJSON:
		err = report.WriteJSON(env.Stdout, doc)
	case curlargs.FormatMarkdown:
		err = report.WriteMarkdown(env.Stdout, doc)
	default:
		err = report.WriteText(env.Stdout, doc, report.TextOptions{Color: useColor(env)})
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+err.Error())
	}
	if parsed.Options.OutputHAR != "" {
		// Checked writable before sending; failing now (a full disk) is
		// still an error a script must see, after the report.
		if err := writeHARFile(parsed.Options.OutputHAR, harExchanges(req, ex, rep), parsed.Options.Reveal, now); err != nil {
			return usageError(env, escape.Line(err.Error()))
		}
	}
	return exitStatus(ex, rep)
}

// printCurl is --print-curl: the request as one bash-safe curl command,
// sent nowhere. Secrets are masked unless --reveal; a token read from
// --token-env is named by its variable instead.
func printCurl(env Env, req probe.Request, o curlargs.Options) int {
	cmd := curlargs.QuoteWith(req, curlargs.QuoteOptions{Reveal: o.Reveal, TokenEnv: o.Token.Env})
	// Quote writes control and format characters as $'…' escapes; the
	// sanitizer is the boundary all the same.
	if _, err := fmt.Fprintln(env.Stdout, escape.Line(cmd)); err != nil {
		fmt.Fprintln(env.Stderr, "why403: writing the curl command: "+escape.Line(err.Error()))
		return ExitUsage
	}
	return ExitOK
}

// runExperiments sends the variants that can tell the candidate causes
// apart and judges again with their conclusions; skipped says why none
// was sent.
func runExperiments(ctx context.Context, env Env, ev checks.Evidence, rep checks.Report, o curlargs.Options) (checks.Report, string) {
	plan := checks.PlanExperiments(ev, rep)
	if plan.Blocked != "" {
		return rep, plan.Blocked
	}
	if len(plan.Variants) == 0 {
		return rep, ""
	}
	stop := showActivity(env, fmt.Sprintf("trying %d variants of the request", len(plan.Variants)))
	ev.Experiments = experiment.Run(ctx, ev, rep, plan, experiment.Options{AllowUnsafe: o.Experiments == curlargs.ExperimentsAll})
	stop()
	return checks.Run(ev), ""
}

// exitStatus maps an exchange and its judgement to the documented codes.
func exitStatus(ex probe.Exchange, rep checks.Report) int {
	switch {
	case ex.Response == nil:
		return ExitNoResponse
	case ex.Response.Status < 100,
		ex.Response.Status == 101 && !probe.UpgradeRequested(ex.Request.Headers):
		// an invalid status, or a switch to another protocol nobody asked
		// for: no HTTP answer to the request
		return ExitNoResponse
	case ex.Response.Status >= 400 || len(rep.Likely) > 0:
		return ExitRefused
	case ex.Err != nil:
		// an accepted head with a body cut short (timeout, reset) is not
		// an accepted request
		return ExitNoResponse
	}
	for _, f := range rep.Findings {
		if f.Status == checks.Fail {
			return ExitRefused
		}
	}
	return ExitOK
}

// showProgress prints the elapsed time on stderr while a slow request runs,
// when stderr is a terminal; the returned func clears it.
func showProgress(env Env, req probe.Request, reveal bool) (stop func()) {
	shownURL := req.URL
	if !reveal {
		shownURL = probe.MaskURL(shownURL)
	}
	return showActivity(env, escape.Line(req.Method)+" "+escape.Line(shownURL))
}

// showActivity prints what is going on and the elapsed time on stderr,
// after a short while and only to a terminal; the returned func clears it.
func showActivity(env Env, what string) (stop func()) {
	if env.IsTerminal == nil || !env.IsTerminal(env.Stderr) {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(env.Stderr, "\r\x1b[2K")
				}
				return
			case <-tick.C:
				if el := time.Since(start); el > 400*time.Millisecond {
					shown = true
					fmt.Fprintf(env.Stderr, "\r\x1b[2Kwhy403: %s … %.1fs (ctrl+c to cancel)", what, el.Seconds())
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

const checkUsage = `Usage: why403 check [options] URL

Sends the request once, exactly as curl would, and explains the answer:
each possible cause as ✓ ruled out, ✗ found, ! suspicious or – not judged,
with the evidence seen and a fix. Every curl option below keeps its meaning.

`
