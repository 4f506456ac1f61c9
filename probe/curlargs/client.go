package curlargs

import (
	"strings"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/clients"
	"github.com/why403/why403/probe/dartcall"
)

// readDart reads the --dart file (or standard input) and the call in it.
// Names the code uses but does not define stop here, listed, unless
// --dart-var gave them.
func (p *parser) readDart() (dartcall.Call, error) {
	src, err := p.readFile("--dart", p.opts.Dart)
	if err != nil {
		return dartcall.Call{}, err
	}
	if len(src) > dartcall.MaxSource {
		return dartcall.Call{}, usagef("--dart: the Dart code is larger than %d KiB", dartcall.MaxSource>>10)
	}
	c, err := dartcall.Parse(string(src), p.dartVars)
	if err != nil {
		return c, &UsageError{Msg: "--dart " + p.opts.Dart + ": " + err.Error(), Err: err}
	}
	if len(c.Unknown) > 0 {
		return c, usagef("--dart %s: the Dart code uses names it does not define: %s; give each with --dart-var NAME=VALUE",
			p.opts.Dart, strings.Join(c.Unknown, ", "))
	}
	for name := range p.dartVars {
		if secretName(name) {
			p.secret("--dart-var " + name)
		}
	}
	return c, nil
}

// secretName: a --dart-var whose name says it holds a secret.
func secretName(name string) bool {
	l := strings.ToLower(name)
	for _, w := range []string{"token", "key", "secret", "password", "auth", "jwt", "cookie", "session"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// asClient turns the request into what another client sends: the Dart
// call's headers and body (when --dart gave one), the user's -H, -A and
// -b on top of them, then the client's own defaults (clients.Apply).
func (p *parser) asClient(req *probe.Request, dart *dartcall.Call, stringBody bool) error {
	client := p.opts.Client
	var o clients.Options
	if stringBody {
		o.Body = clients.BodyString
	}
	if dart != nil {
		if client == "" {
			client = dart.Client
		}
		if p.method == "" && !p.head && !p.get {
			req.Method = dart.Method
		}
		hs := append([]probe.Header(nil), dart.Headers...)
		for _, h := range req.Headers {
			hs = replaceOrAppend(hs, h)
		}
		req.Headers = hs
		req.Body, o.Body = dart.Body, dart.BodyKind
	}
	for _, h := range p.headers {
		if h.remove {
			o.Remove = append(o.Remove, h.name)
		}
	}
	if p.userAgent != nil && *p.userAgent == "" {
		o.Remove = append(o.Remove, "User-Agent")
	}
	if err := clients.Apply(client, req, o); err != nil {
		return usagef("%v", err)
	}
	return nil
}

// replaceOrAppend gives h's value to the header of its name (any case),
// keeping that one's place and spelling, or appends h.
func replaceOrAppend(hs []probe.Header, h probe.Header) []probe.Header {
	for i := range hs {
		if strings.EqualFold(hs[i].Name, h.Name) {
			hs[i].Value = h.Value
			return hs
		}
	}
	return append(hs, h)
}
