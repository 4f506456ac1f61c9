// Package curlargs reads a curl command line into a probe.Request, so that
// "why403 check" takes the same arguments the user already ran with curl,
// and writes a request back as a curl command (Quote). It reads the files
// that curl would read (-d @file, -H @file, -F name=@file, -b cookie file)
// but never sends anything.
package curlargs

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/clients"
)

// Parsed is a command line understood: the request curl would send, the
// options that are why403's own, and what the user should know about it.
type Parsed struct {
	Request probe.Request
	Options Options
	// Warnings are one-line notes: a secret given on the command line, an
	// option that has no effect here, a scheme that was guessed.
	Warnings []string
}

// Options are why403's own flags; they may be mixed freely with curl's.
type Options struct {
	JSON bool // --json (with no JSON body after it), --report=json or --format json: print the report as JSON
	// Format is the report format: "" (text, the default), FormatText,
	// FormatJSON or FormatMarkdown; --format, --report and --json set it,
	// the last one given wins. JSON is true exactly when it is FormatJSON.
	Format      string
	Reveal      bool   // --reveal: show secrets instead of masking them
	Experiments string // "safe" (default), "all" or "off" (--experiments=MODE, --no-experiments)
	MaxBody     int64  // --max-body SIZE in bytes; 0 when not given
	// PrintCurl asks for the request as a curl command, sent nowhere.
	PrintCurl bool
	// OutputHAR is the file --output-har writes the exchange and the
	// experiments' exchanges to, as HAR 1.2; empty when not asked.
	OutputHAR string
	// Token is where the Bearer token came from when it was given off the
	// command line (--token-env, --token-file, --token -).
	Token TokenSource
	Help  bool // -h, --help
	// Client is the --client profile (probe/clients); "" is curl's.
	Client string
	// Dart is the --dart file ("-" for standard input) the request is
	// read from (its --dart-var values are used while parsing).
	Dart string
}

// Report formats.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
)

// ReportFormat is the report format asked for: text, json or markdown.
func (o Options) ReportFormat() string {
	switch {
	case o.JSON:
		return FormatJSON
	case o.Format == "":
		return FormatText
	}
	return o.Format
}

func (p *parser) setFormat(f string) {
	p.opts.Format = f
	p.opts.JSON = f == FormatJSON
}

// Experiment modes.
const (
	ExperimentsSafe = "safe"
	ExperimentsAll  = "all"
	ExperimentsOff  = "off"
)

// UsageError is a command line that cannot be understood or would send
// something other than what the user meant. Error() is one line to print
// as is; Err, when set, is the underlying cause (a *probe.ValidationError
// or a file error).
type UsageError struct {
	Msg string
	Err error
}

func (e *UsageError) Error() string { return e.Msg }
func (e *UsageError) Unwrap() error { return e.Err }

func usagef(format string, args ...any) *UsageError {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// Parse reads curl-style arguments (without the program name; a leading
// "curl" word, as in a pasted command, is skipped). Data given as @- (read
// standard input), --token - and --token-env are refused; use ParseEnv to
// allow them.
func Parse(args []string) (Parsed, error) {
	return ParseEnv(args, Env{})
}

// ParseStdin is Parse where @- and --token - read stdin, as in curl. A nil
// stdin refuses them with a usage error, which is what an interactive caller
// wants: a pasted command must not block on the terminal.
func ParseStdin(args []string, stdin io.Reader) (Parsed, error) {
	return ParseEnv(args, Env{Stdin: stdin})
}

// ParseEnv is Parse with what env allows: standard input for @- and
// --token -, the environment for --token-env.
func ParseEnv(args []string, env Env) (Parsed, error) {
	p := &parser{stdin: env.Stdin, getenv: env.Getenv, now: time.Now, pasted: env.Pasted}
	parsed, err := p.parse(args)
	// An error while reading the options is the user's to fix first; one
	// from building may come from the files left unread.
	if len(p.named) > 0 && (err == nil || p.building) {
		return Parsed{}, &FilesError{Files: p.named}
	}
	return parsed, err
}

// parser collects the flags first and builds the request at the end, so
// that flag order does not matter where it does not in curl (-G after -d,
// -b FILE before the URL).
type parser struct {
	stdin      io.Reader
	stdinUsed  bool
	stdinToken bool                // standard input held the token (--token -)
	getenv     func(string) string // nil refuses --token-env
	now        func() time.Time    // for expiry in cookie files
	pasted     Span                // the words of a paste, whose files are named, not read
	word       int                 // the index in args of the word being read
	named      []NamedFile         // the files the pasted words would have read
	building   bool                // the options are read; build runs

	urls        []string
	method      string
	head, get   bool
	headers     []userHeader
	data        []dataArg
	forms       []formArg
	userAgent   *string
	referer     string
	cookies     []cookieArg
	user        *string
	bearer      string
	bearerFrom  string // the flag that gave bearer, for conflicts
	tls         probe.TLSOptions
	follow      bool
	maxRedirs   *int
	maxTime     time.Duration
	connect     time.Duration
	proxy       string
	noProxy     string
	noProxySet  bool
	linkLocal   bool // --allow-link-local
	connectTo   []string
	compressed  bool
	httpVersion string

	dartVars map[string]string // --dart-var

	opts     Options
	warnings []string
	secrets  []string // where secrets were given on argv, for one warning
	ignored  map[string]bool
}

func (p *parser) warn(format string, args ...any) {
	p.warnings = append(p.warnings, fmt.Sprintf(format, args...))
}

func (p *parser) secret(where string) {
	for _, s := range p.secrets {
		if s == where {
			return
		}
	}
	p.secrets = append(p.secrets, where)
}

func (p *parser) parse(args []string) (Parsed, error) {
	if len(args) > 0 && args[0] == "curl" {
		args = args[1:]
		p.pasted.From, p.pasted.To = p.pasted.From-1, p.pasted.To-1
	}
	p.opts.Experiments = ExperimentsSafe
	flagsDone := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case flagsDone || len(a) < 2 || a[0] != '-':
			if err := p.addURL(a); err != nil {
				return Parsed{}, err
			}
		case a == "--":
			flagsDone = true
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			flag := "--" + name
			o := lookupLong(name)
			if o == nil {
				return Parsed{}, unknownOption(flag, name, "")
			}
			switch {
			case name == "json" && !hasVal:
				// --json is both curl's JSON body flag and why403's report
				// flag; see jsonBodyWord for the rule.
				if i+1 < len(args) && jsonBodyWord(args[i+1]) {
					i++
					val = args[i]
				} else {
					p.setFormat(FormatJSON)
					continue
				}
			case o.value && !hasVal:
				if i+1 >= len(args) {
					return Parsed{}, usagef("%s needs a value", flag)
				}
				i++
				val = args[i]
			case !o.value && hasVal:
				return Parsed{}, usagef("%s takes no value (got %q)", flag, val)
			}
			p.word = i
			if err := p.apply(o, flag, val); err != nil {
				return Parsed{}, err
			}
		default:
			// A cluster of short flags: -sSL, -sSLX POST, -XPOST, -HX:1. The
			// first flag that takes a value takes the rest of the word, or
			// the next word when nothing is left.
			for j := 1; j < len(a); j++ {
				c := a[j]
				flag := "-" + string(c)
				o := lookupShort(c)
				if o == nil {
					in := ""
					if len(a) > 2 {
						in = fmt.Sprintf(" in %q", a)
					}
					return Parsed{}, unknownOption(flag, string(c), in)
				}
				var val string
				if o.value {
					switch {
					case j+1 < len(a):
						val = a[j+1:]
					case i+1 < len(args):
						i++
						val = args[i]
					default:
						return Parsed{}, usagef("%s needs a value", flag)
					}
				}
				p.word = i
				if err := p.apply(o, flag, val); err != nil {
					return Parsed{}, err
				}
				if o.value {
					break
				}
			}
		}
		if p.opts.Help {
			return Parsed{Options: p.opts}, nil
		}
	}
	p.building = true
	return p.build()
}

func unknownOption(flag, name, in string) error {
	if strings.IndexFunc(flag, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		flag = strconv.Quote(flag) // never print a control character raw
	}
	if what, ok := unsupported[name]; ok {
		if what != "" {
			flag += " (--" + what + ")"
		}
		return usagef("curl option %s%s is not supported by why403 (see why403 check --help)", flag, in)
	}
	hint := ""
	if len(name) > 1 {
		if c := closest(name); c != "" {
			hint = ", did you mean --" + c + "?"
		}
	}
	return usagef("unknown option %s%s (see why403 check --help%s)", flag, in, hint)
}

// jsonBodyWord decides what a bare --json means. curl's --json takes a
// value (the body, @file or @-); why403's --json takes none and asks for a
// JSON report. The word after --json is curl's body when it looks like one:
// it starts with { [ " or @ (after blanks), is a JSON literal (true, false,
// null, a number), or is empty (an explicit empty body; no URL or flag is
// empty). Otherwise, when --json is last or is followed by a flag, a URL or
// any other word, it is the report flag and that word is parsed on its own.
// --json=VALUE is always curl's body; --report=json is the unambiguous
// spelling of the report flag.
func jsonBodyWord(s string) bool {
	t := strings.TrimSpace(s)
	if t == "" {
		return true
	}
	switch t[0] {
	case '{', '[', '"', '@':
		return true
	}
	// true, false, null or a number ("-1" is a number here, never a flag).
	return json.Valid([]byte(t))
}

func (p *parser) addURL(u string) error {
	if len(p.urls) > 0 {
		return usagef("two URLs given: %q and %q (why403 checks one request at a time)", p.urls[0], u)
	}
	p.urls = append(p.urls, u)
	return nil
}

func (p *parser) apply(o *option, flag, val string) error {
	switch o.long {
	case "request":
		p.method = val
	case "url":
		return p.addURL(val)
	case "get":
		p.get = true
	case "head":
		p.head = true
	case "location":
		p.follow = true
	case "max-redirs":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 {
			return usagef("%s %q: give a number of redirects, 0 or more (why403 has no unlimited; default %d)", flag, val, probe.DefaultMaxRedirects)
		}
		p.maxRedirs = &n

	case "header":
		if path, ok := strings.CutPrefix(val, "@"); ok {
			if p.skipPasted(p.inPaste(), flag+" @", path) {
				return nil
			}
			return p.headerFile(flag, path)
		}
		return p.addHeader(flag, val, true)
	case "user-agent":
		p.userAgent = &val
	case "referer":
		if v, ok := strings.CutSuffix(val, ";auto"); ok {
			p.warn("%s: \";auto\" is ignored: why403 sends no Referer on redirects", flag)
			val = v
		}
		p.referer = val
	case "cookie":
		if strings.Contains(val, "=") {
			p.secret("cookies (" + flag + ")")
		}
		p.cookies = append(p.cookies, cookieArg{flag, val, p.inPaste()})
	case "data", "data-ascii":
		p.data = append(p.data, dataArg{flag, dataPlain, val, p.inPaste()})
	case "data-raw":
		p.data = append(p.data, dataArg{flag, dataRaw, val, p.inPaste()})
	case "data-binary":
		p.data = append(p.data, dataArg{flag, dataBinary, val, p.inPaste()})
	case "data-urlencode":
		p.data = append(p.data, dataArg{flag, dataURLEncode, val, p.inPaste()})
	case "json":
		p.data = append(p.data, dataArg{flag, dataJSON, val, p.inPaste()})
	case "form":
		p.forms = append(p.forms, formArg{flag, val, false, p.inPaste()})
	case "form-string":
		p.forms = append(p.forms, formArg{flag, val, true, p.inPaste()})
	case "compressed":
		p.compressed = true

	case "user":
		p.user = &val
		if _, pass, ok := strings.Cut(val, ":"); ok && pass != "" {
			p.secret("the password in " + flag)
		}
	case "oauth2-bearer":
		if err := p.setBearer(flag, val, TokenSource{}); err != nil {
			return err
		}
		p.secret(flag)
	case "token-env":
		return p.tokenFromEnv(flag, val)
	case "token-file":
		if p.skipPasted(p.inPaste(), flag, val) {
			return nil
		}
		return p.tokenFromFile(flag, val)
	case "token":
		return p.tokenFromStdin(flag, val)
	case "cert":
		path, err := certPath(flag, val)
		if err != nil {
			return err
		}
		p.tls.CertFile = path
		// read when sending; named all the same
		p.skipPasted(p.inPaste(), flag, path)
	case "key":
		p.tls.KeyFile = val
		p.skipPasted(p.inPaste(), flag, val)
	case "cacert":
		p.tls.CAFile = val
		p.skipPasted(p.inPaste(), flag, val)
	case "insecure":
		p.tls.Insecure = true

	case "proxy":
		if val != "" && !strings.Contains(val, "://") {
			val = "http://" + val // curl's default proxy scheme
		}
		if hasURLPassword(val) {
			p.secret("the password in " + flag)
		}
		p.proxy = val
	case "noproxy":
		p.noProxy, p.noProxySet = val, true
	case "connect-to":
		p.connectTo = append(p.connectTo, val)
	case "resolve":
		rule, err := probe.ResolveToConnectTo(val)
		if err != nil {
			return usagef("%v", err)
		}
		p.connectTo = append(p.connectTo, rule)
	case "connect-timeout", "max-time":
		d, err := seconds(flag, val)
		if err != nil {
			return err
		}
		if o.long == "max-time" {
			p.maxTime = d
		} else {
			p.connect = d
		}
	case "http3":
		// curl tries HTTP/3 and falls back; why403 has no HTTP/3, so it
		// negotiates as it would without the flag.
		p.warn("%s: HTTP/3 is not supported; the request goes over HTTP/2 or HTTP/1.1 as negotiated", flag)
	case "http1.1":
		p.httpVersion = "1.1"
	case "http2":
		p.httpVersion = "2"
	case "http2-prior-knowledge":
		p.httpVersion = "2-prior-knowledge"

	case "silent", "show-error", "verbose", "include", "fail", "fail-with-body",
		"progress-bar", "no-progress-meter", "globoff":
		// They change what curl prints or its exit code; why403 has its own.
	case "output", "remote-name":
		p.ignore(flag, "why403 shows the body itself")
	case "cookie-jar":
		p.ignore(flag, "why403 does not write cookie files")
	case "write-out":
		p.ignore(flag, "why403 prints its own report")

	case "report", "format":
		switch val {
		case FormatText, FormatJSON, FormatMarkdown:
			p.setFormat(val)
		default:
			return usagef("%s %q: use text, json or markdown", flag, val)
		}
	case "print-curl":
		p.opts.PrintCurl = true
	case "output-har":
		if val == "" {
			return usagef("%s needs a file name", flag)
		}
		p.opts.OutputHAR = val
	case "reveal":
		p.opts.Reveal = true
	case "allow-link-local":
		p.linkLocal = true
	case "experiments":
		switch val {
		case ExperimentsSafe, ExperimentsAll, ExperimentsOff:
			p.opts.Experiments = val
		default:
			return usagef("%s %q: use safe, all or off", flag, val)
		}
	case "client":
		if _, ok := clients.Lookup(val); !ok {
			return usagef("%s %q: use one of %s", flag, val, strings.Join(clients.Names(), ", "))
		}
		p.opts.Client = strings.ToLower(val)
	case "dart":
		if p.inPaste() {
			return usagef("%s cannot come from a pasted command: give it on the command line", flag)
		}
		if val == "" {
			return usagef("%s needs a file name, or - for standard input", flag)
		}
		p.opts.Dart = val
	case "dart-var":
		name, value, ok := strings.Cut(val, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return usagef("%s %q: write NAME=VALUE", flag, val)
		}
		if p.dartVars == nil {
			p.dartVars = map[string]string{}
		}
		p.dartVars[strings.TrimSpace(name)] = value
	case "no-experiments":
		p.opts.Experiments = ExperimentsOff
	case "max-body":
		n, err := parseSize(val)
		if err != nil {
			return usagef("%s %q: %v", flag, val, err)
		}
		p.opts.MaxBody = n
	case "help":
		p.opts.Help = true
	default:
		return usagef("option %s is known but not handled (a bug in why403)", flag)
	}
	return nil
}

func (p *parser) ignore(flag, why string) {
	if p.ignored == nil {
		p.ignored = map[string]bool{}
	}
	if !p.ignored[flag] {
		p.ignored[flag] = true
		p.warn("%s is ignored: %s", flag, why)
	}
}

// seconds reads curl's fractional seconds ("2", "0.5").
func seconds(flag, val string) (time.Duration, error) {
	f, err := strconv.ParseFloat(val, 64)
	if err != nil || f < 0 || f != f || f > 1e9 {
		return 0, usagef("%s %q: give a number of seconds, like 10 or 2.5", flag, val)
	}
	return time.Duration(math.Round(f * float64(time.Second))), nil
}

// certPath reads -E's certificate[:password]: "\:" is a colon in the file
// name and "\\" a backslash, as in curl.
func certPath(flag, val string) (string, error) {
	if strings.HasPrefix(val, "pkcs11:") {
		return "", usagef("%s: PKCS#11 URIs are not supported; give a PEM file", flag)
	}
	var b strings.Builder
	for i := 0; i < len(val); i++ {
		c := val[i]
		switch {
		case c == '\\' && i+1 < len(val) && (val[i+1] == ':' || val[i+1] == '\\'):
			i++
			b.WriteByte(val[i])
		case c == ':':
			return "", usagef("%s: a password for the certificate (after %q) is not supported; "+
				"decrypt the key first (openssl pkey -in KEY -out plain.pem) and pass --key plain.pem, "+
				`or write "\:" for a colon in the file name`, flag, b.String()+":")
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
