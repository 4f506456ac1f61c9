package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/why403/why403/checks/bisect"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/difftext"
	"github.com/why403/why403/ui/escape"
)

// runBisect is `why403 bisect GOOD BAD`: confirm GOOD accepted and BAD
// refused, then find the smallest set of GOOD's values that makes BAD
// accepted (checks/bisect).
func runBisect(ctx context.Context, args []string, env Env) int {
	o, err := parsePairArgs("bisect", args, true)
	if err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	if o.help {
		fmt.Fprint(env.Stdout, bisectUsage)
		return ExitOK
	}
	var reqs [2]probe.Request
	var labels [2]string
	for i, role := range []string{"GOOD", "BAD"} {
		in, err := readInput(ctx, o.reqs[i], env)
		if err != nil {
			return usageError(env, role+": "+escape.Line(err.Error()))
		}
		if in.Masked != "" {
			return usageError(env, role+": "+escape.Line(in.Masked)+": it cannot be sent as it is; give it as a curl command, or save it with --token-env (why403 save)")
		}
		req := in.Side.Request
		if err := probe.CheckFiles(ctx, &req); err != nil {
			return usageError(env, role+": "+escape.Line(err.Error()))
		}
		req.Env = probe.EnvFrom(env.Getenv)
		reqs[i], labels[i] = req, in.Label
	}
	stop := bisectProgress(env)
	res := bisect.Run(ctx, reqs[0], reqs[1], bisect.Options{
		AllowUnsafe: o.consent, Max: o.max, Reveal: o.reveal, RevealHint: "--reveal", OnSent: stop.sent,
	})
	stop.done()
	if o.json {
		err = writeBisectJSON(env.Stdout, labels, res)
	} else {
		err = writeBisectText(env.Stdout, labels, res)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	if res.Confirmed && res.Complete {
		return ExitOK
	}
	return ExitRefused
}

// progress shows each request of a bisection on stderr, when it is a
// terminal.
type progress struct {
	env   Env
	on    bool
	mu    sync.Mutex
	count int
}

func bisectProgress(env Env) *progress {
	return &progress{env: env, on: env.IsTerminal != nil && env.IsTerminal(env.Stderr)}
}

func (p *progress) sent(s bisect.Sent) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count++
	fmt.Fprintf(p.env.Stderr, "\r\x1b[2Kwhy403: bisect: request %d (%s) → %s (ctrl+c to stop)", p.count, s.Role, difftext.SentAnswer(s))
}

func (p *progress) done() {
	if p.on && p.count > 0 {
		fmt.Fprint(p.env.Stderr, "\r\x1b[2K")
	}
}

type bisectJSON struct {
	Good string `json:"good"`
	Bad  string `json:"bad"`
	bisect.Result
}

func writeBisectJSON(w io.Writer, labels [2]string, res bisect.Result) error {
	b, err := json.MarshalIndent(bisectJSON{Good: labels[0], Bad: labels[1], Result: res}, "", "  ")
	if err != nil {
		return err
	}
	return writeReport(w, append(b, '\n'))
}

func writeBisectText(w io.Writer, labels [2]string, res bisect.Result) error {
	_, err := io.WriteString(w, difftext.Bisect(labels[0], labels[1], res, diffNext))
	return err
}

const bisectUsage = `Usage: why403 bisect [--max N] [--experiments=all] [--json] [--reveal] GOOD BAD

Works in curl, not in your app: finds the smallest set of differences
that makes BAD refused. First it confirms, sending GOOD and BAD once each:
if GOOD is not accepted or BAD is not refused it says so and stops. Then
it sends BAD with some of GOOD's values (delta debugging, ddmin) until the
changes left are each needed: "refused because of: User-Agent
(Dart/3.5 (dart:io) → curl/8.5.0) and the missing X-App-Version".

What is tried, one unit each: a header added, removed or changed; the
case of all header names; the order of all headers; a query parameter;
the path; the method; the body, or each JSON field when both are JSON.

It is polite:
  - GET, HEAD and OPTIONS only: a POST (or any other method) is sent
    only with --experiments=all; without it nothing is sent at all and
    the output says what would be
  - at most 16 requests, the two confirmations included (--max N, up to
    32), one at a time
  - it stops at the first sign of a rate limit (429, Retry-After, a
    spent quota) or a 503
  - GOOD and BAD must go to the same origin, or they are compared only
  - a header 403-bypass tools spoof (X-Forwarded-For, X-Original-URL,
    X-Real-IP, Forwarded, ...) is never sent to test it: it is reported
    as not tested. The transport (HTTP version, proxy, certificate) is
    not changed either.

GOOD and BAD are each one of (see why403 diff --help):
  'curl …', @FILE, @FILE.har#N, saved:NAME
History entries keep their secrets masked, so history:N can be compared
(why403 diff) but not sent.

Options:
  --max N              the most requests sent, 3 to 32 (default 16)
  --experiments=all    consent to send methods other than GET/HEAD/OPTIONS
  --json               print the confirmation, every request sent and the
                       minimal set as JSON
  --reveal             show secrets instead of masking them

Exit status: 0 the minimal set was found, 1 it was not (not confirmed,
stopped, compared only), 2 usage error: nothing was sent.
`
