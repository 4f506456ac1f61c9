package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/transcript"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/report"
)

// explainOptions are the flags of `why403 explain`.
type explainOptions struct {
	file    string
	entry   int // 1-based; 0: every refused entry
	json    bool
	reveal  bool
	verbose bool
	help    bool
}

// parseExplainArgs reads flags anywhere on the line (`explain x.har
// --json` works as well as `explain --json x.har`); "-" is stdin and "--"
// ends the flags.
func parseExplainArgs(args []string) (explainOptions, error) {
	var o explainOptions
	var files []string
	flags := true
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !flags || a == "-" || !strings.HasPrefix(a, "-") {
			files = append(files, a)
			continue
		}
		name, value, hasValue := strings.Cut(a, "=")
		switch name {
		case "--":
			flags = false
		case "-h", "--help":
			o.help = true
		case "--json":
			o.json = true
		case "--report":
			if value != "json" && value != "text" {
				return o, fmt.Errorf("--report takes json or text, not %q", value)
			}
			o.json = value == "json"
		case "--reveal":
			o.reveal = true
		case "-v", "--verbose":
			o.verbose = true
		case "--entry":
			if !hasValue {
				if i+1 >= len(args) {
					return o, errors.New("--entry needs a number (1 for the first entry)")
				}
				i++
				value = args[i]
			}
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 {
				return o, fmt.Errorf("--entry takes a number from 1, not %q", value)
			}
			o.entry = n
		default:
			return o, fmt.Errorf("unknown option %q for explain (see why403 explain --help)", a)
		}
		if hasValue && name != "--report" && name != "--entry" {
			return o, fmt.Errorf("%s takes no value", name)
		}
	}
	if o.help {
		return o, nil
	}
	switch len(files) {
	case 0:
		return o, errors.New("explain needs a FILE (a HAR, a curl -v or curl -i transcript, or - for stdin)")
	case 1:
		o.file = files[0]
	default:
		return o, fmt.Errorf("explain takes one FILE, got %d", len(files))
	}
	return o, nil
}

// runExplain is `why403 explain FILE`: judge a recorded exchange offline.
// Nothing is sent: the checks read the recording as probe would have
// recorded the exchange, and the report says what a recording cannot show.
func runExplain(_ context.Context, args []string, env Env) int {
	o, err := parseExplainArgs(args)
	if err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	if o.help {
		fmt.Fprint(env.Stdout, explainUsage)
		return ExitOK
	}
	src, err := openCapture(o.file, env)
	if err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	n := src.Count
	if o.entry > n {
		return usageError(env, fmt.Sprintf("--entry %d: %s holds %d %s", o.entry, escape.Line(inputName(o.file)), n, explainPlural(n, "entry", "entries")))
	}

	// One entry (asked for, or all there is) is judged whatever its status;
	// of several, those refused. Each is judged and written as it is read,
	// then dropped: a HAR of a long session is never held whole.
	single := o.entry != 0 || n == 1
	out := bufio.NewWriter(env.Stdout)
	var w explainWriter
	if o.json {
		w = &explainJSON{w: out, single: single}
	} else {
		w = &explainText{w: out, src: src, color: useColor(env), o: o, statuses: map[string]int{}}
	}
	code := ExitOK
	err = src.Each(func(e transcript.Entry) error {
		if o.entry != 0 && e.Index != o.entry {
			if e.Index > o.entry {
				return errEntryDone
			}
			return nil
		}
		j := judgeEntry(src, e)
		w.seen(e)
		if !single && j.code != ExitRefused {
			return nil
		}
		switch {
		case j.code == ExitRefused:
			code = ExitRefused
		case j.code == ExitNoResponse && code == ExitOK:
			code = ExitNoResponse
		}
		return w.write(j.report(o.reveal))
	})
	if errors.Is(err, errEntryDone) {
		err = nil
	}
	if err == nil {
		err = w.finish()
	}
	if err == nil {
		if err = out.Flush(); err != nil {
			err = fmt.Errorf("writing the report: %w", err)
		}
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
	}
	return code
}

// errEntryDone stops the reading once the entry asked for is written.
var errEntryDone = errors.New("the entry asked for is written")

// openCapture opens FILE, or stdin for "-".
func openCapture(file string, env Env) (*transcript.Source, error) {
	var r io.Reader
	if file == "-" {
		if env.Stdin == nil {
			return nil, errors.New("explain -: no standard input")
		}
		r = env.Stdin
	} else {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("explain: %w", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, fmt.Errorf("explain: %s is a directory", file)
		}
		r = f
	}
	src, err := transcript.Open(r, transcript.Limits{})
	if err != nil {
		return nil, fmt.Errorf("explain %s: %w", inputName(file), err)
	}
	return src, nil
}

func inputName(file string) string {
	if file == "-" {
		return "stdin"
	}
	return file
}

// judgedEntry is one entry with the checks' verdict on it; report builds
// its report, only for the entries shown.
type judgedEntry struct {
	entry    transcript.Entry
	source   explainSource
	rep      checks.Report
	warnings []string
	code     int
	doc      report.Document
}

// explainSource says where a report came from; it leads each JSON report.
type explainSource struct {
	Format  string `json:"format"`
	Creator string `json:"creator,omitempty"`
	Entry   int    `json:"entry"`
	Of      int    `json:"of"`
}

// judgeEntry runs the checks on one recorded exchange.
func judgeEntry(src *transcript.Source, e transcript.Entry) judgedEntry {
	ev := checks.Evidence{Request: e.Request, Exchange: e.Exchange, RequestUnknown: !e.RequestKnown}
	var warnings []string
	switch {
	case e.ClientClock:
		// The browser's clock at the time: clock.skew compares it with
		// the server's Date as it would have live.
		ev.Now = e.StartedAt
	case e.Exchange.Response != nil && responseHasDate(e.Exchange.Response):
		// The checks judge lifetimes against the server's Date; the local
		// clock of the time is unknown, and clock.skew says so.
	default:
		ev.Now = time.Now()
		warnings = append(warnings, "The recording holds no time (no Date header): token lifetimes are judged against your clock now, not when the request was made")
	}
	rep := diagnose.Judge(ev).Report
	return judgedEntry{
		entry:    e,
		source:   explainSource{Format: string(src.Format), Creator: src.Creator, Entry: e.Index, Of: src.Count},
		rep:      rep,
		warnings: append(append([]string{offlineWarning(src.Format, e)}, e.Notes...), warnings...),
		code:     exitStatus(e.Exchange, rep),
	}
}

// report builds the entry's report, with the offline caveats as warnings.
func (j judgedEntry) report(reveal bool) judgedEntry {
	e := j.entry
	red := probe.NewRedactor(e.Request, reveal)
	doc := report.Build(e.Request, e.Exchange, j.rep, report.Options{Redactor: red})
	warnings := make([]string, 0, len(j.warnings)+len(doc.Warnings))
	for _, w := range j.warnings {
		// the notes quote the recording (a redirect's Location)
		warnings = append(warnings, red.Text(w))
	}
	doc.Warnings = append(warnings, doc.Warnings...)
	if j.code == ExitRefused {
		doc.ExperimentsSkipped = "offline: explain sends nothing (run why403 check to try variants)"
	}
	j.doc = doc
	return j
}

func responseHasDate(r *probe.Response) bool {
	_, ok := r.Date()
	return ok
}

// offlineWarning names what a recording cannot show, so that a skipped
// check reads as "not recorded", not as "ruled out".
func offlineWarning(f transcript.Format, e transcript.Entry) string {
	missing := []string{"the TLS handshake (client certificate request, alerts)", "timing"}
	if r := e.Exchange.Response; r != nil && r.Status >= 300 && r.Status < 400 {
		missing = append(missing, "the redirect, which was not followed")
	} else {
		missing = append(missing, "redirects not followed")
	}
	if f != transcript.FormatHAR {
		missing = append(missing, "the connection's local address")
	}
	return "Offline: judged from a " + f.Describe() + ", nothing was sent. Not judged without a live exchange: " + strings.Join(missing, ", ")
}

// explainWriter writes the reports one at a time, as the entries are read.
type explainWriter interface {
	// seen counts an entry, shown or not.
	seen(transcript.Entry)
	write(judgedEntry) error
	// finish ends the output once every entry is seen.
	finish() error
}

// explainJSON prints one report object for a single entry, and
// {"entries": [...]} otherwise (even when it holds one or none), so that a
// script knows the shape from its own command line. Each report leads with
// "source": the format and which entry it is. The output is what
// json.MarshalIndent would print of them all, written one report at a time.
type explainJSON struct {
	w       io.Writer
	single  bool
	written int
}

func (x *explainJSON) seen(transcript.Entry) {}

func (x *explainJSON) write(j judgedEntry) error {
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, j.doc); err != nil {
		return err
	}
	src, err := json.Marshal(j.source)
	if err != nil {
		return fmt.Errorf("encoding JSON report: %w", err)
	}
	// The report is an object: put "source" first inside it.
	raw := bytes.TrimSpace(buf.Bytes())
	obj := append(append(append([]byte(`{"source":`), src...), ','), raw[1:]...)
	var out bytes.Buffer
	switch {
	case x.single && x.written == 0:
		err = json.Indent(&out, obj, "", "  ")
		out.WriteByte('\n')
	case x.written == 0:
		out.WriteString("{\n  \"entries\": [\n    ")
		err = json.Indent(&out, obj, "    ", "  ")
	default:
		out.WriteString(",\n    ")
		err = json.Indent(&out, obj, "    ", "  ")
	}
	if err != nil {
		return fmt.Errorf("encoding JSON report: %w", err)
	}
	x.written++
	return writeReport(x.w, out.Bytes())
}

func (x *explainJSON) finish() error {
	switch {
	case x.written == 0:
		return writeReport(x.w, []byte("{\n  \"entries\": []\n}\n"))
	case !x.single:
		return writeReport(x.w, []byte("\n  ]\n}\n"))
	}
	return nil
}

func writeReport(w io.Writer, b []byte) error {
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// explainText prints each report under a line naming its entry, or, when
// no entry of several was refused, one line that says so.
type explainText struct {
	w        io.Writer
	src      *transcript.Source
	color    bool
	o        explainOptions
	written  int
	statuses map[string]int // "403", "no response": how many entries had it
}

func (x *explainText) seen(e transcript.Entry) {
	k := "no response"
	if r := e.Exchange.Response; r != nil {
		k = strconv.Itoa(r.Status)
	}
	x.statuses[k]++
}

func (x *explainText) write(j judgedEntry) error {
	if x.written > 0 {
		fmt.Fprintln(x.w)
	}
	x.written++
	fmt.Fprintln(x.w, entryHeader(j, x.o.reveal))
	return report.WriteText(x.w, j.doc, report.TextOptions{Color: x.color, Verbose: x.o.verbose})
}

func (x *explainText) finish() error {
	if x.written > 0 {
		return nil
	}
	_, err := fmt.Fprintf(x.w, "No refused response among the %d entries of this %s (%s).\n",
		x.src.Count, x.src.Format.Describe(), statusSummary(x.statuses))
	return err
}

// entryHeader names the entry: "── Entry 2 of 5 · GET https://… · 403 Forbidden".
func entryHeader(j judgedEntry, reveal bool) string {
	e := j.entry
	req := "request unknown"
	if e.RequestKnown {
		u := probe.NewRedactor(e.Request, reveal).URL(e.Request.URL)
		req = escape.Line(e.Request.Method) + " " + escape.Line(u)
	}
	status := "no response"
	if r := e.Exchange.Response; r != nil {
		status = strings.TrimSpace(strconv.Itoa(r.Status) + " " + escape.Line(r.Reason))
	}
	return fmt.Sprintf("── Entry %d of %d · %s · %s", e.Index, j.source.Of, req, status)
}

// statusSummary lists the statuses counted: "200 ×3, 302 ×1, no response ×1".
func statusSummary(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}

func explainPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

const explainUsage = `Usage: why403 explain [options] FILE

Explains a refusal that was already recorded, offline: nothing is sent.
FILE is one of these (the format is detected), or - to read stdin:

  a HAR file         exported from the browser's network panel (Chrome,
                     Firefox, Safari) or from Flutter DevTools' Network tab
                     (the download button saves the requests as HAR); every
                     refused entry is explained, and a request sent by
                     Dart's client gets its fixes in Dart
  a curl -v transcript   the "> " request and "< " response lines and the
                     body, as curl -v prints them
  a curl -i transcript   the response head(s) and body, as curl -i prints them
  a raw HTTP response    the bytes as they came off the wire

A recording cannot show everything a live send does: the report says which
checks could not be judged (the TLS handshake, timing, redirects not
followed) and, for curl -i or a raw response, that the request is unknown.

Options:
  --entry N      explain entry N of a HAR (1 for the first), whatever its
                 status; by default every entry with a refusal (a status of
                 400 or more, or a block page) is explained
  --json         print the report as JSON: one object for one entry,
                 {"entries": [...]} for several (--report=json is the same)
  --reveal       show secrets; by default tokens, cookies, API keys and
                 passwords are masked in every output
  -v, --verbose  show the evidence of passing and skipped checks too
  -h, --help     this help

Exit status: 0 no entry was refused, 1 a refusal was explained, 2 usage
error or a file that cannot be read, 3 the entry asked for has no response.

Examples:
  why403 explain ~/Downloads/app.example.com.har
  why403 explain --entry 14 --json app.har
  curl -sv https://api.example.com/v1/orders 2>&1 | why403 explain -
`
