package app

// This file drives the TUI model against ui/internal/hostile, a loopback
// server that misbehaves on purpose (terminal escapes in every part of the
// answer, huge or endless answers, stalls, broken framing). Each request is
// sent for real, as ctrl+s does, and then every tab, the checks pane and
// each check's details are rendered at 120x40 and 80x24; the raw strings
// (what Bubble Tea hands to the terminal) may hold SGR colour sequences
// and nothing else a terminal acts on. The CLI has the same suite in
// ui/cli/hostile_test.go and hostile_size_test.go.

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/internal/hostile"
)

// hostileServer starts the hostile server for one test.
func hostileServer(t *testing.T) *hostile.Server {
	t.Helper()
	s, err := hostile.Start(hostile.Options{})
	if err != nil {
		t.Fatalf("starting the hostile server: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// hostileSend loads req as `why403 ui` would and sends it for real over
// loopback (ctrl+s), on the real clock (the JWT's exp is real time).
func hostileSend(t *testing.T, req probe.Request) model {
	t.Helper()
	m := testModel(t, &req, 120, 40)
	m.now = time.Now
	return sendReal(t, m)
}

// withExperiments presses ctrl+e and runs the variants to the end, so
// that the Experiments tab holds their results (each a hostile answer).
func withExperiments(t *testing.T, m model) model {
	t.Helper()
	if !offered(m, m.keys.Experiments) {
		t.Fatalf("ctrl+e is not offered after %+v", *m.last)
	}
	next, cmd := m.Update(keyMsg("ctrl+e"))
	m = next.(model)
	m, seen := drive(t, m, cmd)
	if len(seen) == 0 || m.exp.phase != expDone {
		t.Fatalf("ctrl+e: %d messages, phase %v, notice %q", len(seen), m.exp.phase, m.notice)
	}
	return m
}

// hostileView is one thing the app draws: a whole screen (w×h) or the
// whole text of a tab, rows below the screen included (w and h zero).
type hostileView struct {
	name string
	raw  string
	w, h int
}

// hostileSizes are the window sizes every view is drawn at.
var hostileSizes = [][2]int{{120, 40}, {80, 24}}

// hostileViews draws every tab, the checks pane and the details of each
// check at each size, and the window title.
func hostileViews(t *testing.T, m model) []hostileView {
	t.Helper()
	var out []hostileView
	for _, sz := range hostileSizes {
		w, h := sz[0], sz[1]
		// a resize shows the current tab again: make it a small one, so
		// that a big body is laid out once per size, below
		m.resp.SetTab(tabTiming)
		m = step(t, m, sizeMsg(w, h))
		at := fmt.Sprintf(" at %dx%d", w, h)
		for tab := range numTabs {
			m.resp.SetTab(tab)
			out = append(out,
				hostileView{name: tabNames[tab] + " tab" + at, raw: m.render(), w: w, h: h},
				hostileView{name: "all of the " + tabNames[tab] + " tab" + at, raw: strings.Join(m.resp.wrapped[tab], "\n")})
		}
		out = append(out, checkDetails(t, m, at)...)
		out = append(out, hostileView{name: "window title" + at, raw: m.View().WindowTitle})
	}
	return out
}

// checkDetails focuses the checks pane and opens each check's details in
// turn (enter, esc, down), as a user reading them all would.
func checkDetails(t *testing.T, m model, at string) []hostileView {
	t.Helper()
	for i := 0; m.focus != paneChecks && i < 10; i++ {
		m = press(t, m, "tab")
	}
	if m.focus != paneChecks {
		t.Fatal("tab never reaches the checks pane")
	}
	out := []hostileView{{name: "checks pane focused" + at, raw: m.render(), w: m.width, h: m.height}}
	for i := 0; i < len(m.chk.findings); i++ {
		if m.chk.findings[m.chk.cursor].ID == passedFold {
			m = press(t, m, "enter") // open the passing checks, read them too
		}
		m = press(t, m, "enter")
		if !m.chk.detail {
			t.Fatalf("enter did not open the details of check %d", i)
		}
		id := m.chk.findings[m.chk.cursor].ID
		out = append(out, hostileView{name: "details of " + id + at, raw: m.render(), w: m.width, h: m.height},
			hostileView{name: "all of the details of " + id + at, raw: m.chk.vp.GetContent()})
		m = press(t, m, "esc", "down")
	}
	return out
}

// terminalActions lists (up to five of) the things in s a terminal would
// act on: any escape sequence but SGR (ESC [ params m), a C0 control but
// \n, DEL, a C1 control (as a rune or as a raw byte), a bidi override or
// isolate, or any byte that is not valid UTF-8.
func terminalActions(s string) []string {
	var bad []string
	for i := 0; i < len(s) && len(bad) < 5; {
		if s[i] == 0x1b {
			if n := sgrLen(s[i:]); n > 0 {
				i += n
				continue
			}
			bad = append(bad, fmt.Sprintf("%s at byte %d: %q", escKind(s[i:]), i, near(s, i)))
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		what := ""
		switch {
		case r == utf8.RuneError && size == 1 && s[i] >= 0x80 && s[i] <= 0x9f:
			what = fmt.Sprintf("raw C1 byte %#x", s[i])
		case r == utf8.RuneError && size == 1:
			what = fmt.Sprintf("invalid UTF-8 byte %#x", s[i])
		case r < 0x20 && r != '\n':
			what = fmt.Sprintf("C0 control %#x", r)
		case r == 0x7f:
			what = "DEL"
		case r >= 0x80 && r <= 0x9f:
			what = fmt.Sprintf("C1 control U+%04X", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			what = fmt.Sprintf("bidi control U+%04X", r)
		}
		if what != "" {
			bad = append(bad, fmt.Sprintf("%s at byte %d: %q", what, i, near(s, i)))
		}
		i += size
	}
	return bad
}

// sgrLen is the length of the SGR sequence s starts with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[1] != '[' {
		return 0
	}
	for j := 2; j < len(s); j++ {
		switch c := s[j]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return j + 1
		default:
			return 0
		}
	}
	return 0
}

// escKind names the sequence an ESC starts.
func escKind(s string) string {
	if len(s) < 2 {
		return "lone ESC"
	}
	switch s[1] {
	case ']':
		return "OSC"
	case 'P':
		return "DCS"
	case '_':
		return "APC"
	case '^':
		return "PM"
	case 'X':
		return "SOS"
	case '[':
		return "CSI (not SGR)"
	}
	return "ESC " + string(s[1])
}

func near(s string, i int) string { return s[max(0, i-30):min(len(s), i+30)] }

// assertViewsInert fails for each view holding something a terminal acts
// on, and for each screen that is not exactly w×h cells (a control or an
// invalid byte that slipped through shifts the borders).
func assertViewsInert(t *testing.T, views []hostileView) {
	t.Helper()
	for _, v := range views {
		for _, bad := range terminalActions(v.raw) {
			t.Errorf("%s: %s", v.name, bad)
		}
		if !utf8.ValidString(v.raw) {
			t.Errorf("%s is not valid UTF-8", v.name)
		}
		if v.w == 0 {
			continue
		}
		rows := strings.Split(v.raw, "\n")
		if len(rows) != v.h {
			t.Errorf("%s: %d rows, want %d", v.name, len(rows), v.h)
		}
		for i, r := range rows {
			if w := ansi.StringWidth(r); w > v.w {
				t.Errorf("%s: row %d is %d cells wide, window %d: %q", v.name, i, w, v.w, ansi.Strip(r))
				break
			}
		}
	}
}

// tabText is the whole text of a tab, ANSI stripped, its wrapped rows
// joined again so that a marker cut by the wrap is found.
func tabText(m model, tab int) string {
	return ansi.Strip(strings.Join(m.resp.wrapped[tab], ""))
}

// assertShown fails for each want missing from the tab's whole text.
func assertShown(t *testing.T, m model, tab int, want []string) {
	t.Helper()
	text := tabText(m, tab)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the %s tab does not show %q:\n%s", tabNames[tab], w, strings.Join(m.resp.wrapped[tab][:min(40, len(m.resp.wrapped[tab]))], "\n"))
		}
	}
}

// hostileJWT is a JWT whose claims hold terminal escapes; each claim says
// CLAIM so that the Token tab's line can be found.
func hostileJWT() string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]string{"alg": "HS256", "typ": "JWT"}) + "." + enc(map[string]any{
		"iss": "CLAIM\x1b]52;c;cm0gLXJmIC8=\x07iss",
		"sub": "CLAIM\x1b[2J\x1b[H\u009b2Jsub",
		"aud": "CLAIM\u202egnp.exe\u202c\raud",
		"exp": time.Now().Add(-time.Hour).Unix(),
	}) + ".c2lnbmF0dXJlLW5vdC1jaGVja2Vk"
}

// pieceShown is how each hostile piece reads once escaped: every byte
// visible, nothing dropped. NUL makes the body binary: its hex dump shows
// the bytes "UL[", NUL, "]".
func pieceShown(marker string) string {
	switch marker {
	case "OSC0":
		return `OSC0[\x1b]0;pwned-title\x07]`
	case "OSC2":
		return `OSC2[\x1b]2;pwned-title\x1b\]`
	case "OSC52":
		return `OSC52[\x1b]52;c;cm0gLXJmIC8=\x07]`
	case "OSC8":
		return `OSC8[\x1b]8;;https://evil.example/\x1b\click\x1b]8;;\x1b\]`
	case "CSI":
		return `CSI[\x1b[2J\x1b[H\x1b[8mhidden\x1b[0m]`
	case "DCS":
		return `DCS[\x1bP$qm\x1b\]`
	case "APC":
		return `APC[\x1b_Gf=100;AAAA\x1b\]`
	case "C1UTF8":
		return `C1UTF8[\u009b2J]`
	case "C1RAW":
		return `C1RAW[\x9b2J]`
	case "BIDI":
		return `BIDI[\u202egnp.exe\u202c\u2066x\u2069]`
	case "CR":
		return `CR[rm -rf /\rls -la]`
	case "BS":
		return `BS[evil\x08\x08\x08\x08good]`
	case "NUL":
		return "55 4c 5b 00 5d"
	case "DEL":
		return `DEL[\x7f]`
	case "BEL":
		return `BEL[\x07]`
	case "INVALID":
		return `INVALID[\xff\xfe\xc3]`
	}
	return marker
}

// hostileEscCase is one answer full of escapes and what must read on a tab.
type hostileEscCase struct {
	name        string
	req         func(s *hostile.Server) probe.Request
	reveal      bool // ctrl+r before drawing
	experiments bool // ctrl+e before drawing
	want        map[int][]string
}

// getPath is a plain GET of path, as `why403 ui URL` loads it.
func getPath(path string) func(s *hostile.Server) probe.Request {
	return func(s *hostile.Server) probe.Request { return probe.NewRequest(s.URL(path)) }
}

func hostileEscCases() []hostileEscCase {
	withJWT := func(s *hostile.Server) probe.Request {
		r := probe.NewRequest(s.URL(hostile.PathEscJWT))
		r.Headers = append(r.Headers, probe.Header{Name: "Authorization", Value: "Bearer " + hostileJWT()})
		return r
	}
	following := func(s *hostile.Server) probe.Request {
		r := probe.NewRequest(s.URL(hostile.PathEscLocation))
		r.FollowRedirects = true
		return r
	}
	claims := []string{`CLAIM\x1b]52;c;cm0gLXJmIC8=\x07iss`, `CLAIM\x1b[2J\x1b[H\u009b2Jsub`, `CLAIM\u202egnp.exe\u202c\raud`}
	location := []string{"not valid HTTP", `Location: /landing?x=OSC0[\x1b]0;pwned-title`}
	cases := []hostileEscCase{
		{name: "esc/body", req: getPath(hostile.PathEscBody), experiments: true,
			want: map[int][]string{tabResponse: {"binary body: 305 bytes", "|OSC0[.]0", "5b 1b 5d 30"}}},
		{name: "esc/json", req: getPath(hostile.PathEscJSON), experiments: true,
			want: map[int][]string{tabResponse: {`"\u001b]0;pwned-title\u0007 JSONTITLE \r JSONCR \b\u0000\u007f"`,
				"JSONOSC52", "JSONCSI", `\u009b2J JSONC1`, `\u202egnp.exe\u202c JSONBIDI`}}},
		{name: "esc/header", req: getPath(hostile.PathEscHeader),
			want: map[int][]string{tabResponse: {"not valid HTTP", `OSC0[\x1b]0;pwned-title`, `BIDI[\u202egnp.exe\u202c`}}},
		{name: "esc/reason", req: getPath(hostile.PathEscReason), experiments: true,
			want: map[int][]string{tabResponse: {`403 Forbidden OSC0[\x1b]0;pwned-title\x07]`, `OSC52[\x1b]52;`, `INVALID[\xff\xfe\xc3]`}}},
		{name: "esc/obs", req: getPath(hostile.PathEscObs),
			want: map[int][]string{tabResponse: {`C1UTF8[\u009b2J]`, `C1RAW[\x9b2J]`, `BIDI[\u202egnp.exe\u202c`, `\xff\xfe\xc3`}}},
		{name: "esc/jwt", req: withJWT, experiments: true,
			want: map[int][]string{tabResponse: {"401 Unauthorized", "your credential was: ••••"}, tabToken: claims}},
		{name: "esc/jwt+reveal", req: withJWT, reveal: true,
			want: map[int][]string{tabResponse: {"your credential was: Bearer " + hostileJWT()[:20]}, tabToken: claims}},
		{name: "esc/binary", req: getPath(hostile.PathEscBinary), experiments: true,
			want: map[int][]string{tabResponse: {"binary body: 1024 bytes", "18 19 1a 1b 1c 1d 1e 1f", "98 99 9a 9b 9c"}}},
		{name: "esc/location", req: getPath(hostile.PathEscLocation), want: map[int][]string{tabResponse: location}},
		{name: "esc/location+follow", req: following, want: map[int][]string{tabResponse: location}},
	}
	for i, p := range hostile.Pieces() {
		want := []string{hostile.WordsPrefix + pieceShown(p.Marker) + " end"}
		if p.Marker == "NUL" {
			want = []string{"binary body: 58 bytes", pieceShown(p.Marker)}
		}
		cases = append(cases, hostileEscCase{
			name: fmt.Sprintf("esc/words?i=%d(%s)", i, p.Marker),
			req:  getPath(fmt.Sprintf("%s?i=%d", hostile.PathEscWords, i)),
			want: map[int][]string{tabResponse: want},
		})
	}
	return cases
}

// Terminal escapes in the body, in JSON strings, in header names and
// values, in the reason phrase, in a Location, in a binary body and in
// the claims of a token the server echoes: no tab, no check and no
// details of a check hands the terminal anything but SGR, at either
// size, revealed or not, experiments sent or not; and the hostile text
// reads escaped on its tab instead of being dropped.
func TestHostileEscapesReachNoTab(t *testing.T) {
	s := hostileServer(t)
	for _, c := range hostileEscCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // the experiments' repeat variant pauses 1.5 s
			m := hostileSend(t, c.req(s))
			if m.last.status == 0 && m.last.err == "" {
				t.Fatalf("neither a response nor an error: %+v", *m.last)
			}
			if c.experiments {
				m = withExperiments(t, m)
			}
			if c.reveal {
				m = sevReveal(t, m)
			}
			for tab, want := range c.want {
				assertShown(t, m, tab, want)
			}
			assertViewsInert(t, hostileViews(t, m))
		})
	}
}

// hostileSizeCase is an answer too big, too slow or broken, and what the
// app must say about it.
type hostileSizeCase struct {
	path string // also the subtest's name
	// compressed asks for gzip (curl --compressed), so the bomb is decoded.
	compressed bool
	// timeout is the request's -m; zero leaves probe's defaults.
	timeout time.Duration
	// want is in the Response tab (the error names the phase for a stall).
	want []string
	// capped: the body is cut at the probe's cap and says so.
	capped bool
}

func hostileSizeCases() []hostileSizeCase {
	const stall = 1500 * time.Millisecond
	truncated := func(of int) string { return fmt.Sprintf("truncated at %d of %d bytes", probe.DefaultMaxBody, of) }
	return []hostileSizeCase{
		{path: hostile.PathBigJSON, want: []string{truncated(20_000_000)}, capped: true},
		{path: hostile.PathDeepJSON, want: []string{"HTTP/1.1 403 Forbidden", "[[[[[[[["}},
		{path: hostile.PathManyHeaders, want: []string{"exceeds 1048576 bytes"}},
		{path: hostile.PathBigHeader, want: []string{"exceeds 1048576 bytes"}},
		{path: hostile.PathCookies, want: []string{"HTTP/1.1 403 Forbidden", "Set-Cookie: "}},
		{path: hostile.PathFlood1xx, want: []string{"informational (1xx) responses"}},
		// 32 MiB of zeros in 32 KiB: a 1000:1 bomb, four times the body cap
		{path: hostile.PathGzipBomb + "?mib=32", compressed: true, want: []string{"decompression bomb"}, capped: true},
		{path: fmt.Sprintf("%s?bytes=%d", hostile.PathStream, 64<<20), want: []string{truncated(64 << 20)}, capped: true},
		{path: hostile.PathSilent, timeout: stall, want: []string{"failed at timeout", "while waiting for the response headers"}},
		{path: hostile.PathTrickleHeaders, timeout: stall, want: []string{"failed at timeout", "while waiting for the response headers"}},
		{path: hostile.PathTrickleBody, timeout: stall, want: []string{"failed at timeout", "while the response body was arriving"}},
		{path: hostile.PathResetMidBody, want: []string{"connection was reset"}},
		{path: hostile.PathResetMidBody + "?status=200", want: []string{"connection was reset"}},
		{path: hostile.PathCloseMidBody, want: []string{"closed before the whole body"}},
		{path: hostile.PathBadChunk, want: []string{"chunk"}},
		{path: hostile.PathConflictingCL, want: []string{"multiple Content-Length"}},
		{path: hostile.PathHTTP10NoLength, want: []string{"HTTP/1.0 403 Forbidden", "your IP is not allowed"}},
		{path: hostile.PathGarbageStatus, want: []string{"not valid HTTP", `it began "HTXP/9.x banana split"`}},
		{path: hostile.PathStatus999, want: []string{"999 Weird"}},
		{path: hostile.PathEmptyReply, want: []string{"closed the connection without answering"}},
		{path: hostile.PathNotHTTP, want: []string{"not valid HTTP", `it began "SSH-2.0-OpenSSH_9.6p1 Debian-4"`, "the port speaks SSH"}},
	}
}

// Answers too big, too slow or broken: the send ends (a stall at the
// request's timeout, with the phase named), the app shows the response or
// the error, a body is held only up to the probe's cap, every view stays
// inert, and drawing the Response tab again gives the same frame without
// formatting the body again.
func TestHostileSizesStallsAndBrokenAnswers(t *testing.T) {
	s := hostileServer(t)
	for _, c := range hostileSizeCases() {
		t.Run(strings.TrimPrefix(c.path, "/"), func(t *testing.T) {
			if c.timeout > 0 {
				// a stall waits out its timeout; the big bodies stay
				// sequential, for assertFrameKept's allocation count
				t.Parallel()
			}
			req := probe.NewRequest(s.URL(c.path))
			req.Compressed = c.compressed
			req.Timeouts.Total = c.timeout
			m := hostileSend(t, req)
			if m.last.status == 0 && m.last.err == "" {
				t.Fatalf("neither a response nor an error: %+v", *m.last)
			}
			head := ansi.Strip(m.header)
			if !strings.Contains(head, "no response") && (m.last.status == 0 || !strings.Contains(head, fmt.Sprint(m.last.status))) {
				t.Errorf("the header line shows neither the status nor the failure: %q", head)
			}
			assertShown(t, m, tabResponse, c.want)
			if c.capped {
				assertBodyCapped(t, m, req.MaxBody())
			}
			if c.compressed {
				assertBomb(t, m)
			}
			assertFrameKept(t, m, c.capped)
			assertViewsInert(t, hostileViews(t, m))
		})
	}
}

// assertBodyCapped: the model holds at most the probe's body cap of a
// body that was bigger, and says so.
func assertBodyCapped(t *testing.T, m model, limit int64) {
	t.Helper()
	r := m.lastEx.Response
	if r == nil {
		t.Fatal("no response kept")
	}
	if int64(len(r.Body)) > limit {
		t.Errorf("the model holds %d bytes of body, cap %d", len(r.Body), limit)
	}
	if !r.Truncated || r.BodySize <= int64(len(r.Body)) {
		t.Errorf("want a truncated body: kept %d of %d, truncated %v", len(r.Body), r.BodySize, r.Truncated)
	}
}

// assertBomb: the answer was a bomb (over 100:1) and the app decoded it.
func assertBomb(t *testing.T, m model) {
	t.Helper()
	r := m.lastEx.Response
	if r == nil || r.WireSize == 0 {
		t.Fatalf("no compressed response: %+v", r)
	}
	if r.BodySize/r.WireSize <= 100 {
		t.Errorf("ratio %d:%d is no bomb", r.BodySize, r.WireSize)
	}
}

// assertFrameKept draws the Response tab twice: the same frame. For a big
// body, one frame also allocates far less than the body: View slices the
// lines formatted when the response arrived.
func assertFrameKept(t *testing.T, m model, big bool) {
	t.Helper()
	if m.resp.tab != tabResponse {
		m.resp.SetTab(tabResponse)
	}
	first, second := m.render(), m.render()
	if first != second {
		t.Errorf("two renders of the Response tab differ:\n%s\n---\n%s", ansi.Strip(first), ansi.Strip(second))
	}
	if !big {
		return
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m.render()
	runtime.ReadMemStats(&after)
	if alloc, body := after.TotalAlloc-before.TotalAlloc, len(m.lastEx.Response.Body); alloc > uint64(body/4) {
		t.Errorf("one frame allocates %d bytes for a %d-byte body: the body is formatted per frame", alloc, body)
	}
}

// A send to a server that never answers, without a timeout short enough
// to end it: esc cancels it at once, the send's goroutine ends, its late
// result is dropped, and the app sends the next request as usual.
func TestHostileSilentSendCancelled(t *testing.T) {
	s := hostileServer(t)
	req := probe.NewRequest(s.URL(hostile.PathSilent))
	m := testModel(t, &req, 120, 40)
	m.now = time.Now
	next, cmd := m.Update(keyMsg("ctrl+s"))
	m = next.(model)
	if !m.inflight || !strings.Contains(plain(m), "esc cancels") {
		t.Fatalf("ctrl+s did not start a send:\n%s", plain(m))
	}
	done := make(chan []tea.Msg, 1)
	go func() { done <- runCmd(cmd) }()
	// cancel once the server holds the request, so the cancel hits the
	// wait for the response headers
	for i := 0; i < 500 && !hostileGot(s, hostile.PathSilent); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if !hostileGot(s, hostile.PathSilent) {
		t.Fatal("the request never reached the server")
	}
	m = press(t, m, "esc")
	if m.inflight || !strings.Contains(m.notice, "cancelled") {
		t.Fatalf("esc did not cancel: inflight %v, notice %q", m.inflight, m.notice)
	}
	var late []tea.Msg
	select {
	case late = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the cancelled send is still running after 10 s")
	}
	for _, msg := range late {
		sm, ok := msg.(sentMsg)
		if !ok {
			continue
		}
		if sm.ex.Err == nil || sm.ex.Err.Phase != probe.PhaseCancel {
			t.Errorf("the cancelled send ended with %+v, want phase %q", sm.ex.Err, probe.PhaseCancel)
		}
		m = step(t, m, sm)
	}
	if m.last != nil || m.inflight {
		t.Errorf("the cancelled send's result was taken: last %+v", m.last)
	}
	view := plain(m)
	if strings.Contains(view, "sending…") || !strings.Contains(view, "request cancelled") {
		t.Errorf("the screen still shows the send:\n%s", view)
	}
	assertViewsInert(t, hostileViews(t, m))

	// the URL field has the focus: replace the URL and send again
	if m.focus != paneRequest || m.req.focus != fieldURL {
		t.Fatalf("focus %v/%v, want the URL field", m.focus, m.req.focus)
	}
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, s.URL(hostile.PathEscWords+"?i=0"))
	m = sendReal(t, m)
	if m.last.status != 403 || !strings.Contains(plain(m), "403 Forbidden") {
		t.Errorf("the send after the cancel: %+v\n%s", *m.last, plain(m))
	}
	assertShown(t, m, tabResponse, []string{pieceShown("OSC0")})
}

// hostileGot reports whether the server has read a request for path.
func hostileGot(s *hostile.Server, path string) bool {
	return slices.ContainsFunc(s.Requests(), func(r hostile.Request) bool { return r.Path == path })
}

// Every path the hostile server serves has a case here: the paths are
// read from its source, so a path added there without a case in this file
// fails. Redirects are the CLI's (ui/cli/hostile_redirect_test.go).
func TestHostilePathsAllDriven(t *testing.T) {
	covered := map[string]bool{hostile.PathSilent: true, hostile.PathRedirectLoop: true, hostile.PathRedirectTo: true, hostile.PathLanding: true}
	for _, c := range hostileSizeCases() {
		covered[strings.SplitN(c.path, "?", 2)[0]] = true
	}
	s := hostileServer(t)
	for _, c := range hostileEscCases() {
		covered[strings.TrimPrefix(strings.SplitN(c.req(s).URL, "?", 2)[0], "http://"+s.Addr())] = true
	}
	paths := hostilePaths(t)
	if len(paths) < 20 {
		t.Fatalf("read %d paths from the hostile server's source, want its 30 or so", len(paths))
	}
	for _, p := range paths {
		if !covered[p] {
			t.Errorf("hostile path %s has no TUI case", p)
		}
	}
}

// hostilePaths are the values of the Path constants in the hostile
// server's source.
func hostilePaths(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join("..", "internal", "hostile", "paths.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && strings.HasPrefix(n.Name, "Path") && lit.Kind == token.STRING {
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// The inertness check itself: every hostile piece is caught, raw or in
// its C1 and bidi forms, and the SGR colours the app draws with are not.
func TestTerminalActionsCatchesEveryPiece(t *testing.T) {
	for _, p := range hostile.Pieces() {
		if len(terminalActions(p.Text)) == 0 {
			t.Errorf("%s: %q passes as inert", p.Marker, p.Text)
		}
		if shown := pieceShown(p.Marker); len(terminalActions(shown)) != 0 {
			t.Errorf("%s: its escaped form %q is flagged: %v", p.Marker, shown, terminalActions(shown))
		}
	}
	for _, bad := range []string{"\x1b[2J", "\x1b[?25l", "\x1b[1;2H", "\x1bc", "\x1b", "a\tb", "\u2066", "\u0085", "\xc3"} {
		if len(terminalActions(bad)) == 0 {
			t.Errorf("%q passes as inert", bad)
		}
	}
	for _, good := range []string{"", "plain\nrows", "\x1b[1;38;2;10;20;30mA\x1b[m", "\x1b[38:5:3mB\x1b[0m", "\ufffd", "│ ✓ 日本"} {
		if bad := terminalActions(good); len(bad) != 0 {
			t.Errorf("%q is flagged: %v", good, bad)
		}
	}
}

// No raw format character from a loaded, typed or pasted value ever
// reaches the output, focused or not, masked or revealed.
func TestNoRawFormatCharacterInOutput(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/a\u202egnp.exe")
	r.Headers = append(r.Headers, probe.Header{Name: "X-Note", Value: "rtl\u202eltr"})
	r.Auth = probe.Credentials{BasicUser: "bob\u2066", BasicPass: "pw\u202e", HasBasic: true}
	r.Body = []byte("body \u202e text\u2028")
	m := testModel(t, &r, 120, 40)
	if !strings.Contains(m.notice, "format character") {
		t.Errorf("load: notice %q does not say format characters were replaced", m.notice)
	}
	check := func(where string) {
		t.Helper()
		v := m.View().Content
		if strings.ContainsAny(v, "\u202e\u2066\u2028") {
			t.Fatalf("%s: raw format character in the output:\n%s", where, plain(m))
		}
	}
	check("loaded")
	m = step(t, m, tea.PasteMsg{Content: "?q=\u202ex"})
	if !strings.Contains(m.notice, "format character") {
		t.Errorf("paste: notice %q", m.notice)
	}
	check("URL focused after paste")
	m = typeText(t, m, "\u200b")
	check("URL typed")
	for i := 0; i < 6; i++ {
		m = press(t, m, "tab")
		m = step(t, m, tea.PasteMsg{Content: "p\u202eq"})
		check(fmt.Sprintf("tab %d", i+1))
		m = press(t, m, "ctrl+r")
		check(fmt.Sprintf("tab %d revealed", i+1))
		m = press(t, m, "ctrl+r")
	}
	// the search field
	m.req.Load(probe.NewRequest("https://api.example.com/"))
	m = sendWith(t, m, refused(m.req.Build()))
	m = press(t, m, "/")
	m = step(t, m, tea.PasteMsg{Content: "x\u202e"})
	check("search")
}
