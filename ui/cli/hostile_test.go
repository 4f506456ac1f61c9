package cli

// End-to-end tests of `why403 check` against internal/hostile, a server that
// misbehaves on purpose: terminal escapes in every part of the answer, stalls,
// broken framing. Size and redirects are in hostile_size_test.go and
// hostile_redirect_test.go.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/ui/internal/hostile"
	"github.com/why403/why403/ui/report"
)

// outputMode is a report form every hostile answer is checked in.
type outputMode struct {
	name string
	args []string
}

func outputModes() []outputMode {
	return []outputMode{
		{"text", nil},
		{"json", []string{"--json"}},
		{"markdown", []string{"--format", "markdown"}},
	}
}

// visible is how each hostile piece must show in the text report. Invalid
// UTF-8 may show as the escaped bytes or as U+FFFD (body text is decoded to
// valid UTF-8 before checks quote it): either is inert and visible.
// A lone CR may show as \r or, in an excerpt that collapses white space,
// as a space: what follows it cannot overwrite what came before.
func visible(marker string) []string {
	switch marker {
	case "C1RAW":
		return []string{`\x9b2J`, "\ufffd2J"}
	case "INVALID":
		return []string{`\xff\xfe\xc3`, "\ufffd\ufffd"}
	case "CR":
		// evidence excerpts collapse white space, CR included: both halves stay
		return []string{`rm -rf /\rls -la`, "rm -rf / ls -la"}
	}
	return []string{visible1(marker)}
}

func visible1(marker string) string {
	switch marker {
	case "C1UTF8":
		return `\u009b2J`
	case "C1RAW":
		return `\x9b2J`
	case "BIDI":
		return `\u202egnp.exe\u202c`
	case "BS":
		return `evil\x08\x08\x08\x08good`
	case "NUL":
		return `\x00`
	case "DEL":
		return `\x7f`
	case "BEL":
		return `\x07`
	case "INVALID":
		return `\xff\xfe\xc3`
	case "OSC52":
		return `\x1b]52;c;cm0gLXJmIC8=\x07`
	}
	return `\x1b`
}

// Each hostile piece, quoted by a check as body evidence, reaches the text
// report visibly escaped and the JSON report as the exact text, and nothing a
// terminal acts on reaches stdout or stderr in any mode.
func TestHostileBodyPiecesShowEscaped(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	for i, p := range hostile.Pieces() {
		t.Run(p.Marker, func(t *testing.T) {
			url := s.URL(fmt.Sprintf("%s?i=%d", hostile.PathEscWords, i))
			for _, m := range outputModes() {
				r := runHostile(t, 20*time.Second, nil, append(append([]string{"check", "--no-experiments"}, m.args...), url)...)
				if r.code != ExitRefused {
					t.Errorf("%s: exit %d, want %d; stderr %q", m.name, r.code, ExitRefused, r.stderr)
				}
				assertInert(t, m.name+" stdout", r.stdout)
				assertInert(t, m.name+" stderr", r.stderr)
				switch m.name {
				case "text", "markdown":
					if !strings.Contains(r.stdout, p.Marker+"[") || !containsAny(r.stdout, visible(p.Marker)) {
						t.Errorf("%s: want %q shown as %q in the evidence:\n%s", m.name, p.Marker, visible(p.Marker), r.stdout)
					}
				case "json":
					d := decodeReport(t, r.stdout)
					want := hostile.WordsPrefix + p.Text
					if p.Marker == "C1RAW" || p.Marker == "INVALID" {
						want = hostile.WordsPrefix + p.Marker + "[" // JSON strings cannot hold invalid UTF-8
					}
					if d.Response == nil || !strings.Contains(d.Response.BodyExcerpt, want) {
						t.Errorf("json body_excerpt lacks %q: %+v", want, d.Response)
					}
				}
			}
		})
	}
}

// Terminal escapes in the whole body, in JSON strings (\u001b decodes to a
// real ESC), in header values and names, in the reason phrase, in a
// Location, in a binary body and in the JWT claims of a token the server
// echoes: nothing a terminal acts on is printed, in any mode, with or
// without --reveal, and with experiments sent.
func TestHostileEscapesEverywhere(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	jwt := hostileJWT()
	env := map[string]string{"TOKEN": jwt}
	cases := []struct {
		name string
		args []string
		want []string // visible in the text report
	}{
		{"body", []string{s.URL(hostile.PathEscBody)}, nil},
		{"body with experiments", []string{"--experiments=safe", s.URL(hostile.PathEscBody)}, nil},
		{"json strings", []string{s.URL(hostile.PathEscJSON)}, nil},
		{"C0 in headers (refused by the parser)", []string{s.URL(hostile.PathEscHeader)}, []string{"not valid HTTP", `OSC0[\x1b]0;pwned-title`}},
		{"obs-text in headers and reason", []string{s.URL(hostile.PathEscObs)}, []string{`C1UTF8[\u009b2J]`, `C1RAW[\x9b2J]`, `BIDI[\u202egnp.exe\u202c`, `\xff\xfe\xc3`}},
		{"reason phrase", []string{s.URL(hostile.PathEscReason)}, []string{`403 Forbidden OSC0[\x1b]0;pwned-title\x07]`, `OSC52[\x1b]52;`}},
		{"binary body", []string{s.URL(hostile.PathEscBinary)}, nil},
		{"location", []string{"-L", s.URL(hostile.PathEscLocation)}, nil},
		{"jwt claims echoed", []string{"--token-env", "TOKEN", s.URL(hostile.PathEscJWT)}, jwtClaimsShown()},
		{"jwt claims echoed, revealed", []string{"--reveal", "--token-env", "TOKEN", s.URL(hostile.PathEscJWT)}, jwtClaimsShown()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, m := range outputModes() {
				args := append([]string{"check"}, m.args...)
				if !strings.HasPrefix(c.args[0], "--experiments") {
					args = append(args, "--no-experiments")
				}
				r := runHostile(t, 20*time.Second, env, append(args, c.args...)...)
				if r.code != ExitRefused && r.code != ExitNoResponse {
					t.Errorf("%s: exit %d; stderr %q", m.name, r.code, r.stderr)
				}
				assertInert(t, m.name+" stdout", r.stdout)
				assertInert(t, m.name+" stderr", r.stderr)
				if strings.Contains(r.stdout, "pwned-title\x07") || strings.Contains(r.stdout, "\x1b]") {
					t.Errorf("%s: a raw OSC reached stdout", m.name)
				}
				if m.name == "json" {
					decodeReport(t, r.stdout)
				}
				if !slices.Contains(c.args, "--reveal") && strings.Contains(r.stdout+r.stderr, jwt[strings.LastIndex(jwt, "."):]) {
					t.Errorf("%s: the token the server echoed is printed unmasked", m.name)
				}
				if m.name != "text" {
					continue
				}
				for _, w := range c.want {
					if !strings.Contains(r.stdout, w) {
						t.Errorf("text report lacks %q:\n%s", w, r.stdout)
					}
				}
			}
		})
	}
}

// jwtClaimsShown is how hostileJWT's claims must read in the text report.
func jwtClaimsShown() []string {
	return []string{`iss CLAIM\x1b]52;c;cm0gLXJmIC8=\x07iss`, `sub CLAIM\x1b[2J\x1b[H\u009b2Jsub`, `aud CLAIM\u202egnp.exe\u202c\raud`}
}

// hostileJWT is an unsigned-looking JWT whose claims hold terminal escapes
// (each claim also says CLAIM, so a test can find it).
func hostileJWT() string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return strings.TrimRight(b64url(b), "=")
	}
	head := enc(map[string]string{"alg": "HS256", "typ": "JWT"})
	claims := enc(map[string]any{
		"iss": "CLAIM\x1b]52;c;cm0gLXJmIC8=\x07iss",
		"sub": "CLAIM\x1b[2J\x1b[H\u009b2Jsub",
		"aud": "CLAIM\u202egnp.exe\u202c\raud",
		"exp": time.Now().Add(-time.Hour).Unix(),
		"iat": time.Now().Add(-2 * time.Hour).Unix(),
	})
	return head + "." + claims + ".c2lnbmF0dXJlLW5vdC1jaGVja2Vk"
}

func decodeReport(t *testing.T, out string) report.Document {
	t.Helper()
	var d report.Document
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	return d
}

// A server that never answers, trickles its head or body a byte at a time,
// or stalls the TLS handshake: -m 2 ends the run in about 2 s with exit 3,
// and the report says which phase stalled.
func TestHostileStallsEndAtMaxTime(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	cases := []struct {
		name, url string
		phase     []string // one of these words names the stalled phase
	}{
		{"never answers", s.URL(hostile.PathSilent), []string{"header", "waiting for the response", "first byte"}},
		{"trickles headers", s.URL(hostile.PathTrickleHeaders), []string{"header"}},
		{"trickles body", s.URL(hostile.PathTrickleBody + "?status=200"), []string{"body"}},
		{"stalls TLS handshake", s.HTTPS("/"), []string{"TLS", "handshake"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runHostile(t, 20*time.Second, nil, "check", "--json", "--no-experiments", "-m", "2", c.url)
			if r.code != ExitNoResponse {
				t.Errorf("exit %d, want %d", r.code, ExitNoResponse)
			}
			if r.took < 1800*time.Millisecond || r.took > 3*time.Second {
				t.Errorf("took %v, want about 2 s (-m 2) and never past 3 s", r.took)
			}
			assertInert(t, "stdout", r.stdout)
			d := decodeReport(t, r.stdout)
			if d.Error == nil {
				t.Fatalf("no error in the report:\n%s", r.stdout)
			}
			if !strings.Contains(d.Error.Message, "-m") {
				t.Errorf("message %q does not name the limit (-m)", d.Error.Message)
			}
			said := d.Error.Phase + " " + d.Error.Message + " " + d.Error.Detail
			if d.Response != nil {
				said += " body incomplete"
			}
			for _, w := range c.phase {
				if strings.Contains(strings.ToLower(said), strings.ToLower(w)) {
					return
				}
			}
			t.Errorf("the timeout does not name the phase that stalled (want one of %q); error = %+v", c.phase, *d.Error)
		})
	}
}

// Broken HTTP: a body cut by a reset or a close, bad chunking, conflicting
// Content-Length, HTTP/1.0 without a length, a garbage status line, status
// 999, an empty reply and a banner that is not HTTP. No crash, the
// documented exit status, and a message that names the problem.
func TestHostileBrokenHTTP(t *testing.T) {
	s := startHostile(t, hostile.Options{})
	cases := []struct {
		path string
		code int
		want string // in the text report
	}{
		{hostile.PathResetMidBody, ExitRefused, "connection was reset"},
		{hostile.PathResetMidBody + "?status=200", ExitNoResponse, "connection was reset"},
		{hostile.PathCloseMidBody, ExitRefused, "closed before the whole body"},
		{hostile.PathCloseMidBody + "?status=200", ExitNoResponse, "closed before the whole body"},
		{hostile.PathBadChunk, ExitRefused, "chunk"},
		{hostile.PathBadChunk + "?status=200", ExitNoResponse, "chunk"},
		{hostile.PathConflictingCL, ExitNoResponse, "multiple Content-Length"},
		{hostile.PathHTTP10NoLength, ExitRefused, "HTTP/1.0 403 Forbidden"},
		{hostile.PathGarbageStatus, ExitNoResponse, "it began"},
		{hostile.PathStatus999, ExitRefused, "999 Weird"},
		{hostile.PathEmptyReply, ExitNoResponse, "closed the connection without answering"},
		{hostile.PathNotHTTP, ExitNoResponse, "the port speaks SSH"},
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.path, "/broken/"), func(t *testing.T) {
			for _, m := range outputModes() {
				r := runHostile(t, 20*time.Second, nil, append(append([]string{"check", "--no-experiments", "-m", "5"}, m.args...), s.URL(c.path))...)
				if r.code != c.code {
					t.Errorf("%s: exit %d, want %d\n%s%s", m.name, r.code, c.code, r.stdout, r.stderr)
				}
				if r.took > 3*time.Second {
					t.Errorf("%s: took %v", m.name, r.took)
				}
				assertInert(t, m.name, r.stdout+r.stderr)
				switch m.name {
				case "text":
					if !strings.Contains(r.stdout, c.want) {
						t.Errorf("text report lacks %q:\n%s", c.want, r.stdout)
					}
				case "json":
					d := decodeReport(t, r.stdout)
					if c.code == ExitNoResponse && d.Error == nil {
						t.Errorf("exit 3 without an error in the JSON report")
					}
				}
			}
		})
	}
}
