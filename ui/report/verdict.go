package report

import (
	"fmt"

	"github.com/why403/why403/probe"
)

// verdict is what the report says when no check named a cause and a
// response arrived: a label ("Accepted", "Not judged") and the sentence
// after it. ok is false when the response is a refusal left unexplained.
// Text and Markdown reports both use it, so they say the same.
func verdict(d Document) (label, text string, ok bool) {
	r := d.Response
	switch {
	case d.Error != nil && d.Error.Phase == probe.PhaseRedirect:
		return "Not judged", "the redirects stopped before a final answer; the response above is the last redirect, not the answer.", true
	case d.Error != nil:
		return "Not judged as accepted", "the response body did not finish, so part of the answer is missing.", true
	case r.Status < 100 || r.Status > 599:
		return "Not judged", fmt.Sprintf("%03d is not a valid HTTP status (valid codes are 100 to 599): the server's answer is broken.", r.Status), true
	case r.Status == 101 && !probe.UpgradeRequested(d.Request.Headers):
		return "Not judged", "the server switched protocols (101) without being asked: the request had no Upgrade header, so this is not an answer to it.", true
	case r.Status < 400:
		return "Accepted", "no check found a cause of refusal.", true
	case d.Outcome != "" && (r.Status == 404 || r.Status == 410):
		return "Not found", d.Outcome + ".", true
	case d.Outcome != "":
		return "Not refused", d.Outcome + ".", true
	}
	return "", "", false
}

// incomplete is the label for an error that came with a response: a body
// cut short, or a redirect chain that stopped.
func incomplete(e *ErrorDoc) string {
	if e.Phase == probe.PhaseRedirect {
		return "Redirects stopped"
	}
	return "Body incomplete"
}

// undecided is the line for a guess between two causes that an
// experiment would tell apart: "cannot tell from this response: A or B;
// experiment X would decide"; ok is false otherwise. Text and Markdown
// reports both use it.
func undecided(d Document) (line string, ok bool) {
	if !d.Guess || len(d.Likely) < 2 || d.DecidedBy == "" {
		return "", false
	}
	line = fmt.Sprintf("Cannot tell from this response: %s or %s; the experiment %s would decide", d.Likely[0], d.Likely[1], d.DecidedBy)
	if d.DecidedByChange != "" {
		line += " (" + d.DecidedByChange + ")"
	}
	return line + ".", true
}
