// Package reqdiff compares two requests ("works in curl, not in my app")
// and lines their differences up in groups: method, URL, headers,
// credentials, body, transport. Each difference names the causes of the
// catalogue it could explain, and those a request may be tested on are
// also units: changes that turn the second request (B) into the first
// (A) one at a time, for checks/bisect. Values are shown masked through
// probe.Redactor unless revealed. Nothing is sent and no name resolved.
package reqdiff

import (
	"strings"

	"github.com/why403/why403/probe"
)

// Groups, in the order they are shown.
const (
	GroupMethod      = "method"
	GroupURL         = "url"
	GroupHeaders     = "headers"
	GroupCredentials = "credentials"
	GroupBody        = "body"
	GroupTransport   = "transport"
)

// Groups lists the groups in order.
func Groups() []string {
	return []string{GroupMethod, GroupURL, GroupHeaders, GroupCredentials, GroupBody, GroupTransport}
}

// Kinds of a difference.
const (
	Changed    = "changed"    // both have it, with other values
	OnlyA      = "only_a"     // A has it, B does not
	OnlyB      = "only_b"     // B has it, A does not
	Case       = "case"       // header names spelt in another case
	Order      = "order"      // the same headers in another order
	Duplicates = "duplicates" // a header sent a different number of times
)

// Side is one request to compare, with what was recorded of its sending.
type Side struct {
	Request probe.Request
	// RemoteAddr is the server address recorded (a HAR's serverIPAddress),
	// "" when none was.
	RemoteAddr string
	// Proto is the protocol recorded ("HTTP/2.0"), "" when the request
	// was not sent yet (its HTTPVersion then says what would be asked).
	Proto string
}

// Item is one difference.
type Item struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
	// Name says what differs: "User-Agent", "query page", "scheme".
	Name string `json:"name"`
	// A and B are the values, masked unless revealed; "" when absent.
	A string `json:"a,omitempty"`
	B string `json:"b,omitempty"`
	// Note adds a hint ("tokens from different environments").
	Note string `json:"note,omitempty"`
	// Causes are the catalogue's causes this difference could explain.
	Causes []string `json:"causes"`
	// Unit is the index of the unit that undoes this difference in B, -1
	// when it is not one bisect can try (scheme, host, transport).
	Unit int `json:"unit"`
}

// Unit is one change bisect may apply to B to bring it towards A.
type Unit struct {
	Kind string `json:"kind"` // method, path, query, header, case, order, body, field
	// Key is what the unit changes: a lower-case header name, a query
	// parameter or a JSON field; "" for method, path, case, order, body.
	Key string `json:"key,omitempty"`
	// Said is the change in words, masked: "User-Agent (Dart/3.5 (dart:io)
	// → curl/8.5.0)", "the missing X-App-Version".
	Said string `json:"said"`
	// Bypass marks a header 403-bypass tools use (X-Forwarded-For, ...):
	// never sent in a test, reported as not tested.
	Bypass bool `json:"bypass,omitempty"`
}

// Diff is the comparison of A and B.
type Diff struct {
	Items []Item `json:"differences"`
	Units []Unit `json:"units"`
	a, b  probe.Request
}

// Options steer a comparison.
type Options struct {
	// Reveal shows secrets as they are.
	Reveal bool
	// RevealHint names what shows the secrets where the diff is read
	// ("--reveal" in the CLI, a key in the app), for the note on values
	// that differ but look alike masked; empty: the note names nothing.
	RevealHint string
}

// Compare lines up the differences between A and B.
func Compare(a, b Side, opt Options) Diff {
	c := comparer{
		a: normal(a.Request), b: normal(b.Request),
		ra: probe.NewRedactor(a.Request, opt.Reveal), rb: probe.NewRedactor(b.Request, opt.Reveal),
		reveal: opt.Reveal, hint: opt.RevealHint,
	}
	c.method()
	c.url()
	c.headers()
	c.body()
	c.transport(a, b)
	return Diff{Items: c.items, Units: c.units, a: c.a, b: c.b}
}

// Empty reports that A and B do not differ.
func (d Diff) Empty() bool { return len(d.Items) == 0 }

// A and B are the requests compared, as normalised (credentials as the
// Authorization header they become, the method upper-case).
func (d Diff) A() probe.Request { return d.a }

// B is the second request compared, normalised as A.
func (d Diff) B() probe.Request { return d.b }

// Testable are the units bisect may try (not a bypass header).
func (d Diff) Testable() []int {
	var out []int
	for i, u := range d.Units {
		if !u.Bypass {
			out = append(out, i)
		}
	}
	return out
}

type comparer struct {
	a, b   probe.Request
	ra, rb probe.Redactor
	reveal bool
	hint   string
	items  []Item
	units  []Unit
}

func (c *comparer) add(it Item) {
	if it.Causes == nil {
		it.Causes = []string{}
	}
	if (it.Kind == Changed || it.Kind == Duplicates) && it.A == it.B && !c.reveal {
		note := "the values differ but look alike masked"
		if c.hint != "" {
			note += " (" + c.hint + " shows them)"
		}
		it.Note = joinNote(it.Note, note)
	}
	c.items = append(c.items, it)
}

// unit adds a unit and returns its index.
func (c *comparer) unit(u Unit) int {
	c.units = append(c.units, u)
	return len(c.units) - 1
}

// normal is r as it goes on the wire, for comparing: the credentials of
// -u or --oauth2-bearer as the Authorization header they become, the
// method upper-case.
func normal(r probe.Request) probe.Request {
	r.Headers = r.EffectiveHeaders()
	r.Auth = probe.Credentials{}
	r.Method = strings.ToUpper(r.Method)
	if r.Method == "" {
		r.Method = "GET"
	}
	return r
}

func (c *comparer) method() {
	if c.a.Method == c.b.Method {
		return
	}
	u := c.unit(Unit{Kind: "method", Said: "the method (" + c.b.Method + " → " + c.a.Method + ")"})
	c.add(Item{Group: GroupMethod, Kind: Changed, Name: "method", A: c.a.Method, B: c.b.Method, Causes: methodCauses, Unit: u})
}
