package cli

// This file feeds known secrets (a Bearer JWT, an opaque token, a Basic
// password, a URL password, API keys in a header and in the query, a
// session cookie, a form password, a JSON client_secret) through every
// output of the command line and asserts that none appears in full without
// --reveal, and that --reveal shows them (so that the test can fail).

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe/testnet"
)

// secretValues are the test's secrets: letters and digits only, so that no
// output (URL, JSON, Markdown, shell quoting) has a reason to encode them
// and a leak cannot hide behind an escape.
type secretValues struct {
	jwt, jwtSig, opaque, basicUser, basicPW, urlUser, urlPW, headerKey, queryKey, cookie, formPW, clientSecret string
	// multipartPW is a -F password=… field; refererToken is a ?token= in
	// a Referer header (a trial found both leaking).
	multipartPW, refererToken string
	// unnamedKey travels in a header whose name says nothing of a
	// credential (Blockfrost's project_id); requestID and deviceID are
	// random too but identify, and must show whole.
	unnamedKey, requestID, deviceID string
}

func newSecretValues() secretValues {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	sig := b64("secrets-everywhere-signature-32b") // 32 bytes, as HS256's
	return secretValues{
		jwt:          b64(`{"alg":"HS256","typ":"JWT"}`) + "." + b64(`{"sub":"secrets-everywhere","jti":"k3Jw9Q"}`) + "." + sig,
		jwtSig:       sig,
		opaque:       "opq7Hq2Lx9Vw4Rt8Nz3Kp6Ys1Dm5",
		basicUser:    "alice",
		basicPW:      "bpwUx8Qe3Wr7Ty2Io5Pa9Sd4",
		urlUser:      "bob",
		urlPW:        "upwGh6Jk2Lz8Xc4Vb1Nm7Qw3",
		headerKey:    "hdrkeyEr5Ty8Ui2Op6As3Df9Gh",
		queryKey:     "qkeyZx4Cv7Bn1Mq8Wl5Ek2Rj",
		cookie:       "sessPl3Ok9Ij6Uh2Yg8Tf5Rd1",
		formPW:       "fpwWs4Ed7Rf1Tg9Yh3Uj6Ik2",
		clientSecret: "csQa8Zs2Xd5Cf1Vg7Bh4Nj9",
		multipartPW:  "mpwKd3Js8Hf2Lg6Pq9Wz4Xc",
		refererToken: "refTk5Nb2Vm8Cx1Zl7Ka4Sd",
		unnamedKey:   "mainnetQ7xK2pL9vR4tW8zN3bC6dF1hJ",
		requestID:    "3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a54",
		deviceID:     "dev8Hk2Lm5Np9Qr3St7Uv1Wx4",
	}
}

func basicForm(user, pw string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pw))
}

// secretProfile is one request holding some of the secrets.
type secretProfile struct {
	name    string
	args    func(base string) []string // curl arguments, base is http://127.0.0.1:port
	secrets []aSecret
	// plain are values of the request that are no secret: every output
	// that shows the request's headers shows them whole.
	plain []string
	// noExperiments: no experiment tells this request's candidates apart.
	noExperiments bool
}

// aSecret is one known secret and the forms in which it could leak: the
// value itself and any encoding of it an output may print (the base64 of
// a Basic credential).
type aSecret struct {
	what  string
	value string
	// forms are further strings that hold the secret in full.
	forms []string
	// offWire: the secret is in the command but never sent (a URL
	// password next to an explicit Authorization header, as curl does),
	// so outputs of what was sent (HAR, explain) cannot reveal it.
	offWire bool
	// part: a piece of another secret, checked masked but not revealed
	// on its own.
	part bool
}

// needles are every form of the secret that must not appear.
func (s aSecret) needles() []string { return append([]string{s.value}, s.forms...) }

func secretProfiles(v secretValues) []secretProfile {
	return []secretProfile{
		{
			name: "jwt-form",
			args: func(base string) []string {
				u := strings.Replace(base, "://", "://"+v.urlUser+":"+v.urlPW+"@", 1) + "/v1/orders?api_key=" + v.queryKey + "&page=2"
				return []string{"-X", "POST", "-H", "Authorization: Bearer " + v.jwt, "-H", "X-Api-Key: " + v.headerKey,
					"-b", "session=" + v.cookie, "-d", "user=alice&password=" + v.formPW, "--experiments=all", u}
			},
			secrets: []aSecret{
				{what: "Bearer JWT", value: v.jwt},
				{what: "JWT signature", value: v.jwtSig, part: true},
				{what: "URL password", value: v.urlPW, forms: []string{basicForm(v.urlUser, v.urlPW)}, offWire: true},
				{what: "X-Api-Key", value: v.headerKey},
				{what: "api_key query", value: v.queryKey},
				{what: "session cookie", value: v.cookie},
				{what: "form password", value: v.formPW},
			},
		},
		{
			name: "opaque-json",
			args: func(base string) []string {
				return []string{"--oauth2-bearer", v.opaque, "-H", "Content-Type: application/json",
					"-d", `{"client_id":"app","client_secret":"` + v.clientSecret + `"}`, "--experiments=all", base + "/v1/token"}
			},
			secrets: []aSecret{
				{what: "opaque token", value: v.opaque},
				{what: "JSON client_secret", value: v.clientSecret},
			},
		},
		{
			name: "basic",
			args: func(base string) []string {
				return []string{"-u", v.basicUser + ":" + v.basicPW, base + "/v1/me"}
			},
			secrets: []aSecret{{what: "Basic password", value: v.basicPW, forms: []string{basicForm(v.basicUser, v.basicPW)}}},
		},
		{
			name: "multipart-referer",
			args: func(base string) []string {
				return []string{"-F", "user=alice", "-F", "password=" + v.multipartPW,
					"-H", "Referer: " + base + "/app/callback?token=" + v.refererToken + "&page=1", base + "/v1/upload"}
			},
			secrets: []aSecret{
				{what: "multipart password", value: v.multipartPW},
				{what: "Referer token", value: v.refererToken},
			},
		},
		{
			name: "unnamed-key",
			args: func(base string) []string {
				return []string{"-H", "project_id: " + v.unnamedKey, "-H", "X-Request-Id: " + v.requestID,
					"-H", "X-Device-Id: " + v.deviceID, "--experiments=all", base + "/api/v0/blocks/latest"}
			},
			secrets:       []aSecret{{what: "key in project_id", value: v.unnamedKey}},
			plain:         []string{v.requestID, v.deviceID},
			noExperiments: true,
		},
	}
}

// assertShown fails when text lacks one of the plain values: an
// identifier is no secret, and masking it would hide evidence.
func assertShown(t *testing.T, what, text string, plain []string) {
	t.Helper()
	for _, v := range plain {
		if !strings.Contains(text, v) {
			t.Errorf("%s does not show %q whole:\n%s", what, v, text)
		}
	}
}

// secretRun is one in-process run of Main.
type secretRun struct {
	code           int
	stdout, stderr string
}

// runSecrets calls Main with vars as the whole environment and no
// terminal, bounded by 20 s.
func runSecrets(t *testing.T, vars map[string]string, args ...string) secretRun {
	t.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] }, IsTerminal: func(any) bool { return false }}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code := Main(ctx, args, env)
	return secretRun{code: code, stdout: out.String(), stderr: errb.String()}
}

// leaksOf lists every needle of secrets found in text, with the text
// around it. Whitespace is also taken out before looking, so that a
// secret wrapped over two lines still counts.
func leaksOf(text string, secrets []aSecret) []string {
	squeezed := strings.Join(strings.Fields(text), "")
	var leaks []string
	for _, s := range secrets {
		for _, n := range s.needles() {
			if i := strings.Index(text, n); i >= 0 {
				leaks = append(leaks, fmt.Sprintf("%s %q in %q", s.what, n, text[max(0, i-60):min(len(text), i+len(n)+20)]))
			} else if i := strings.Index(squeezed, n); i >= 0 {
				leaks = append(leaks, fmt.Sprintf("%s %q (wrapped) in %q", s.what, n, squeezed[max(0, i-60):min(len(squeezed), i+len(n)+20)]))
			}
		}
	}
	return leaks
}

// shows reports whether text holds some form of the secret in full.
func shows(text string, s aSecret) bool {
	for _, n := range s.needles() {
		if strings.Contains(text, n) {
			return true
		}
	}
	return false
}

// assertMasked fails when any output holds a secret in full.
func assertMasked(t *testing.T, outputs map[string]string, secrets []aSecret) {
	t.Helper()
	for _, name := range sortedKeys(outputs) {
		for _, leak := range leaksOf(outputs[name], secrets) {
			t.Errorf("%s shows a secret without --reveal: %s", name, leak)
		}
	}
}

// assertRevealed fails when a secret is missing from text: --reveal must
// show what it promises. onWire: text only shows what was sent.
func assertRevealed(t *testing.T, what, text string, secrets []aSecret, onWire bool) {
	t.Helper()
	for _, s := range secrets {
		if s.part || onWire && s.offWire {
			continue
		}
		if !shows(text, s) {
			t.Errorf("%s with --reveal does not show the %s %q:\n%s", what, s.what, s.value, text)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// refusingEchoServer answers 403 (a missing scope) to everything. With echo "text" it sends
// the request back (request line, headers, body) as text/plain, with
// "json" as a JSON document, as a careless or hostile server does, so that
// the secrets come back from the server.
func refusingEchoServer(t *testing.T, echo string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		// A refusal that names its cause: no guess, so no experiment that
		// waits (the repeat after a pause), while the credential and
		// cookie experiments are still sent.
		w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", scope="orders:write"`)
		switch echo {
		case "text":
			var b strings.Builder
			fmt.Fprintf(&b, "you sent: %s %s %s\n", r.Method, r.RequestURI, r.Proto)
			for _, name := range sortedHeaderNames(r.Header) {
				for _, v := range r.Header[name] {
					fmt.Fprintf(&b, "%s: %s\n", name, v)
				}
			}
			b.WriteString("\n")
			b.Write(body)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, b.String())
		case "json":
			headers := map[string]string{}
			for name, vs := range r.Header {
				headers[name] = strings.Join(vs, ", ")
			}
			doc, _ := json.Marshal(map[string]any{"error": "forbidden", "uri": r.RequestURI, "headers": headers, "body": string(body)})
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			w.Write(doc)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"error":"insufficient_scope"}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func sortedHeaderNames(h http.Header) []string {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// checkMode is one output mode of `why403 check`.
type checkMode struct {
	name  string
	flags func(harPath string) []string
}

var checkModes = []checkMode{
	{"text", func(string) []string { return nil }},
	{"json", func(string) []string { return []string{"--report=json"} }},
	{"markdown", func(string) []string { return []string{"--format", "markdown"} }},
	{"print-curl", func(string) []string { return []string{"--print-curl"} }},
	{"output-har", func(h string) []string { return []string{"--output-har", h} }},
}

// checkOutput runs `why403 check` in one mode on args and returns its
// outputs by name (stdout, stderr, the HAR file), checking that the run
// did what it should (sent and refused, or printed the curl command).
func checkOutput(t *testing.T, mode checkMode, args []string, reveal bool) map[string]string {
	t.Helper()
	harPath := filepath.Join(t.TempDir(), "exchange.har")
	all := append([]string{"check"}, mode.flags(harPath)...)
	if reveal {
		all = append(all, "--reveal")
	}
	r := runSecrets(t, nil, append(all, args...)...)
	want := ExitRefused
	if mode.name == "print-curl" {
		want = ExitOK
	}
	if r.code != want {
		t.Fatalf("check %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", mode.name, r.code, want, r.stdout, r.stderr)
	}
	outs := map[string]string{"stdout": r.stdout, "stderr": r.stderr}
	if mode.name == "output-har" {
		b, err := os.ReadFile(harPath)
		if err != nil {
			t.Fatalf("reading the HAR file: %v", err)
		}
		outs["HAR file"] = string(b)
	}
	return outs
}

// experimentRows counts the report's experiments (JSON) or the rows of
// its table (text), so that a test knows they were covered.
func experimentRows(t *testing.T, mode, stdout string) int {
	t.Helper()
	switch mode {
	case "json":
		var doc struct {
			Experiments []json.RawMessage `json:"experiments"`
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("decoding the JSON report: %v\n%s", err, stdout)
		}
		return len(doc.Experiments)
	case "text":
		return strings.Count(stdout, " → ")
	}
	return -1
}

func TestSecretsMaskedInEveryCheckOutput(t *testing.T) {
	t.Parallel()
	v := newSecretValues()
	srv := refusingEchoServer(t, "")
	for _, p := range secretProfiles(v) {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			args := p.args(srv.URL)
			for _, mode := range checkModes {
				t.Run(mode.name, func(t *testing.T) {
					t.Parallel()
					outs := checkOutput(t, mode, args, false)
					assertMasked(t, outs, p.secrets)
					if n := experimentRows(t, mode.name, outs["stdout"]); n == 0 && !p.noExperiments {
						t.Errorf("the %s report has no experiment rows, so they go untested:\n%s", mode.name, outs["stdout"])
					}

					revealed := checkOutput(t, mode, args, true)
					// The text report shows no request header.
					if shown := outs["stdout"] + outs["HAR file"]; mode.name != "text" {
						assertShown(t, mode.name, shown, p.plain)
						assertShown(t, mode.name+" with --reveal", revealed["stdout"]+revealed["HAR file"], p.plain)
					}
					switch mode.name {
					case "text":
						// The text report shows the URL, not the headers or
						// body: only a secret of the URL can show.
						if p.name == "jwt-form" {
							assertRevealed(t, "text", revealed["stdout"], p.secrets[4:5], true)
						}
					case "output-har":
						assertRevealed(t, "the HAR file", revealed["HAR file"], p.secrets, true)
					default:
						assertRevealed(t, mode.name, revealed["stdout"], p.secrets, mode.name == "json")
					}
				})
			}
		})
	}
}

// TestSecretsMaskedWhenTheServerEchoesThem: a server that sends the
// request back puts the secrets in the response body, and they must be
// masked there too.
func TestSecretsMaskedWhenTheServerEchoesThem(t *testing.T) {
	t.Parallel()
	v := newSecretValues()
	for _, echo := range []string{"text", "json"} {
		srv := refusingEchoServer(t, echo)
		t.Run(echo, func(t *testing.T) {
			t.Parallel()
			for _, p := range secretProfiles(v) {
				t.Run(p.name, func(t *testing.T) {
					t.Parallel()
					for _, mode := range checkModes {
						if mode.name == "print-curl" {
							continue // sends nothing
						}
						t.Run(mode.name, func(t *testing.T) {
							t.Parallel()
							outs := checkOutput(t, mode, p.args(srv.URL), false)
							assertMasked(t, outs, p.secrets)
							// The server's echo shows the identifiers in
							// every report but the text one, which shows
							// no body.
							if mode.name != "text" {
								assertShown(t, mode.name, outs["stdout"]+outs["HAR file"], p.plain)
							}
						})
					}
				})
			}
		})
	}
}

// TestSecretsMaskedInExplain: a HAR holding the secrets in full (written
// with --reveal) is explained without showing them, unless --reveal.
func TestSecretsMaskedInExplain(t *testing.T) {
	t.Parallel()
	v := newSecretValues()
	for _, echo := range []string{"", "text"} {
		srv := refusingEchoServer(t, echo)
		group := "plain"
		if echo != "" {
			group = "echo-" + echo
		}
		t.Run(group, func(t *testing.T) {
			t.Parallel()
			for _, p := range secretProfiles(v) {
				t.Run(p.name, func(t *testing.T) {
					t.Parallel()
					har := filepath.Join(t.TempDir(), "revealed.har")
					args := append([]string{"check", "--reveal", "--no-experiments", "--output-har", har}, p.args(srv.URL)...)
					if r := runSecrets(t, nil, args...); r.code != ExitRefused {
						t.Fatalf("writing the HAR: exit %d\n%s%s", r.code, r.stdout, r.stderr)
					}
					b, err := os.ReadFile(har)
					if err != nil {
						t.Fatal(err)
					}
					assertRevealed(t, "the HAR file", string(b), p.secrets, true)
					for _, format := range []string{"text", "json"} {
						t.Run(format, func(t *testing.T) {
							flags := []string{"explain"}
							if format == "json" {
								flags = append(flags, "--json")
							}
							r := runSecrets(t, nil, append(flags, har)...)
							if r.code != ExitRefused {
								t.Errorf("explain: exit %d, want %d\n%s%s", r.code, ExitRefused, r.stdout, r.stderr)
							}
							assertMasked(t, map[string]string{"stdout": r.stdout, "stderr": r.stderr}, p.secrets)
							if format == "json" {
								assertShown(t, "explain --json", r.stdout, p.plain)
							}
							if echo == "" && format == "json" {
								rr := runSecrets(t, nil, append(append(flags, "--reveal"), har)...)
								assertRevealed(t, "explain --json", rr.stdout, p.secrets, true)
							}
						})
					}
				})
			}
		})
	}
}

// TestSecretsMaskedInSavedRequests: save without --keep-secrets stores
// none of them on disk; open without a terminal prints a masked curl
// command, also for a request saved with --keep-secrets, which --reveal
// shows in full.
func TestSecretsMaskedInSavedRequests(t *testing.T) {
	t.Parallel()
	v := newSecretValues()
	const base = "http://127.0.0.1:9" // nothing is sent
	for _, p := range secretProfiles(v) {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			vars := map[string]string{"XDG_CONFIG_HOME": filepath.Join(root, "config"), "XDG_STATE_HOME": filepath.Join(root, "state"), "HOME": filepath.Join(root, "home")}
			t.Run("stripped", func(t *testing.T) {
				outs := map[string]string{}
				save := runSecrets(t, vars, append([]string{"save", "plain"}, p.args(base)...)...)
				if save.code != ExitOK {
					t.Fatalf("save: exit %d\n%s%s", save.code, save.stdout, save.stderr)
				}
				outs["save stdout"], outs["save stderr"] = save.stdout, save.stderr
				open := runSecrets(t, vars, "open", "plain")
				if open.code != ExitOK || !strings.Contains(open.stdout, "curl") {
					t.Fatalf("open: exit %d, want a curl command\n%s%s", open.code, open.stdout, open.stderr)
				}
				outs["open stdout"], outs["open stderr"] = open.stdout, open.stderr
				revealed := runSecrets(t, vars, "open", "--reveal", "plain")
				outs["open --reveal stdout (nothing kept to reveal)"] = revealed.stdout
				list := runSecrets(t, vars, "open")
				outs["open (list) stdout"], outs["open (list) stderr"] = list.stdout, list.stderr
				files := filesUnder(t, root)
				if len(files) < 2 {
					t.Errorf("%d store files under %s, want saved.db and history.db: the test reads nothing on disk", len(files), root)
				}
				for path, content := range files {
					outs["file "+path] = content
					if filepath.Base(path) == "saved.db" {
						assertShown(t, "file "+path, content, p.plain)
					}
				}
				assertMasked(t, outs, p.secrets)
				assertShown(t, "open", open.stdout, p.plain)
			})
			t.Run("kept", func(t *testing.T) {
				// Kept on purpose: still masked when printed, shown with --reveal.
				kept := runSecrets(t, vars, append([]string{"save", "kept", "--keep-secrets"}, p.args(base)...)...)
				if kept.code != ExitOK {
					t.Fatalf("save --keep-secrets: exit %d\n%s%s", kept.code, kept.stdout, kept.stderr)
				}
				open := runSecrets(t, vars, "open", "kept")
				assertMasked(t, map[string]string{
					"save --keep-secrets stdout": kept.stdout, "save --keep-secrets stderr": kept.stderr,
					"open stdout": open.stdout, "open stderr": open.stderr,
				}, p.secrets)
				revealed := runSecrets(t, vars, "open", "--reveal", "kept")
				assertRevealed(t, "open of a request saved with --keep-secrets", revealed.stdout, p.secrets, false)
			})
		})
	}
}

// filesUnder reads every regular file under root (the store's databases
// and their journals), by path relative to root.
func filesUnder(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		files[rel] = string(b)
		return nil
	})
	if err != nil {
		t.Fatalf("reading the store's files: %v", err)
	}
	return files
}

// TestSecretsMaskedInConnectionErrors: a refused connection to a URL with
// a password in its user info quotes the URL masked, in every format.
func TestSecretsMaskedInConnectionErrors(t *testing.T) {
	t.Parallel()
	v := newSecretValues()
	addr := testnet.RefusedAddr(t, "127.0.0.1") // connection refused
	url := "http://" + v.urlUser + ":" + v.urlPW + "@" + addr + "/v1/orders?api_key=" + v.queryKey
	secrets := []aSecret{
		{what: "URL password", value: v.urlPW, forms: []string{basicForm(v.urlUser, v.urlPW)}},
		{what: "api_key query", value: v.queryKey},
		{what: "X-Api-Key", value: v.headerKey},
	}
	for _, mode := range []checkMode{checkModes[0], checkModes[1], checkModes[2]} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			outs := map[string]string{}
			var revealed string
			for _, reveal := range []bool{false, true} {
				args := append([]string{"check"}, mode.flags("")...)
				if reveal {
					args = append(args, "--reveal")
				}
				r := runSecrets(t, nil, append(args, "-m", "5", "-H", "X-Api-Key: "+v.headerKey, url)...)
				if r.code != ExitNoResponse {
					t.Errorf("check %s: exit %d, want %d\n%s%s", mode.name, r.code, ExitNoResponse, r.stdout, r.stderr)
				}
				if reveal {
					revealed = r.stdout
					continue
				}
				outs["stdout"], outs["stderr"] = r.stdout, r.stderr
			}
			assertMasked(t, outs, secrets)
			// Only the URL's query shows: the password goes to the wire as
			// Basic credentials, and no request headers are reported when
			// the connection failed.
			assertRevealed(t, "check "+mode.name+" of a refused connection", revealed, secrets[1:2], false)
		})
	}
}
