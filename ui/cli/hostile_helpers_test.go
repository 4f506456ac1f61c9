package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/why403/why403/ui/internal/hostile"
)

// hostileRun is one run of Main against the hostile server.
type hostileRun struct {
	code   int
	stdout string
	stderr string
	took   time.Duration
}

// runHostile calls Main in-process with env as the environment, bounded by
// limit.
func runHostile(t *testing.T, limit time.Duration, env map[string]string, args ...string) hostileRun {
	t.Helper()
	var out, errb bytes.Buffer
	e := Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }, IsTerminal: func(any) bool { return false }}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	t0 := time.Now()
	code := Main(ctx, args, e)
	return hostileRun{code: code, stdout: out.String(), stderr: errb.String(), took: time.Since(t0)}
}

func startHostile(t *testing.T, opts hostile.Options) *hostile.Server {
	t.Helper()
	s, err := hostile.Start(opts)
	if err != nil {
		t.Fatalf("starting hostile server: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// actionable reports the first thing in s a terminal would act on: ESC, any
// other C0 control but \n and \t, DEL, a C1 control (as UTF-8 or as a raw
// byte), a bidi control, or any byte that is not valid UTF-8.
func actionable(s string) (string, bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		ctx := s[max(0, i-20):min(len(s), i+20)]
		switch {
		case r == utf8.RuneError && size == 1:
			return "invalid UTF-8 byte " + strings.ToUpper(string("0123456789abcdef"[s[i]>>4])+string("0123456789abcdef"[s[i]&15])) + " near " + quote(ctx), true
		case r == 0x1b:
			return "ESC near " + quote(ctx), true
		case r < 0x20 && r != '\n' && r != '\t':
			return "C0 control near " + quote(ctx), true
		case r == 0x7f:
			return "DEL near " + quote(ctx), true
		case r >= 0x80 && r <= 0x9f:
			return "C1 control near " + quote(ctx), true
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return "bidi control near " + quote(ctx), true
		}
		i += size
	}
	return "", false
}

func quote(s string) string {
	return strings.ToValidUTF8(strings.NewReplacer("\x1b", `\x1b`).Replace(s), "?")
}

// assertInert fails when out holds anything a terminal would act on.
func assertInert(t *testing.T, what, out string) {
	t.Helper()
	if why, bad := actionable(out); bad {
		t.Errorf("%s: %s reaches the terminal raw", what, why)
	}
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
