package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The README's screen sample is the app as it draws itself at 80×24 after
// a refused send (the golden refused_80x24.golden of TestGoldenViews),
// not a drawing of it: go test -update writes it there too. It is drawn
// here, not read from the golden, so that one -update run writes both.
func TestREADMEScreenIsTheGolden(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := sampleRequest()
	m := sendWith(t, testModel(t, &r, 80, 24), refused(r))
	screen := plain(m)
	// the sample is the fenced block that begins with the app's title
	text := string(readme)
	const opening = "```\n why403  "
	start := strings.Index(text, opening)
	if start < 0 {
		t.Fatalf("README.md has no screen sample (a block beginning %q)", opening)
	}
	start += len("```\n")
	end := strings.Index(text[start:], "\n```")
	if end < 0 {
		t.Fatal("README.md's screen sample is not closed")
	}
	end += start
	want := strings.TrimRight(screen, "\n")
	if updating() {
		text = text[:start] + want + text[end:]
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := text[start:end]; got != want {
		t.Errorf("README.md's screen sample is not the app at 80×24 (go test -update writes it):\n--- README\n%s\n--- the app\n%s", got, want)
	}
}
