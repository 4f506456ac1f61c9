package curlpaste

import (
	"reflect"
	"strings"
	"testing"
)

// Where mvdan.cc/sh (the parser Words replaced) read plain words but bash
// reads something else, Words follows bash and refuses (a NUL byte, which
// shells read differently, is refused): each of these pastes gave words
// before.
func TestWordsFollowBashOverMvdan(t *testing.T) {
	tests := []struct {
		name, cmd, want string
	}{
		{"a comment ending in \\ ends the command", "curl 'https://h/' \\\n  # -H 'old: 1' \\\n  -H 'new: 2'",
			"line 3 starts another command (-H 'new: 2')"},
		{"! before a single quote", `curl -d a!'x' https://h/`, "!'x' is bash history expansion"},
		{"! before a double quote", `curl -d a!"x" https://h/`, `!"x" is bash history expansion`},
		{"! before [", `curl -d a![b https://h/`, "![b is bash history expansion"},
		{"!$ unquoted", `curl -d a!$ https://h/`, "!$ is bash history expansion"},
		{"!$ in double quotes", `curl -d "a!$" https://h/`, "!$ is bash history expansion"},
		{"[…] closed after a quoted part", `curl https://h/[a"b"]`, `unquoted […] in https://h/[a"b"] is a glob`},
		{"[…] closed after a $", `curl https://h/[a$]`, "unquoted […] in https://h/[a$] is a glob"},
		{"$ then a continuation then {", "curl https://h/$\\\n{HOME}", "is a shell parameter expansion"},
		{"$ then a continuation then a quote", "curl -d $\\\n'x' https://h/", `a $ then a \ at a line end`},
		{"a NUL byte", "curl https://h/ \\\x00\n -H 'a: b'", `the paste holds a NUL byte (\0) at line 1, column 18`},
		{"\\ before CR CR LF", "curl https://h/ \\\r\r\n  -H 'a: b'", "line 2 starts another command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Words(tt.cmd)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Words(%q) = %q, %v; want an error containing %q", tt.cmd, got, err, tt.want)
			}
			if mv, err := mvdanWords(tt.cmd); err != nil {
				t.Errorf("mvdan.cc/sh refuses it too (%v): the case shows no difference", err)
			} else if d := compareWithMvdan(tt.cmd); d != "" {
				t.Errorf("the differential test does not know this difference (mvdan.cc/sh reads %q): %s", mv, d)
			}
		})
	}
}

// A paste cut after a line's closing \ (or a copy that keeps it): bash
// drops the \; the mvdan.cc/sh reading made it a word, a second URL.
func TestWordsTrailingBackslash(t *testing.T) {
	for _, cmd := range []string{"curl 'https://h/x' \\", "curl 'https://h/x' \\\n", "curl https://h/x\\", "curl 'https://h/x'\\\r\n"} {
		got, err := Words(cmd)
		if want := []string{"curl", "https://h/x"}; err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Words(%q) = %q, %v; want %q", cmd, got, err, want)
		}
		if p, err := Parse(cmd); err != nil || p.Request.URL != "https://h/x" {
			t.Errorf("Parse(%q): URL %q, %v", cmd, p.Request.URL, err)
		}
	}
	if got, err := Words(`curl -d a\\`); err != nil || got[2] != `a\` {
		t.Errorf("an escaped \\ at the end stays: %q, %v", got, err)
	}
}

// bash reads \c\\ in $'…' as control-\, both backslashes.
func TestANSICControlBackslash(t *testing.T) {
	for in, want := range map[string]string{`\c\\`: "\x1c", `\c\\x`: "\x1cx", `\c\\\\`: "\x1c\\", `\c\x`: "\x1cx"} {
		if got, err := ansiC(in); err != nil || got != want {
			t.Errorf("ansiC(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
