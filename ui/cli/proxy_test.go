package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/probe/relay"
	"github.com/why403/why403/ui/internal/hostile"
)

// lockedBuffer is a bytes.Buffer the proxy writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runningProxy is `why403 proxy` run in-process on a loopback port.
type runningProxy struct {
	addr        string
	out, errOut *lockedBuffer
	stop        func() int // cancels it (ctrl+c) and returns its status
}

var bannerAddr = regexp.MustCompile(`why403 proxy: https?://(127\.0\.0\.1:\d+) →`)

func startProxy(t *testing.T, terminal bool, args ...string) *runningProxy {
	t.Helper()
	p := &runningProxy{out: &lockedBuffer{}, errOut: &lockedBuffer{}}
	env := Env{Stdout: p.out, Stderr: p.errOut, Getenv: func(string) string { return "" },
		IsTerminal: func(w any) bool { return terminal && w == any(p.out) }}
	ctx, cancel := context.WithCancel(context.Background())
	code := make(chan int, 1)
	go func() { code <- Main(ctx, append([]string{"proxy", "--listen", "127.0.0.1:0"}, args...), env) }()
	var once sync.Once
	status := -1
	p.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case status = <-code:
			case <-time.After(10 * time.Second):
				t.Errorf("the proxy did not stop within 10 s of its cancel")
			}
		})
		return status
	}
	t.Cleanup(func() { p.stop() })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := bannerAddr.FindStringSubmatch(p.errOut.String()); m != nil {
			p.addr = m[1]
			return p
		}
		select {
		case c := <-code:
			t.Fatalf("the proxy ended with %d: %s", c, p.errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no banner: %s", p.errOut.String())
	return nil
}

// lines waits until n JSON lines were written and returns them.
func (p *runningProxy) lines(t *testing.T, n int) []proxyLine {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		raw := strings.Split(strings.TrimSpace(p.out.String()), "\n")
		if len(raw) >= n && raw[0] != "" {
			out := make([]proxyLine, 0, len(raw))
			for _, r := range raw {
				var l proxyLine
				if err := json.Unmarshal([]byte(r), &l); err != nil {
					t.Fatalf("not a JSON line: %v\n%s", err, r)
				}
				out = append(out, l)
			}
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d JSON lines after 10 s, want %d:\n%s", len(raw), n, p.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// dependsOnConnection: a lab scenario that needs the client's own
// connection (a forward proxy, a client certificate, a redirect followed,
// a chosen Host or address) cannot pass through a reverse proxy as is.
func dependsOnConnection(args []string) bool {
	for i, a := range args {
		switch a {
		case "-x", "--proxy", "-E", "--cert", "--key", "--cacert", "-L", "--location", "--connect-to", "--resolve", "-k":
			return true
		case "-H":
			if i+1 < len(args) && strings.HasPrefix(strings.ToLower(args[i+1]), "host:") {
				return true
			}
		}
	}
	return !strings.HasPrefix(args[len(args)-1], "http://")
}

// Every plain-HTTP lab scenario that does not depend on the client's own
// connection, sent by probe through the proxy, is judged with its cause.
func TestProxyDiagnosesLabScenarios(t *testing.T) {
	l := startLab(t)
	p := startProxy(t, false, l.HTTPURL)
	n, sent := 0, []string{}
	for _, sc := range l.Scenarios() {
		if dependsOnConnection(sc.Args) || portBound(sc) {
			continue
		}
		parsed, err := curlargs.Parse(sc.Args)
		if err != nil {
			t.Fatalf("%s: %v", sc.Name, err)
		}
		req := parsed.Request
		req.URL = "http://" + p.addr + strings.TrimPrefix(req.URL, l.HTTPURL)
		req.HTTPVersion = "1.1"
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ex := probe.Send(ctx, req)
		cancel()
		if ex.Err != nil && ex.Response == nil {
			t.Fatalf("%s: %v", sc.Name, ex.Err)
		}
		n++
		got := p.lines(t, n)[n-1]
		sent = append(sent, sc.Name)
		t.Run(sc.Name, func(t *testing.T) {
			switch {
			case sc.Cause == "" && len(got.Likely) != 0:
				t.Errorf("accepted scenario judged %v", got.Likely)
			case sc.Cause != "" && (len(got.Likely) == 0 || got.Likely[0] != sc.Cause):
				t.Errorf("likely %v, want %s first (status %v)", got.Likely, sc.Cause, got.Response)
			}
		})
	}
	if n < 11 {
		t.Errorf("only %d scenarios went through the proxy: %v", n, sent)
	}
	t.Logf("%d scenarios through the proxy", n)
}

// The hostile server's answers reach the client byte for byte (relay
// tests), and the proxy's text and JSON lines about them are inert.
func TestProxyOutputInert(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	for _, terminal := range []bool{false, true} {
		p := startProxy(t, terminal, strings.TrimSuffix(s.URL("/"), "/"))
		paths := []string{hostile.PathEscBody, hostile.PathEscHeader, hostile.PathEscReason, hostile.PathEscJSON, hostile.PathEscBinary, hostile.PathEscLocation, hostile.PathEscObs}
		for _, path := range paths {
			// a raw client: Go's would refuse some of these answers
			direct := rawGet(t, strings.TrimPrefix(strings.TrimSuffix(s.URL("/"), "/"), "http://"), path)
			proxied := rawGet(t, p.addr, path)
			if !bytes.Equal(direct, proxied) {
				t.Errorf("%s: the answer changed on the way:\n%.300q\n%.300q", path, direct, proxied)
			}
		}
		if code := p.stop(); code != ExitOK {
			t.Errorf("status %d after ctrl+c, want 0", code)
		}
		out := p.out.String()
		if strings.Count(out, "#") < len(paths) && terminal {
			t.Errorf("text mode printed fewer lines than exchanges:\n%s", out)
		}
		assertInert(t, "stdout", out)
		assertInert(t, "stderr", p.errOut.String())
	}
}

// rawGet sends GET path to addr and returns the answer's bytes, less any
// Date line (it changes from one second to the next).
func rawGet(t *testing.T, addr, path string) []byte {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	got, _ := io.ReadAll(io.LimitReader(c, 1<<20))
	return regexp.MustCompile(`(?m)^Date: [^\r\n]*\r\n`).ReplaceAll(got, nil)
}

// --output-har writes the session on ctrl+c, the app's secrets masked.
func TestProxyHARMasked(t *testing.T) {
	l := startLab(t)
	har := filepath.Join(t.TempDir(), "session.har")
	p := startProxy(t, false, "--output-har", har, l.HTTPURL)
	const secret = "s3cr3t-token-value-123456"
	req, _ := http.NewRequest("GET", "http://"+p.addr+"/api/orders", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	p.lines(t, 1)
	if code := p.stop(); code != ExitOK {
		t.Fatalf("status %d: %s", code, p.errOut.String())
	}
	b, err := os.ReadFile(har)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "/api/orders") {
		t.Errorf("the HAR lacks the exchange:\n%.500s", b)
	}
	if strings.Contains(string(b), secret) || strings.Contains(p.out.String(), secret) {
		t.Errorf("the secret is in the HAR or the JSON lines")
	}
}

// An upstream that cannot be reached: the app gets a 502 naming the
// phase, and the line says so.
func TestProxyUpstreamDownLine(t *testing.T) {
	p := startProxy(t, true, "http://127.0.0.1:1")
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get("http://" + p.addr + "/x")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || !strings.Contains(string(b), "(connect)") {
		t.Fatalf("%d %q", resp.StatusCode, b)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(p.out.String(), "502 (proxy)") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if out := p.out.String(); !strings.Contains(out, "502 (proxy)") || !strings.Contains(out, "connect") {
		t.Errorf("text line: %q", out)
	}
}

// Bad invocations are usage errors: a path in the upstream, not HTTP.
func TestProxyUsage(t *testing.T) {
	for _, args := range [][]string{
		{"proxy", "http://127.0.0.1:9/v1"},
		{"proxy", "ftp://127.0.0.1:9"},
	} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("%v: status %d, want %d", args, code, ExitUsage)
		}
	}
	if pol := policyFor([]string{"proxy", "x"}); !pol.Clean {
		t.Error("ctrl+c is not the proxy's clean end")
	}
}

// streamBytes is the size of the download (1 GiB).
var streamBytes = "1073741824"

// The built binary relays a 1 GiB download with a bounded peak RSS.
func TestProxyStreamsLargeDownloadInBoundedMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from Linux rusage (KiB)")
	}
	if testing.Short() {
		t.Skip("builds the binary and streams 1 GiB (-short)")
	}
	bin := buildWhy403(t)
	runner := buildRSSRunner(t)
	s := startHostile(t, hostile.Options{ConnLife: 120 * time.Second})
	rssFile := filepath.Join(t.TempDir(), "maxrss")
	cmd := exec.Command(runner, rssFile, bin, "proxy", "--listen", "127.0.0.1:0", "--json", strings.TrimSuffix(s.URL("/"), "/"))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "NO_COLOR=1"}
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	defer func() {
		if child, err := runnerChild(cmd.Process.Pid); err == nil {
			syscall.Kill(child, syscall.SIGKILL)
		}
	}()
	sc := bufio.NewScanner(stderr)
	addr := ""
	for sc.Scan() {
		if m := bannerAddr.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	if addr == "" {
		t.Fatal("no banner")
	}
	t0 := time.Now()
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Get("http://" + addr + hostile.PathStream + "?bytes=" + streamBytes)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(t0)
	if err != nil || fmt.Sprint(n) != streamBytes {
		t.Fatalf("got %d bytes, %v", n, err)
	}
	// ctrl+c goes to why403, the runner's child, not to the runner
	child, err := runnerChild(cmd.Process.Pid)
	if err != nil {
		t.Fatalf("finding why403's pid: %v", err)
	}
	if err := syscall.Kill(child, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	b, err := os.ReadFile(rssFile)
	if err != nil {
		t.Fatalf("reading the runner's figure: %v", err)
	}
	var maxrss int64
	json.Unmarshal(bytes.TrimSpace(b), &maxrss)
	t.Logf("1 GiB through the proxy in %v, peak RSS %d KiB", took.Round(time.Millisecond), maxrss)
	if maxrss > 64<<10 {
		t.Errorf("peak RSS %d KiB, budget 64 MiB", maxrss)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit %d after SIGINT, want 0", code)
	}
}

// When judging falls behind, exchanges are still forwarded (offer never
// blocks) and the end says how many were not judged.
func TestProxyJudgeSkipsWhenBehind(t *testing.T) {
	var out, errb lockedBuffer
	s := newProxySession(Env{Stdout: &out, Stderr: &errb}, curlargs.Options{}, nil, proxyFlags{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range proxyQueue + 5 {
			s.offer(&relay.Capture{ID: 1, Start: time.Now(), End: time.Now()})
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("offer blocked with nobody judging")
	}
	go s.judge()
	s.finish()
	if !strings.Contains(errb.String(), "5 forwarded but not judged") {
		t.Errorf("stderr: %q", errb.String())
	}
}

// A gzip answer reaches the app compressed and is judged decoded.
func TestProxyJudgesDecodedBody(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.WriteString(zw, `{"message":"Missing Authentication Token"}`)
	zw.Close()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(403)
		w.Write(gz.Bytes())
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	p := startProxy(t, false, "http://"+ln.Addr().String())
	got := rawGet(t, p.addr, "/x")
	if !bytes.Contains(got, gz.Bytes()) {
		t.Fatalf("the app did not get the gzip bytes: %q", got)
	}
	l := p.lines(t, 1)[0]
	if l.Response == nil || !strings.Contains(l.Response.BodyExcerpt, "Missing Authentication Token") {
		t.Errorf("judged on %+v", l.Response)
	}
}

// --tls serves HTTPS with a generated certificate whose file is printed;
// a client trusting that file reaches the upstream through it.
func TestProxyTLSListener(t *testing.T) {
	l := startLab(t)
	p := startProxy(t, false, "--tls", l.HTTPURL)
	m := regexp.MustCompile(`certificate is (\S+\.pem)`).FindStringSubmatch(p.errOut.String())
	if m == nil {
		t.Fatalf("no certificate path printed: %s", p.errOut.String())
	}
	pemBytes, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(m[1])) })
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatal("the printed file holds no certificate")
	}
	cl := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := cl.Get("https://" + p.addr + "/api/orders")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("status %d, want the lab's 401", resp.StatusCode)
	}
	if l := p.lines(t, 1)[0]; len(l.Likely) == 0 || l.Likely[0] != "auth.missing" {
		t.Errorf("likely %v", l.Likely)
	}
}

// runnerChild is the pid of the process the runner started. The kernel
// lists a child under the thread that forked it, and a Go program forks
// from any of its threads, so every thread's list is read.
func runnerChild(pid int) (int, error) {
	lists, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range lists {
		kids, err := os.ReadFile(l)
		if err != nil {
			continue
		}
		var child int
		if _, err := fmt.Sscan(string(kids), &child); err == nil {
			return child, nil
		}
	}
	return 0, fmt.Errorf("no child of %d in %d thread lists", pid, len(lists))
}
