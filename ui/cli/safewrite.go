package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// This file writes a file the user named (--output-har FILE) without
// replacing what is not a regular file. A regular file is replaced
// atomically; renaming over anything else would turn a device node, a FIFO
// or a symlink into a regular file, and as root `FILE=/dev/null` would
// replace the system's node. So a symlink is followed to the regular file
// it names, and a FIFO, a character device or an open descriptor
// (/dev/stdout, /proc/self/fd/N) is written in place.

// outputTarget is where a named file is written.
type outputTarget struct {
	// path is the file to write: the path named, or the regular file a
	// symlink leads to.
	path string
	// inPlace: a FIFO, a character device or an open descriptor, opened
	// and written as it is, never created or replaced.
	inPlace bool
}

// resolveOutput says how path is written, or why it cannot be. It refuses
// what it must not replace and cannot write into: a directory, a symlink
// to nothing, a block device, a socket.
func resolveOutput(path string) (outputTarget, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if lfi, lerr := os.Lstat(path); lerr == nil && lfi.Mode()&fs.ModeSymlink != 0 {
			// Creating the file it names would write where the link
			// says, maybe not where the user thinks.
			return outputTarget{}, errors.New("is a symlink to a missing file")
		}
		return outputTarget{path: path}, nil
	case err != nil:
		return outputTarget{}, unwrapPath(err)
	case fi.IsDir():
		return outputTarget{}, errors.New("is a directory")
	case fi.Mode().IsRegular():
		if viaDescriptor(path) {
			return outputTarget{path: path, inPlace: true}, nil
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			return outputTarget{}, unwrapPath(err)
		}
		return outputTarget{path: real}, nil
	case fi.Mode()&(fs.ModeNamedPipe|fs.ModeCharDevice) != 0:
		return outputTarget{path: path, inPlace: true}, nil
	}
	return outputTarget{}, fmt.Errorf("is a %s, not a file", modeName(fi.Mode()))
}

func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "block device"
	}
	return "special file"
}

// viaDescriptor reports a path that names an open file descriptor
// (/dev/stdout is a symlink to /proc/self/fd/1): the file behind it is
// open in some process, maybe this one's standard output, and replacing
// it would lose what that process writes.
func viaDescriptor(path string) bool {
	p := filepath.Clean(path)
	for range 40 { // the kernel's own limit on a chain of symlinks
		if strings.HasPrefix(p, "/proc/") || strings.HasPrefix(p, "/dev/fd/") {
			return true
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		p = filepath.Clean(dest)
	}
	return false
}

// checkWritable makes sure the target can be written, without writing it:
// for a new or regular file, that its directory takes a new file.
func (o outputTarget) checkWritable() error {
	if o.inPlace {
		// Opening a FIFO to try would wait for its reader.
		return nil
	}
	dir := filepath.Dir(o.path)
	f, err := os.CreateTemp(dir, ".why403-tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, unwrapPath(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// writeOutput writes what write produces to path as resolveOutput says:
// in place, or atomically through a temporary file in the same directory,
// mode 0600 (a file may hold secrets), synced, then renamed over the
// regular file, so that a reader never sees half a file and a crash
// leaves the old one whole.
func writeOutput(path string, write func(io.Writer) error) error {
	o, err := resolveOutput(path)
	if err != nil {
		return err
	}
	if o.inPlace {
		return writeInPlace(o.path, write)
	}
	return writeAtomic(o.path, write)
}

// writeInPlace opens an existing file for writing, never creating or
// truncating it: appending keeps what a descriptor's file already holds.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return unwrapPath(err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return unwrapPath(f.Close())
}

func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".why403-tmp-*")
	if err != nil {
		return unwrapPath(err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return unwrapPath(err)
	}
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return unwrapPath(err)
	}
	if err = f.Close(); err != nil {
		return unwrapPath(err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return unwrapPath(err)
	}
	// The rename is durable once the directory is synced; a failure here
	// loses nothing already written, so it is not reported.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// unwrapPath drops the file name from an *os.PathError, which would only
// confuse: the user named FILE, not the temporary file or the link's
// target, and the caller names FILE.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
