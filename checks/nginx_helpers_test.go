package checks_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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

// nginxConf is what the template in testdata/nginx fills in. startNginx
// sets the ports and the token.
type nginxConf struct {
	Dir                 string
	HTTPPort, HTTPSPort int
	AuthPort            int
	// Token is what "location = /__ready" answers: a fresh random value
	// per start, so the readiness probe knows it reached this nginx.
	Token string
}

// nginxPorts is where one nginx start listens.
type nginxPorts struct{ HTTP, HTTPS int }

// nginxPicker chooses the ports of one start; tests inject a picker that
// hands out ports held by another server.
type nginxPicker func() (nginxPorts, error)

// freeLoopbackPorts finds two free ports on 127.0.0.1 and closes them for
// nginx to take. It picks them below the kernel's ephemeral range, where
// nothing else in the tests gets a port: every other test server listens on
// port 0 and every client connects from an ephemeral port, both inside the
// range, and under load they reuse a just-closed port within milliseconds
// (seen: a replay server on nginx's HTTP port). Should something still take
// one, launchNginx sees it and starts again on new ports.
//
// Handing nginx the listening sockets instead (the NGINX environment
// variable of its binary upgrade) would leave no such moment, but Debian's
// nginx 1.22.1 crashes (SIGSEGV) on inherited sockets with master_process
// off, and a master with a worker could outlive the test when killed.
func freeLoopbackPorts() (nginxPorts, error) {
	low, high := portsBelowEphemeral()
	var held []net.Listener
	defer func() {
		for _, l := range held {
			l.Close()
		}
	}()
	var p nginxPorts
	for _, port := range []*int{&p.HTTP, &p.HTTPS} {
		l, err := listenBetween(low, high)
		if err != nil {
			return nginxPorts{}, fmt.Errorf("finding a free loopback port: %w", err)
		}
		held = append(held, l) // held until both are chosen: two different ports
		*port = l.Addr().(*net.TCPAddr).Port
	}
	return p, nil
}

// portsBelowEphemeral is the range [low, high) freeLoopbackPorts picks from:
// from 10000 up to where the kernel's ephemeral ports start. 0, 0 when that
// cannot be read or leaves no room.
func portsBelowEphemeral() (low, high int) {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0, 0
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, 0
	}
	start, err := strconv.Atoi(f[0])
	if err != nil || start < 11000 {
		return 0, 0
	}
	return 10000, start
}

// listenBetween listens on a random free port in [low, high), or on one the
// kernel picks when the range is empty or 50 tries find none free.
func listenBetween(low, high int) (net.Listener, error) {
	for i := 0; i < 50 && high > low; i++ {
		port := low + mathrand.IntN(high-low)
		l, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err == nil {
			return l, nil
		}
	}
	return net.Listen("tcp4", "127.0.0.1:0")
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

// nginxAttempts bounds the starts of one startNginx.
const nginxAttempts = 3

// startNginx writes nginx.conf into c.Dir from the template, starts nginx
// in the foreground and waits until both ports are proven to be this nginx
// (a port that only accepts connections may be another server's). It
// returns c with the ports and token filled in. Cleanup stops it: SIGQUIT
// (graceful), then Kill after 3 s.
func startNginx(t *testing.T, bin string, c nginxConf) nginxConf {
	t.Helper()
	n, err := launchNginx(bin, c, freeLoopbackPorts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.stop)
	return n.conf
}

// runningNginx is one started nginx.
type runningNginx struct {
	conf   nginxConf
	cancel context.CancelFunc
	cmd    *exec.Cmd
	exited chan error
}

// stop asks nginx to quit and kills it if it has not within 3 s.
func (n *runningNginx) stop() {
	n.cancel()
	select {
	case err := <-n.exited:
		n.exited <- err
	case <-time.After(3 * time.Second):
		// master_process off: nginx is this one process.
		_ = n.cmd.Process.Kill()
		n.exited <- <-n.exited
	}
}

// launchNginx starts nginx on the ports pick gives, up to nginxAttempts
// times with fresh ports when a start fails or a port is answered by
// something that is not this nginx.
func launchNginx(bin string, c nginxConf, pick nginxPicker) (*runningNginx, error) {
	tmpl, err := template.ParseFiles(filepath.Join("testdata", "nginx", "nginx.conf.tmpl"))
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(c.Dir, "tmp"), 0o700); err != nil {
		return nil, err
	}
	var errs []error
	for attempt := 1; attempt <= nginxAttempts; attempt++ {
		n, err := launchNginxOnce(bin, c, tmpl, pick)
		if err == nil {
			return n, nil
		}
		errs = append(errs, fmt.Errorf("attempt %d: %w", attempt, err))
	}
	return nil, fmt.Errorf("nginx did not start in %d attempts:\n%w", nginxAttempts, errors.Join(errs...))
}

func launchNginxOnce(bin string, c nginxConf, tmpl *template.Template, pick nginxPicker) (*runningNginx, error) {
	ports, err := pick()
	if err != nil {
		return nil, err
	}
	c.HTTPPort, c.HTTPSPort = ports.HTTP, ports.HTTPS
	c.Token = rand.Text()
	var conf bytes.Buffer
	if err := tmpl.Execute(&conf, c); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "nginx.conf"), conf.Bytes(), 0o644); err != nil {
		return nil, err
	}
	errLog := filepath.Join(c.Dir, "error.log")
	// Each attempt's log on its own: a failure message shows that attempt.
	if err := os.Remove(errLog); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-p", c.Dir+"/", "-c", filepath.Join(c.Dir, "nginx.conf"), "-e", errLog, "-g", "daemon off;")
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGQUIT) }
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("starting nginx: %w", err)
	}
	n := &runningNginx{conf: c, cancel: cancel, cmd: cmd, exited: make(chan error, 1)}
	go func() { n.exited <- cmd.Wait() }()

	if err := n.waitReady(errLog); err != nil {
		n.stop()
		el, _ := os.ReadFile(errLog)
		return nil, fmt.Errorf("%w\nnginx output:\n%s\nerror.log:\n%s", err, out.String(), el)
	}
	return n, nil
}

// waitReady waits (at most 5 s) until the HTTP port answers this start's
// token and the HTTPS port presents this directory's certificate. A port
// answering anything else is another server: an error at once.
func (n *runningNginx) waitReady(errLog string) error {
	c := n.conf
	serverPEM, err := os.ReadFile(filepath.Join(c.Dir, "server.pem"))
	if err != nil {
		return err
	}
	block, _ := pem.Decode(serverPEM)
	if block == nil {
		return fmt.Errorf("no certificate in %s", filepath.Join(c.Dir, "server.pem"))
	}
	probes := []func() (bool, error){
		func() (bool, error) { return probeNginxToken(c.HTTPPort, c.Token) },
		func() (bool, error) { return probeNginxCert(c.HTTPSPort, block.Bytes) },
	}
	deadline := time.Now().Add(5 * time.Second)
	for _, probe := range probes {
		for {
			ok, err := probe()
			if err != nil {
				return err
			}
			if ok {
				break
			}
			if el, _ := os.ReadFile(errLog); bytes.Contains(el, []byte("bind() to")) {
				return errors.New("nginx could not bind its port")
			}
			select {
			case err := <-n.exited:
				n.exited <- err
				return fmt.Errorf("nginx exited before it was ready (%v)", err)
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				return errors.New("nginx was not ready within 5 s")
			}
		}
	}
	return nil
}

// probeNginxToken asks for /__ready on port: ready when the body is token,
// an error when something else answers, not yet when nothing answers.
func probeNginxToken(port int, token string) (bool, error) {
	client := &http.Client{
		Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
		Timeout:   time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	url := fmt.Sprintf("http://127.0.0.1:%d/__ready", port)
	resp, err := client.Get(url)
	if err != nil {
		return false, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
	if resp.StatusCode != http.StatusOK || string(body) != token {
		return false, fmt.Errorf("%s is answered by another server (%d %q)", url, resp.StatusCode, body)
	}
	return true, nil
}

// probeNginxCert handshakes with port: ready when it presents cert (made
// for this test run), an error when it presents another.
func probeNginxCert(port int, cert []byte) (bool, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	d := &tls.Dialer{
		NetDialer: &net.Dialer{Timeout: time.Second},
		// Only this probe skips verification: it compares the certificate
		// itself instead.
		Config: &tls.Config{InsecureSkipVerify: true, ServerName: "localhost"},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false, nil
	}
	defer conn.Close()
	peer := conn.(*tls.Conn).ConnectionState().PeerCertificates
	if len(peer) == 0 || !bytes.Equal(peer[0].Raw, cert) {
		return false, fmt.Errorf("%s is answered by another TLS server", addr)
	}
	return true, nil
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
