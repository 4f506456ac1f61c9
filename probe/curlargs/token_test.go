package curlargs

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// secretTok is the token in every case below; no error may print it.
const secretTok = "s3cr3t-token-value.9f3a"

func fakeEnv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestTokenSources(t *testing.T) {
	writeFiles(t, map[string]string{
		"tok.txt":    secretTok + "\n",
		"crlf.txt":   secretTok + "\r\n",
		"bare.txt":   secretTok,
		"blanks.txt": " " + secretTok + "\n",
		"scheme.txt": "Bearer " + secretTok + "\n",
	})
	if err := os.Chmod("tok.txt", 0o600); err != nil {
		t.Fatal(err)
	}
	env := Env{Getenv: fakeEnv(map[string]string{"API_TOKEN": secretTok, "SPACED": secretTok + " "})}
	tests := []struct {
		name     string
		args     []string
		stdin    string // when non-empty, Env.Stdin reads it
		bearer   string
		source   TokenSource
		warnings []string // substrings, one per warning, in order
	}{
		{"--token-env", []string{"--token-env", "API_TOKEN", u}, "", secretTok, TokenSource{Env: "API_TOKEN"}, nil},
		{"--token-env=VAR", []string{"--token-env=API_TOKEN", u}, "", secretTok, TokenSource{Env: "API_TOKEN"}, nil},
		{"an environment value is not trimmed", []string{"--token-env", "SPACED", u}, "", secretTok + " ", TokenSource{Env: "SPACED"},
			[]string{"--token-env SPACED: the token in the environment variable SPACED begins or ends with blanks"}},
		{"--token-file trims one LF", []string{"--token-file", "tok.txt", u}, "", secretTok, TokenSource{File: "tok.txt"}, nil},
		{"--token-file trims one CRLF", []string{"--token-file", "crlf.txt", u}, "", secretTok, TokenSource{File: "crlf.txt"}, nil},
		{"--token-file without a line end", []string{"--token-file", "bare.txt", u}, "", secretTok, TokenSource{File: "bare.txt"}, nil},
		{"--token-file keeps blanks, says so", []string{"--token-file", "blanks.txt", u}, "", " " + secretTok, TokenSource{File: "blanks.txt"},
			[]string{`--token-file: the token in "blanks.txt" begins or ends with blanks`}},
		{"a scheme in the file", []string{"--token-file", "scheme.txt", u}, "", "Bearer " + secretTok, TokenSource{File: "scheme.txt"},
			[]string{`"Bearer Bearer …"; keep only the token`}},
		{"--token -", []string{"--token", "-", u}, secretTok + "\n", secretTok, TokenSource{Stdin: true}, nil},
		{"--token=-", []string{"--token=-", u}, secretTok, secretTok, TokenSource{Stdin: true}, nil},
		{"-H Authorization replaces the token", []string{"--token-env", "API_TOKEN", "-H", "@auth.txt", u}, "", secretTok, TokenSource{Env: "API_TOKEN"},
			[]string{"the Authorization header given with -H is sent; the token from --token-env is not"}},
		{"--oauth2-bearer twice: the last wins, as in curl", []string{"--oauth2-bearer", "a", "--oauth2-bearer", "b", u}, "", "b", TokenSource{},
			[]string{"--oauth2-bearer) is visible to other users in ps"}},
	}
	if err := os.WriteFile("auth.txt", []byte("Authorization: Bearer other\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env
			if tt.stdin != "" {
				e.Stdin = strings.NewReader(tt.stdin)
			}
			got, err := ParseEnv(tt.args, e)
			if err != nil {
				t.Fatalf("ParseEnv(%q): %v", tt.args, err)
			}
			if got.Request.Auth.Bearer != tt.bearer || got.Options.Token != tt.source {
				t.Errorf("bearer %q from %+v, want %q from %+v", got.Request.Auth.Bearer, got.Options.Token, tt.bearer, tt.source)
			}
			if len(got.Warnings) != len(tt.warnings) {
				t.Fatalf("warnings = %q, want %d matching %q", got.Warnings, len(tt.warnings), tt.warnings)
			}
			for i, w := range tt.warnings {
				if !strings.Contains(got.Warnings[i], w) {
					t.Errorf("warning %q lacks %q", got.Warnings[i], w)
				}
				if strings.Contains(got.Warnings[i], secretTok) {
					t.Errorf("warning prints the token: %q", got.Warnings[i])
				}
			}
		})
	}
}

func TestTokenSourceErrors(t *testing.T) {
	writeFiles(t, map[string]string{
		"empty.txt":    "",
		"newline.txt":  "\n",
		"two.txt":      secretTok + "\n\n",
		"lines.txt":    secretTok + "\nsecond\n",
		"esc.txt":      secretTok + "\x1b[2J\n",
		"binary.txt":   "\xff\xfe" + secretTok,
		"big.txt":      strings.Repeat("a", maxToken) + "\n\n",
		"tok.txt":      secretTok + "\n",
		"data.txt":     "a=1",
		"just-big.txt": strings.Repeat("a", maxToken+1),
	})
	if err := os.Mkdir("adir", 0o700); err != nil {
		t.Fatal(err)
	}
	env := Env{Getenv: fakeEnv(map[string]string{"API_TOKEN": secretTok, "BAD": secretTok + "\nX: y"})}
	tests := []struct {
		name  string
		args  []string
		env   Env
		stdin string
		want  string
	}{
		{"variable not set", []string{"--token-env", "NOPE", u}, env, "",
			"--token-env NOPE: the environment variable NOPE is not set or is empty (export it first)"},
		{"the value instead of the name", []string{"--token-env", secretTok, u}, env, "",
			`--token-env takes the name of an environment variable (letters, digits and _, such as TOKEN), not its value: write --token-env TOKEN, not --token-env "$TOKEN"`},
		{"a long word is no name", []string{"--token-env", "A" + strings.Repeat("b", maxEnvName), u}, env, "",
			`--token-env takes the name of an environment variable`},
		{"a $ in the name", []string{"--token-env", "$API_TOKEN", u}, env, "", "--token-env takes the name of an environment variable"},
		{"no environment to read", []string{"--token-env", "API_TOKEN", u}, Env{}, "",
			"--token-env API_TOKEN: reading the environment is not supported here; use --token-file PATH"},
		{"a line break in the variable", []string{"--token-env", "BAD", u}, env, "",
			"--token-env BAD: the token in the environment variable BAD has more than one line; put the token alone on one line"},

		{"missing file", []string{"--token-file", "nope.txt", u}, env, "", `--token-file: cannot read "nope.txt": no such file or directory`},
		{"a directory", []string{"--token-file", "adir", u}, env, "", `--token-file: cannot read "adir": it is a directory`},
		{"no path", []string{"--token-file=", u}, env, "", "--token-file needs the path of a file that holds the token"},
		{"empty file", []string{"--token-file", "empty.txt", u}, env, "", `--token-file: "empty.txt" is empty; it should hold the token`},
		{"only a line end", []string{"--token-file", "newline.txt", u}, env, "", `--token-file: "newline.txt" is empty; it should hold the token`},
		{"one line end is trimmed, not two", []string{"--token-file", "two.txt", u}, env, "",
			`--token-file: the token in "two.txt" has more than one line; put the token alone on one line`},
		{"two lines", []string{"--token-file", "lines.txt", u}, env, "", `--token-file: the token in "lines.txt" has more than one line`},
		{"a control character", []string{"--token-file", "esc.txt", u}, env, "",
			`--token-file: the token in "esc.txt" contains a control character (byte 24); a token is printable text`},
		{"not text", []string{"--token-file", "binary.txt", u}, env, "", `--token-file: the token in "binary.txt" is not valid UTF-8 text (a binary file?)`},
		{"over 64 KiB", []string{"--token-file", "just-big.txt", u}, env, "",
			`--token-file: "just-big.txt" holds more than 64 KiB; a token is one line (is it the right file?)`},
		{"64 KiB and two line ends", []string{"--token-file", "big.txt", u}, env, "", `--token-file: "big.txt" holds more than 64 KiB`},

		{"--token with the token itself", []string{"--token", secretTok, u}, env, "",
			"--token takes - (read the token from standard input); give the token with --token-env VAR or --token-file PATH (or --oauth2-bearer TOKEN, which other users can see in ps)"},
		{"--token - without stdin", []string{"--token", "-", u}, env, "",
			"--token -: reading standard input is not supported here; use --token-env VAR or --token-file PATH"},
		{"empty stdin", []string{"--token", "-", u}, env, "\n", "--token -: standard input is empty; it should hold the token"},
		{"--token - then -d @-", []string{"--token", "-", "-d", "@-", u}, env, secretTok,
			"-d @-: standard input holds the token (--token -); put the data in a file and pass @FILE"},
		{"-H @- then --token -", []string{"-H", "@-", "--token", "-", u}, env, "X-A: 1\n",
			"--token -: standard input was already read by @-; give the token with --token-env VAR or --token-file PATH"},

		{"two sources", []string{"--token-env", "API_TOKEN", "--token-file", "tok.txt", u}, env, "",
			"--token-env and --token-file both give the Bearer token; give it once"},
		{"a source and --oauth2-bearer", []string{"--oauth2-bearer", secretTok, "--token-env", "API_TOKEN", u}, env, "",
			"--oauth2-bearer and --token-env both give the Bearer token; give it once"},
		{"a source twice", []string{"--token-file", "tok.txt", "--token-file", "tok.txt", u}, env, "",
			"--token-file is given twice; give the token once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.env
			if tt.stdin != "" {
				e.Stdin = strings.NewReader(tt.stdin)
			}
			got, err := ParseEnv(tt.args, e)
			if err == nil {
				t.Fatalf("ParseEnv(%q) = bearer %q, want error %s", tt.args, got.Request.Auth.Bearer, tt.want)
			}
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("error %T %v is not a *UsageError", err, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error =\n  %s\nwant\n  %s", err, tt.want)
			}
			if strings.Contains(err.Error(), secretTok) {
				t.Errorf("error prints the token: %s", err)
			}
			if strings.ContainsAny(err.Error(), "\r\n\x00\x1b") {
				t.Errorf("error text carries raw control characters: %q", err)
			}
		})
	}
}

// A token file other users can read is used, with a warning; file modes
// mean nothing on Windows.
func TestTokenFileReadableByOthers(t *testing.T) {
	writeFiles(t, map[string]string{"tok.txt": secretTok + "\n"})
	if err := os.Chmod("tok.txt", 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Parse([]string{"--token-file", "tok.txt", u})
	if err != nil {
		t.Fatal(err)
	}
	if got.Request.Auth.Bearer != secretTok {
		t.Errorf("bearer %q", got.Request.Auth.Bearer)
	}
	want := `--token-file: "tok.txt" can be read by other users (mode 0644); chmod 600 it`
	if st, _ := os.Stat("tok.txt"); st.Mode().Perm() != 0o644 {
		t.Skipf("file modes not kept here (%v)", st.Mode())
	}
	if len(got.Warnings) != 1 || got.Warnings[0] != want {
		t.Errorf("warnings %q, want [%q]", got.Warnings, want)
	}
}

// The secrets-on-argv warning exists for every credential flag and names
// the flags that keep a token off argv; the token flags themselves do not
// trigger it.
func TestArgvSecretWarningNamesSaferFlags(t *testing.T) {
	writeFiles(t, map[string]string{"tok.txt": secretTok + "\n"})
	for _, args := range [][]string{
		{"--oauth2-bearer", secretTok, u},
		{"-u", "bob:" + secretTok, u},
		{"-H", "Authorization: Bearer " + secretTok, u},
	} {
		got, err := Parse(args)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "visible to other users in ps") {
			t.Fatalf("%q: warnings %q", args, got.Warnings)
		}
		for _, flag := range []string{"--token-env VAR", "--token-file PATH", "--token -", "-H @FILE"} {
			if !strings.Contains(got.Warnings[0], flag) {
				t.Errorf("%q: warning %q does not name %s", args, got.Warnings[0], flag)
			}
		}
	}
	got, err := ParseEnv([]string{"--token-file", "tok.txt", u}, Env{})
	if err != nil || len(got.Warnings) != 0 {
		t.Errorf("--token-file: %v, warnings %q; want none", err, got.Warnings)
	}
}
