package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// TestSignalEndsBlockedRead: ctrl+c (SIGINT) or SIGTERM ends why403
// promptly, with the status shells expect, even while it is blocked reading
// local input that never comes: a FIFO nobody writes, standard input left
// open. (A saved.db that is a FIFO no longer blocks at all: the store
// refuses it at once, TestFIFOStoreRefusedAtOnce.) The target is a loopback port that is
// never reached: nothing is read, so nothing is sent.
func TestSignalEndsBlockedRead(t *testing.T) {
	bin := buildWhy403(t)
	const target = "http://127.0.0.1:1/"
	cases := []struct {
		name  string
		args  func(fifo string) []string
		stdin bool // stdin is a pipe whose write end stays open
	}{
		{name: "token-file", args: func(f string) []string { return []string{"check", "--token-file", f, target} }},
		{name: "header-file", args: func(f string) []string { return []string{"check", "-H", "@" + f, target} }},
		{name: "data-stdin", args: func(string) []string { return []string{"check", "-d", "@-", target} }, stdin: true},
		{name: "token-stdin", args: func(string) []string { return []string{"check", "--token", "-", target} }, stdin: true},
	}
	for _, c := range cases {
		for _, sig := range []struct {
			s    syscall.Signal
			code int
		}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
			t.Run(c.name+"/"+sig.s.String(), func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				fifo := filepath.Join(dir, "fifo")
				env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_STATE_HOME="+filepath.Join(dir, "state"))
				if err := syscall.Mkfifo(fifo, 0o600); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(bin, c.args(fifo)...)
				cmd.Env = env
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if c.stdin {
					r, w, err := os.Pipe()
					if err != nil {
						t.Fatal(err)
					}
					defer r.Close()
					defer w.Close() // open until the test ends: no EOF
					cmd.Stdin = r
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				exited := false
				defer func() {
					if !exited {
						cmd.Process.Kill()
						<-done
					}
				}()
				waitBlocked(t, cmd.Process.Pid, done)
				if err := cmd.Process.Signal(sig.s); err != nil {
					t.Fatal(err)
				}
				t0 := time.Now()
				select {
				case err := <-done:
					exited = true
					var ee *exec.ExitError
					code := 0
					if errors.As(err, &ee) {
						code = ee.ExitCode()
					}
					if code != sig.code {
						t.Errorf("exit status %d (%v), want %d; stderr: %s", code, err, sig.code, stderr.String())
					}
					if took := time.Since(t0); took > 2*time.Second {
						t.Errorf("ended %v after the signal, want within 2s", took)
					}
				case <-time.After(3 * time.Second):
					t.Fatalf("still running 3s after %v; stderr: %s", sig.s, stderr.String())
				}
			})
		}
	}
}

// waitBlocked waits until one of pid's threads sleeps in a pipe or FIFO
// (open(2) waiting for a writer, or a read), so the signal lands while the
// process is blocked there and after it set up its signal handling.
func waitBlocked(t *testing.T, pid int, done chan error) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			done <- err // for the caller's clean-up
			t.Fatalf("why403 ended before it blocked: %v", err)
		default:
		}
		tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "wchan"))
		for _, f := range tasks {
			b, _ := os.ReadFile(f)
			if w := string(b); strings.Contains(w, "pipe") || strings.Contains(w, "partner") || strings.Contains(w, "fifo") {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("why403 did not block on the FIFO or pipe within 5s")
}

// TestSignalEndsApp: SIGTERM ends the app (which reads ctrl+c as a key in
// raw mode) promptly with status 143, and the terminal is back in its
// cooked mode afterwards.
func TestSignalEndsApp(t *testing.T) {
	bin := buildWhy403(t)
	ptmx, tty := openPTY(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "http://127.0.0.1:1/") // opens the app; nothing is sent
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_STATE_HOME="+filepath.Join(dir, "state"))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { // drain the screen so that the app never blocks writing it
		b := make([]byte, 4096)
		for {
			if _, err := ptmx.Read(b); err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	exited := false
	defer func() {
		if !exited {
			cmd.Process.Kill()
			<-done
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for cooked(t, tty) {
		if time.Now().After(deadline) {
			t.Fatal("the app did not put the terminal in raw mode within 10s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // past the first frame
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	select {
	case err := <-done:
		exited = true
		var ee *exec.ExitError
		code := 0
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		if code != 143 {
			t.Errorf("exit status %d (%v), want 143", code, err)
		}
		if took := time.Since(t0); took > 2*time.Second {
			t.Errorf("ended %v after SIGTERM, want within 2s", took)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the app still runs 3s after SIGTERM")
	}
	if !cooked(t, tty) {
		t.Error("the terminal was left in raw mode")
	}
}

// openPTY opens a pseudo-terminal pair, closed when the test ends.
func openPTY(t *testing.T) (ptmx, tty *os.File) {
	t.Helper()
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { ptmx.Close() })
	unlock := 0
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlocking the pty: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("naming the pty: %v", e)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return ptmx, tty
}

// cooked reports whether tty is in canonical mode with echo, as a shell
// leaves it.
func cooked(t *testing.T, tty *os.File) bool {
	t.Helper()
	var tio syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, tty.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); e != 0 {
		t.Fatalf("reading the terminal's modes: %v", e)
	}
	return tio.Lflag&syscall.ICANON != 0 && tio.Lflag&syscall.ECHO != 0
}

// A saved.db that is a FIFO is refused at once, naming the file, rather
// than blocking in open(2) until a signal comes.
func TestFIFOStoreRefusedAtOnce(t *testing.T) {
	bin := buildWhy403(t)
	for _, args := range [][]string{{"open", "x"}, {"save", "x", "http://127.0.0.1:1/"}} {
		dir := t.TempDir()
		conf := filepath.Join(dir, "config", "why403")
		if err := os.MkdirAll(conf, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(filepath.Join(conf, "saved.db"), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_STATE_HOME="+filepath.Join(dir, "state"))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(stderr.String(), "saved.db") {
				t.Errorf("%v: exit %v, stderr %q: want a refusal naming saved.db", args, err, stderr.String())
			}
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("%v blocked on a FIFO saved.db", args)
		}
	}
}
