package curlpaste

import (
	"os"
	"strings"
	"testing"
)

// FuzzWords: no pasted text makes Words or Parse panic; Words never gives
// words for a command holding an expansion bash would perform (an unquoted
// or double-quoted $(…), `…`, $VAR, ${…}, $((…))), as read by the small
// independent scanner expansionAt; and the words it gives never hold what
// an expansion would have produced. The seed corpus is
// testdata/fuzz/FuzzWords: browser exports, quoting corners and hostile
// pastes.
func FuzzWords(f *testing.F) {
	for _, s := range []string{chromePOST, chromePUT, chromeGET, firefoxPOST, firefoxMultiline} {
		f.Add(s)
	}
	// What an expansion would produce here: words holding one of these
	// came from the environment, not from the paste.
	var leaks []string
	for _, name := range []string{"HOME", "PATH", "PWD", "USER"} {
		if v := os.Getenv(name); len(v) >= 4 {
			leaks = append(leaks, v)
		}
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		words, err := Words(cmd)
		_, _ = Parse(cmd) // must not panic either
		if err != nil {
			return
		}
		if len(words) == 0 || words[0] != "curl" {
			t.Fatalf("Words(%q) = %q: the first word is not curl", cmd, words)
		}
		if rest, ok := expansionAt(cmd); ok {
			t.Fatalf("Words(%q) = %q, but bash expands %q", cmd, words, clipTo(rest, 20))
		}
		joined := strings.Join(words, "\x00")
		for _, v := range leaks {
			if strings.Contains(joined, v) && !strings.Contains(cmd, v) {
				t.Fatalf("Words(%q) = %q holds %q, which only an expansion could give", cmd, words, v)
			}
		}
	})
}

// TestExpansionAt pins the fuzz oracle: it must find what bash expands and
// nothing else.
func TestExpansionAt(t *testing.T) {
	tests := []struct {
		cmd  string
		want bool
	}{
		{`curl https://h/`, false},
		{`curl -H "A: $TOKEN"`, true},
		{`curl -H "A: ${TOKEN}"`, true},
		{`curl $(id)`, true},
		{"curl `id`", true},
		{"curl \"`id`\"", true},
		{`curl $((1+1))`, true},
		{`curl $1`, true},
		{`curl $?`, true},
		{`curl $[1+1]`, true},
		{`curl '$(id) $X ` + "`id`" + `'`, false},
		{`curl $'$(id) \' $X'`, false},
		{`curl $'\'' $X`, true},
		{`curl "\$X \` + "`" + `"`, false},
		{`curl \$X \` + "`", false},
		{`curl -d a$ -d "b$" -d "$"`, false},
		{`$ curl https://h/`, false},
		{`curl https://h/ # $(id)`, false},
		{`curl a#$X`, true},
		{`curl "a'$X'"`, true},
		{`curl "it's" $X`, true},
	}
	for _, tt := range tests {
		if _, got := expansionAt(tt.cmd); got != tt.want {
			t.Errorf("expansionAt(%q) = %v, want %v", tt.cmd, got, tt.want)
		}
	}
}

// expansionAt finds the first expansion bash would perform in cmd (the
// text from there on, CR LF read as LF), read as
// one bash command line: a $ that starts a parameter, a command
// substitution or arithmetic, or a backtick, outside '…' and $'…', not
// escaped by a backslash, not in a comment. It is deliberately simpler
// than Words (no here-documents, no nested quoting inside $(…)): it only
// has to be right up to the first expansion, and Words must refuse
// anything past that anyway.
func expansionAt(cmd string) (string, bool) {
	s := strings.ReplaceAll(cmd, "\r\n", "\n")
	const (
		plain = iota
		single
		double
		ansiC
	)
	state, wordStart := plain, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch state {
		case single:
			if c == '\'' {
				state = plain
			}
			continue
		case ansiC:
			switch c {
			case '\\':
				i++
			case '\'':
				state = plain
			}
			continue
		case double:
			switch {
			case c == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0:
				i++
			case c == '"':
				state = plain
			case c == '`', c == '$' && startsExpansion(s[i+1:]):
				return s[i:], true
			}
			continue
		}
		// plain
		switch {
		case c == '\\':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++ // a line continuation: the word goes on
				continue
			}
			i++
		case c == '\'':
			state = single
		case c == '"':
			state = double
		case c == '$' && i+1 < len(s) && s[i+1] == '\'':
			state, i = ansiC, i+1
		case c == '$' && i+1 < len(s) && s[i+1] == '"':
			state, i = double, i+1 // $"…" expands as "…" does
		case c == '`', c == '$' && startsExpansion(s[i+1:]):
			return s[i:], true
		case c == '#' && wordStart:
			if nl := strings.IndexByte(s[i:], '\n'); nl >= 0 {
				i += nl
				c = '\n'
			} else {
				return "", false
			}
		}
		wordStart = strings.IndexByte(" \t\n;&|()<>", c) >= 0
	}
	return "", false
}

// startsExpansion reports whether a $ followed by rest expands: a name, a
// digit, a special parameter, {, ( or [ (bash's old $[…] arithmetic).
func startsExpansion(rest string) bool {
	if rest == "" {
		return false
	}
	c := rest[0]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("{([?$#@*!-", c) >= 0
}

func clipTo(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
