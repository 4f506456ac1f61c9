package checks

import (
	"testing"
	"time"
)

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 45 * time.Second: "45s", 192 * time.Second: "3m12s", 5 * time.Minute: "5m",
		2*time.Hour + 3*time.Minute + 20*time.Second: "2h3m", 3 * time.Hour: "3h", 103 * time.Hour: "4d7h",
		-90 * time.Second: "1m30s",
	} {
		if got := Human(d); got != want {
			t.Errorf("Human(%v) = %q, want %q", d, got, want)
		}
	}
}
