package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/why403/why403/checks/reqdiff"
	"github.com/why403/why403/ui/difftext"
	"github.com/why403/why403/ui/escape"
)

// pairArgs are the flags and the two requests of diff and bisect; flags
// may come anywhere on the line.
type pairArgs struct {
	reqs   []string
	json   bool
	reveal bool
	help   bool
	// bisect only
	max     int
	consent bool
}

func parsePairArgs(cmd string, args []string, bisect bool) (pairArgs, error) {
	var o pairArgs
	flags := true
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !flags || !strings.HasPrefix(a, "-") {
			o.reqs = append(o.reqs, a)
			continue
		}
		name, value, hasValue := strings.Cut(a, "=")
		switch {
		case name == "--":
			flags = false
		case name == "-h" || name == "--help":
			o.help = true
		case name == "--json":
			o.json = true
		case name == "--reveal":
			o.reveal = true
		case bisect && name == "--max":
			if !hasValue {
				if i+1 >= len(args) {
					return o, errors.New("--max needs a number of requests")
				}
				i++
				value = args[i]
			}
			n, err := strconv.Atoi(value)
			if err != nil || n < 3 || n > 32 {
				return o, fmt.Errorf("--max takes a number from 3 to 32, not %q", value)
			}
			o.max = n
		case bisect && name == "--experiments":
			switch value {
			case "all":
				o.consent = true
			case "safe":
				o.consent = false
			default:
				return o, fmt.Errorf("--experiments takes all or safe here, not %q", value)
			}
		default:
			return o, fmt.Errorf("unknown option %q for %s (see why403 %s --help)", a, cmd, cmd)
		}
		if hasValue && name != "--max" && name != "--experiments" {
			return o, fmt.Errorf("%s takes no value", name)
		}
	}
	if !o.help && len(o.reqs) != 2 {
		return o, fmt.Errorf("%s takes two requests, got %d: each is %s", cmd, len(o.reqs), inputForms)
	}
	return o, nil
}

// runDiff is `why403 diff A B`: the differences between two requests,
// grouped, each with the causes it could explain. Nothing is sent.
func runDiff(ctx context.Context, args []string, env Env) int {
	o, err := parsePairArgs("diff", args, false)
	if err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	if o.help {
		fmt.Fprint(env.Stdout, diffUsage)
		return ExitOK
	}
	a, err := readInput(ctx, o.reqs[0], env)
	if err != nil {
		return usageError(env, "A: "+escape.Line(err.Error()))
	}
	b, err := readInput(ctx, o.reqs[1], env)
	if err != nil {
		return usageError(env, "B: "+escape.Line(err.Error()))
	}
	d := reqdiff.Compare(a.Side, b.Side, reqdiff.Options{Reveal: o.reveal, RevealHint: "--reveal"})
	if o.json {
		err = writeDiffJSON(env.Stdout, a.Label, b.Label, d)
	} else {
		err = writeDiffText(env.Stdout, a.Label, b.Label, d)
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitUsage
	}
	if d.Empty() {
		return ExitOK
	}
	return ExitRefused
}

type diffJSON struct {
	A string `json:"a"`
	B string `json:"b"`
	reqdiff.Diff
}

func writeDiffJSON(w io.Writer, la, lb string, d reqdiff.Diff) error {
	b, err := json.MarshalIndent(diffJSON{A: la, B: lb, Diff: d}, "", "  ")
	if err != nil {
		return err
	}
	return writeReport(w, append(b, '\n'))
}

// diffNext closes the text output of diff.
const diffNext = "To find which of them make B refused: why403 bisect A B"

// writeDiffText writes the differences group by group (ui/difftext).
func writeDiffText(w io.Writer, la, lb string, d reqdiff.Diff) error {
	_, err := io.WriteString(w, difftext.Diff(la, lb, d, diffNext))
	return err
}

const diffUsage = `Usage: why403 diff [--json] [--reveal] A B

Compares two requests, sending nothing, and lines their differences up:
method; URL (scheme, host, port, path, each query parameter); headers
(only in A, only in B, changed value, case, order, how many times sent);
credentials (masked, with their scheme and the JWT claims iss, aud, scope
and exp, and a hint when they name different environments); body (JSON
and form bodies field by field); transport (HTTP version, client
certificate, proxy, the server address when one was recorded). Each
difference names the causes it could explain.

A and B are each one of:
  'curl …'        a curl command, as one argument
  @FILE           a file holding a curl command, or a Dart http or dio call
                  (read as that client sends it; nothing in it is run)
  @FILE.har#N     entry N of a HAR file (why403 check --output-har writes one)
  saved:NAME      a saved request (why403 save)
  history:N       entry N of the History tab (secrets there are masked)

Options:
  --json     print the differences as JSON (diff takes no body, so --json
             is the report's flag here)
  --reveal   show secrets instead of masking them

Exit status: 0 the same, 1 they differ, 2 usage error.
Works in curl but not in your app? Compare, then let bisect find the
difference that matters: why403 bisect GOOD BAD.
`
