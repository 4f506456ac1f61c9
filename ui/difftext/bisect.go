package difftext

import (
	"fmt"
	"strings"

	"github.com/why403/why403/checks/bisect"
	"github.com/why403/why403/ui/escape"
)

// Bisect words a whole bisection: the differences, the confirmation, the
// minimal change ("Refused because of: …"), what was not tested, and every
// request sent. hint closes the comparison when nothing was sent (see
// Diff).
func Bisect(good, bad string, res bisect.Result, hint string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "GOOD: %s\nBAD: %s\n", escape.Line(good), escape.Line(bad))
	d := res.Diff
	if res.CompareOnly != "" {
		_, rest, _ := strings.Cut(Diff("GOOD", "BAD", d, hint), "B: BAD\n")
		b.WriteString(rest)
		fmt.Fprintf(&b, "\nCompare only: %s.\n", escape.Line(res.CompareOnly))
		if len(res.WouldSend) > 0 {
			b.WriteString("It would send:\n")
			for _, s := range res.WouldSend {
				fmt.Fprintf(&b, "  %s\n", escape.Line(s))
			}
		}
		return b.String()
	}
	b.WriteString(Units(res))
	b.WriteString("\n")
	if res.Confirmed {
		g, bad := res.Sent[0], res.Sent[1]
		fmt.Fprintf(&b, "Confirmed: GOOD is accepted (%d), BAD refused (%d%s).\n", g.Status, bad.Status, likelyWords(bad.Likely))
	}
	n := len(res.Sent)
	if o := Outcome(res); o != "" {
		b.WriteString(o + "\n")
	}
	switch {
	case res.Confirmed && res.Complete:
	case res.Stopped != "":
		if res.Confirmed && len(res.Minimal) < len(d.Testable()) {
			fmt.Fprintf(&b, "Smallest change seen accepted so far (not proven minimal): %s.\n", andList(said(res, res.Minimal)))
		}
	}
	if len(res.NotTested) > 0 {
		fmt.Fprintf(&b, "Not tested: %s (headers 403-bypass tools spoof are never sent to see if they get through).\n", andList(said(res, res.NotTested)))
	}
	if len(res.Untested) > 0 {
		fmt.Fprintf(&b, "Not changed by bisect: %s.\n", escape.Line(strings.Join(res.Untested, ", ")))
	}
	if n > 0 {
		b.WriteString("\nRequests sent:\n")
		for i, s := range res.Sent {
			b.WriteString(SentLine(i, s) + "\n")
		}
	}
	return b.String()
}

// Outcome is how the bisection ended, in one sentence: the minimal
// change, why it stopped, or why it only compared.
func Outcome(res bisect.Result) string {
	n := len(res.Sent)
	switch {
	case res.CompareOnly != "":
		return "Compare only: " + escape.Line(res.CompareOnly) + "."
	case res.Confirmed && res.Complete:
		return fmt.Sprintf("%s; %d %s.", Minimal(res), n, Plural(n, "request", "requests"))
	case res.Stopped != "":
		return upperFirst(escape.Line(res.Stopped)) + "."
	}
	return ""
}

// Units lists the differences bisect works with, numbered as SentLine
// names them; "" when there are none.
func Units(res bisect.Result) string {
	if len(res.Diff.Units) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nDifferences (BAD → GOOD):\n")
	for i, u := range res.Diff.Units {
		mark := ""
		if u.Bypass {
			mark = " (not tested)"
		}
		fmt.Fprintf(&b, "  %2d %s%s\n", i+1, escape.Line(u.Said), mark)
	}
	return b.String()
}

// Minimal is the minimal change in words: "Refused because of: User-Agent
// (Dart/3.5 (dart:io) → curl/8.5.0) and the missing X-App-Version; with
// both changed it is accepted".
func Minimal(res bisect.Result) string {
	words := said(res, res.Minimal)
	with := "with it changed"
	if len(words) > 1 {
		with = "with all of them changed"
		if len(words) == 2 {
			with = "with both changed"
		}
	}
	return fmt.Sprintf("Refused because of: %s; %s it is accepted", andList(words), with)
}

// SentLine is request i of a bisection (0-based) and its answer; a test
// names the differences applied by their numbers in Units.
func SentLine(i int, s bisect.Sent) string {
	what := s.Method + " " + s.URL
	if s.Role == "test" {
		var nums []string
		for _, u := range s.Units {
			nums = append(nums, fmt.Sprint(u+1))
		}
		what = "BAD with " + strings.Join(nums, ", ")
	}
	return fmt.Sprintf("  %2d %-4s %s → %s", i+1, s.Role, escape.Line(what), SentAnswer(s))
}

// SentAnswer is a request's answer: "200 accepted", "403 refused", "no
// answer: …".
func SentAnswer(s bisect.Sent) string {
	switch {
	case s.Status == 0:
		return "no answer: " + escape.Line(s.Err)
	case s.Accepted:
		return fmt.Sprintf("%d accepted", s.Status)
	}
	return fmt.Sprintf("%d refused", s.Status)
}

func said(res bisect.Result, units []int) []string {
	var out []string
	for _, u := range units {
		if u >= 0 && u < len(res.Diff.Units) {
			out = append(out, escape.Line(res.Diff.Units[u].Said))
		}
	}
	return out
}

func likelyWords(likely []string) string {
	if len(likely) == 0 {
		return ""
	}
	return "; likely " + strings.Join(likely, ", ")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
