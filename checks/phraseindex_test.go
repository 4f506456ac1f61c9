package checks

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

// A short body is searched phrase by phrase instead of through
// bodyPhrases (directSearchMax). Both must find every phrase at the same
// offset, or a short body would be judged differently from a long one:
// checked for every indexed phrase (and every spelling folded into one)
// on every recorded exchange of the corpus of real refusals.
func TestDirectSearchAgreesWithIndex(t *testing.T) {
	files, err := filepath.Glob("testdata/real/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	idx := bodyPhrases()
	texts := []string{"client-not-enrolled: insufficient_quota", "error code: 1020"}
	for _, f := range files {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.Files {
			texts = append(texts, string(s.Data))
		}
	}
	for _, raw := range texts {
		folded := foldSeparators(lowerASCII([]byte(raw)))
		indexed := found{x: idx, pos: idx.scan(folded), text: folded}
		direct := found{text: folded, fold: true}
		for p := range idx.id {
			if a, b := indexed.index(p), direct.index(p); a != b {
				t.Fatalf("phrase %q in %.60q: index says %d, direct search %d", p, raw, a, b)
			}
		}
	}
}
