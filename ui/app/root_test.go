package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
)

// Run hands Bubble Tea a root, a pointer to the model, so that no message
// or frame copies the model (116 KB). What is typed must reach the very
// model Run draws and shuts down afterwards, as when the program held the
// model itself.
func TestRootUpdatesTheModelInPlace(t *testing.T) {
	m := newModel(context.Background(), Options{KeysFile: filepath.Join(t.TempDir(), "keys.toml")})
	tm := teatest.NewTestModel(t, root{&m}, teatest.WithInitialTermSize(120, 40))
	tm.Type("/typed-here")
	tm.Send(keyMsg("ctrl+c"))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	if r, ok := final.(root); !ok || r.m != &m {
		t.Fatalf("the program ended with %T, not the root Run gave it", final)
	}
	if got := m.req.url.Value(); !strings.HasSuffix(got, "/typed-here") {
		t.Errorf("the model Run holds has URL %q, not what was typed", got)
	}
	if !strings.Contains(plain(m), "/typed-here") {
		t.Errorf("the screen does not show what was typed:\n%s", plain(m))
	}
}
