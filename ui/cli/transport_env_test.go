package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// SSLKEYLOGFILE from the environment: the secrets are written and stderr
// says so once, even though experiments send more requests.
func TestCheckWritesSSLKeyLogFile(t *testing.T) {
	l := startLab(t)
	keys := filepath.Join(t.TempDir(), "keys.log")
	r := runHostile(t, 20*time.Second, map[string]string{"SSLKEYLOGFILE": keys},
		"check", "--cacert", l.CAFile, l.HTTPSURL+"/")
	if n := strings.Count(r.stderr, "SSLKEYLOGFILE is set: TLS secrets are appended to "+keys); n != 1 {
		t.Fatalf("stderr says it %d times, want once:\n%s", n, r.stderr)
	}
	data, err := os.ReadFile(keys)
	if err != nil || !strings.Contains(string(data), "CLIENT_") {
		t.Fatalf("key log: %v %q", err, data)
	}
}

// Proxy variables reach probe from the environment Main is given: curl's
// lowercase http_proxy is used, uppercase HTTP_PROXY is not.
func TestCheckProxyFromGivenEnvironment(t *testing.T) {
	l := startLab(t)
	// A proxy on a closed loopback port: using it fails fast and names it.
	const dead = "http://127.0.0.1:1"
	// --connect-to: were the proxy not used, the lab answers; nothing
	// leaves loopback either way.
	connect := "lab.test:80:" + strings.TrimPrefix(l.HTTPURL, "http://")
	r := runHostile(t, 20*time.Second, map[string]string{"http_proxy": dead}, "check", "--json", "--no-experiments",
		"--connect-to", connect, "http://lab.test/")
	if !strings.Contains(r.stdout, `"proxy": "`+dead+`"`) {
		t.Fatalf("http_proxy not used:\n%s\n%s", r.stdout, r.stderr)
	}
	r = runHostile(t, 20*time.Second, map[string]string{"HTTP_PROXY": dead}, "check", "--json", "--no-experiments",
		"--connect-to", connect, "http://lab.test/")
	if strings.Contains(r.stdout, `"proxy": "`+dead+`"`) || !strings.Contains(r.stdout, "HTTP_PROXY is set but not used") {
		t.Fatalf("HTTP_PROXY used or not reported:\n%s", r.stdout)
	}
}
