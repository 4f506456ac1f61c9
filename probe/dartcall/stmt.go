package dartcall

import "sync"

// stmt is one statement the reader understood: a declaration (name set),
// an assignment (target set) or an expression.
type stmt struct {
	name   string
	target node
	value  node
}

// statements finds the statements of src that the subset can read. It
// tries to read one at every statement start (the beginning, and after
// ';', '{', '}' or '=>'); what it cannot read (a function header, a class,
// a loop) is passed over, which is how a snippet inside a function or a
// class is still found.
func statements(toks []token) []stmt {
	var out []stmt
	start := true
	for i := 0; i < len(toks) && toks[i].kind != tEOF; {
		if start {
			if s, n, ok := statementAt(toks, i); ok {
				out = append(out, s)
				i = n
				start = true
				continue
			}
		}
		t := toks[i]
		start = t.kind == tPunct && (t.text == ";" || t.text == "{" || t.text == "}" || t.text == "=>") ||
			t.kind == tIdent && (t.text == "async" || t.text == "else" || t.text == "try")
		i++
	}
	return out
}

var modifiers = sync.OnceValue(func() map[string]bool {
	return map[string]bool{"final": true, "var": true, "const": true, "late": true, "static": true, "return": true, "await": false}
})

// statementAt reads one statement at toks[i]: where it ends, and whether
// it was one the subset reads.
func statementAt(toks []token, i int) (stmt, int, bool) {
	p := &parser{toks: toks, i: i}
	for p.peek().kind == tIdent && modifiers()[p.peek().text] {
		p.next()
	}
	if p.peek().kind != tIdent && p.peek().kind != tString && !p.is("(") {
		return stmt{}, i, false
	}
	var s stmt
	if name, ok := p.declHead(); ok {
		v, err := p.expr()
		if err != nil || !p.end() {
			return stmt{}, i, false
		}
		s = stmt{name: name, value: v}
	} else {
		e, err := p.expr()
		if err != nil {
			return stmt{}, i, false
		}
		if p.accept("=") {
			v, err := p.expr()
			if err != nil || !p.end() {
				return stmt{}, i, false
			}
			s = stmt{target: e, value: v}
		} else {
			if !p.end() {
				return stmt{}, i, false
			}
			s = stmt{value: e}
		}
	}
	if _, ok := s.value.(*opaque); ok && s.name == "" {
		return stmt{}, i, false
	}
	return s, p.i, true
}

// end accepts the end of a statement: ';', or a '}' or the end of input
// left for the caller.
func (p *parser) end() bool {
	if p.accept(";") || p.accept(",") {
		return true
	}
	return p.is("}") || p.is(")") || p.peek().kind == tEOF
}

// declHead reads "[Type] name =" of a declaration and returns the name.
// Type is a dotted name with type arguments and '?'. It leaves the parser
// where it was when this is not a declaration.
func (p *parser) declHead() (string, bool) {
	save := p.i
	var names []string
	for k := 0; k < 2 && p.peek().kind == tIdent; k++ {
		names = append(names, p.next().text)
		for p.is(".") && p.peekAt(1).kind == tIdent && k == 0 {
			p.next()
			names[len(names)-1] += "." + p.next().text
		}
		if p.is("<") && k == 0 {
			if err := p.skipTypeArgs(); err != nil {
				p.i = save
				return "", false
			}
		}
		p.accept("?")
		if p.is("=") {
			if containsDot(names[len(names)-1]) {
				break // a.b = v: an assignment, read as one
			}
			p.next()
			return names[len(names)-1], true
		}
	}
	p.i = save
	return "", false
}

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}
