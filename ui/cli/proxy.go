package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/checks/diagnose"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/certgen"
	"github.com/why403/why403/probe/curlargs"
	"github.com/why403/why403/probe/relay"
	"github.com/why403/why403/probe/transcript"
	"github.com/why403/why403/ui/app"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/report"
)

// DefaultProxyPort is where `why403 proxy` listens unless --listen says
// otherwise: fixed, so that the app's base URL can stay the same.
const DefaultProxyPort = "8403"

// proxyFlags are the options of `why403 proxy` that are not curl's.
type proxyFlags struct {
	listen    string
	keepHost  bool
	noRewrite bool
	tls       bool
}

// takeProxyFlags removes the proxy's own options from args; the rest are
// curl's options and the upstream URL.
func takeProxyFlags(args []string) (proxyFlags, []string, error) {
	f := proxyFlags{listen: "127.0.0.1:" + DefaultProxyPort}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return f, append(rest, args[i:]...), nil
		case a == "--listen":
			if i+1 >= len(args) {
				return f, nil, errors.New("--listen needs an address: --listen 127.0.0.1:8403")
			}
			i++
			f.listen = args[i]
		case strings.HasPrefix(a, "--listen="):
			f.listen = strings.TrimPrefix(a, "--listen=")
		case a == "--keep-host":
			f.keepHost = true
		case a == "--no-rewrite":
			f.noRewrite = true
		case a == "--tls":
			f.tls = true
		default:
			rest = append(rest, a)
		}
	}
	return f, rest, nil
}

// upstreamOrigin checks that the URL is an origin, scheme://host[:port]:
// the app's paths are forwarded as they are, so a path here would be lost.
func upstreamOrigin(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("the upstream %q is not an http:// or https:// URL", raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return nil, fmt.Errorf("give the upstream as an origin only (%s://%s): the app's paths are forwarded as they are", u.Scheme, u.Host)
	}
	u.Path = ""
	return u, nil
}

// runProxy is `why403 proxy [options] UPSTREAM`.
func runProxy(ctx context.Context, args []string, env Env) int {
	pf, rest, err := takeProxyFlags(args)
	if err != nil {
		return usageError(env, err.Error())
	}
	parsed, code, done := parseRequest(rest, env, curlargs.Env{Getenv: env.Getenv}, func() string { return proxyUsage + curlargs.Usage() })
	if done {
		return code
	}
	req, opts := parsed.Request, parsed.Options
	up, err := upstreamOrigin(req.URL)
	if err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	upVersion, err := proxyUpstreamVersion(req.HTTPVersion, up.Scheme)
	if err != nil {
		return usageError(env, err.Error())
	}
	req.HTTPVersion = upVersion
	if err := probe.CheckFiles(ctx, &req); err != nil {
		return usageError(env, escape.Line(err.Error()))
	}
	req.Env = probe.EnvFrom(env.Getenv)
	if opts.OutputHAR != "" {
		if err := checkHARPath(opts.OutputHAR); err != nil {
			return usageError(env, escape.Line(err.Error()))
		}
	}
	ln, err := net.Listen("tcp", pf.listen)
	if err != nil {
		return usageError(env, escape.Line(fmt.Sprintf("listening on %s: %v", pf.listen, err)))
	}
	defer ln.Close()
	scheme := "http"
	if pf.tls {
		certFile, err := proxyCertificate(&ln, pf.listen)
		if err != nil {
			return usageError(env, escape.Line(err.Error()))
		}
		scheme = "https"
		defer fmt.Fprintln(env.Stderr, "why403: the certificate stays in "+escape.Line(certFile))
		fmt.Fprintln(env.Stderr, "why403: --tls: the listener's certificate is "+escape.Line(certFile)+"; trust it on the client (Android: res/xml/network_security_config.xml <certificates src=\"@raw/…\">; iOS simulator: drag it onto the simulator, then Settings › General › About › Certificate Trust Settings; curl: --cacert FILE)")
	}
	printProxyBanner(env.Stderr, ln.Addr().(*net.TCPAddr), scheme, up, pf.listen)

	s := newProxySession(env, opts, up, pf)
	s.base = req
	if !s.json && interactive(env) {
		s.feed = app.NewCaptureFeed(proxyQueue)
	}
	srv := relay.New(relay.Options{
		Upstream: up, Scheme: scheme, KeepHost: pf.keepHost, NoRewrite: pf.noRewrite, MaxBody: req.MaxBody(),
		Headers: req.Timeouts.Headers, NoProgress: req.Timeouts.NoProgress, Total: req.Timeouts.Total,
		Dial: func(ctx context.Context) (*probe.Conn, probe.Exchange) {
			dr := req
			dr.Method, dr.Headers, dr.Body, dr.BodyFile = "GET", nil, nil, ""
			return probe.Dial(ctx, dr)
		},
		OnCapture: s.offer,
	})
	go s.judge()
	if s.feed != nil {
		err = s.runList(ctx, srv, ln, scheme+"://"+ln.Addr().String()+" → "+up.String())
	} else {
		err = srv.Serve(ctx, ln)
	}
	s.finish()
	if err != nil {
		fmt.Fprintln(env.Stderr, "why403: "+escape.Line(err.Error()))
		return ExitNoResponse
	}
	if opts.OutputHAR != "" {
		if err := s.writeHAR(opts.OutputHAR); err != nil {
			return usageError(env, escape.Line(err.Error()))
		}
	}
	return ExitOK
}

// proxyUpstreamVersion is the HTTP version toward the upstream: HTTP/1.1
// unless --http2 (or --http2-prior-knowledge) asks for HTTP/2, offered in
// ALPN on https and spoken with prior knowledge (h2c) on http, since the
// proxy does not do HTTP/1.1's Upgrade dance.
func proxyUpstreamVersion(v, scheme string) (string, error) {
	switch v {
	case "", "1.1", "1.0", "1":
		return "1.1", nil
	case "2":
		if scheme == "http" {
			return "2-prior-knowledge", nil
		}
		return "2", nil
	case "2-prior-knowledge":
		return v, nil
	}
	return "", fmt.Errorf("the proxy speaks HTTP/1.1 to the upstream, or HTTP/2 with --http2; not %q", v)
}

// proxyCertificate wraps the listener in TLS with a generated certificate
// for its host, written next to the user's config so they can trust it.
func proxyCertificate(ln *net.Listener, listen string) (string, error) {
	host, _, _ := net.SplitHostPort(listen)
	hosts := []string{"localhost", "127.0.0.1", "::1", "10.0.2.2"}
	if host != "" && host != "0.0.0.0" && host != "::" {
		hosts = append(hosts, host)
	}
	leaf, err := certgen.SelfSigned(hosts...)
	if err != nil {
		return "", fmt.Errorf("generating the proxy's certificate: %w", err)
	}
	dir, err := os.MkdirTemp("", "why403-proxy-")
	if err != nil {
		return "", fmt.Errorf("writing the proxy's certificate: %w", err)
	}
	path := filepath.Join(dir, "why403-proxy.pem")
	if err := os.WriteFile(path, leaf.CertPEM, 0o644); err != nil {
		return "", fmt.Errorf("writing the proxy's certificate: %w", err)
	}
	*ln = tls.NewListener(*ln, &tls.Config{Certificates: []tls.Certificate{leaf.TLS}, NextProtos: []string{"http/1.1"}})
	return path, nil
}

// printProxyBanner says where the proxy listens and how to point each
// kind of client at it.
func printProxyBanner(w io.Writer, addr *net.TCPAddr, scheme string, up *url.URL, listen string) {
	port := addr.Port
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	p("why403 proxy: %s://%s → %s", scheme, escape.Line(addr.String()), escape.Line(up.String()))
	if !addr.IP.IsLoopback() {
		p("why403: warning: listening on %s: anyone on that network can reach the API through this proxy, with the credentials the app sends", escape.Line(listen))
	}
	p("Point the app's base URL at the proxy:")
	p("  Android emulator   %s://10.0.2.2:%d", scheme, port)
	p("  iOS simulator      %s://127.0.0.1:%d", scheme, port)
	p("  Android over USB   adb reverse tcp:%d tcp:%d, then %s://127.0.0.1:%d", port, port, scheme, port)
	p("  Flutter            flutter run --dart-define=API_BASE_URL=%s://10.0.2.2:%d", scheme, port)
	p("Each exchange is judged as it passes; ctrl+c stops.")
}

// proxySession judges what the relay captured, off the response path:
// the relay offers each exchange without waiting; when the queue is full
// the exchange is forwarded all the same and counted as not judged.
type proxySession struct {
	env      Env
	opts     curlargs.Options
	up       *url.URL
	flags    proxyFlags
	json     bool
	queue    chan *relay.Capture
	done     chan struct{}
	skipped  atomic.Int64
	judged   atomic.Int64
	mu       sync.Mutex
	har      []transcript.HARExchange
	harLimit int
	// base is the proxy's own request: the transport options a re-send
	// from the list needs.
	base probe.Request
	// feed carries the judged exchanges to the list (proxylist.go); nil
	// when the exchanges are printed.
	feed *app.CaptureFeed
}

// proxyQueue is how many exchanges may wait for judging.
const proxyQueue = 1024

func newProxySession(env Env, opts curlargs.Options, up *url.URL, pf proxyFlags) *proxySession {
	asJSON := opts.ReportFormat() == curlargs.FormatJSON || env.IsTerminal == nil || !env.IsTerminal(env.Stdout)
	return &proxySession{env: env, opts: opts, up: up, flags: pf, json: asJSON,
		queue: make(chan *relay.Capture, proxyQueue), done: make(chan struct{}), harLimit: 10000}
}

// offer queues an exchange for judging, never blocking the relay.
func (s *proxySession) offer(c *relay.Capture) {
	select {
	case s.queue <- c:
	default:
		s.skipped.Add(1)
		if s.feed != nil {
			s.feed.Skip(s.unjudgedItem(c))
		}
	}
}

func (s *proxySession) judge() {
	defer close(s.done)
	for c := range s.queue {
		s.judgeOne(c)
	}
}

// finish judges what is queued and says how many were not judged.
func (s *proxySession) finish() {
	close(s.queue)
	<-s.done
	msg := fmt.Sprintf("why403 proxy: stopped; %d exchanges judged", s.judged.Load())
	if n := s.skipped.Load(); n > 0 {
		msg += fmt.Sprintf(", %d forwarded but not judged (judging fell behind a burst)", n)
	}
	fmt.Fprintln(s.env.Stderr, msg)
}

// proxyLine is one exchange in JSON Lines: the fields of check --json and
// what the proxy adds.
type proxyLine struct {
	ID       uint64    `json:"id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Client   string    `json:"client"`
	Rewrites []string  `json:"rewrites"`
	Tunnel   bool      `json:"tunnel,omitempty"`
	// Answered is the status the proxy gave the app itself (502 when the
	// upstream failed, 400 for a malformed request), 0 when it forwarded.
	Answered int `json:"answered,omitempty"`
	report.Document
}

// judgeCapture judges an exchange: its body decoded (the app got the
// bytes as sent), its checks, and the proxy's notes on them.
func (s *proxySession) judgeCapture(c *relay.Capture) (checks.Report, []string) {
	if r := c.Exchange.Response; r != nil {
		dr := *r
		probe.DecodeCaptured(&dr, probe.DefaultMaxBody)
		c.Exchange.Response = &dr
	}
	ev := checks.Evidence{Request: c.Request, Exchange: c.Exchange, Now: c.Start}
	if c.Request.URL == "" {
		ev.RequestUnknown = true
	}
	res := diagnose.Judge(ev)
	return res.Report, proxyNotes(c, res.Report)
}

func (s *proxySession) judgeOne(c *relay.Capture) {
	s.judged.Add(1)
	// off the response path: the app has its answer already
	rep, notes := s.judgeCapture(c)
	if s.opts.OutputHAR != "" {
		s.mu.Lock()
		if len(s.har) < s.harLimit {
			s.har = append(s.har, transcript.HARExchange{Exchange: c.Exchange, Method: c.Request.Method, URL: c.Request.URL, Comment: fmt.Sprintf("why403 proxy exchange %d", c.ID)})
		}
		s.mu.Unlock()
	}
	if s.feed != nil {
		// the list masks and words what it shows itself
		s.feed.Push(s.listItem(c, rep, notes))
		return
	}
	red := probe.NewRedactor(c.Request, s.opts.Reveal)
	doc := report.Build(c.Request, c.Exchange, rep, report.Options{Redactor: red, Time: c.Start})
	doc.Warnings = append(notes[:len(notes):len(notes)], doc.Warnings...)
	var err error
	switch {
	case s.json:
		line := proxyLine{ID: c.ID, Start: c.Start, End: c.End, Client: c.Client, Rewrites: maskAll(red, c.Rewrites), Tunnel: c.Tunnel, Answered: c.Answered, Document: doc}
		err = report.WriteJSONLine(s.env.Stdout, line)
	default:
		_, err = fmt.Fprintln(s.env.Stdout, proxyTextLine(c, doc, notes))
	}
	if err != nil {
		fmt.Fprintln(s.env.Stderr, "why403: "+escape.Line(err.Error()))
	}
}

// proxyNotes are what the proxy itself changes about the evidence: the
// upstream saw this machine's address, and a signature over Host cannot
// survive the Host rewrite.
func proxyNotes(c *relay.Capture, rep checks.Report) []string {
	var out []string
	if c.HostSigned != "" {
		out = append(out, "the request is signed over its Host ("+c.HostSigned+"): the app signed for the proxy's address and the proxy sent the upstream's Host, so the signature cannot match; sign for the upstream's host, or run the proxy with --keep-host")
	}
	for _, id := range rep.Likely {
		if id == checks.IPAllowlist || id == checks.GeoBlock {
			out = append(out, "the upstream saw this machine's address (or its NAT's), not the device's: the proxy adds no X-Forwarded-For")
			break
		}
	}
	if c.Answered != 0 {
		out = append(out, fmt.Sprintf("the proxy answered the app %d itself: %s", c.Answered, c.AnsweredWhy))
	}
	if c.Tunnel {
		out = append(out, "switched protocols (101): the connection was tunnelled as is, its bytes not captured")
	}
	return out
}

// proxyTextLine is one exchange in one line: time, method, path, status,
// size, duration, and the verdict of a refusal. Everything from the wire
// goes through escape.Line.
func proxyTextLine(c *relay.Capture, doc report.Document, notes []string) string {
	status := "—"
	size := ""
	if r := doc.Response; r != nil {
		status = fmt.Sprintf("%d", r.Status)
		size = fmt.Sprintf(" %dB", r.BodySize)
	}
	if c.Answered != 0 {
		status = fmt.Sprintf("%d (proxy)", c.Answered)
	}
	target := doc.Request.Target
	if target == "" {
		target = doc.Request.URL
	}
	line := fmt.Sprintf("%s #%d %s %s → %s%s %dms", c.Start.Format("15:04:05.000"), c.ID,
		escape.Line(doc.Request.Method), escape.Line(clipText(target, 120)), status, size, c.End.Sub(c.Start).Milliseconds())
	if !app.CaptureRefused(c.Exchange, c.Answered, doc.Likely) {
		return line
	}
	if len(doc.Likely) > 0 {
		for _, ck := range doc.Checks {
			if ck.ID == doc.Likely[0] {
				line += "  ✗ " + escape.Line(ck.ID) + ": " + escape.Line(ck.Title)
				break
			}
		}
	} else if doc.Error != nil {
		line += "  ✗ " + escape.Line(doc.Error.Phase) + ": " + escape.Line(doc.Error.Message)
	}
	for _, n := range notes {
		line += "\n    " + escape.Line(n)
	}
	return line
}

func maskAll(red probe.Redactor, ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, red.Text(s))
	}
	return out
}

func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func (s *proxySession) writeHAR(path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return writeHARFile(path, s.har, probe.NewRedactor(probe.Request{}, s.opts.Reveal), time.Now())
}

const proxyUsage = `Usage: why403 proxy [--listen ADDR] [--tls] [--keep-host] [--no-rewrite] [--http2] [--json]
                    [--output-har FILE [--reveal]] [curl transport options] UPSTREAM

A reverse proxy between an app and its API that explains every refusal as it
passes. Point the app's base URL at the proxy instead of UPSTREAM (an origin:
https://api.example.com); each request is forwarded exactly as the app sent
it (method, target, header case, order and duplicates, body streamed), and
the answer comes back unchanged and streamed. Only Host (the upstream's) and
hop-by-hop headers (Connection, Keep-Alive, TE, Upgrade...) change; no
X-Forwarded-* is added, so the upstream sees this machine's address. Nothing
is ever re-sent. When the upstream cannot be reached the app gets a 502
whose body names the phase (dns, connect, tls, timeout).

  --listen ADDR   where to listen (default 127.0.0.1:8403); a non-loopback
                  address exposes the API to that network, with a warning
  --tls           serve HTTPS with a generated certificate (printed: trust it
                  on the client); default plain HTTP, which needs nothing on
                  the device
  --keep-host     forward the app's Host instead of the upstream's
  --no-rewrite    leave Location (on the upstream's origin) and Set-Cookie
                  Domain (naming the upstream) as the upstream sent them
  --json          one JSON object per exchange (the default when stdout is
                  not a terminal): the fields of check --json plus id, start,
                  end, client, rewrites
  --output-har FILE  write the session as HAR on exit, secrets masked unless
                  --reveal
  --http2         speak HTTP/2 to the upstream (ALPN h2 on https, h2c with
                  prior knowledge on http); header names then go out in
                  lower case, as HTTP/2 requires. Default HTTP/1.1, which
                  keeps the app's header case and order

In a terminal the exchanges show as a live list: refusals in red with
their cause, r shows the refusals only, enter opens one in the app's view
(judged on what was captured; ctrl+s re-sends it, asking first unless it
is a GET, HEAD or OPTIONS), esc comes back, ctrl+c stops. g marks an
exchange good; b on an opened refused one bisects it against it, as
why403 bisect does. Otherwise, one line per exchange (text), or JSON
Lines with --json.

Upgrade requests (WebSocket) are tunnelled as is. Judging happens after
forwarding, off the response path; when it falls behind a burst, exchanges
are forwarded but not judged, and their number is printed at the end.
--cacert, --cert/--key, -k, --resolve, --connect-to, -x and the timeouts
apply to the upstream side as in check. ctrl+c stops (exit status 0).

Flutter: flutter run --dart-define=API_BASE_URL=http://10.0.2.2:8403

`
