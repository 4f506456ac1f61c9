package checks_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"
)

// nginxMissing is the skip message when the tests cannot run nginx.
const nginxMissing = "nginx not installed: apt-get install nginx-light"

// nginxBinary finds nginx, or skips the test saying how to install it.
func nginxBinary(t *testing.T) string {
	t.Helper()
	p := nginxPath()
	if p == "" {
		t.Skip(nginxMissing)
	}
	return p
}

// freeLoopbackPort asks the kernel for a free port on 127.0.0.1 and gives
// it back for nginx to take.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free loopback port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// nginxConf is what the template in testdata/nginx fills in.
type nginxConf struct {
	Dir                 string
	HTTPPort, HTTPSPort int
	AuthPort            int
}

// syncBuffer collects nginx's own output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startNginx writes nginx.conf into c.Dir from the template, starts nginx
// in the foreground and waits (at most 5 s) until every port answers.
// Cleanup stops it: SIGQUIT (graceful), then Kill after 2 s.
func startNginx(t *testing.T, bin string, c nginxConf) {
	t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join("testdata", "nginx", "nginx.conf.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	var conf bytes.Buffer
	if err := tmpl.Execute(&conf, c); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(c.Dir, "nginx.conf"), conf.Bytes())
	if err := os.MkdirAll(filepath.Join(c.Dir, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	errLog := filepath.Join(c.Dir, "error.log")
	cmd := exec.CommandContext(ctx, bin, "-p", c.Dir+"/", "-c", filepath.Join(c.Dir, "nginx.conf"), "-e", errLog, "-g", "daemon off;")
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGQUIT) }
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("starting nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-exited:
		case <-time.After(3 * time.Second):
			// master_process off: nginx is this one process.
			_ = cmd.Process.Kill()
			<-exited
		}
	})

	logs := func() string {
		el, _ := os.ReadFile(errLog)
		return "nginx output:\n" + out.String() + "\nerror.log:\n" + string(el)
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, port := range []int{c.HTTPPort, c.HTTPSPort} {
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		for {
			conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
			if err == nil {
				conn.Close()
				break
			}
			select {
			case err := <-exited:
				exited <- err
				t.Fatalf("nginx exited before answering on %s (%v)\n%s", addr, err, logs())
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				t.Fatalf("nginx did not answer on %s within 5 s: %v\n%s", addr, err, logs())
			}
		}
	}
}

// nginxErrorLog reads nginx's error log.
func nginxErrorLog(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "error.log"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
