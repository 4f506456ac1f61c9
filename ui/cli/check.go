package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/report"
)

// runCheck is `why403 check [curl args] URL`: send once, judge, report.
func runCheck(ctx context.Context, args []string, env Env) int {
	parsed, code, done := parseRequest(args, env, curlargs.Env{Stdin: env.Stdin, Getenv: env.Getenv}, func() string { return checkUsage + curlargs.Usage() })
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

	for _, p := range checks.Placeholders(req) {
		// Named before sending: such a request is refused whatever else is right.
		fmt.Fprintln(env.Stderr, "why403: warning: "+escape.Line(p)+"; it is sent as it is")
	}
	stop := showProgress(env, req, parsed.Options.Reveal)
	res := diagnose.Send(ctx, req, diagnose.Options{})
	stop()
	ex, now := res.Evidence.Exchange, res.Evidence.Now
	if mode := experimentsMode(parsed.Options); mode == diagnose.ExperimentsOff {
		res.Skipped = "turned off (--no-experiments)"
	} else {
		stopVariants := func() {}
		res = diagnose.Experiment(ctx, res, diagnose.Options{
			Experiments:   mode,
			OnExperiments: func(n int) { stopVariants = showActivity(env, fmt.Sprintf("trying %d variants of the request", n)) },
		})
		stopVariants()
	}
	rep := res.Report
	doc := report.Build(req, ex, rep, report.Options{Redactor: probe.NewRedactor(req, parsed.Options.Reveal), TokenEnv: parsed.Options.Token.Env, Time: now})
	doc.ExperimentsSkipped = skippedForReport(res)
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
		if err := writeHARFile(parsed.Options.OutputHAR, harExchanges(req, ex, rep), probe.NewRedactor(req, parsed.Options.Reveal), now); err != nil {
			return usageError(env, escape.Line(err.Error()))
		}
	}
	return exitStatus(ex, rep)
}

// printCurl is --print-curl: the request as one bash-safe curl command,
// sent nowhere. Secrets are masked unless --reveal; a token read from
// --token-env is named by its variable instead.
func printCurl(env Env, req probe.Request, o curlargs.Options) int {
	cmd := curlargs.QuoteWith(req, curlargs.QuoteOptions{Redactor: probe.NewRedactor(req, o.Reveal), TokenEnv: o.Token.Env})
	// Quote writes control and format characters as $'…' escapes; the
	// sanitizer is the boundary all the same.
	if _, err := fmt.Fprintln(env.Stdout, escape.Line(cmd)); err != nil {
		fmt.Fprintln(env.Stderr, "why403: writing the curl command: "+escape.Line(err.Error()))
		return ExitUsage
	}
	return ExitOK
}

// experimentsMode is the --experiments option as the pipeline's mode.
func experimentsMode(o curlargs.Options) diagnose.Experiments {
	switch o.Experiments {
	case curlargs.ExperimentsOff:
		return diagnose.ExperimentsOff
	case curlargs.ExperimentsAll:
		return diagnose.ExperimentsAll
	}
	return diagnose.ExperimentsSafe
}

// skippedForReport is why no experiment was sent, when the report should
// say so: after a refusal, not after an accepted request.
func skippedForReport(res diagnose.Result) string {
	ex := res.Evidence.Exchange
	if ex.Response != nil && ex.Response.Status >= 400 || len(res.Report.Likely) > 0 {
		return res.Skipped
	}
	return ""
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
	return showActivity(env, escape.Line(req.Method)+" "+escape.Line(probe.NewRedactor(req, reveal).URL(req.URL)))
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

Sends the request once, exactly as curl would (curl's default headers
included), and explains the answer: each possible cause as ✓ ruled out,
✗ found, ! suspicious or – not judged, with the evidence seen and a fix.
Every curl option below keeps its meaning.

From a Flutter or Dart app: --client dart sends as package:http does
(Dart's User-Agent, lower-case names, HTTP/1.1), and --dart FILE reads the
http.get/post or dio call itself. Flutter DevTools' network tab exports
HAR, which "why403 explain FILE.har" reads.

`
