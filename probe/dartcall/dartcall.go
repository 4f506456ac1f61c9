// Package dartcall reads an HTTP call written in Dart, with package:http
// or dio, and builds the request that client would send. It is a small
// recursive-descent reader for the subset such calls are written in:
// string literals with interpolation, map and list literals, Uri.parse,
// Uri.https, jsonEncode, http.get/post/put/patch/delete/head,
// http.Request with its cascades, and dio with Options and BaseOptions.
// Nothing is ever executed or evaluated beyond reading literals: a name
// the snippet does not define is reported (Call.Unknown) and takes its
// value from the caller (Parse's vars).
package dartcall

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/clients"
)

// MaxSource bounds the snippet read.
const MaxSource = 256 << 10

// Call is the HTTP call found in a snippet.
type Call struct {
	// Client is the probe/clients profile that sends it: "dart" for
	// package:http, "dio" for dio.
	Client string
	Method string
	URL    string
	// Headers are the ones the app sets, in its order (the client's own
	// are added by Request).
	Headers []probe.Header
	Body    []byte
	// BodyKind is what the app passed as the body.
	BodyKind clients.Body
	// Unknown lists the names the snippet uses but does not define
	// (token, auth.token), in order of use, that vars did not give.
	Unknown []string
}

// UnknownError is returned by Request when names are still unknown.
type UnknownError struct{ Names []string }

func (e *UnknownError) Error() string {
	return "the Dart code uses names it does not define: " + strings.Join(e.Names, ", ") + " (give each with --dart-var NAME=VALUE)"
}

// Parse finds the first HTTP call in src and reads it. vars gives values
// for names the snippet does not define, by their dotted name
// ("token", "auth.token"). An error says what could not be read and
// where (a byte offset in src).
func Parse(src string, vars map[string]string) (Call, error) {
	if len(src) > MaxSource {
		return Call{}, fmt.Errorf("the Dart code is %d bytes; at most %d are read", len(src), MaxSource)
	}
	toks, err := lex(src)
	if err != nil {
		return Call{}, err
	}
	e := &evaluator{env: map[string]node{}, vars: vars}
	e.stmts = statements(toks)
	for _, s := range e.stmts {
		if s.name != "" {
			e.env[s.name] = s.value
		}
	}
	for _, s := range e.stmts {
		if s.name != "" {
			// final request = http.Request(...)..headers[...]: the object,
			// its cascades and the statements on its variable.
			ref := &callNode{args: []node{&nameNode{at: s.value.pos(), path: []string{s.name}}}}
			if r, ok := e.requestObject(ref, nil); ok {
				call, err := e.requestCall(r)
				call.Unknown = e.unknown
				return call, err
			}
		}
		for _, c := range calls(s.value, 0) {
			call, ok, err := e.readCall(c)
			if err != nil {
				return Call{}, err
			}
			if ok {
				call.Unknown = e.unknown
				return call, nil
			}
		}
	}
	return Call{}, ErrNoCall
}

// ErrNoCall: the source holds no HTTP call the reader knows, so it is
// probably not Dart (a caller telling a curl command from a Dart call
// tries Parse and checks for this).
var ErrNoCall = errors.New("no package:http or dio call found (http.get(Uri.parse(...)), http.post, http.Request, dio.get, dio.post...)")

// Request is the request as the client sends it: the app's headers and
// body through the client's profile. It fails while names are unknown.
func (c Call) Request() (probe.Request, error) {
	if len(c.Unknown) > 0 {
		return probe.Request{}, &UnknownError{Names: c.Unknown}
	}
	req := probe.Request{
		Method:       c.Method,
		URL:          c.URL,
		Headers:      append([]probe.Header(nil), c.Headers...),
		Body:         c.Body,
		MaxRedirects: probe.DefaultMaxRedirects,
	}
	if err := clients.Apply(c.Client, &req, clients.Options{Body: c.BodyKind}); err != nil {
		return probe.Request{}, err
	}
	return req, nil
}

// calls lists the calls in n, outer before inner, in source order.
func calls(n node, depth int) []*callNode {
	if n == nil || depth > maxDepth {
		return nil
	}
	var out []*callNode
	switch v := n.(type) {
	case *callNode:
		out = append(out, v)
		out = append(out, calls(v.callee, depth+1)...)
		for _, a := range v.args {
			out = append(out, calls(a, depth+1)...)
		}
		for _, a := range v.named {
			out = append(out, calls(a.val, depth+1)...)
		}
	case *cascadeNode:
		out = append(out, calls(v.target, depth+1)...)
	case *memberNode:
		out = append(out, calls(v.target, depth+1)...)
	case *indexNode:
		out = append(out, calls(v.target, depth+1)...)
	}
	return out
}

var verbs = sync.OnceValue(func() map[string]string {
	return map[string]string{"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "head": "HEAD"}
})

// readCall builds the call when c is an HTTP call the subset knows.
func (e *evaluator) readCall(c *callNode) (Call, bool, error) {
	recv, method := e.callee(c)
	if method == "" {
		return Call{}, false, nil
	}
	dio := e.isDio(recv)
	verb, isVerb := verbs()[strings.TrimSuffix(method, "Uri")]
	switch {
	case dio && (isVerb || method == "request" || method == "requestUri"):
		call, err := e.dioCall(c, recv, verb)
		return call, true, err
	case isVerb && !strings.HasSuffix(method, "Uri") && len(c.args) >= 1 && e.httpReceiver(recv, c.args[0]):
		call, err := e.httpCall(c, verb)
		return call, true, err
	case method == "send":
		if r, ok := e.requestObject(c, recv); ok {
			call, err := e.requestCall(r)
			return call, true, err
		}
	case method == "Request" && len(c.args) == 2:
		call, err := e.requestCall(requestObj{ctor: c})
		return call, true, err
	case method == "MultipartRequest" || method == "StreamedRequest":
		return Call{}, false, errAt(c, "http.%s is not read: only http.Request and the http.get/post/... functions are", method)
	}
	return Call{}, false, nil
}

// callee splits c's callee into the receiver (a node, nil for a bare
// function) and the method name.
func (e *evaluator) callee(c *callNode) (node, string) {
	switch v := c.callee.(type) {
	case *nameNode:
		if len(v.path) == 1 {
			return nil, v.path[0]
		}
		return &nameNode{at: v.at, path: v.path[:len(v.path)-1]}, v.path[len(v.path)-1]
	case *memberNode:
		return v.target, v.name
	}
	return nil, ""
}

// isDio: the receiver is a Dio the snippet makes, or named like one.
func (e *evaluator) isDio(recv node) bool {
	if recv == nil {
		return false
	}
	if o := e.dioObject(recv); o != nil {
		return true
	}
	if nm, ok := recv.(*nameNode); ok {
		return strings.Contains(strings.ToLower(nm.path[len(nm.path)-1]), "dio")
	}
	return false
}

// dioObject is the Dio(...) construction the receiver refers to, or nil.
func (e *evaluator) dioObject(recv node) *callNode {
	n := e.resolve(recv)
	if cs, ok := n.(*cascadeNode); ok {
		n = cs.target
	}
	if c, ok := n.(*callNode); ok && calleeName(c) == "Dio" {
		return c
	}
	return nil
}

// httpReceiver: a call named get/post/... is package:http's when its
// receiver is http (or any import prefix or client named so) or its first
// argument is a Uri.
func (e *evaluator) httpReceiver(recv, first node) bool {
	if c, ok := e.resolve(first).(*callNode); ok && strings.HasPrefix(calleeName(c), "Uri") {
		return true
	}
	if s, ok := e.resolve(first).(*strNode); ok && len(s.parts) > 0 && s.exprs[0] == nil && strings.HasPrefix(s.parts[0].lit, "http") {
		return true
	}
	if recv == nil {
		return false
	}
	if nm, ok := recv.(*nameNode); ok {
		l := strings.ToLower(nm.path[len(nm.path)-1])
		return strings.Contains(l, "http") || strings.Contains(l, "client")
	}
	if c, ok := recv.(*callNode); ok {
		return strings.HasSuffix(calleeName(c), "Client")
	}
	return false
}

// httpCall reads http.get(url, headers: ..., body: ...) and its kin.
func (e *evaluator) httpCall(c *callNode, verb string) (Call, error) {
	call := Call{Client: "dart", Method: verb}
	var err error
	if call.URL, err = e.uri(c.args[0]); err != nil {
		return call, err
	}
	for _, a := range c.named {
		switch a.name {
		case "headers":
			if call.Headers, err = e.headers(a.val); err != nil {
				return call, err
			}
		case "body":
			if verb == "GET" || verb == "HEAD" {
				return call, errAt(a.val, "http.%s takes no body", strings.ToLower(verb))
			}
			if call.Body, call.BodyKind, err = e.bodyOf(a.val); err != nil {
				return call, err
			}
		case "encoding":
			if s := nodeText(a.val); s != "utf8" && s != "" {
				return call, errAt(a.val, "encoding: %s is not read; only the default utf8 is", s)
			}
		}
	}
	return call, nil
}

func nodeText(n node) string {
	if nm, ok := n.(*nameNode); ok {
		return strings.Join(nm.path, ".")
	}
	return ""
}

// requestObj is an http.Request: its construction, the cascade sections
// on it and the variable that holds it (whose statements also apply).
type requestObj struct {
	ctor     *callNode
	sections []assign
	variable string
}

// requestObject finds the http.Request that client.send(request) or
// request.send() sends.
func (e *evaluator) requestObject(c *callNode, recv node) (requestObj, bool) {
	candidates := []node{recv}
	if len(c.args) == 1 {
		candidates = []node{c.args[0]}
	}
	for _, n := range candidates {
		if n == nil {
			continue
		}
		var r requestObj
		if nm, ok := n.(*nameNode); ok && len(nm.path) == 1 {
			r.variable = nm.path[0]
		}
		v := e.resolve(n)
		if cs, ok := v.(*cascadeNode); ok {
			r.sections = cs.sections
			v = cs.target
		}
		if ctor, ok := v.(*callNode); ok && strings.HasSuffix(calleeName(ctor), "Request") && len(ctor.args) == 2 {
			r.ctor = ctor
			return r, true
		}
	}
	return requestObj{}, false
}

// requestCall reads an http.Request with its cascade sections and the
// statements on its variable, in order. Setting body adds package:http's
// Content-Type at that moment, as the body setter does.
func (e *evaluator) requestCall(r requestObj) (Call, error) {
	call := Call{Client: "dart"}
	m, err := e.str(r.ctor.args[0])
	if err != nil {
		return call, err
	}
	call.Method = strings.ToUpper(m)
	if call.URL, err = e.uri(r.ctor.args[1]); err != nil {
		return call, err
	}
	ops := r.sections
	if r.variable != "" {
		for _, s := range e.stmts {
			if a, ok := onVariable(s, r.variable); ok {
				ops = append(ops, a)
			}
		}
	}
	for _, op := range ops {
		if err := e.applyRequestOp(&call, op); err != nil {
			return call, err
		}
	}
	return call, nil
}

// onVariable turns a statement on variable v (v.headers[k] = x,
// v.body = x, v.headers.addAll(m)) into the cascade section it equals.
func onVariable(s stmt, v string) (assign, bool) {
	strip := func(n node) (node, bool) {
		switch t := n.(type) {
		case *nameNode:
			if len(t.path) > 1 && t.path[0] == v {
				return &nameNode{at: t.at, path: t.path[1:]}, true
			}
		case *indexNode:
			if inner, ok := t.target.(*nameNode); ok && len(inner.path) > 1 && inner.path[0] == v {
				return &indexNode{at: t.at, target: &nameNode{at: inner.at, path: inner.path[1:]}, index: t.index}, true
			}
		}
		return nil, false
	}
	if s.target != nil {
		if t, ok := strip(s.target); ok {
			return assign{target: t, value: s.value}, true
		}
		return assign{}, false
	}
	if c, ok := s.value.(*callNode); ok {
		if t, ok := strip(c.callee); ok {
			return assign{target: t, call: &callNode{at: c.at, callee: t, args: c.args, named: c.named}}, true
		}
	}
	return assign{}, false
}

func (e *evaluator) applyRequestOp(call *Call, op assign) error {
	switch t := op.target.(type) {
	case *indexNode:
		if nodeText(t.target) != "headers" || op.value == nil {
			return nil
		}
		k, err := e.str(t.index)
		if err != nil {
			return err
		}
		v, err := e.str(op.value)
		if err != nil {
			return err
		}
		call.Headers = setHeader(call.Headers, k, v)
	case *nameNode:
		switch strings.Join(t.path, ".") {
		case "headers.addAll":
			if op.call == nil || len(op.call.args) != 1 {
				return nil
			}
			hs, err := e.headers(op.call.args[0])
			if err != nil {
				return err
			}
			for _, h := range hs {
				call.Headers = setHeader(call.Headers, h.Name, h.Value)
			}
		case "body":
			s, err := e.str(op.value)
			if err != nil {
				return err
			}
			call.Body, call.BodyKind = []byte(s), clients.BodyString
			call.Headers = dartBodyContentType(call.Headers, "text/plain")
		case "bodyFields":
			s, err := e.formEncode(op.value)
			if err != nil {
				return err
			}
			call.Body, call.BodyKind = []byte(s), clients.BodyForm
			call.Headers = dartBodyContentType(call.Headers, "application/x-www-form-urlencoded")
		case "bodyBytes":
			return errAt(op.value, "bodyBytes is not read: set body to a String")
		}
	}
	return nil
}

// dartBodyContentType adds the Content-Type package:http's body setters
// add when there is none (a text type gets its charset later, in
// probe/clients).
func dartBodyContentType(hs []probe.Header, mt string) []probe.Header {
	if _, ok := probe.LookupHeader(hs, "Content-Type"); ok {
		return hs
	}
	if mt == "text/plain" {
		mt = clients.DartStringContentType
	}
	return append(hs, probe.Header{Name: "content-type", Value: mt})
}
