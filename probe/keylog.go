package probe

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// keyLog is the session's SSLKEYLOGFILE: curl appends the TLS secrets of
// every connection there, in the NSS key log format, so that Wireshark can
// decrypt a capture. It is opened at the first handshake, and only when
// the variable is set.
type keyLog struct {
	path   string
	f      *os.File
	tried  bool
	refuse string // why the file is not used
}

// writer opens the file on first use and returns it, or nil when it cannot
// be used; warn hears once what happened.
func (k *keyLog) writer(warn func(string)) io.Writer {
	if k == nil {
		return nil
	}
	if !k.tried {
		k.tried = true
		k.f, k.refuse = openKeyLog(k.path)
		if k.f != nil {
			warn("TLS secrets were appended to " + k.path + " (SSLKEYLOGFILE): whoever reads that file can decrypt this exchange")
		} else {
			warn("SSLKEYLOGFILE " + k.path + " not used: " + k.refuse)
		}
	}
	if k.f == nil {
		return nil
	}
	return k.f
}

func (k *keyLog) close() {
	if k != nil && k.f != nil {
		k.f.Close()
	}
}

// openKeyLog opens path for appending, creating it readable by its owner
// only. Anything but a regular file is left alone: O_NONBLOCK makes the
// open of a FIFO without a reader fail instead of hanging, and the type is
// checked on the open file, so a FIFO or device is never written.
func openKeyLog(path string) (*os.File, string) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		return nil, unwrapPath(err).Error()
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, unwrapPath(err).Error()
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Sprintf("not a regular file (%s)", st.Mode().Type())
	}
	return f, ""
}
