package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/transcript"
)

// This file is --output-har FILE: the exchange and every experiment sent
// on the user's behalf, written as HAR 1.2.

// checkHARPath makes sure FILE can be written before anything is sent, so
// that a typo in the path costs no request: it must be a file, a FIFO or a
// character device (see resolveOutput), and a new or regular file's
// directory must take a new file.
func checkHARPath(path string) error {
	o, err := resolveOutput(path)
	if err == nil {
		err = o.checkWritable()
	}
	if err != nil {
		return fmt.Errorf("--output-har %s: %w", path, err)
	}
	return nil
}

// harExchanges are the exchange itself and the experiments that were sent,
// each experiment commented with its name, its change and what it showed.
func harExchanges(req probe.Request, ex probe.Exchange, rep checks.Report) []transcript.HARExchange {
	xs := []transcript.HARExchange{{Exchange: ex, Method: req.Method, URL: req.URL}}
	for _, x := range rep.Experiments {
		if !x.Sent {
			continue
		}
		comment := fmt.Sprintf("experiment %s: %s → %s", x.Name, x.Change, x.Conclusion)
		xs = append(xs, transcript.HARExchange{Exchange: x.Exchange, Comment: comment, Method: x.Method, URL: x.URL})
	}
	return xs
}

// writeHARFile writes the exchanges to path: atomically, mode 0600 (it may
// hold the secrets with --reveal, and the server's answers always), or in
// place for a FIFO or a device (see writeOutput).
func writeHARFile(path string, xs []transcript.HARExchange, red probe.Redactor, now time.Time) error {
	o := transcript.HAROptions{Creator: "why403", Version: Version, Redactor: red, Time: now}
	err := writeOutput(path, func(w io.Writer) error { return transcript.WriteHAR(w, xs, o) })
	if err != nil {
		return fmt.Errorf("writing HAR %s: %w", path, err)
	}
	return nil
}
