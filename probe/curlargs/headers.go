package curlargs

import (
	"fmt"
	"strings"

	"github.com/why403/why403/probe"
)

// userHeader is one -H: a header to send, or (remove) an instruction to
// drop the header of that name that curl would add itself.
type userHeader struct {
	name, value string
	remove      bool
}

// parseHeader reads -H's forms as curl does: "Name: value" sends a header,
// "Name:" removes one curl would send, "Name;" sends it with an empty value.
// Blanks around the value are dropped; CR, LF and other controls are kept
// so that validation can name them.
func parseHeader(flag, s string) (userHeader, error) {
	if name, value, ok := strings.Cut(s, ":"); ok {
		value = strings.Trim(value, " \t")
		return userHeader{name: name, value: value, remove: value == ""}, nil
	}
	if name, rest, ok := strings.Cut(s, ";"); ok && strings.Trim(rest, " \t") == "" {
		return userHeader{name: name}, nil
	}
	return userHeader{}, usagef(`%s %q: not a header; write "Name: value" ("Name:" removes it, "Name;" sends it empty)`, flag, s)
}

func (p *parser) addHeader(flag, s string, onArgv bool) error {
	h, err := parseHeader(flag, s)
	if err != nil {
		return err
	}
	if onArgv && !h.remove && probe.IsCredentialHeader(h.name) {
		p.secret(fmt.Sprintf("the %s header", h.name))
	}
	p.headers = append(p.headers, h)
	return nil
}

// headerFile reads -H @FILE: one header per line, as curl does. Blank lines
// and lines starting with # are skipped.
func (p *parser) headerFile(flag, path string) error {
	data, err := p.readFile(flag, path)
	if err != nil {
		return err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		line = strings.Trim(line, " \t")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := p.addHeader(flag+" @"+path, line, false); err != nil {
			return err
		}
	}
	return nil
}

// applyHeaders puts the user's headers on top of the ones curl would add:
// a user header of the same name (or a removal) replaces every one of
// them, and user headers follow in the order given, duplicates kept.
func applyHeaders(req *probe.Request, hs []userHeader) {
	for _, h := range hs {
		req.DelHeader(h.name)
	}
	for _, h := range hs {
		if !h.remove {
			req.Headers = append(req.Headers, probe.Header{Name: h.name, Value: h.value})
		}
	}
}
