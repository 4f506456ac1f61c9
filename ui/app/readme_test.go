package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeScreen is the golden the README's screen sample is: the app at
// 80×24 after a refused send, as view_test.go draws it.
const readmeScreen = "refused_80x24.golden"

// The README's screen sample is the app as it draws itself at 80×24 (the
// golden), not a drawing of it: go test -update writes it there too.
func TestREADMEScreenIsTheGolden(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	screen, err := os.ReadFile(filepath.Join("testdata", readmeScreen))
	if err != nil {
		t.Fatal(err)
	}
	// the sample is the fenced block that begins with the app's title
	text := string(readme)
	const open = "```\n why403  "
	start := strings.Index(text, open)
	if start < 0 {
		t.Fatalf("README.md has no screen sample (a block beginning %q)", open)
	}
	start += len("```\n")
	end := strings.Index(text[start:], "\n```")
	if end < 0 {
		t.Fatal("README.md's screen sample is not closed")
	}
	end += start
	want := strings.TrimRight(string(screen), "\n")
	if updating() {
		text = text[:start] + want + text[end:]
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := text[start:end]; got != want {
		t.Errorf("README.md's screen sample is not testdata/%s (go test -update writes it):\n--- README\n%s\n--- golden\n%s", readmeScreen, got, want)
	}
}
