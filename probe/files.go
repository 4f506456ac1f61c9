package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxCertFile caps a certificate, key or CA file read into memory. A bundle
// of every public root is about 200 KiB; 4 MiB leaves room for any real one
// and stops /dev/zero or a FIFO that never ends.
const maxCertFile = 4 << 20

// CheckFiles reads the files a request names (client certificate and key,
// CA file, body file) and reports the first that cannot be used, as a
// *ValidationError: bad input, found before anything is sent. Unlike
// Validate it does file I/O, so editors call it on send, not per keystroke.
// The reads end with ctx and with the request's total limit (-m).
func CheckFiles(ctx context.Context, r *Request) error {
	if t := r.Timeouts.Total; t > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	if r.TLS.CAFile != "" {
		if _, err := loadCAFile(ctx, r.TLS.CAFile); err != nil {
			return invalid(fmt.Sprintf("CA file %q", r.TLS.CAFile), err.Error())
		}
	}
	if r.TLS.CertFile != "" {
		if _, err := loadClientCert(ctx, r.TLS.CertFile, r.TLS.KeyFile); err != nil {
			return invalid(fmt.Sprintf("client certificate %q", r.TLS.CertFile), err.Error())
		}
	}
	if r.BodyFile != "" {
		f, err := os.Open(r.BodyFile)
		if err != nil {
			return invalid(fmt.Sprintf("body file %q", r.BodyFile), err.Error())
		}
		f.Close()
	}
	return nil
}

// readCapped reads a small file whole: at most max bytes, and no longer
// than ctx lasts, since a FIFO can block in open and trickle for ever.
// what names the file's role in errors ("CA file").
func readCapped(ctx context.Context, what, path string, max int64) ([]byte, error) {
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	var f *os.File
	select {
	case o := <-ch:
		if o.err != nil {
			return nil, fmt.Errorf("reading %s %s: %w", what, path, unwrapPath(o.err))
		}
		f = o.f
	case <-ctx.Done():
		// The open stays blocked until a writer appears; close the file
		// then, without waiting for it here.
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, fmt.Errorf("reading %s %s: gave up waiting: %w", what, path, context.Cause(ctx))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("reading %s %s: it is a directory", what, path)
	}
	// Closing unblocks a read of a pipe; a regular file returns at once.
	stop := context.AfterFunc(ctx, func() { f.Close() })
	defer stop()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if ctx.Err() != nil {
		return nil, fmt.Errorf("reading %s %s: gave up waiting: %w", what, path, context.Cause(ctx))
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", what, path, unwrapPath(err))
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s %s is larger than %d MiB, more than any certificate file: is it the right file?", what, path, max>>20)
	}
	return data, nil
}

// unwrapPath drops the *PathError wrapping whose text repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
