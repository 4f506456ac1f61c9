package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/why403/why403/checks/reqdiff"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlpaste"
	"github.com/why403/why403/probe/dartcall"
	"github.com/why403/why403/probe/transcript"
	"github.com/why403/why403/ui/store"
)

// A request given to diff or bisect: a curl command (one argument
// beginning with "curl "), @FILE holding one, @FILE.har#N (a HAR entry),
// saved:NAME (a saved request) or history:N (a History entry, numbered as
// the History tab shows them).
type reqInput struct {
	// Label names the input in the output ("curl command", "app.har#3").
	Label string
	Side  reqdiff.Side
	// Masked says why the request cannot be sent as it is (a History
	// entry keeps its secrets masked); "" when it can.
	Masked string
}

// maxRequestFile bounds a file read for a curl command.
const maxRequestFile = 1 << 20

// historyShown is how many History entries the app loads and numbers
// (ui/app's pastLimit): history:N counts from the oldest of these.
const historyShown = 200

const inputForms = "a curl command in quotes, @FILE, @FILE.har#N, saved:NAME or history:N"

// readInput reads one request argument.
func readInput(ctx context.Context, arg string, env Env) (reqInput, error) {
	switch {
	case strings.HasPrefix(arg, "curl ") || strings.HasPrefix(arg, "curl\t") || strings.HasPrefix(arg, "curl\n"):
		return curlInput(arg, "curl command")
	case strings.HasPrefix(arg, "saved:"):
		return savedInput(ctx, strings.TrimPrefix(arg, "saved:"), env)
	case strings.HasPrefix(arg, "history:"):
		return historyInput(ctx, strings.TrimPrefix(arg, "history:"), env)
	case strings.HasPrefix(arg, "@"):
		path := strings.TrimPrefix(arg, "@")
		if file, n, ok := harRef(path); ok {
			return harInput(file, n)
		}
		return fileInput(path)
	}
	return reqInput{}, fmt.Errorf("%q is not a request: give %s", arg, inputForms)
}

func curlInput(cmd, label string) (reqInput, error) {
	p, err := curlpaste.ParseWithFiles(cmd)
	if err != nil {
		return reqInput{}, fmt.Errorf("reading the %s: %w", label, err)
	}
	return reqInput{Label: label, Side: reqdiff.Side{Request: p.Request}}, nil
}

// harRef splits "app.har#3"; a HAR file without #N is an error later.
func harRef(path string) (string, int, bool) {
	i := strings.LastIndex(path, "#")
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(path[i+1:])
	if err != nil {
		return "", 0, false
	}
	return path[:i], n, true
}

// readRegular reads a regular file, bounded; a FIFO or device is refused
// before it is opened (opening a FIFO would block).
func readRegular(path string, limit int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d KiB", path, limit>>10)
	}
	return b, nil
}

func fileInput(path string) (reqInput, error) {
	b, err := readRegular(path, maxRequestFile)
	if err != nil {
		return reqInput{}, fmt.Errorf("reading %s: %w", path, err)
	}
	text := strings.TrimSpace(string(b))
	text = strings.TrimSpace(strings.TrimPrefix(text, "$ "))
	switch {
	case strings.HasPrefix(text, "curl ") || strings.HasPrefix(text, "curl\\\n") || strings.HasPrefix(text, "curl\n"):
		return curlInput(text, path)
	case transcript.Detect(b) == transcript.FormatHAR:
		return reqInput{}, fmt.Errorf("%s is a HAR file: name an entry, as @%s#1", path, path)
	}
	// A Dart call (package:http or dio), built as that client sends it;
	// nothing in it is run.
	call, err := dartcall.Parse(text, nil)
	switch {
	case errors.Is(err, dartcall.ErrNoCall):
		return reqInput{}, fmt.Errorf("%s holds no curl command (it should start with \"curl \") and no Dart http or dio call", path)
	case err != nil:
		return reqInput{}, fmt.Errorf("reading the Dart call in %s: %w", path, err)
	}
	req, err := call.Request()
	if err != nil {
		return reqInput{}, fmt.Errorf("%s: %w; or give the request as a curl command", path, err)
	}
	return reqInput{Label: path + " (Dart, " + call.Client + ")", Side: reqdiff.Side{Request: req}}, nil
}

func harInput(path string, n int) (reqInput, error) {
	b, err := readRegular(path, 64<<20)
	if err != nil {
		return reqInput{}, fmt.Errorf("reading %s: %w", path, err)
	}
	src, err := transcript.OpenBytes(b, transcript.Limits{})
	if err != nil {
		return reqInput{}, fmt.Errorf("reading %s: %w", path, err)
	}
	if src.Format != transcript.FormatHAR {
		return reqInput{}, fmt.Errorf("%s is not a HAR file (#N names a HAR entry)", path)
	}
	var found *transcript.Entry
	count := 0
	errFound := errors.New("found")
	err = src.Each(func(e transcript.Entry) error {
		count++
		if e.Index == n {
			found = &e
			return errFound
		}
		return nil
	})
	if err != nil && !errors.Is(err, errFound) {
		return reqInput{}, fmt.Errorf("reading %s: %w", path, err)
	}
	if found == nil {
		return reqInput{}, fmt.Errorf("%s has no entry %d (it has %d)", path, n, count)
	}
	if !found.RequestKnown {
		return reqInput{}, fmt.Errorf("%s entry %d does not record its request", path, n)
	}
	req := found.Request
	// HTTP/2 pseudo-headers are the request line, already compared; the
	// framing headers are the connection's, set again by whoever sends (a
	// recorded Content-Length would be wrong for a bisection's body)
	var hs []probe.Header
	for _, h := range req.Headers {
		if !strings.HasPrefix(h.Name, ":") && !framingHeader(h.Name) {
			hs = append(hs, h)
		}
	}
	req.Headers = hs
	return reqInput{
		Label: fmt.Sprintf("%s#%d", path, n),
		Side:  reqdiff.Side{Request: req, RemoteAddr: found.Exchange.RemoteAddr, Proto: found.Exchange.Request.Proto},
	}, nil
}

func framingHeader(name string) bool {
	switch strings.ToLower(name) {
	case "content-length", "transfer-encoding", "connection", "keep-alive", "te", "upgrade", "proxy-connection":
		return true
	}
	return false
}

func savedInput(ctx context.Context, name string, env Env) (reqInput, error) {
	st, err := openStore(env)
	if err != nil {
		return reqInput{}, err
	}
	defer st.Close()
	s, err := st.LoadRequest(ctx, name)
	if err != nil {
		return reqInput{}, err
	}
	req, err := s.Resolve(env.Getenv)
	if err != nil {
		return reqInput{}, err
	}
	req.SecretHeaders = append(req.SecretHeaders, s.Secret...)
	in := reqInput{Label: "saved:" + name, Side: reqdiff.Side{Request: req}}
	if len(s.Removed) > 0 && s.Token.Source == "" {
		in.Masked = "saved:" + name + " was saved without its " + strings.Join(s.Removed, ", ")
	}
	return in, nil
}

func historyInput(ctx context.Context, num string, env Env) (reqInput, error) {
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 {
		return reqInput{}, fmt.Errorf("history:%s: want a number from 1, as the History tab shows", num)
	}
	st, err := openStore(env)
	if err != nil {
		return reqInput{}, err
	}
	defer st.Close()
	h, err := st.History(ctx, historyShown)
	if err != nil && len(h) == 0 {
		return reqInput{}, err
	}
	if n > len(h) {
		return reqInput{}, fmt.Errorf("history:%d: the history has %d %s", n, len(h), explainPlural(len(h), "entry", "entries"))
	}
	e := h[n-1]
	req := e.Request
	req.SecretHeaders = append(req.SecretHeaders, e.Secret...)
	in := reqInput{Label: fmt.Sprintf("history:%d", n), Side: reqdiff.Side{Request: req}}
	if _, removed := store.WithoutSecrets(req, e.Secret...); len(removed) > 0 {
		in.Masked = fmt.Sprintf("history:%d keeps its secrets masked (%s)", n, strings.Join(removed, ", "))
	}
	return in, nil
}
