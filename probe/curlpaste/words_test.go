package curlpaste

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/why403/why403/probe/curlargs"
)

func TestWordsQuoting(t *testing.T) {
	tests := []struct {
		name string
		cmd  string
		want []string
	}{
		{"bare words", `curl -sS https://h/x`, []string{"curl", "-sS", "https://h/x"}},
		{"single quotes keep everything", `curl -H 'X: $HOME "a" \n \ *?[a] ~ !x'`, []string{"curl", "-H", `X: $HOME "a" \n \ *?[a] ~ !x`}},
		{"double quotes: \\ escapes only $ ` \" \\", `curl -d "a\$b \"q\" \\ \n \x"`, []string{"curl", "-d", `a$b "q" \ \n \x`}},
		{"backslash outside quotes", `curl -H X:\ a\'b\"c\\d`, []string{"curl", "-H", `X: a'b"c\d`}},
		{"adjacent parts make one word", `curl -H 'A: '"b"$'\t'c`, []string{"curl", "-H", "A: b\tc"}},
		{"empty words survive", `curl -d '' -H ""`, []string{"curl", "-d", "", "-H", ""}},
		{"$'…' escapes", `curl -d $'it\'s\na\\b\x41\u00e9\u0021\101\cA\e\q'`, []string{"curl", "-d", "it's\na\\bAé!A\x01\x1b\\q"}},
		{"$'\\x' keeps a byte (Firefox's é)", `curl -d $'caf\xe9'`, []string{"curl", "-d", "caf\xe9"}},
		{"line continuations", "curl 'https://h/' \\\n  -H 'a: b' \\\n  --compressed", []string{"curl", "https://h/", "-H", "a: b", "--compressed"}},
		{"continuation inside a word", "curl https://h/lo\\\nng", []string{"curl", "https://h/long"}},
		{"continuation inside double quotes", "curl -d \"a\\\nb\"", []string{"curl", "-d", "ab"}},
		{"newline inside quotes is data", "curl -d 'a\nb' -d \"c\nd\"", []string{"curl", "-d", "a\nb", "-d", "c\nd"}},
		{"CRLF line ends", "curl 'https://h/' \\\r\n  -H 'a: b'\r\n", []string{"curl", "https://h/", "-H", "a: b"}},
		{"prompt", "$ curl https://h/", []string{"curl", "https://h/"}},
		{"prompt and blanks", "  $ curl https://h/  \n", []string{"curl", "https://h/"}},
		{"curl.exe", `curl.exe -I https://h/`, []string{"curl", "-I", "https://h/"}},
		{"CURL.EXE", `CURL.EXE https://h/`, []string{"curl", "https://h/"}},
		{"quoted program name", `'curl' https://h/`, []string{"curl", "https://h/"}},
		{"trailing comment", `curl https://h/ # the admin page`, []string{"curl", "https://h/"}},
		{"! before a blank, = or ( is not history", `curl -d 'x' -H "A: hi ! there" -d a!=b -d "wow!"`, []string{"curl", "-d", "x", "-H", "A: hi ! there", "-d", "a!=b", "-d", "wow!"}},
		{"~ inside a word is not home", `curl -d a~b -H 'X: ~'`, []string{"curl", "-d", "a~b", "-H", "X: ~"}},
		{"escaped glob characters", `curl https://h/\?a=1\*`, []string{"curl", "https://h/?a=1*"}},
		{"lone [ is no glob", `curl -d a[b`, []string{"curl", "-d", "a[b"}},
		{"braces that do not expand", `curl -d {} -d {a} -d x{a}y -d '{"a":1}'`, []string{"curl", "-d", "{}", "-d", "{a}", "-d", "x{a}y", "-d", `{"a":1}`}},
		{"$ at the end of a word is literal", `curl -d a$`, []string{"curl", "-d", "a$"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Words(tt.cmd)
			if err != nil {
				t.Fatalf("Words(%q): %v", tt.cmd, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q)\n got %q\nwant %q", tt.cmd, got, tt.want)
			}
		})
	}
}

func TestWordsRefused(t *testing.T) {
	tests := []struct {
		name string
		cmd  string
		want []string // substrings of the message, in order
	}{
		{"variable", `curl -H "Authorization: Bearer $TOKEN" https://h/`,
			[]string{"$TOKEN is a shell variable: why403 never expands it; paste the value, or use --token-env TOKEN"}},
		{"variable in braces", `curl -H "Authorization: Bearer ${TOKEN}" https://h/`, []string{"${TOKEN} is a shell parameter expansion", "--token-env TOKEN"}},
		{"default value", `curl https://h/${PATH_PART:-x}`, []string{"${PATH_PART:-x} is a shell parameter expansion"}},
		{"unquoted variable", `curl https://h/$ID`, []string{"$ID is a shell variable"}},
		{"positional parameter", `curl https://h/$1`, []string{"$1 is a shell parameter: why403 never expands it; paste its value"}},
		{"command substitution", `curl -H "X-Token: $(cat token.txt)" https://h/`, []string{"$(cat token.txt) is a command substitution: why403 runs no commands"}},
		{"backticks", "curl -H \"X-Token: `cat token.txt`\" https://h/", []string{"`cat token.txt` is a command substitution"}},
		{"arithmetic", `curl https://h/page/$((1+1))`, []string{"$((1+1)) is an arithmetic expansion"}},
		{"process substitution", `curl --data-binary @<(printf x) https://h/`, []string{"<(printf x) is a process substitution", "@FILE"}},
		{"glob *", `curl https://h/*.json`, []string{"unquoted * in https://h/*.json is a glob", "single quotes"}},
		{"glob ?", `curl https://h/?a=1`, []string{"unquoted ? in https://h/?a=1 is a glob"}},
		{"glob [ ]", `curl http://[::1]:8080/`, []string{"unquoted […] in http://[::1]:8080/ is a glob"}},
		{"extended glob", `curl -d @+(a|b).json https://h/`, []string{"is an extended glob"}},
		{"brace expansion", `curl https://h/{a,b}`, []string{"https://h/{a,b} is a brace expansion"}},
		{"sequence", `curl https://h/{1..3}`, []string{"brace expansion"}},
		{"nested brace expansion", `curl https://h/{x{a,b}}`, []string{"brace expansion"}},
		{"home", `curl --cacert ~/ca.pem https://h/`, []string{"~ in ~/ca.pem is a home-directory expansion"}},
		{"home after =", `curl --cacert=~/ca.pem https://h/`, []string{"home-directory expansion"}},
		{"history", `curl -d "pass=abc!23" https://h/`, []string{"!23 is bash history expansion"}},
		{"unquoted history", `curl -d pass=a!b https://h/`, []string{"!b is bash history expansion"}},
		{"locale string", `curl -d $"hello" https://h/`, []string{`$"hello" is a locale translation`}},
		{"pipe", `curl https://h/ | jq .`, []string{"| sends curl's output to another command (jq .)"}},
		{"and", `curl https://h/ && echo ok`, []string{"&& runs another command (echo ok)"}},
		{"or", `curl https://h/ || true`, []string{"|| runs another command"}},
		{"semicolon", `curl https://h/; rm -rf x`, []string{"; runs rm -rf x after curl"}},
		{"second line", "curl https://h/\nrm -rf x", []string{"line 2 starts another command (rm -rf x)", `end each line but the last with \`}},
		{"space after a continuation", "curl 'https://h/' \\ \n  -H 'a: b'", []string{`line 1 ends with a \ followed by spaces`}},
		{"unquoted & in a URL", `curl https://h/x?a=1&b=2`, []string{"& runs the command in the background", "single quotes"}},
		{"background", `curl 'https://h/' &`, []string{"& runs the command in the background"}},
		{"redirection", `curl https://h/ > out.json`, []string{"> out.json is a redirection"}},
		{"input redirection", `curl -d @- https://h/ < body.json`, []string{"< body.json is a redirection"}},
		{"here-document", "curl -d @- https://h/ <<EOF\nx\nEOF", []string{"is a redirection"}},
		{"assignment", `TOKEN=abc curl https://h/`, []string{"TOKEN=abc sets a shell variable"}},
		{"assignment alone", `TOKEN=abc`, []string{"TOKEN=abc only sets a shell variable"}},
		{"negation", `! curl https://h/`, []string{"! before the command"}},
		{"subshell", `(curl https://h/)`, []string{"(curl https://h/) is not a simple curl command"}},
		{"not curl", `wget https://h/`, []string{"the command is wget, not curl"}},
		{"sudo", `sudo curl https://h/`, []string{"the command is sudo, not curl"}},
		{"PowerShell", "Invoke-WebRequest -Uri \"https://h/\"", []string{"the command is Invoke-WebRequest, not curl"}},
		{"PowerShell continuation", "curl.exe 'https://h/' `\n  -H 'a: b'", []string{"PowerShell command"}},
		{"Windows cmd", "curl ^\"https://h/^\" ^\n  -H ^\"accept: */*^\" ^\n  --compressed", []string{"Windows cmd command", "cURL (bash)"}},
		{"Windows cmd on one line", `curl ^"https://h/^" -H ^"accept: */*^"`, []string{"Windows cmd command"}},
		{"unclosed quote", `curl -d '{"a":1} https://h/`, []string{"not finished"}},
		{"unclosed $'", `curl -d $'abc https://h/`, []string{"not finished"}},
		{"NUL in $'…'", `curl -d $'a\0b' https://h/`, []string{`$'a\0b' holds a NUL byte`}},
		{"NUL as \\x00", `curl -d $'a\x00b' https://h/`, []string{"NUL byte"}},
		{"empty", "  \n ", []string{"nothing to read"}},
		{"only a prompt", "$ ", []string{"nothing to read"}},
		{"only a comment", "# curl https://h/", []string{"nothing to read"}},
		{"syntax error", `curl https://h/ )`, []string{"not a bash command line"}},
		{"snippet escaped and cut", "curl -d \"$(printf '\x1b[2J\u202e" + strings.Repeat("x", 80) + "')\"", []string{`\x1b[2J\u202e`, "x… is a command substitution"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Words(tt.cmd)
			if err == nil {
				t.Fatalf("Words(%q) = %q, want an error", tt.cmd, got)
			}
			var ue *curlargs.UsageError
			if !errors.As(err, &ue) {
				t.Errorf("error %T is not a *curlargs.UsageError", err)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\x1b\u202e") {
				t.Errorf("message is not one clean line: %q", msg)
			}
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message %q lacks %q (in order)", msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}
