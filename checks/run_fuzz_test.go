package checks

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/why403/why403/probe"
)

// FuzzWWWAuthenticate: parseChallenges takes any header values (one per
// line of the input) without panicking; every challenge has a scheme that
// is a token, every parameter a lower-case token name, every token68 only
// token68 characters; and a challenge written back with String parses to
// itself. The seed corpus is testdata/fuzz/FuzzWWWAuthenticate (RFC 7235,
// RFC 6750, RFC 7616 and vendor challenges).
func FuzzWWWAuthenticate(f *testing.F) {
	f.Add(`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`)
	f.Fuzz(func(t *testing.T, in string) {
		values := strings.Split(in, "\n")
		for _, c := range parseChallenges(values) {
			if c.Scheme == "" || !allBytes(c.Scheme, isTchar) {
				t.Fatalf("parseChallenges(%q): scheme %q is not a token", values, c.Scheme)
			}
			if c.Token68 != "" && (len(c.Params) > 0 || !allBytes(strings.TrimRight(c.Token68, "="), isToken68Char)) {
				t.Fatalf("parseChallenges(%q): bad token68 %q (params %q)", values, c.Token68, c.Params)
			}
			for _, p := range c.Params {
				if p.Name == "" || p.Name != strings.ToLower(p.Name) || !allBytes(p.Name, isTchar) {
					t.Fatalf("parseChallenges(%q): parameter name %q is not a lower-case token", values, p.Name)
				}
			}
			back := parseChallenges([]string{c.String()})
			if len(back) != 1 || !sameChallenge(back[0], c) {
				t.Fatalf("parseChallenges(%q) gave %#v; its String %q parses to %#v", values, c, c.String(), back)
			}
		}
	})
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func sameChallenge(a, b challenge) bool {
	return a.Scheme == b.Scheme && a.Token68 == b.Token68 && slices.Equal(a.Params, b.Params)
}

// fuzzSecret is the credential the fuzzed requests carry; no finding may
// show it whole.
const fuzzSecret = "s3cr3t-fuzz-token-0123456789abcdef"

// FuzzRun: checks.Run judges any response (status, reason, header lines
// "Name: value", body) to one of a few requests without panicking; it
// gives one finding per cause of Causes(), ranks into Likely only failing
// causes (all of them), or, when none fails, warnings as a guess; and no
// finding shows the request's credential unmasked. The seed corpus is
// testdata/fuzz/FuzzRun plus every recorded response of testdata/real.
func FuzzRun(f *testing.F) {
	for _, s := range realResponseSeeds(f) {
		f.Add(s.status, s.reason, s.headers, s.body, uint8(1))
	}
	causes := Causes()
	f.Fuzz(func(t *testing.T, status int, reason, headers string, body []byte, reqKind uint8) {
		ev := fuzzEvidence(status, reason, headers, body, reqKind)
		rep := Run(ev)
		ids := make([]string, 0, len(rep.Findings))
		var fails, warns []string
		for _, fd := range rep.Findings {
			if !slices.Contains(causes, fd.ID) {
				t.Fatalf("finding %q is not a cause of Causes()", fd.ID)
			}
			if slices.Contains(ids, fd.ID) {
				t.Fatalf("two findings for %q", fd.ID)
			}
			ids = append(ids, fd.ID)
			switch fd.Status {
			case Fail:
				fails = append(fails, fd.ID)
			case Warn:
				warns = append(warns, fd.ID)
			case Pass, Skip:
			default:
				t.Fatalf("finding %q has status %q", fd.ID, fd.Status)
			}
			for _, s := range append([]string{fd.Title, fd.Fix}, fd.Evidence...) {
				if strings.Contains(s, fuzzSecret) {
					t.Fatalf("finding %q shows the credential unmasked: %q", fd.ID, s)
				}
			}
		}
		if len(ids) != len(causes) {
			t.Fatalf("%d findings, %d causes", len(ids), len(causes))
		}
		// the second opinion's picks come after the rules' candidates,
		// at most two, none of them the rules', and only in a guess
		rules := rep.rulesLikely()
		if len(rep.SecondOpinion) > 2 || len(rep.SecondOpinion) > 0 && !rep.Guess || len(rules)+len(rep.SecondOpinion) != len(rep.Likely) {
			t.Fatalf("Likely %q with second opinion %+v (guess %v)", rep.Likely, rep.SecondOpinion, rep.Guess)
		}
		for _, o := range rep.SecondOpinion {
			if slices.Contains(rules, o.Cause) {
				t.Fatalf("the second opinion repeats %q of %q", o.Cause, rules)
			}
		}
		likely := slices.Clone(rules)
		slices.Sort(likely)
		if len(fails) > 0 {
			slices.Sort(fails)
			if !slices.Equal(likely, fails) {
				t.Fatalf("Likely %q, failing %q", rep.Likely, fails)
			}
			return
		}
		for _, id := range rules {
			if !slices.Contains(warns, id) {
				t.Fatalf("Likely %q holds %q, which neither fails nor warns", rep.Likely, id)
			}
		}
		if len(rep.Likely) > 0 && !rep.Guess {
			t.Fatalf("Likely %q from warnings alone, but Guess is false", rep.Likely)
		}
	})
}

// fuzzEvidence is a response built from the fuzzed parts, answering the
// request reqKind picks (mod 4): a bare GET, a GET with a Bearer token, a
// JSON POST with Basic credentials and a cookie, or a recorded response
// whose request is unknown.
func fuzzEvidence(status int, reason, headers string, body []byte, reqKind uint8) Evidence {
	req := probe.NewRequest("https://api.example.com/v1/orders?page=2")
	kind := reqKind % 4
	switch kind {
	case 1:
		req.SetHeader("Authorization", "Bearer "+fuzzSecret)
	case 2:
		req.Method, req.Body = "POST", []byte(`{"qty":1}`)
		req.SetHeader("Content-Type", "application/json")
		req.SetHeader("Cookie", "sid="+fuzzSecret)
		req.Auth = probe.Credentials{HasBasic: true, BasicUser: "alice", BasicPass: fuzzSecret}
	}
	var hs []probe.Header
	for line := range strings.SplitSeq(headers, "\n") {
		if line == "" {
			continue
		}
		n, v, _ := strings.Cut(line, ":")
		hs = append(hs, probe.Header{Name: n, Value: strings.TrimSpace(v)})
	}
	t0 := time.Date(2025, 3, 14, 16, 5, 14, 0, time.UTC)
	return Evidence{
		Request: req,
		Exchange: probe.Exchange{
			Request: probe.WireRequest{Method: req.Method, URL: "/v1/orders?page=2", FullURL: req.URL, Proto: "HTTP/1.1",
				Headers: req.EffectiveHeaders(), Body: req.Body, BodySize: int64(len(req.Body))},
			Response: &probe.Response{Status: status, Reason: reason, Proto: "HTTP/1.1", Headers: hs,
				Body: body, BodySize: int64(len(body))},
			LocalAddr:  "127.0.0.1:5555",
			RemoteAddr: "127.0.0.1:8443",
		},
		Now:            t0,
		RequestUnknown: kind == 3,
	}
}

type responseSeed struct {
	status          int
	reason, headers string
	body            []byte
}

// realResponseSeeds reads the response of every recording in testdata/real
// (a txtar archive with a "response" file: status line, header lines, a
// blank line, the body), skipping any it cannot read.
func realResponseSeeds(f *testing.F) []responseSeed {
	names, _ := filepath.Glob(filepath.Join("testdata", "real", "*.txt"))
	var out []responseSeed
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Logf("seed %s: %v", name, err)
			continue
		}
		for _, file := range txtar.Parse(data).Files {
			if file.Name != "response" {
				continue
			}
			head, body, _ := bytes.Cut(bytes.ReplaceAll(file.Data, []byte("\r\n"), []byte("\n")), []byte("\n\n"))
			statusLine, headers, _ := strings.Cut(string(head), "\n")
			fields := strings.SplitN(statusLine, " ", 3)
			if len(fields) < 2 {
				continue
			}
			code, err := strconv.Atoi(fields[1])
			if err != nil {
				continue
			}
			s := responseSeed{status: code, headers: headers, body: body}
			if len(fields) == 3 {
				s.reason = fields[2]
			}
			out = append(out, s)
		}
	}
	return out
}
