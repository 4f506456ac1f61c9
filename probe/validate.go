package probe

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// ValidationError says which part of a Request cannot be sent and why, in
// words a user can act on. Error() is one line: `URL "ftp://x": unsupported
// scheme "ftp" (use http or https)`.
type ValidationError struct {
	// Field names the part and quotes its value (`URL "ftp://x"`,
	// `header "X-A"`); values are %q-quoted, so control characters are
	// escaped and the message is safe to print.
	Field string
	// Reason is what is wrong and, where there is one, the fix.
	Reason string
	// Header is the index in Request.Headers of the offending header, or -1
	// when the problem is not a header, so an editor can point at the row.
	Header int
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Reason }

func invalid(field, reason string) *ValidationError {
	return &ValidationError{Field: field, Reason: reason, Header: -1}
}

// Validate reports the first problem that would stop r from being sent as
// the user means it, including the ones Go does not report itself (an
// invalid Host override is silently replaced by an empty Host). It does no
// I/O and allocates little, so an editor can call it on every keystroke.
// A nil error means net/http will accept the request; it says nothing about
// whether the server will.
func Validate(r *Request) error {
	if r.Method != "" && !httpguts.ValidHeaderFieldName(r.Method) {
		// Methods are tokens, like header names; "get" is a valid (if
		// unusual) method because methods are case-sensitive.
		return invalid(fmt.Sprintf("method %q", r.Method), "not a valid method (a single word such as GET or POST, no spaces)")
	}
	if err := validateURL(r.URL); err != nil {
		return err
	}
	for i, h := range r.Headers {
		if err := validateHeader(h); err != nil {
			err.Header = i
			return err
		}
	}
	if r.Auth.Bearer != "" {
		if reason := badValue(r.Auth.Bearer); reason != "" {
			return invalid("bearer token", reason)
		}
	}
	if r.Auth.HasBasic && strings.Contains(r.Auth.BasicUser, ":") {
		return invalid(fmt.Sprintf("basic auth user %q", r.Auth.BasicUser), `must not contain ":" (Basic auth splits user and password at the first colon)`)
	}
	if r.TLS.KeyFile != "" && r.TLS.CertFile == "" {
		return invalid(fmt.Sprintf("TLS key %q", r.TLS.KeyFile), "a key needs its client certificate too (--cert FILE)")
	}
	if r.Proxy != "" {
		if err := validateProxy(r.Proxy); err != nil {
			return err
		}
	}
	for _, c := range r.ConnectTo {
		if _, err := parseConnectTo(c); err != nil {
			return invalid(fmt.Sprintf("--connect-to %q", c), err.Error())
		}
	}
	t := r.Timeouts
	for _, d := range []struct {
		name string
		neg  bool
	}{
		{"connect timeout", t.Connect < 0}, {"TLS timeout", t.TLS < 0}, {"headers timeout", t.Headers < 0},
		{"no-progress timeout", t.NoProgress < 0}, {"total timeout", t.Total < 0},
	} {
		if d.neg {
			return invalid(d.name, "must not be negative")
		}
	}
	if r.MaxRedirects < 0 {
		return invalid("max redirects", "must not be negative")
	}
	if r.MaxBodyBytes < 0 {
		return invalid("max body", "must not be negative")
	}
	return nil
}

func validateURL(raw string) *ValidationError {
	field := func() string { return fmt.Sprintf("URL %q", raw) }
	if raw == "" {
		return invalid("URL", "missing (for example https://example.com/)")
	}
	if c, ok := firstControl(raw, false); ok {
		return invalid(field(), "contains a control character ("+describeByte(c)+")")
	}
	if _, query, ok := strings.Cut(raw, "?"); ok && strings.ContainsRune(query, ' ') {
		// A space in the query would go onto the wire raw and split the
		// request line (a path is percent-encoded; a query is sent as
		// written); curl refuses such a URL too.
		return invalid(field(), "the query contains a space; write it as %20 or +")
	}
	if !strings.Contains(raw, "://") {
		lower := strings.ToLower(raw)
		for _, s := range []string{"https:", "http:"} {
			if strings.HasPrefix(lower, s) {
				return invalid(field(), `missing "//" after "`+s+`"`)
			}
		}
		// Guessing would send the request somewhere the user did not say
		// (plain HTTP, or TLS to a port that does not speak it).
		return invalid(field(), fmt.Sprintf("no scheme; write %q (or http:// for plain HTTP)", "https://"+raw))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return invalid(field(), urlReason(err))
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return invalid(field(), fmt.Sprintf("unsupported scheme %q (use http or https)", u.Scheme))
	}
	if u.Host == "" {
		return invalid(field(), "no host (write it after the //, e.g. https://example.com/path)")
	}
	if u.Hostname() == "" {
		return invalid(field(), "no host name before the port")
	}
	if reason := badPort(u.Port()); reason != "" {
		return invalid(field(), reason)
	}
	return nil
}

func validateProxy(raw string) *ValidationError {
	field := func() string { return fmt.Sprintf("proxy %q", raw) }
	if c, ok := firstControl(raw, false); ok {
		return invalid(field(), "contains a control character ("+describeByte(c)+")")
	}
	target := raw
	if !strings.Contains(raw, "://") {
		// like curl, a proxy without a scheme is an HTTP proxy
		target = "http://" + raw
	}
	u, err := url.Parse(target)
	if err != nil {
		return invalid(field(), urlReason(err))
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "socks5", "socks5h":
	default:
		return invalid(field(), fmt.Sprintf("unsupported proxy scheme %q (use http, https, socks5 or socks5h)", u.Scheme))
	}
	if u.Hostname() == "" {
		return invalid(field(), "no host")
	}
	if reason := badPort(u.Port()); reason != "" {
		return invalid(field(), reason)
	}
	return nil
}

// urlReason is net/url's own explanation without the repeated input.
func urlReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

func badPort(p string) string {
	if p == "" {
		return ""
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Sprintf("port %q is not a number from 1 to 65535", p)
	}
	return ""
}

func validateHeader(h Header) *ValidationError {
	field := func() string { return fmt.Sprintf("header %q", h.Name) }
	if h.Name == "" {
		return invalid("header", "empty name")
	}
	if c, ok := firstControl(h.Name, false); ok {
		return invalid(field(), "name "+controlReason(c))
	}
	if !httpguts.ValidHeaderFieldName(h.Name) {
		return invalid(field(), `name is not a valid token (no spaces, ":", quotes or brackets)`)
	}
	if reason := badValue(h.Value); reason != "" {
		return invalid(field(), reason)
	}
	if strings.EqualFold(h.Name, "Host") && !httpguts.ValidHostHeader(h.Value) {
		return invalid(field(), fmt.Sprintf("%q is not a valid host (Go would silently send an empty Host instead)", h.Value))
	}
	return nil
}

// badValue explains why s cannot be a header value, or returns "".
func badValue(s string) string {
	if c, ok := firstControl(s, true); ok {
		return "value " + controlReason(c)
	}
	if !httpguts.ValidHeaderFieldValue(s) {
		return "value is not a valid header value"
	}
	return ""
}

// firstControl finds the first C0 control byte or DEL in s; a tab is
// allowed when tabOK.
func firstControl(s string, tabOK bool) (byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && !(tabOK && c == '\t')) || c == 0x7f {
			return c, true
		}
	}
	return 0, false
}

func controlReason(c byte) string {
	switch c {
	case '\r', '\n':
		return "contains a line break"
	case 0:
		return "contains a NUL byte"
	}
	return "contains a control character (" + describeByte(c) + ")"
}

func describeByte(c byte) string {
	switch c {
	case '\r':
		return `\r`
	case '\n':
		return `\n`
	case '\t':
		return `\t`
	}
	return fmt.Sprintf(`\x%02x`, c)
}
