package probe

import (
	"fmt"
	"net/url"
	"slices"
)

// hopLimit is the error for a chain stopped at the redirect limit. When the
// next Location was already requested, the server is redirecting in a loop,
// and that is the news: raising --max-redirs would not help.
func (s *session) hopLimit(done int, target *url.URL) *Error {
	next := *target
	next.User = nil
	next.Fragment, next.RawFragment = "", ""
	msg := fmt.Sprintf("stopped after %d redirects (the limit); the next one pointed to %s", done, next.Redacted())
	if slices.Contains(s.visited, next.String()) {
		msg = fmt.Sprintf("the server redirects in a loop: the next Location, %s, was already requested; stopped after %d redirects (the limit)", next.Redacted(), done)
	}
	return &Error{Phase: PhaseRedirect, Message: msg}
}
