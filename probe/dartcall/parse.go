package dartcall

import (
	"fmt"
	"strings"
)

// node is an expression of the subset. Nothing here is ever run: the
// reader only looks at literals, names and the shape of calls.
type node interface{ pos() int }

type (
	strNode struct {
		at    int
		parts []strPart // literal text and parsed interpolations
		exprs []node    // exprs[i] is parts[i]'s expression, nil for text
	}
	numNode struct {
		at   int
		text string
	}
	litNode struct {
		at   int
		text string
	} // true, false, null
	nameNode struct {
		at   int
		path []string
	} // a.b.c
	mapNode struct {
		at   int
		keys []node
		vals []node
	}
	listNode struct {
		at    int
		items []node
	}
	callNode struct {
		at     int
		callee node // a nameNode for f(...), a.b(...); anything else otherwise
		args   []node
		named  []namedArg
	}
	indexNode struct {
		at     int
		target node
		index  node
	}
	// memberNode is target.name where target is not a plain name
	// (jsonEncode(x).toString, 'a'.trim).
	memberNode struct {
		at     int
		target node
		name   string
	}
	plusNode struct {
		at          int
		left, right node
	}
	// cascadeNode is target..section..section.
	cascadeNode struct {
		at       int
		target   node
		sections []assign
	}
	// opaque is an expression outside the subset (a ternary, a closure):
	// it has no value, and using it is an error.
	opaque struct {
		at   int
		what string
	}
)

// namedArg is name: value in a call.
type namedArg struct {
	name string
	val  node
}

// assign is a cascade section or a statement: target = value, or a call
// on target (value nil, call set).
type assign struct {
	target node // relative to the cascade's object when in a cascade
	value  node
	call   *callNode
}

func (n *strNode) pos() int     { return n.at }
func (n *numNode) pos() int     { return n.at }
func (n *litNode) pos() int     { return n.at }
func (n *nameNode) pos() int    { return n.at }
func (n *mapNode) pos() int     { return n.at }
func (n *listNode) pos() int    { return n.at }
func (n *callNode) pos() int    { return n.at }
func (n *indexNode) pos() int   { return n.at }
func (n *plusNode) pos() int    { return n.at }
func (n *memberNode) pos() int  { return n.at }
func (n *cascadeNode) pos() int { return n.at }
func (n *opaque) pos() int      { return n.at }

// maxDepth bounds nesting, so that hostile input cannot exhaust the stack.
const maxDepth = 100

// maxLookahead bounds how far the parser looks ahead to tell type
// arguments and function literals apart, so that reading stays linear.
const maxLookahead = 256

// parser reads tokens; errors carry the source offset.
type parser struct {
	toks  []token
	i     int
	depth int
}

type syntaxError struct {
	at  int
	msg string
}

func (e *syntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.at, e.msg) }

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *parser) is(text string) bool {
	t := p.peek()
	return (t.kind == tPunct || t.kind == tIdent) && t.text == text
}

func (p *parser) accept(text string) bool {
	if p.is(text) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expect(text string) error {
	if !p.accept(text) {
		return p.errf("expected %q", text)
	}
	return nil
}

func (p *parser) errf(format string, args ...any) error {
	t := p.peek()
	found := t.text
	switch t.kind {
	case tEOF:
		found = "the end"
	case tString:
		found = "a string"
	}
	return &syntaxError{at: t.pos, msg: fmt.Sprintf(format, args...) + ", found " + quoteShort(found)}
}

func quoteShort(s string) string {
	if len(s) > 20 {
		s = s[:20] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// expr := ['await'] additive [ '??' expr ] cascade*
func (p *parser) expr() (node, error) {
	if p.depth++; p.depth > maxDepth {
		return nil, p.errf("nesting deeper than %d", maxDepth)
	}
	defer func() { p.depth-- }()
	for p.is("await") || p.is("const") || p.is("new") {
		p.next()
	}
	n, err := p.additive()
	if err != nil {
		return nil, err
	}
	if p.accept("??") {
		// a ?? b: the subset reads a; b is only a fallback.
		if _, err := p.expr(); err != nil {
			return nil, err
		}
	}
	if p.is("?") {
		return &opaque{at: n.pos(), what: "a conditional expression"}, p.skipExpr()
	}
	if p.is("..") || p.is("?..") {
		c := &cascadeNode{at: n.pos(), target: n}
		for p.accept("..") || p.accept("?..") {
			s, err := p.section()
			if err != nil {
				return nil, err
			}
			c.sections = append(c.sections, s)
		}
		return c, nil
	}
	return n, nil
}

// skipExpr passes over an expression outside the subset, up to the next
// ',', ';' or closing bracket at its level.
func (p *parser) skipExpr() error {
	depth := 0
	for n := 0; n < len(p.toks); n++ {
		t := p.peek()
		if t.kind == tEOF {
			return nil
		}
		if t.kind == tPunct {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					return nil
				}
				depth--
			case ",", ";":
				if depth == 0 {
					return nil
				}
			}
		}
		p.next()
	}
	return nil
}

// section is one cascade section: a selector chain, then '= expr' or not.
func (p *parser) section() (assign, error) {
	t := p.peek()
	if t.kind != tIdent {
		return assign{}, p.errf("expected a name after '..'")
	}
	p.next()
	var target node = &nameNode{at: t.pos, path: []string{t.text}}
	target, err := p.selectors(target)
	if err != nil {
		return assign{}, err
	}
	if p.accept("=") {
		v, err := p.additive()
		if err != nil {
			return assign{}, err
		}
		return assign{target: target, value: v}, nil
	}
	if c, ok := target.(*callNode); ok {
		return assign{target: c.callee, call: c}, nil
	}
	return assign{target: target}, nil
}

// additive := postfix ('+' postfix)*
func (p *parser) additive() (node, error) {
	n, err := p.postfix()
	if err != nil {
		return nil, err
	}
	for p.is("+") {
		at := p.next().pos
		r, err := p.postfix()
		if err != nil {
			return nil, err
		}
		n = &plusNode{at: at, left: n, right: r}
	}
	if p.is("-") || p.is("*") || p.is("/") || p.is("%") || p.is("==") || p.is("!=") || p.is("&&") || p.is("||") || p.is("<") || p.is(">") {
		return &opaque{at: n.pos(), what: "arithmetic or a comparison"}, p.skipExpr()
	}
	return n, nil
}

// postfix := primary selector*
func (p *parser) postfix() (node, error) {
	n, err := p.primary()
	if err != nil {
		return nil, err
	}
	return p.selectors(n)
}

// selectors reads .name, ?.name, [index], (args), <types>(args) and '!'.
func (p *parser) selectors(n node) (node, error) {
	for steps := 0; steps < len(p.toks); steps++ {
		switch {
		case p.is(".") || p.is("?."):
			p.next()
			t := p.next()
			if t.kind != tIdent {
				return nil, &syntaxError{at: t.pos, msg: "expected a name after '.'"}
			}
			if nm, ok := n.(*nameNode); ok {
				nm.path = append(nm.path, t.text)
			} else {
				n = &memberNode{at: t.pos, target: n, name: t.text}
			}
		case p.is("!"):
			p.next()
		case p.is("["):
			at := p.next().pos
			idx, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			n = &indexNode{at: at, target: n, index: idx}
		case p.is("<") && p.typeArgsThenCall():
			if err := p.skipTypeArgs(); err != nil {
				return nil, err
			}
		case p.is("("):
			c, err := p.call(n)
			if err != nil {
				return nil, err
			}
			n = c
		default:
			return n, nil
		}
	}
	return n, nil
}

// typeArgsThenCall: '<' starts type arguments followed by '(' or '{' or
// '[' (a generic call or literal), not a comparison.
func (p *parser) typeArgsThenCall() bool {
	depth := 0
	for k := 0; p.i+k < len(p.toks) && k < maxLookahead; k++ {
		t := p.peekAt(k)
		switch {
		case t.kind == tPunct && t.text == "<":
			depth++
		case t.kind == tPunct && t.text == ">":
			if depth--; depth == 0 {
				nx := p.peekAt(k + 1)
				return nx.kind == tPunct && (nx.text == "(" || nx.text == "{" || nx.text == "[")
			}
		case t.kind == tIdent || t.kind == tPunct && (t.text == "," || t.text == "?" || t.text == "."):
		default:
			return false
		}
	}
	return false
}

func (p *parser) skipTypeArgs() error {
	depth := 0
	for p.peek().kind != tEOF {
		t := p.next()
		if t.text == "<" {
			depth++
		} else if t.text == ">" {
			if depth--; depth == 0 {
				return nil
			}
		}
	}
	return p.errf("unclosed type arguments")
}

// call reads (args) after callee.
func (p *parser) call(callee node) (*callNode, error) {
	c := &callNode{at: p.next().pos, callee: callee}
	for !p.is(")") {
		if p.peek().kind == tIdent && p.peekAt(1).kind == tPunct && p.peekAt(1).text == ":" {
			name := p.next().text
			p.next()
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			c.named = append(c.named, namedArg{name: name, val: v})
		} else {
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, v)
		}
		if !p.accept(",") {
			break
		}
	}
	return c, p.expect(")")
}

// primary := string+ | number | literal | name | map | list | (expr)
func (p *parser) primary() (node, error) {
	t := p.peek()
	switch t.kind {
	case tString:
		s := &strNode{at: t.pos}
		for p.peek().kind == tString { // adjacent literals concatenate
			for _, part := range p.next().parts {
				var e node
				if part.expr != "" {
					var err error
					if e, err = parseInterpolation(part, p.depth); err != nil {
						return nil, err
					}
				}
				s.parts = append(s.parts, part)
				s.exprs = append(s.exprs, e)
			}
		}
		return s, nil
	case tNumber:
		p.next()
		return &numNode{at: t.pos, text: t.text}, nil
	case tIdent:
		switch t.text {
		case "true", "false", "null":
			p.next()
			return &litNode{at: t.pos, text: t.text}, nil
		case "const", "new", "await":
			p.next()
			return p.postfix()
		}
		p.next()
		return &nameNode{at: t.pos, path: []string{t.text}}, nil
	case tPunct:
		switch t.text {
		case "<":
			if err := p.skipTypeArgs(); err != nil {
				return nil, err
			}
			return p.primary()
		case "{":
			return p.mapLiteral()
		case "[":
			return p.listLiteral()
		case "(":
			if p.closureAhead() {
				return &opaque{at: t.pos, what: "a function literal"}, p.skipExpr()
			}
			p.next()
			n, err := p.expr()
			if err != nil {
				return nil, err
			}
			return n, p.expect(")")
		case "-":
			p.next()
			if n := p.peek(); n.kind == tNumber {
				p.next()
				return &numNode{at: t.pos, text: "-" + n.text}, nil
			}
		}
	}
	return nil, p.errf("expected a value")
}

// closureAhead: '(' ... ')' followed by '=>' or '{' (a function literal).
func (p *parser) closureAhead() bool {
	depth := 0
	for k := 0; p.i+k < len(p.toks) && k < maxLookahead; k++ {
		t := p.peekAt(k)
		if t.kind == tEOF {
			return false
		}
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(":
			depth++
		case ")":
			if depth--; depth == 0 {
				nx := p.peekAt(k + 1)
				return nx.kind == tPunct && (nx.text == "=>" || nx.text == "{") || nx.kind == tIdent && nx.text == "async"
			}
		}
	}
	return false
}

func (p *parser) mapLiteral() (node, error) {
	m := &mapNode{at: p.next().pos}
	for !p.is("}") {
		if p.is("...") || p.is("if") || p.is("for") {
			return nil, p.errf("spreads and collection if/for are not read")
		}
		k, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.accept(":") {
			// A set literal: keep its items as a list.
			l := &listNode{at: m.at, items: []node{k}}
			for p.accept(",") && !p.is("}") {
				v, err := p.expr()
				if err != nil {
					return nil, err
				}
				l.items = append(l.items, v)
			}
			return l, p.expect("}")
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		m.keys, m.vals = append(m.keys, k), append(m.vals, v)
		if !p.accept(",") {
			break
		}
	}
	return m, p.expect("}")
}

func (p *parser) listLiteral() (node, error) {
	l := &listNode{at: p.next().pos}
	for !p.is("]") {
		if p.is("...") || p.is("if") || p.is("for") {
			return nil, p.errf("spreads and collection if/for are not read")
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		l.items = append(l.items, v)
		if !p.accept(",") {
			break
		}
	}
	return l, p.expect("]")
}

// parseInterpolation parses the source of ${...} or $name.
func parseInterpolation(part strPart, depth int) (node, error) {
	toks, err := lex(part.expr)
	if err != nil {
		return nil, err
	}
	for i := range toks {
		toks[i].pos += part.pos
	}
	q := &parser{toks: toks, depth: depth}
	n, err := q.expr()
	if err != nil {
		return nil, err
	}
	if q.peek().kind != tEOF {
		return &opaque{at: part.pos, what: "the interpolation ${" + strings.TrimSpace(part.expr) + "}"}, nil
	}
	return n, nil
}
