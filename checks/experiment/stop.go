package experiment

import (
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// PushedBack says why nothing more may be sent after the answer ex to
// req: the run's own stop rule (a rate limit in any form
// checks.ResendBlocked knows, a 503, no answer), for other senders that
// must be as polite (checks/bisect). "" when sending may go on.
func PushedBack(req probe.Request, ex probe.Exchange, now time.Time) string {
	return pushedBack(checks.Evidence{Request: req, Now: now}, checks.Variant{Request: req}, ex)
}
