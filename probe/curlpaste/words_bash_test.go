package curlpaste

import (
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
