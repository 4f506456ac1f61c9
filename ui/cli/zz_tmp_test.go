package cli

import (
	"testing"
	"time"

	"github.com/why403/why403/ui/internal/hostile"
)

func TestZZShow(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	r := runHostile(t, 20*time.Second, nil, "check", "-L", "--max-redirs", "3", "--no-experiments", "-m", "10", s.URL(hostile.PathRedirectLoop+"0"))
	t.Logf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	r = runHostile(t, 20*time.Second, nil, "check", "--no-experiments", "-m", "0.3", s.URL(hostile.PathStream+"?status=200"))
	t.Logf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
}
