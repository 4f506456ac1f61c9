package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/transcript"
)

// This file is --output-har FILE: the exchange and every experiment sent
// on the user's behalf, written as HAR 1.2.

// checkHARPath makes sure FILE can be written before anything is sent, so
// that a typo in the path costs no request: its directory must exist and
// take a new file, and FILE must not be a directory.
func checkHARPath(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("--output-har %s: is a directory", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".why403-har-*")
	if err != nil {
		return fmt.Errorf("--output-har %s: cannot write in %s: %w", path, filepath.Dir(path), unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// unwrapPath drops the temporary file's name from an *os.PathError, which
// would only confuse: the user named FILE, not it.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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

// writeHARFile writes the exchanges to path atomically: a temporary file
// in the same directory, mode 0600 (it may hold the secrets with
// --reveal, and the server's answers always), synced, then renamed over
// path, so that a reader never sees half a file and a crash leaves the old
// one whole.
func writeHARFile(path string, xs []transcript.HARExchange, reveal bool, now time.Time) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".why403-har-*")
	if err != nil {
		return fmt.Errorf("writing HAR %s: %w", path, unwrapPath(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return fmt.Errorf("writing HAR %s: %w", path, unwrapPath(err))
	}
	o := transcript.HAROptions{Creator: "why403", Version: Version, Reveal: reveal, Time: now}
	if err = transcript.WriteHAR(f, xs, o); err != nil {
		return fmt.Errorf("writing HAR %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("writing HAR %s: %w", path, unwrapPath(err))
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing HAR %s: %w", path, unwrapPath(err))
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing HAR %s: %w", path, unwrapPath(err))
	}
	// The rename is durable once the directory is synced; a failure here
	// loses nothing already written, so it is not reported.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
