// Package clients knows how common HTTP clients build a request: the
// headers they add themselves, with their names' case and order, and the
// Content-Type they give a body the app did not label. Apply turns the
// headers a user (or a parsed Dart call) gave into the header list that
// client would put on the wire, so that why403 can send as the app does.
//
// Only headers are imitated. TLS and HTTP/2 fingerprints are not: copying
// a browser's handshake would edge towards getting around a protection.
package clients

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/why403/why403/probe"
)

// Body says what kind of value the app passed as the body, which decides
// the Content-Type a client adds when the app set none.
type Body int

const (
	// BodyNone: no body.
	BodyNone Body = iota
	// BodyString: a string (Dart String, curl -d, fetch's string body).
	BodyString
	// BodyForm: a map the client form-encodes (package:http's Map body).
	BodyForm
	// BodyMap: a map or list the client JSON-encodes (dio's Map data).
	BodyMap
)

// Options are what Apply needs beyond the request.
type Options struct {
	Body Body
	// Rand feeds random values (Postman-Token); nil uses crypto/rand.
	Rand io.Reader
	// Remove names headers the user removed (curl's -H 'Name:'): the
	// client's default of that name is not sent either.
	Remove []string
}

// Profile is one client.
type Profile struct {
	Name    string
	Summary string
	// HTTPVersion is the version the client speaks, as probe.Request's
	// field ("1.1" for dart:io); "" lets the request negotiate.
	HTTPVersion string
	// build returns the header list as the client writes it; user holds
	// the headers the app set, in its order.
	build func(b *builder) []probe.Header
	// clientOrder: the list is the wire order, Host included (not first).
	clientOrder bool
}

// Names lists the profiles in the order --help shows them.
func Names() []string {
	out := make([]string, len(profiles))
	for i, p := range profiles {
		out[i] = p.Name
	}
	return out
}

// Lookup finds a profile by name (any case).
func Lookup(name string) (Profile, bool) {
	for _, p := range profiles {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Profile{}, false
}

// Default is the profile used when none is named: curl, as the README
// promises ("exactly as curl would").
const Default = "curl"

// Apply rewrites req.Headers, which hold only the headers the app (or the
// user) set, into the headers the named client sends: its own defaults in
// its order and case, the app's headers where that client puts them, and
// the Content-Type it gives an unlabelled body. A header the app set
// replaces the client's default of the same name. It sets HTTPVersion when
// the client speaks only one version and refuses a conflicting one.
func Apply(name string, req *probe.Request, o Options) error {
	p, ok := Lookup(name)
	if !ok {
		return fmt.Errorf("unknown client %q: use one of %s", name, strings.Join(Names(), ", "))
	}
	if p.HTTPVersion != "" {
		if req.HTTPVersion != "" && req.HTTPVersion != p.HTTPVersion {
			return fmt.Errorf("--client %s speaks only HTTP/%s, but HTTP/%s was asked for", p.Name, p.HTTPVersion, req.HTTPVersion)
		}
		req.HTTPVersion = p.HTTPVersion
	}
	b := &builder{req: req, user: slices.Clone(req.Headers), opts: o}
	req.Headers = p.build(b)
	for _, name := range o.Remove {
		req.DelHeader(name)
	}
	req.ClientOrder = p.clientOrder
	return nil
}

// builder holds what the profiles read.
type builder struct {
	req  *probe.Request
	user []probe.Header
	opts Options
}

// has reports whether the app set the header name (any case).
func (b *builder) has(name string) bool {
	_, ok := probe.LookupHeader(b.user, name)
	return ok
}

// value is the app's value for name, or def when it set none.
func (b *builder) value(name, def string) string {
	if v, ok := probe.LookupHeader(b.user, name); ok {
		return v
	}
	return def
}

// others are the app's headers except the names listed.
func (b *builder) others(except ...string) []probe.Header {
	var out []probe.Header
	for _, h := range b.user {
		if !slices.ContainsFunc(except, func(n string) bool { return strings.EqualFold(n, h.Name) }) {
			out = append(out, h)
		}
	}
	return out
}

// hasBody: the request carries body bytes (or a file read at send time).
func (b *builder) hasBody() bool {
	return len(b.req.Body) > 0 || b.req.BodyFile != "" || b.opts.Body != BodyNone
}

// bodyLength is the Content-Length value; probe recomputes it from the body
// actually sent, so this is only its position and name.
func (b *builder) bodyLength() string {
	return fmt.Sprint(len(b.req.Body))
}

// host is the Host value the URL gives.
func (b *builder) host() string {
	return probe.HostHeaderFor(b.req.URL)
}

func lower(hs []probe.Header) []probe.Header {
	out := make([]probe.Header, len(hs))
	for i, h := range hs {
		out[i] = probe.Header{Name: strings.ToLower(h.Name), Value: h.Value}
	}
	return out
}
