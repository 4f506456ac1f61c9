package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/ui/app"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/report"
)

// runDemo is `why403 demo`: start the lab in this process and diagnose each
// of its scenarios, printing every report and a summary.
func runDemo(ctx context.Context, args []string, env Env) int {
	fs := newFlagSet("why403 demo", env)
	text := fs.Bool("text", false, "diagnose every scenario and print the reports as text, without the app")
	asJSON := fs.Bool("json", false, "print one JSON report per scenario, one per line")
	const help = "Usage: why403 demo [--text | --json]\n\n" +
		"Starts the lab on 127.0.0.1 in this process and opens the app on a refused\n" +
		"scenario (ctrl+o picks another). Without a terminal, or with --text, it\n" +
		"diagnoses every scenario and prints the reports.\n\n"
	if code, done := parseFlags(fs, args, help, env); done {
		return code
	}
	if !*text && !*asJSON && interactive(env) {
		var l labOnDemand
		defer l.close()
		return runApp(ctx, app.Options{Scenarios: l.scenarios}, env)
	}
	l, err := lab.Start(lab.Options{})
	if err != nil {
		return usageError(env, escape.Line(fmt.Sprintf("starting the lab: %v", err)))
	}
	defer l.Close()

	color := useColor(env)
	var summary []demoResult
	for _, sc := range l.Scenarios() {
		if ctx.Err() != nil {
			break
		}
		res := diagnoseScenario(ctx, sc)
		summary = append(summary, res)
		if *asJSON {
			if err := report.WriteJSON(env.Stdout, res.doc); err != nil {
				fmt.Fprintln(env.Stderr, "why403: "+err.Error())
			}
			continue
		}
		fmt.Fprintf(env.Stdout, "━━ %s · expected %s\n$ %s\n", sc.Name, causeOrAccepted(sc.Cause), escape.Line(probe.MaskJWTs(lab.Command(sc))))
		if res.err != nil {
			fmt.Fprintln(env.Stdout, "could not run: "+escape.Line(res.err.Error()))
			continue
		}
		if err := report.WriteText(env.Stdout, res.doc, report.TextOptions{Color: color}); err != nil {
			fmt.Fprintln(env.Stderr, "why403: "+err.Error())
		}
		fmt.Fprintln(env.Stdout)
	}
	if !*asJSON {
		writeDemoSummary(env, summary)
	}
	for _, r := range summary {
		if !r.ok() {
			return ExitRefused
		}
	}
	return ExitOK
}

type demoResult struct {
	scenario lab.Scenario
	doc      report.Document
	err      error
}

// ok: the scenario's own cause came first (or nothing, for accepted ones).
func (r demoResult) ok() bool {
	if r.err != nil {
		return false
	}
	if r.scenario.Cause == "" {
		return len(r.doc.Likely) == 0
	}
	return len(r.doc.Likely) > 0 && r.doc.Likely[0] == r.scenario.Cause
}

func diagnoseScenario(ctx context.Context, sc lab.Scenario) demoResult {
	parsed, err := curlargs.Parse(sc.Args)
	if err != nil {
		return demoResult{scenario: sc, err: err}
	}
	req := parsed.Request
	sendCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	// As check does by default: the safe experiments too, so that demo
	// judges a scenario exactly as check would.
	res := diagnose.Run(sendCtx, req, diagnose.Options{Experiments: diagnose.ExperimentsSafe})
	doc := report.Build(req, res.Evidence.Exchange, res.Report, report.Options{Time: res.Evidence.Now})
	doc.ExperimentsSkipped = skippedForReport(res)
	return demoResult{scenario: sc, doc: doc}
}

func writeDemoSummary(env Env, results []demoResult) {
	fmt.Fprintln(env.Stdout, "━━ Summary")
	width := 0
	for _, r := range results {
		width = max(width, len(r.scenario.Name))
	}
	good := 0
	for _, r := range results {
		got := "(error)"
		if r.err == nil {
			got = "(accepted)"
			if len(r.doc.Likely) > 0 {
				got = r.doc.Likely[0]
			}
		}
		mark := "✗"
		if r.ok() {
			mark = "✓"
			good++
		}
		fmt.Fprintf(env.Stdout, "%s %-*s  expected %-18s got %s\n", mark, width, r.scenario.Name, causeOrAccepted(r.scenario.Cause), got)
	}
	fmt.Fprintf(env.Stdout, "%d of %d scenarios diagnosed with their own cause first.\n", good, len(results))
}

func causeOrAccepted(cause string) string {
	if cause == "" {
		return "(accepted)"
	}
	return cause
}
