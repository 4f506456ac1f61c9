package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/curlargs"
)

// savedEnv is an Env whose store lives in a temporary directory, with
// the given environment variables.
func savedEnv(t *testing.T, vars map[string]string) (Env, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	root := t.TempDir()
	all := map[string]string{"XDG_CONFIG_HOME": filepath.Join(root, "config"), "XDG_STATE_HOME": filepath.Join(root, "state")}
	for k, v := range vars {
		all[k] = v
	}
	var out, errb bytes.Buffer
	return Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return all[k] }, IsTerminal: func(any) bool { return false }}, &out, &errb
}

func runIn(t *testing.T, env Env, out, errb *bytes.Buffer, args ...string) (int, string, string) {
	t.Helper()
	out.Reset()
	errb.Reset()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := Main(ctx, args, env)
	return code, out.String(), errb.String()
}

const cliSecret = "Zq8-secret-token-value-77Lm"

// save then open gives back the request as a curl command: the same
// request, its secret left out (or, with --keep-secrets, kept but still
// masked in what is printed unless --reveal).
func TestSaveOpenRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name       string
		saveFlags  []string
		openFlags  []string
		wantInOut  []string
		wantNotOut []string
		wantNote   string
	}{
		{"secrets left out", nil, nil,
			[]string{"-X PUT", "'http://127.0.0.1:9/v1/orders?page=2'", "'X-Trace: 1'", `--data-raw '{"a":1}'`},
			[]string{cliSecret, "Authorization"}, "saved without Authorization header"},
		{"kept, printed masked", []string{"--keep-secrets"}, nil,
			[]string{"Authorization: Bearer $TOKEN"}, []string{cliSecret}, ""},
		{"kept, revealed", []string{"--keep-secrets"}, []string{"--reveal"},
			[]string{"Authorization: Bearer " + cliSecret}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, out, errb := savedEnv(t, nil)
			args := append([]string{"save", "orders"}, tc.saveFlags...)
			args = append(args, "-X", "PUT", "-H", "Authorization: Bearer "+cliSecret, "-H", "X-Trace: 1",
				"-H", "Content-Type: application/json", "-d", `{"a":1}`, "http://127.0.0.1:9/v1/orders?page=2")
			code, stdout, stderr := runIn(t, env, out, errb, args...)
			if code != ExitOK {
				t.Fatalf("save: exit %d\n%s%s", code, stdout, stderr)
			}
			if strings.Contains(stdout+stderr, cliSecret) {
				t.Errorf("save printed the secret:\n%s%s", stdout, stderr)
			}
			code, stdout, stderr = runIn(t, env, out, errb, append([]string{"open", "orders"}, tc.openFlags...)...)
			if code != ExitOK {
				t.Fatalf("open: exit %d\n%s%s", code, stdout, stderr)
			}
			for _, w := range tc.wantInOut {
				if !strings.Contains(stdout, w) {
					t.Errorf("open printed %q, want it to hold %q", stdout, w)
				}
			}
			for _, w := range tc.wantNotOut {
				if strings.Contains(stdout, w) {
					t.Errorf("open printed %q, holding %q", stdout, w)
				}
			}
			if tc.wantNote != "" && !strings.Contains(stderr, tc.wantNote) {
				t.Errorf("open's stderr %q lacks %q", stderr, tc.wantNote)
			}
			// the printed command parses back to the same method, URL and body
			words := shellWords(t, strings.TrimSpace(stdout))
			if tc.name == "secrets left out" {
				p, err := curlargs.Parse(words)
				if err != nil {
					t.Fatalf("printed command does not parse: %v", err)
				}
				if p.Request.Method != "PUT" || p.Request.URL != "http://127.0.0.1:9/v1/orders?page=2" || string(p.Request.Body) != `{"a":1}` {
					t.Errorf("round trip gave %s %s %q", p.Request.Method, p.Request.URL, p.Request.Body)
				}
			}
		})
	}
}

// shellWords splits the single-quoted words Quote writes (enough for
// these tests: no $'…' words).
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	in, started := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			in, started = !in, true
		case r == ' ' && !in:
			if started {
				words = append(words, cur.String())
			}
			cur.Reset()
			started = false
		default:
			cur.WriteRune(r)
			started = true
		}
	}
	if started {
		words = append(words, cur.String())
	}
	return words
}

// A token reference is stored instead of the token and read on open.
func TestSaveTokenReference(t *testing.T) {
	tokFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokFile, []byte(cliSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// the copied command names the variable the saved request reads
	for _, tc := range []struct {
		name, shown string
		flag        []string
	}{
		{"env", `Bearer $API_TOKEN"`, []string{"--token-env", "API_TOKEN"}},
		{"env=", `Bearer $API_TOKEN"`, []string{"--token-env=API_TOKEN"}},
		{"file", `"$TOKEN"`, []string{"--token-file", tokFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, out, errb := savedEnv(t, map[string]string{"API_TOKEN": cliSecret})
			args := append([]string{"save", "ref"}, tc.flag...)
			args = append(args, "http://127.0.0.1:9/x")
			code, stdout, stderr := runIn(t, env, out, errb, args...)
			if code != ExitOK || !strings.Contains(stdout, "token: read from") {
				t.Fatalf("save: exit %d\n%s%s", code, stdout, stderr)
			}
			if code, stdout, stderr = runIn(t, env, out, errb, "open", "--reveal", "ref"); code != ExitOK || !strings.Contains(stdout, "--oauth2-bearer") || !strings.Contains(stdout, cliSecret) {
				t.Errorf("open --reveal: exit %d, %q %q", code, stdout, stderr)
			}
			if code, stdout, _ = runIn(t, env, out, errb, "open", "ref"); code != ExitOK || strings.Contains(stdout, cliSecret) || !strings.Contains(stdout, tc.shown) {
				t.Errorf("open: exit %d, %q", code, stdout)
			}
		})
	}
	// the variable unset when opened: said, and the request still printed
	env, out, errb := savedEnv(t, nil)
	runIn(t, env, out, errb, "save", "ref", "--token-env", "NOT_SET", "http://127.0.0.1:9/x")
	code, stdout, stderr := runIn(t, env, out, errb, "open", "ref")
	if code != ExitOK || !strings.Contains(stderr, "$NOT_SET") || !strings.Contains(stdout, "127.0.0.1:9/x") {
		t.Errorf("open with the variable unset: exit %d, %q %q", code, stdout, stderr)
	}
}

// Bad names and options are usage errors that save nothing.
func TestSaveOpenUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"save"}, "needs a NAME"},
		{[]string{"save", "a b", "http://127.0.0.1:9/"}, "invalid name"},
		{[]string{"save", strings.Repeat("n", 65), "http://127.0.0.1:9/"}, "invalid name"},
		{[]string{"save", "x\x1b]52;c;AA\x07", "http://127.0.0.1:9/"}, `\x1b`},
		{[]string{"save", "ok", "--token-env"}, "needs a value"},
		{[]string{"save", "ok", "--token-env", "1BAD", "http://127.0.0.1:9/"}, "want env:VAR"},
		{[]string{"save", "ok", "--token-header", "X-Key", "http://127.0.0.1:9/"}, "needs --token-env"},
		{[]string{"save", "ok", "--bogus", "http://127.0.0.1:9/"}, "bogus"},
		{[]string{"open", "missing"}, "no saved request named missing"},
		{[]string{"open", "a", "b"}, "one NAME"},
		{[]string{"open", "../etc"}, "invalid name"},
	} {
		env, out, errb := savedEnv(t, nil)
		code, _, stderr := runIn(t, env, out, errb, tc.args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", tc.args, code, stderr, tc.want)
		}
		if strings.ContainsRune(stderr, 0x1b) {
			t.Errorf("%q: raw ESC on stderr", tc.args)
		}
	}
}

// `why403 open` without a name lists the saved requests, URLs masked.
func TestOpenLists(t *testing.T) {
	env, out, errb := savedEnv(t, nil)
	if code, stdout, _ := runIn(t, env, out, errb, "open"); code != ExitOK || !strings.Contains(stdout, "no saved requests") {
		t.Fatalf("empty list: exit %d, %q", code, stdout)
	}
	runIn(t, env, out, errb, "save", "b-one", "http://127.0.0.1:9/b?access_token="+cliSecret)
	runIn(t, env, out, errb, "save", "a-one", "-X", "DELETE", "http://127.0.0.1:9/a")
	code, stdout, _ := runIn(t, env, out, errb, "open")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != ExitOK || len(lines) != 2 || !strings.HasPrefix(lines[0], "a-one") || !strings.Contains(lines[0], "DELETE") {
		t.Errorf("list: exit %d, %q", code, stdout)
	}
	if strings.Contains(stdout, cliSecret) {
		t.Errorf("list shows a secret: %q", stdout)
	}
}

// A damaged saved.db (an invalid file, as a bad copy leaves) makes
// `save` and `open` warn in one line that it was moved aside, and work
// on a fresh one.
func TestSaveOpenWithDamagedFile(t *testing.T) {
	env, out, errb := savedEnv(t, nil)
	dir := filepath.Join(env.Getenv("XDG_CONFIG_HOME"), "why403")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "saved.db")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runIn(t, env, out, errb, "open")
	if code != ExitOK || !strings.Contains(stderr, "warning: "+path+" was damaged") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("open = %d, stderr %q", code, stderr)
	}
	if err := os.WriteFile(path, bytes.Repeat([]byte("damaged again "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn(t, env, out, errb, "save", "orders", "http://127.0.0.1:9/v1/orders")
	if code != ExitOK || !strings.Contains(stdout, "saved orders") || !strings.Contains(stderr, "was damaged") {
		t.Fatalf("save = %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, stdout, _ := runIn(t, env, out, errb, "open", "orders"); code != ExitOK || !strings.Contains(stdout, "127.0.0.1:9/v1/orders") {
		t.Errorf("open orders = %d, %q", code, stdout)
	}
	if moved, _ := filepath.Glob(path + ".corrupt-*"); len(moved) != 2 {
		t.Errorf("moved aside: %v, want both damaged copies", moved)
	}
}

// A token read into a header of the user's choosing (--token-header) is
// a secret whatever the header's name: open prints it masked.
func TestSaveTokenReferenceInACustomHeader(t *testing.T) {
	env, out, errb := savedEnv(t, map[string]string{"ACME_TOKEN": cliSecret})
	code, stdout, stderr := runIn(t, env, out, errb, "save", "acme", "--token-env", "ACME_TOKEN", "--token-header", "X-Acme", "http://127.0.0.1:9/x")
	if code != ExitOK {
		t.Fatalf("save: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr = runIn(t, env, out, errb, "open", "acme"); code != ExitOK || strings.Contains(stdout+stderr, cliSecret) || !strings.Contains(stdout, "X-Acme: $") {
		t.Errorf("open: exit %d, printed %q %q; want X-Acme from a variable, its value masked", code, stdout, stderr)
	}
	if code, stdout, _ = runIn(t, env, out, errb, "open", "--reveal", "acme"); code != ExitOK || !strings.Contains(stdout, "X-Acme: "+cliSecret) {
		t.Errorf("open --reveal: exit %d, printed %q", code, stdout)
	}
}
