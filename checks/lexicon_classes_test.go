package checks

import "testing"

// firstCause is the cause of the first meaning the lexicon reads in text.
func firstCause(text string, status int) string {
	hits := readWords(lexWords(dropAddresses(text)), status)
	if len(hits) == 0 {
		return ""
	}
	return hits[0].m.Cause
}

// Meaning classes of issue 14 §2 ("the body's words name the cause"), each
// on more than one vendor's real wording.
func TestLexiconWordingClasses(t *testing.T) {
	cases := []struct {
		vendor, text, cause string
	}{
		// client identification
		{"Reddit", "Make sure your User-Agent is not empty, is something unique and descriptive and try again.", UserAgentRequired},
		{"Wikimedia", "Please set a user-agent and respect our robot policy https://w.wiki/4wJS.", UserAgentRequired},
		{"GitHub", "Request forbidden by administrative rules. Please make sure your request has a User-Agent header", UserAgentRequired},
	}
	for _, c := range cases {
		if got := firstCause(c.text, 403); got != c.cause {
			t.Errorf("%s: %q read as %q first, want %s", c.vendor, c.text, got, c.cause)
		}
	}
}
