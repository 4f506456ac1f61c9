package checks_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// noNginxEnv set makes the nginx tests behave as on a machine without
// nginx (for TestNginxSkipSaysSoWithoutV).
const noNginxEnv = "WHY403_TEST_NO_NGINX"

// nginxPath is where nginx is, "" when it is not installed.
func nginxPath() string {
	if os.Getenv(noNginxEnv) != "" {
		return ""
	}
	if fi, err := os.Stat("/usr/sbin/nginx"); err == nil && !fi.IsDir() {
		return "/usr/sbin/nginx"
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	return ""
}

// TestMain says once, without -v, that the nginx tests were skipped: a
// skip is otherwise shown only under -v. (go test in package list mode,
// go test ./..., shows a passing package's output only with -v; go test
// in the package's directory shows it.)
func TestMain(m *testing.M) {
	code := m.Run()
	if !testing.Verbose() && nginxPath() == "" && ranNginxTests() {
		fmt.Fprintln(os.Stderr, "checks: the nginx tests were skipped: "+nginxMissing)
	}
	os.Exit(code)
}

// ranNginxTests reports whether -run selected the nginx tests.
func ranNginxTests() bool {
	f := flagValue("test.run")
	return f == "" || strings.Contains(strings.ToLower(f), "nginx")
}

func flagValue(name string) string {
	for i, a := range os.Args {
		if v, ok := strings.CutPrefix(a, "-"+name+"="); ok {
			return v
		}
		if a == "-"+name && i+1 < len(os.Args) {
			return os.Args[i+1]
		}
	}
	return ""
}

// Without nginx and without -v, the test binary says once that the nginx
// tests were skipped, and how to install it.
func TestNginxSkipSaysSoWithoutV(t *testing.T) {
	if os.Getenv(noNginxEnv) != "" {
		t.Skip("in the child run")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNginx$", "-test.count=1", "-test.timeout=60s")
	cmd.Env = append(os.Environ(), noNginxEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("child run: %v\n%s", err, out.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("child run did not finish in 60 s")
	}
	if n := strings.Count(out.String(), nginxMissing); n != 1 {
		t.Errorf("the output says %d times that nginx is missing, want once:\n%s", n, out.String())
	}
}
