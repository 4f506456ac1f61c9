package checks_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
)

// nginxStartDir writes what the template needs into a new directory.
func nginxStartDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ca, err := certgen.NewAuthority("why403 nginx start test CA")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ca.Server("127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"server.pem":     srv.CertPEM,
		"server.key":     srv.KeyPEM,
		"client-ca.pem":  ca.CertPEM,
		"www/index.html": []byte("ours\n"),
	} {
		writeTestFile(t, filepath.Join(dir, name), data)
	}
	return dir
}

func serverPort(t *testing.T, s *httptest.Server) int {
	t.Helper()
	return s.Listener.Addr().(*net.TCPAddr).Port
}

// TestNginxStartIgnoresAnotherServerOnItsPort: the port startNginx chose
// and closed was taken by another server before nginx bound it (seen in CI:
// a test got a certificate for api.nasa.gov from a replay server). startNginx
// must not report ready against that server: it starts again on new ports,
// or fails saying why, within seconds.
func TestNginxStartIgnoresAnotherServerOnItsPort(t *testing.T) {
	bin := nginxBinary(t)

	var mu sync.Mutex
	var foreignPaths []string
	foreignHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		foreignPaths = append(foreignPaths, r.URL.Path)
		mu.Unlock()
		fmt.Fprint(w, "not nginx")
	})
	foreign := httptest.NewServer(foreignHandler)
	t.Cleanup(foreign.Close)
	foreignTLS := httptest.NewTLSServer(foreignHandler)
	t.Cleanup(foreignTLS.Close)
	fp, ftp := serverPort(t, foreign), serverPort(t, foreignTLS)

	// taken gives the foreign ports for the first n picks, then free ones.
	taken := func(n int, ports func() (nginxPorts, error)) (nginxPicker, *int) {
		picks := 0
		return func() (nginxPorts, error) {
			picks++
			if picks <= n {
				return ports()
			}
			return freeLoopbackPorts()
		}, &picks
	}
	both := func() (nginxPorts, error) { return nginxPorts{HTTP: fp, HTTPS: ftp}, nil }
	httpsOnly := func() (nginxPorts, error) {
		p, err := freeLoopbackPorts()
		p.HTTPS = ftp
		return p, err
	}

	for _, c := range []struct {
		name  string
		ports func() (nginxPorts, error)
	}{
		{"both ports taken", both},
		{"HTTPS port taken", httpsOnly},
	} {
		t.Run(c.name+" once", func(t *testing.T) {
			pick, picks := taken(1, c.ports)
			start := time.Now()
			n, err := launchNginx(bin, nginxConf{Dir: nginxStartDir(t), AuthPort: 1}, pick)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("startNginx should have started again on new ports: %v", err)
			}
			t.Cleanup(n.stop)
			if *picks != 2 {
				t.Errorf("ports picked %d times, want 2 (the taken ones, then new ones)", *picks)
			}
			if n.conf.HTTPPort == fp || n.conf.HTTPSPort == ftp {
				t.Errorf("reported ready on the other server's port: %+v", n.conf)
			}
			client := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 5 * time.Second}
			resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/index.html", n.conf.HTTPPort))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) != "ours\n" {
				t.Errorf("the port startNginx gave answers %q, not this nginx's file", body)
			}
			if elapsed > 8*time.Second {
				t.Errorf("startNginx took %v to move off a taken port", elapsed)
			}
		})
	}

	t.Run("always taken", func(t *testing.T) {
		pick, picks := taken(nginxAttempts, both)
		start := time.Now()
		n, err := launchNginx(bin, nginxConf{Dir: nginxStartDir(t), AuthPort: 1}, pick)
		elapsed := time.Since(start)
		if err == nil {
			n.stop()
			t.Fatalf("startNginx reported ready on %+v, ports held by another server", n.conf)
		}
		if *picks != nginxAttempts {
			t.Errorf("ports picked %d times, want %d", *picks, nginxAttempts)
		}
		if !strings.Contains(err.Error(), "another server") && !strings.Contains(err.Error(), "could not bind") {
			t.Errorf("the failure does not say the port was taken:\n%v", err)
		}
		if elapsed > 20*time.Second {
			t.Errorf("startNginx took %v to give up", elapsed)
		}
	})

	mu.Lock()
	defer mu.Unlock()
	for _, p := range foreignPaths {
		if p != "/__ready" {
			t.Errorf("the other server was sent %q: only the readiness probe may reach it", p)
		}
	}
}
