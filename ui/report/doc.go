// Package report turns one judged exchange into the text report and the
// JSON report of `why403 check`. Both are built from one Document, in which
// secrets are already masked; the text form escapes every string from the
// server or the user, and the JSON form escapes every rune a terminal would
// act on, so neither can reach a terminal raw.
package report
