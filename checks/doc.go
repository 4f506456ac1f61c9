// Package checks judges why a request was refused. It is pure: it reads a
// probe.Request, a probe.Exchange and a clock, and returns findings; it
// sends nothing. Each cause of ../shared/CAUSES.md is one file with a table
// test beside it; vendor knowledge lives in markers.go and is shared.
package checks
