package probe

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestHugeBodyPeakRSS streams 1 GiB with the default 8 MiB cap and checks
// the process's peak RSS (VmHWM, Linux). Slow, so only with WHY403_BIG=1.
func TestHugeBodyPeakRSS(t *testing.T) {
	if os.Getenv("WHY403_BIG") == "" {
		t.Skip("set WHY403_BIG=1 to stream 1 GiB")
	}
	const size = 1 << 30
	srv := plainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(size))
		buf := bytes.Repeat([]byte("why403 "), 64<<10/7+1)[:64<<10]
		for range size / len(buf) {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}))
	start := time.Now()
	ex := Send(context.Background(), Request{URL: srv.URL, Timeouts: Timeouts{NoProgress: 30 * time.Second}})
	mustOK(t, ex)
	if ex.Response.BodySize != size || len(ex.Response.Body) != DefaultMaxBody {
		t.Fatalf("size %d kept %d", ex.Response.BodySize, len(ex.Response.Body))
	}
	status, _ := os.ReadFile("/proc/self/status")
	var hwm string
	for _, l := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			hwm = strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	t.Logf("1 GiB in %s, peak RSS %s", time.Since(start).Round(time.Millisecond), hwm)
	kb, _ := strconv.Atoi(strings.TrimSuffix(hwm, " kB"))
	if kb > 64<<10 {
		t.Fatalf("peak RSS %s above 64 MiB", hwm)
	}
}
