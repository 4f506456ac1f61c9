// Package report turns one judged exchange into the reports of `why403
// check`: text, JSON and Markdown (for a support ticket). All are built from
// one Document, in which secrets are already masked; the text and Markdown
// forms escape every string from the server or the user (Markdown twice
// over: no control byte, no HTML, no link), and the JSON form escapes every
// rune a terminal would act on, so none can reach a terminal or a ticket raw.
package report
