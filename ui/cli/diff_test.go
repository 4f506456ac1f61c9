package cli

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/store"
)

var updateDiff = flag.Bool("update-diff", false, "rewrite the diff and bisect golden files")

// golden compares got with testdata/diff/NAME, or rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "diff", name)
	if *updateDiff {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-diff to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func testJWT(claims string) string {
	e := base64.RawURLEncoding.EncodeToString
	return e([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + e([]byte(claims)) + ".c2lnbmF0dXJlc2lnbmF0dXJl"
}

var (
	stagingJWT = testJWT(`{"iss":"https://auth.staging.example.com/","aud":"orders","scope":"orders:read orders:write","exp":1767225600}`)
	prodJWT    = testJWT(`{"iss":"https://auth.example.com/","aud":"orders","scope":"orders:read","exp":1767222000}`)
)

// The curl command that works and the app's request, as a user would
// write them down.
func curlGood() string {
	return `curl -X POST -A 'curl/8.5.0' -H 'Accept: */*' -H 'X-App-Version: 4.2' -H 'Authorization: Bearer ` + prodJWT + `' ` +
		`-H 'Content-Type: application/json' --data '{"name":"pen","qty":2,"note":"gift"}' 'https://api.example.com/v1/orders?lang=en&page=2'`
}

func appBad() string {
	return `curl -X POST -A 'Dart/3.5 (dart:io)' -H 'accept-encoding: gzip' -H 'authorization: Bearer ` + stagingJWT + `' ` +
		`-H 'content-type: text/plain; charset=utf-8' --data '{"qty":3,"name":"pen","coupon":"X1"}' 'https://api.example.com/v1/orders?page=2&debug=1'`
}

func TestDiffGoldenText(t *testing.T) {
	code, out, errs := run(t, "diff", curlGood(), appBad())
	if code != ExitRefused || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, secret := range []string{prodJWT[:40], stagingJWT[:40], strings.Split(prodJWT, ".")[2]} {
		if strings.Contains(out, secret) {
			t.Fatalf("a token shows in the output:\n%s", out)
		}
	}
	golden(t, "dart-vs-curl.txt", out)
}

func TestDiffGoldenJSON(t *testing.T) {
	code, out, _ := run(t, "diff", "--json", curlGood(), appBad())
	if code != ExitRefused || !json.Valid([]byte(out)) {
		t.Fatalf("exit %d, output %s", code, out)
	}
	if strings.Contains(out, prodJWT[:40]) {
		t.Fatal("token in JSON output")
	}
	golden(t, "dart-vs-curl.json", out)
}

func TestDiffGoldenForm(t *testing.T) {
	a := `curl -A x -H 'Accept: */*' --data 'user=ann&password=hunter2&csrf_token=abc' https://example.com/login`
	b := `curl -A x -H 'Accept: */*' --data 'user=ann&password=hunter3' https://example.com/login`
	code, out, _ := run(t, "diff", a, b)
	if code != ExitRefused || strings.Contains(out, "hunter") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	golden(t, "form.txt", out)
}

// A HAR entry (HTTP/2 pseudo-headers left out, the recorded protocol and
// server address shown) against a curl command.
func TestDiffGoldenHAR(t *testing.T) {
	a := `curl -A 'curl/8.5.0' -H 'Accept: */*' -H 'X-App-Version: 4.2' 'https://api.example.com/v1/items?page=2&lang=en'`
	code, out, errs := run(t, "diff", a, "@"+filepath.Join("testdata", "diff", "app.har")+"#1")
	if code != ExitRefused {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	golden(t, "har.txt", out)
}

func TestDiffSame(t *testing.T) {
	a := `curl -A x -H 'Accept: */*' https://example.com/`
	code, out, _ := run(t, "diff", a, a)
	if code != ExitOK || !strings.Contains(out, "A and B are the same request.") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

// @FILE holds a curl command or a Dart call (read as Dart sends it; a
// name it does not define is asked for); a FIFO is refused without
// blocking.
func TestDiffInputs(t *testing.T) {
	dir := t.TempDir()
	cmd := filepath.Join(dir, "good.sh")
	os.WriteFile(cmd, []byte("$ "+curlGood()+"\n"), 0o600)
	dart := filepath.Join(dir, "app.dart")
	os.WriteFile(dart, []byte(`final r = await http.get(Uri.parse('https://example.com/'));`), 0o600)
	code, _, errs := run(t, "diff", "@"+cmd, appBad())
	if code != ExitRefused || errs != "" {
		t.Fatalf("@FILE: exit %d %s", code, errs)
	}
	code, out, errs := run(t, "diff", "@"+dart, appBad())
	if code == ExitUsage || !strings.Contains(out, "Dart") {
		t.Fatalf("dart: exit %d\n%s%s", code, out, errs)
	}
	undefined := filepath.Join(dir, "token.dart")
	os.WriteFile(undefined, []byte(`http.get(Uri.parse('https://example.com/'), headers: {'Authorization': 'Bearer $token'});`), 0o600)
	code, _, errs = run(t, "diff", "@"+undefined, appBad())
	if code != ExitUsage || !strings.Contains(errs, "token") {
		t.Fatalf("dart with an undefined name: exit %d %s", code, errs)
	}
	code, _, errs = run(t, "diff", "nonsense", appBad())
	if code != ExitUsage || !strings.Contains(errs, "is not a request") {
		t.Fatalf("nonsense: exit %d %s", code, errs)
	}
	code, _, errs = run(t, "diff", "@"+filepath.Join("testdata", "diff", "app.har")+"#7", appBad())
	if code != ExitUsage || !strings.Contains(errs, "has no entry 7") {
		t.Fatalf("har#7: exit %d %s", code, errs)
	}
}

func TestDiffHelp(t *testing.T) {
	for _, cmd := range []string{"diff", "bisect"} {
		code, out, _ := run(t, cmd, "--help")
		if code != ExitOK || !strings.Contains(out, "Usage: why403 "+cmd) {
			t.Fatalf("%s --help: %d %s", cmd, code, out)
		}
	}
}

// saved:NAME and history:N read the user's store; a History entry keeps
// its secrets masked, so it is compared but never sent.
func TestDiffStoreInputs(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_STATE_HOME": filepath.Join(dir, "state"), "HOME": dir}
	runIn := func(args ...string) (int, string, string) {
		var out, errb strings.Builder
		env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] }, IsTerminal: func(any) bool { return false }}
		code := Main(context.Background(), args, env)
		return code, out.String(), errb.String()
	}
	if code, _, errs := runIn("save", "orders", "-A", "curl/8.5.0", "-H", "X-App-Version: 4.2", "https://api.example.com/v1/orders"); code != ExitOK {
		t.Fatalf("save: %d %s", code, errs)
	}
	st, err := store.OpenWith(store.Options{Getenv: func(k string) string { return vars[k] }})
	if err != nil {
		t.Fatal(err)
	}
	req := probe.NewRequest("https://api.example.com/v1/orders")
	req.SetHeader("User-Agent", "Dart/3.5 (dart:io)")
	req.SetHeader("Authorization", "Bearer sekrit-token-1234")
	if err := st.AddHistory(context.Background(), store.Entry{Request: req, Status: 403}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, errs := runIn("diff", "saved:orders", "history:1")
	if code != ExitRefused || !strings.Contains(out, "A: saved:orders\nB: history:1\n") || !strings.Contains(out, "Dart/3.5 (dart:io)") || strings.Contains(out, "sekrit") {
		t.Fatalf("exit %d %s:\n%s", code, errs, out)
	}
	code, _, errs = runIn("bisect", "saved:orders", "history:1")
	if code != ExitUsage || !strings.Contains(errs, "history:1 keeps its secrets masked") {
		t.Fatalf("bisect with a history entry: exit %d %s", code, errs)
	}
	code, _, errs = runIn("diff", "saved:orders", "history:2")
	if code != ExitUsage || !strings.Contains(errs, "the history has 1 entry") {
		t.Fatalf("history:2: exit %d %s", code, errs)
	}
}
