package checks

import (
	"strings"
	"testing"
)

// The lexicon reads a page's first lexMaxWords words, as markers read a
// body's first 64 KiB: a refusal says what it means at once, and a long
// page's later words are its content.
func TestLexiconReadsFirstWordsOnly(t *testing.T) {
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 2000) // 10 000 words
	if n := len(lexWords(filler + "token expired")); n != lexMaxWords {
		t.Fatalf("lexWords read %d words of a 10 002-word text, want the first %d", n, lexMaxWords)
	}
	if hits := readWords(lexWords(filler+"the token has expired"), 401); len(hits) != 0 {
		t.Errorf("words past the first %d were read: %v", lexMaxWords, hits[0].Excerpt)
	}
	hits := readWords(lexWords("The token has expired. "+filler), 401)
	if len(hits) == 0 || hits[0].m.Cause != AuthExpired {
		t.Errorf("a refusal's first sentence was not read as expiry: %v", hits)
	}
}

// Judging a 1 MiB page must not cost per word of the page: the words were
// once split into a new string each, 2 900 allocations per page and most
// of checks.Run's time (BenchmarkRun1MiB).
func TestRunOn1MiBPageAllocatesLittle(t *testing.T) {
	body := bigPage()
	req := get("https://www.example.com/catalog?page=2", "Authorization: Bearer "+validJWT(t, map[string]any{"scope": "catalog:read"}))
	r := resp(403, "", "Server: nginx", "Content-Type: text/html")
	r.Body, r.BodySize = body, int64(len(body))
	ev := exchange(req, r)
	if n := testing.AllocsPerRun(5, func() { Run(ev) }); n > 1000 {
		t.Errorf("checks.Run on a 1 MiB page: %.0f allocations, want at most 1000", n)
	}
}

// A family's entries are grouped by first byte for speed; the first entry
// in the family's own order that matches still decides how many words the
// match covers.
func TestFamilyAtFirstEntryWins(t *testing.T) {
	fam := splitFamily([]string{"not valid", "key", "not", "no longer valid", "no"})
	for text, want := range map[string]int{
		"not valid here": 2, "not here": 1, "no longer valid": 3, "no key": 1, "key": 1, "valid": 0,
	} {
		if got := familyAt(lexWords(text), 0, &fam); got != want {
			t.Errorf("familyAt(%q) = %d words, want %d", text, got, want)
		}
	}
	fam = splitFamily([]string{"not", "not valid"})
	if got := familyAt(lexWords("not valid"), 0, &fam); got != 1 {
		t.Errorf("with \"not\" listed first, familyAt(\"not valid\") = %d words, want 1", got)
	}
}

// An entry is matched as the one string it is: matchEntry, and familyAt
// with its filter on words' first two bytes, agree with matchAt on its
// words, whatever white space the entry was written with.
func TestMatchEntryAgreesWithMatchAt(t *testing.T) {
	words := lexWords("the api key is not valid any more; token expired at noon")
	for _, e := range []string{"key", "api key", "api  key", " not valid ", "not\tvalid", "expir*", "token expir*",
		"is not valid any more", "noon", "at noon x", "k*", "valid any", "*", "not\u00a0valid",
		"no* valid", "k**", "api *", "tok*n", "the", "th", "the*", "expired at noon", "a", "a*", "t* expired", "n", "no*"} {
		f := splitFamily([]string{e})
		for i := range words {
			want := matchAt(words, i, strings.Fields(e))
			if got := matchEntry(words, i, f.entries[0]); got != want {
				t.Errorf("entry %q at word %d: matchEntry %d, matchAt %d", e, i, got, want)
			}
			if got := familyAt(words, i, &f); got != want {
				t.Errorf("entry %q at word %d: familyAt %d, matchAt %d", e, i, got, want)
			}
		}
	}
}
