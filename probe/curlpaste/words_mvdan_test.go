package curlpaste

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/why403/why403/probe/runes"
)

// Words against mvdan.cc/sh (mvdanWords, the reading it replaced): where
// that full bash parser finds one simple command of plain words, Words
// finds the same words, and Words finds words only where it does. The
// few places where Words refuses on purpose what mvdan.cc/sh reads as
// plain words are those where bash itself reads something else
// (stricterOnPurpose).

// compareWithMvdan reports how Words and mvdanWords disagree on cmd, or
// "".
func compareWithMvdan(cmd string) string {
	got, err := Words(cmd)
	want, werr := mvdanWords(cmd)
	if err == nil && trailingBackslash(cmd, got, want, werr) {
		return ""
	}
	switch {
	case err == nil && werr == nil:
		// CR CR LF, damaged line ends: Words reads the CR LF as a line end
		// once, mvdan.cc/sh read the rest again (the CR before went too)
		damaged := strings.Contains(strings.ReplaceAll(cmd, "\r\n", "\n"), "\r\n")
		if !reflect.DeepEqual(got, want) && !damaged {
			return "words " + quoteWords(got) + ", mvdan.cc/sh reads " + quoteWords(want)
		}
	case err == nil:
		return "words " + quoteWords(got) + ", but mvdan.cc/sh refuses: " + werr.Error()
	case werr == nil:
		if !stricterOnPurpose(cmd, err) {
			return "refused (" + err.Error() + "), but mvdan.cc/sh reads " + quoteWords(want)
		}
	}
	return ""
}

// trailingBackslash reports whether Words' words for cmd are
// mvdan.cc/sh's reading but for a \ that ends cmd: bash drops it (a line
// continuation with nothing after it), mvdan.cc/sh kept it, as a word or
// at the end of the last one (curl https://h/ \ gave curl a second URL,
// \), or refused what it made with it (a!\ as history).
func trailingBackslash(cmd string, got, want []string, werr error) bool {
	trimmed := strings.TrimSpace(strings.ReplaceAll(cmd, "\r\n", "\n"))
	stripped, ok := strings.CutSuffix(trimmed, "\\")
	if !ok {
		return false
	}
	if werr == nil && len(got) > 0 {
		n := len(got) - 1
		extraWord := len(want) == len(got)+1 && want[n+1] == "\\" && reflect.DeepEqual(want[:n+1], got)
		extraByte := len(want) == len(got) && want[n] == got[n]+"\\" && reflect.DeepEqual(want[:n], got[:n])
		if extraWord || extraByte {
			return true
		}
	}
	for strings.HasSuffix(stripped, "\\\n") { // continuations before it lead nowhere either
		stripped = stripped[:len(stripped)-2]
	}
	w, err := mvdanWords(stripped)
	return err == nil && reflect.DeepEqual(w, got)
}

func quoteWords(w []string) string { return fmt.Sprintf("%q", w) }

// A comment that ends in \ : bash ends the command at the line end,
// mvdan.cc/sh goes on reading the next line as part of it.
var commentWithContinuation = regexp.MustCompile(`(^|[ \t\n;&|()])#[^\n]*\\\n`)

// A ! before a quote, a $ or a [: mvdan.cc/sh cuts its literal there and
// checks the ! without what follows.
var historyBeforeSplit = regexp.MustCompile(`^!["'$[]`)

// stricterOnPurpose reports whether Words refusing cmd (with err) where
// mvdan.cc/sh reads plain words is one of the readings where bash does
// not agree with mvdan.cc/sh:
//   - a ! right before a quote, a $ or a [ (a!"x", a!$, a![b): an
//     interactive bash expands it from its history (mvdan.cc/sh checks
//     only its own piece of text);
//   - an unquoted [ closed by a ] after a quoted part or a $ ([a"b"]):
//     bash reads a pattern;
//   - a comment that ends in \: bash ends the command at the line end;
//   - a $ then a line continuation: bash reads what follows as if the $
//     were right before it ($'…', $"…", ${…});
//   - a NUL byte: bash drops it, mvdan.cc/sh drops it too but lets it
//     stop a line continuation (\, NUL, line end made an empty word);
//     Words refuses the damaged paste;
//   - a \ then CR CR LF (CR LF once Windows line ends are read): for bash
//     an escaped CR then a line end, for mvdan.cc/sh a line continuation.
func stricterOnPurpose(cmd string, err error) bool {
	msg := err.Error()
	cmd = strings.ReplaceAll(cmd, "\r\n", "\n")
	switch {
	case strings.Contains(cmd, "\\\r\n"):
		return true
	case strings.Contains(msg, "NUL byte (\\0) at"):
		return strings.Contains(cmd, "\x00")
	case strings.Contains(msg, errHistory):
		return historyBeforeSplit.MatchString(msg) || strings.Contains(cmd, "!$")
	case strings.HasPrefix(msg, "unquoted […]"):
		return strings.ContainsAny(cmd, `'"$`)
	case strings.Contains(msg, "a $ then a \\ at a line end"):
		return true
	case strings.Contains(cmd, "$\\\n"):
		return true // ${ then, unfinished, or an expansion
	}
	return commentWithContinuation.MatchString(cmd)
}

// pastes are the real-world exports in testdata/pastes: browsers' "Copy
// as cURL" for bash and for cmd, Postman, Insomnia, Swagger UI, a README,
// tickets.
func pastes(t testing.TB) map[string]string {
	t.Helper()
	files, err := filepath.Glob("testdata/pastes/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no pastes in testdata/pastes: %v", err)
	}
	out := make(map[string]string, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// cornerCases are quoting and syntax corners where a hand-written reader
// most easily parts from bash.
var cornerCases = []string{
	`curl a\`, `curl a \`, "curl a\\\nb", "curl a \\\n", `curl a;`, `curl a; # x`, `curl a;;`, `curl a ; ; b`,
	`curl a &> out`, `curl a >& out`, `curl a 2>x`, `curl a2>x`, `curl a |& b`, `curl a | b | c`, `curl a && b || c`,
	`curl $X | jq`, `curl a (b)`, `curl a )`, `curl a=(b c)`, `if curl a; then b; fi`, `curl if then`,
	`{ curl a; }`, `[[ a ]]`, `curl $[1+1]`, `curl $? $$ $# $@ $* $! $- $0`, `curl "$'x'"`, `curl "$\"x"`,
	`curl "a$"`, `curl $""`, `curl a$'\'b'`, `curl {a,'b'}`, `curl \{a,b}`, `curl {1..3..x}`, `curl {a..c}`,
	`curl {1..2,3}`, `curl {1..3..2}`, `curl {a..3}`, `curl {-1..+3}`, `curl {1..2..3..4}`, `curl {a,b`,
	`curl x{a}y{,}`, `curl {x{a,b}`, `curl {{a,b}}`, `curl {'a'..b}`, `curl {1.."2"}`, `curl a=~/x b:~/x`, `curl -d x=~`,
	`curl @(a)`, `curl a*(b)`, `curl !(b)`, `curl @()`, `a+=x curl`, "curl a\n# c\n", "curl a # c\nb # d",
	"curl a\n\nb", "curl a \\ \n\nb", "curl 'a\nb\nc' \\\nd\ne f", `curl ${`, `curl $(`, "curl `a", `curl "a`,
	"curl <<EOF\nx\nEOF", `curl a <(b) >(c)`, `curl a#b #c`, `curl a{b}c {} {,} {a,}`, `curl $'\'`,
	"curl $'a\\\nb'", "curl 'a'\\\n'b'", "curl \\\n", "\\\ncurl a", "curl\\\n a", "cu\\\nrl a", "curl a\tb",
	"curl a\rb", "curl a\vb", "curl a\x00b", `curl "${x}" $x`, `curl "!x" '!x' $'!x'`, `curl a!`, `curl "a!"`,
	`curl "a!\""`, `curl a!\"b`, `time curl a`, `coproc curl a`, `curl a=b`, `curl --x=~ a`, `curl x \~`,
	`curl '~'`, `curl ~`, `curl a~`, `X= curl`, `X=1`, `curl ]`, `curl [a]`, `curl [a`, `curl a] [b\]`,
	`curl a[b'c]'`, `curl '[a'b]`, `curl # c`, "#x\ncurl a", `curl a;b`, `curl a ;b`, `curl a&b`, `curl a& b`,
	`curl "$((1+1))"`, `curl $(echo ')')`, "curl `echo \\`x\\``", `curl ${#x} ${!x} ${x[1]} ${x/a/b} ${@}`,
	`curl $_ $_a`, `curl $1a`, `curl $10`, `curl $ a`, `curl $%`, `curl $.x`, `curl "$"`, `curl "$ "`, `curl "$%"`,
	`curl \$x`, `curl 'a'\`, "curl \"a\"\\\n", "curl a\n", "curl a \\\n  \\\n  b", "curl a\n\\\nb",
	"curl  'x' \\ \n -H", "curl x\\ \ny", `! curl a`, `!curl a`, `curl a !`, `curl a ! b`, `curl a | `,
	`curl a &&`, "curl a &&\nb", "curl a |\nb", "curl a\n;", `; curl a`, "curl a\n&& b", "curl a\n| b",
	`curl 'a' b"c"$'d'`, `curl $'\x41\u00e9'`, `curl $'\0'`, `curl $'\c'`, `curl $'\c\\'`, "curl é", "curl \xff",
	"curl 'a' # c \\\n-H b", "curl a \\\n# -H old \\\n-H new", "curl $\\\n'x'", "curl $\\\nHOME", "curl $\\\n{HOME}",
	`curl a!'x'`, `curl a!"x"`, `curl a!$`, `curl "a!$"`, `curl [a"b"]`, `curl [a$]`, `curl "a"!`, `curl !`,
	"curl -H 'a: b' \\\r\n -d x\r\n", "curl a\r\n\r\n", `curl a\ b\	c`, "curl 'it''s'", `curl "a\b\$\"\\"`,
	"curl \"a\\\nb\"", "curl -d '\\'", "curl 'a' \\\n", `$ curl a`, `  $ curl a  `, `curl.exe a`, `CURL.EXE a`,
	`wget a`, `sudo curl a`, `curl > x`, `> x curl`, `curl 1<x`, `curl <<<x`, `curl <>x`, `curl >|x`, `curl x>`,
	`curl {fd}>x`, `curl a ((`, `curl a ))`, `curl )`, `( curl a`, `curl $(( 1 ) )`, `curl $((1+1)`,
	`curl --data-raw $'{"a":"\u263a"}'`, `curl -d $'\xe9\xff'`, `curl $'\U0001F600\777'`,
}

func TestWordsMatchMvdan(t *testing.T) {
	inputs := append([]string(nil), cornerCases...)
	for _, s := range []string{chromePOST, chromePUT, chromeGET, firefoxPOST, firefoxMultiline} {
		inputs = append(inputs, s)
	}
	for _, s := range pastes(t) {
		inputs = append(inputs, s)
	}
	for _, in := range inputs {
		if d := compareWithMvdan(in); d != "" {
			t.Errorf("Words(%q): %s", in, d)
		}
	}
	// Where both refuse, the user reads the same message, but for these
	// text bash would not run, where the two name its fault differently.
	otherSyntaxMessage := map[string]bool{
		`curl ${`: true, `curl x>`: true, `curl {fd}>x`: true, `curl a ((`: true, `( curl a`: true,
		`curl $(( 1 ) )`: true, `curl $((1+1)`: true,
	}
	for _, in := range cornerCases {
		_, err := Words(in)
		_, werr := mvdanWords(in)
		if err != nil && werr != nil && err.Error() != werr.Error() && !otherSyntaxMessage[in] {
			t.Errorf("Words(%q) refuses with\n  %v\nmvdan.cc/sh reading with\n  %v", in, err, werr)
		}
	}
}

// TestPastes: what a user sees for each real-world export.
func TestPastes(t *testing.T) {
	refused := map[string]string{
		"chrome-cmd.txt":                 "Windows cmd command",
		"firefox-windows.txt":            "Windows cmd command",
		"powershell.txt":                 "PowerShell command",
		"ticket-with-token-variable.txt": "$DEPLOY_TOKEN is a shell variable",
		"ticket-piped.txt":               "| sends curl's output to another command (jq '.components[] | select(.status != \"ok\")')",
	}
	words := map[string][]string{
		"postman.txt": {"curl", "--location", "https://api.example.com/v1/orders?status=open&limit=20",
			"--header", "Content-Type: application/json", "--header", "X-Api-Key: pk_test_51H8abcdef",
			"--header", "Cookie: __cf_bm=abc.def-1700000000-1.0.1.1-xyz",
			"--data", "{\n    \"sku\": \"A-1\",\n    \"qty\": 2,\n    \"note\": \"deliver after 6pm, ring twice\"\n}"},
		"insomnia-unquoted-url.txt": {"curl", "--request", "GET", "--url", "https://api.example.com/v1/health", "--header", "Accept: application/json"},
		"readme-with-prompt-and-comment.txt": {"curl", "-sS", "-i", "https://api.example.com/v1/me",
			"-H", "Authorization: Bearer abc.def.ghi", "-H", "Accept: application/json"},
		"crlf-bash.txt": {"curl", "https://api.example.com/v1/ping", "-H", "accept: application/json", "--compressed"},
		"chrome-bash-multipart.txt": {"curl", "https://upload.example.com/v2/files", "-H", "content-type: multipart/form-data; boundary=----WebKitFormBoundaryx7Yz",
			"--data-raw", "------WebKitFormBoundaryx7Yz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\tworld\r\n------WebKitFormBoundaryx7Yz--\r\n"},
		"firefox-bash-oneline.txt": nil, // checked below: it parses, with the \xe4 byte
	}
	for name, cmd := range pastes(t) {
		got, err := Words(cmd)
		if want, ok := refused[name]; ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: Words = %q, %v; want an error containing %q", name, got, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if want := words[name]; want != nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
		if _, err := Parse(cmd); err != nil {
			t.Errorf("%s: Parse: %v", name, err)
		}
	}
	got, _ := Words(pastes(t)["firefox-bash-oneline.txt"])
	if last := got[len(got)-1]; last != "{\"user\":\"ada\",\"password\":\"p\xe4ss w'rd\"}" {
		t.Errorf("Firefox's $'…' body: %q", last)
	}
}

// FuzzWordsMatchMvdan holds Words to mvdan.cc/sh on any text: the same
// words where both read a simple command, and no words where mvdan.cc/sh
// reads none (compareWithMvdan); and a refusal's message is clean text,
// whatever the paste holds. The seeds are the real-world exports in
// testdata/pastes, the browsers' commands and the corner cases above.
func FuzzWordsMatchMvdan(f *testing.F) {
	for _, s := range pastes(f) {
		f.Add(s)
	}
	for _, s := range append([]string{chromePOST, chromePUT, chromeGET, firefoxPOST, firefoxMultiline}, cornerCases...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		if len(cmd) > 4<<10 {
			return // mvdan.cc/sh is not linear in every input; the point is the syntax, not the size
		}
		if d := compareWithMvdan(cmd); d != "" {
			t.Fatalf("Words(%q): %s", cmd, d)
		}
		if _, err := Words(cmd); err != nil {
			msg := err.Error()
			if !utf8.ValidString(msg) {
				t.Fatalf("Words(%q): the message %q is not UTF-8", cmd, msg)
			}
			for _, r := range msg {
				if unicode.IsControl(r) || runes.IsFormat(r) {
					t.Fatalf("Words(%q): the message %q holds %U: a hostile paste reaches the terminal", cmd, msg, r)
				}
			}
		}
	})
}
