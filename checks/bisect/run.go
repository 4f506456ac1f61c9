package bisect

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/checks/experiment"
	"github.com/why403/why403/checks/reqdiff"
	"github.com/why403/why403/probe"
)

// Request budget: a bisection sends at most DefaultMax requests, the two
// confirmations included, unless the user asks for more, never more than
// HardMax.
const (
	DefaultMax = 16
	HardMax    = 32
	// MinMax is the two confirmations and one test.
	MinMax = 3
	// DefaultDeadline bounds a whole bisection.
	DefaultDeadline = 2 * time.Minute
)

// Options steer a bisection.
type Options struct {
	// Send sends one request; probe.Send when nil (diagnose's default).
	Send func(context.Context, probe.Request) probe.Exchange
	// Now is the local clock; time.Now when nil.
	Now func() time.Time
	// AllowUnsafe is the user's consent to send methods other than GET,
	// HEAD and OPTIONS (--experiments=all).
	AllowUnsafe bool
	// Max is the most requests sent, confirmations included: DefaultMax
	// when zero, at most HardMax.
	Max int
	// Deadline bounds the whole run; DefaultDeadline when zero.
	Deadline time.Duration
	// Reveal shows secrets in the result's URLs and changes.
	Reveal bool
	// RevealHint names what shows the secrets where the result is read
	// (reqdiff.Options).
	RevealHint string
	// OnSent is called after each request, in order (progress).
	OnSent func(Sent)
}

// Sent is one request of the bisection and its answer.
type Sent struct {
	// Role is "good", "bad" or "test".
	Role string `json:"role"`
	// Units are the changes applied to BAD (indices into Diff.Units).
	Units []int `json:"units"`
	// Method and URL as sent, the URL masked.
	Method string `json:"method"`
	URL    string `json:"url"`
	// Status is the answer's status, 0 when none came (Err says why).
	Status   int      `json:"status"`
	Accepted bool     `json:"accepted"`
	Likely   []string `json:"likely,omitempty"`
	Err      string   `json:"error,omitempty"`
}

// Result is a whole bisection.
type Result struct {
	Diff reqdiff.Diff `json:"diff"`
	// CompareOnly says why nothing was sent and only the comparison is
	// given (other origins, nothing to test, no consent).
	CompareOnly string `json:"compare_only,omitempty"`
	// WouldSend lists what would have been sent, when consent is missing.
	WouldSend []string `json:"would_send,omitempty"`
	// Confirmed reports that GOOD was accepted and BAD refused.
	Confirmed bool `json:"confirmed"`
	// Stopped says why the bisection ended early ("" when it finished).
	Stopped string `json:"stopped,omitempty"`
	// Sent is every request sent, in order.
	Sent []Sent `json:"requests"`
	// Minimal are the units that, applied to BAD, make it accepted;
	// 1-minimal when Complete.
	Minimal  []int `json:"minimal"`
	Complete bool  `json:"complete"`
	// NotTested are the units never sent (bypass headers).
	NotTested []int `json:"not_tested,omitempty"`
	// Untested names the differences no unit covers (transport, origin).
	Untested []string `json:"untested,omitempty"`
}

// Accepted is what counts as the request going through.
func Accepted(ex probe.Exchange) bool {
	return ex.Response != nil && ex.Response.Status >= 200 && ex.Response.Status < 400
}

// refused is a real refusal: an answer of 400 or more.
func refused(ex probe.Exchange) bool {
	return ex.Response != nil && ex.Response.Status >= 400
}

// errStop carries why the server's answer stops the bisection.
type errStop struct{ why string }

func (e errStop) Error() string { return e.why }

var errBudget = errors.New("budget spent")

// Run confirms GOOD accepted and BAD refused, then bisects the
// differences between them to the smallest set that makes BAD accepted.
// It sends nothing when the two go to different origins, when a method
// would need consent it does not have, or when they do not differ.
func Run(ctx context.Context, good, bad probe.Request, opt Options) Result {
	d := reqdiff.Compare(reqdiff.Side{Request: good}, reqdiff.Side{Request: bad}, reqdiff.Options{Reveal: opt.Reveal, RevealHint: opt.RevealHint})
	res := Result{Diff: d, Minimal: []int{}, Sent: []Sent{}}
	for i, u := range d.Units {
		if u.Bypass {
			res.NotTested = append(res.NotTested, i)
		}
	}
	for _, it := range d.Items {
		if it.Unit < 0 {
			res.Untested = append(res.Untested, it.Name)
		}
	}
	max := opt.Max
	switch {
	case max <= 0:
		max = DefaultMax
	case max > HardMax:
		max = HardMax
	case max < MinMax:
		max = MinMax
	}
	testable := d.Testable()
	switch {
	case d.Empty():
		res.CompareOnly = "GOOD and BAD do not differ: nothing to bisect"
		return res
	case !checks.SameOrigin(good.URL, bad.URL):
		res.CompareOnly = "GOOD and BAD go to different origins: compared only, nothing sent"
		return res
	case len(testable) == 0:
		res.CompareOnly = "no difference can be tested (bypass headers and transport are never tried): nothing sent"
		return res
	}
	if methods := unsafeMethods(d); len(methods) > 0 && !opt.AllowUnsafe {
		res.CompareOnly = strings.Join(methods, " and ") + " is sent only with consent (--experiments=all): nothing was sent"
		res.WouldSend = []string{
			"GOOD: " + d.A().Method + " " + probe.NewRedactor(good, opt.Reveal).URL(good.URL),
			"BAD: " + d.B().Method + " " + probe.NewRedactor(bad, opt.Reveal).URL(bad.URL),
			fmt.Sprintf("then up to %d variants of BAD, each with some of GOOD's values", max-2),
		}
		return res
	}

	deadline := opt.Deadline
	if deadline <= 0 {
		deadline = DefaultDeadline
	}
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	send := func(role string, units []int, r probe.Request) (Sent, error) {
		dr := diagnose.Send(ctx, r, diagnose.Options{Send: opt.Send, Now: now})
		ex := dr.Evidence.Exchange
		s := Sent{Role: role, Units: units, Method: r.Method, URL: probe.NewRedactor(r, opt.Reveal).URL(r.URL), Accepted: Accepted(ex), Likely: dr.Report.Likely}
		if s.Units == nil {
			s.Units = []int{}
		}
		if ex.Response != nil {
			s.Status = ex.Response.Status
		}
		if ex.Err != nil {
			s.Err = ex.Err.Message
		}
		res.Sent = append(res.Sent, s)
		if opt.OnSent != nil {
			opt.OnSent(s)
		}
		if why := experiment.PushedBack(r, ex, dr.Evidence.Now); why != "" {
			return s, errStop{strings.Replace(why, "a variant", "the "+role+" request", 1)}
		}
		return s, nil
	}

	// Confirm first: GOOD accepted, BAD refused.
	g, err := send("good", nil, d.A())
	if err != nil {
		res.Stopped = "stopped after GOOD: " + err.Error()
		return res
	}
	if !g.Accepted {
		res.Stopped = "GOOD was not accepted (" + answer(g) + "): nothing to bisect"
		return res
	}
	b, err := send("bad", nil, d.B())
	if err != nil {
		res.Stopped = "stopped after BAD: " + err.Error()
		return res
	}
	if !refusedSent(b) {
		res.Stopped = "BAD was not refused (" + answer(b) + "): nothing to bisect"
		return res
	}
	res.Confirmed = true

	test := func(ctx context.Context, set []int) (bool, error) {
		if len(res.Sent) >= max {
			return false, errBudget
		}
		units := make([]int, len(set))
		for i, k := range set {
			units[i] = testable[k]
		}
		s, err := send("test", units, d.Apply(units))
		if err != nil {
			return false, err
		}
		return s.Accepted, nil
	}
	// BAD with every testable change is GOOD itself only when nothing is
	// left untested; otherwise it must be seen accepted first.
	if len(res.NotTested) > 0 || len(res.Untested) > 0 {
		all := make([]int, len(testable))
		for i := range all {
			all[i] = i
		}
		ok, err := test(ctx, all)
		if err != nil {
			res.Stopped = stopWords(err)
			return res
		}
		if !ok {
			res.Stopped = "with every tested change BAD is still refused: what is left untested (" + strings.Join(untestedNames(d, res), ", ") + ") may be what matters"
			return res
		}
	}
	s := Minimize(ctx, len(testable), test)
	for _, k := range s.Minimal {
		res.Minimal = append(res.Minimal, testable[k])
	}
	res.Complete = s.Complete
	if s.Err != nil {
		res.Stopped = stopWords(s.Err)
	}
	return res
}

func refusedSent(s Sent) bool { return s.Status >= 400 }

func answer(s Sent) string {
	if s.Status == 0 {
		return "no answer: " + s.Err
	}
	return fmt.Sprintf("%d", s.Status)
}

func stopWords(err error) string {
	var st errStop
	switch {
	case errors.As(err, &st):
		return "stopped at the first sign of pushback: " + st.why
	case errors.Is(err, errBudget):
		return "stopped: the request budget is spent (--max)"
	case errors.Is(err, context.DeadlineExceeded):
		return "stopped: the bisection's deadline passed"
	}
	return "stopped: " + err.Error()
}

func untestedNames(d reqdiff.Diff, res Result) []string {
	var out []string
	for _, i := range res.NotTested {
		out = append(out, d.Units[i].Said)
	}
	return append(out, res.Untested...)
}

// unsafeMethods are the methods the bisection would send that need
// consent: GOOD's, BAD's, and so the tests' (each has one of the two).
func unsafeMethods(d reqdiff.Diff) []string {
	var out []string
	for _, m := range []string{d.A().Method, d.B().Method} {
		if !checks.SafeMethod(m) && !contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
