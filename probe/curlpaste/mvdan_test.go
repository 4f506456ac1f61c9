package curlpaste

import (
	"errors"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// mvdanWords is Words as it was written on mvdan.cc/sh/v3/syntax, kept as
// the reference the differential test and FuzzWordsMatchMvdan hold
// Words to: that parser reads the whole of bash, so where it finds one
// simple command of plain words, Words must find the same words. The
// package itself no longer links it (its init alone cost start-up about
// half a millisecond).
func mvdanWords(cmd string) ([]string, error) {
	src, err := pasteSource(cmd)
	if err != nil {
		return nil, err
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		if syntax.IsIncomplete(err) {
			return nil, refuse("%s", errIncomplete)
		}
		var pe syntax.ParseError
		if errors.As(err, &pe) {
			return nil, refuse("not a bash command line: %s at line %d, column %d", pe.Text, pe.Pos.Line(), pe.Pos.Col())
		}
		return nil, refuse("not a bash command line: %v", err)
	}
	call, err := mvdanOneCall(src, f)
	if err != nil {
		return nil, err
	}
	words := make([]string, 0, len(call.Args))
	for _, w := range call.Args {
		s, err := mvdanLiteral(src, w)
		if err != nil {
			return nil, err
		}
		words = append(words, s)
	}
	if first := words[0]; first != "curl" && !strings.EqualFold(first, "curl.exe") {
		return nil, refuse("the command is %s, not curl: paste a curl command (Copy as cURL (bash))", shown(first))
	}
	words[0] = "curl"
	return words, nil
}

// oneCall is the pasted command's one simple command, or why it is not
// one.
func mvdanOneCall(src string, f *syntax.File) (*syntax.CallExpr, error) {
	switch {
	case len(f.Stmts) == 0:
		return nil, refuse("nothing to read: paste a curl command")
	case len(f.Stmts) > 1:
		first, second := f.Stmts[0], f.Stmts[1]
		if first.Background {
			return nil, refuse("%s", errBackground)
		}
		if first.Semicolon.IsValid() {
			return nil, refuse("; runs %s after curl: why403 runs no commands; paste the curl command alone", shown(mvdanSnippet(src, second)))
		}
		line := second.Pos().Line()
		lines := strings.Split(src, "\n")
		if prev := lines[line-2]; strings.HasSuffix(strings.TrimRight(prev, " \t"), `\`) && prev != strings.TrimRight(prev, " \t") {
			return nil, refuse(`line %d ends with a \ followed by spaces, so the \ does not continue the line: remove the spaces after it`, line-1)
		}
		return nil, refuse(`line %d starts another command (%s): the line before it does not end with \; paste the curl command alone, or end each line but the last with \`, line, shown(mvdanSnippet(src, second)))
	}
	st := f.Stmts[0]
	if len(st.Redirs) > 0 {
		r := st.Redirs[0]
		return nil, refuse("%s is a redirection: why403 shows the response itself and reads or writes no file this way; remove it", shown(mvdanSnippet(src, r)))
	}
	if st.Background {
		return nil, refuse("%s", errBackground)
	}
	if st.Negated {
		return nil, refuse("! before the command negates its exit status: remove it")
	}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		if len(c.Assigns) > 0 {
			a := c.Assigns[0]
			if len(c.Args) == 0 {
				return nil, refuse("%s only sets a shell variable: paste a curl command", shown(mvdanSnippet(src, a)))
			}
			return nil, refuse("%s sets a shell variable for the command: why403 reads no variables; paste the value where it is used", shown(mvdanSnippet(src, a)))
		}
		return c, nil
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.Pipe, syntax.PipeAll:
			return nil, refuse("%s sends curl's output to another command (%s): why403 runs no commands; paste the curl command alone", c.Op, shown(mvdanSnippet(src, c.Y)))
		}
		return nil, refuse("%s runs another command (%s): why403 runs no commands; paste the curl command alone", c.Op, shown(mvdanSnippet(src, c.Y)))
	case nil:
		return nil, refuse("nothing to read: paste a curl command")
	}
	return nil, refuse("%s is not a simple curl command: paste the curl command alone", shown(mvdanSnippet(src, st)))
}

// literal is the value of word w, or why it has none without expanding
// something.
func mvdanLiteral(src string, w *syntax.Word) (string, error) {
	if mvdanBraceExpands(&syntax.Word{Parts: w.Parts}) {
		return "", refuse("%s is a brace expansion: the shell would make several words of it; put the word in single quotes ('…')", shown(mvdanSnippet(src, w)))
	}
	var b strings.Builder
	var prev byte // the last unquoted byte, for ~ after =
	for i, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			if err := mvdanUnquoted(&b, src, w, p.Value, i == 0, &prev); err != nil {
				return "", err
			}
			continue
		case *syntax.SglQuoted:
			if !p.Dollar {
				b.WriteString(p.Value)
				break
			}
			s, err := ansiC(p.Value)
			if err != nil {
				return "", refuse("%s %v", shown(mvdanSnippet(src, p)), err)
			}
			b.WriteString(s)
		case *syntax.DblQuoted:
			if p.Dollar {
				return "", refuse(`%s is a locale translation ($"…"): why403 never translates; use single quotes ('…')`, shown(mvdanSnippet(src, p)))
			}
			for _, q := range p.Parts {
				lit, ok := q.(*syntax.Lit)
				if !ok {
					return "", mvdanExpansion(src, q)
				}
				if err := doubleQuoted(&b, lit.Value); err != nil {
					return "", err
				}
			}
		default:
			return "", mvdanExpansion(src, part)
		}
		prev = 0
	}
	return b.String(), nil
}

// braceExpands reports a brace expansion in w that bash would turn into
// several words ({a,b}, {1..3}); {} and {a} stay as they are. It splits
// a copy: SplitBraces builds new parts and leaves the parsed ones alone.
func mvdanBraceExpands(w *syntax.Word) bool {
	if !syntax.SplitBraces(w) {
		return false
	}
	var walk func(parts []syntax.WordPart) bool
	walk = func(parts []syntax.WordPart) bool {
		for _, part := range parts {
			be, ok := part.(*syntax.BraceExp)
			if !ok {
				continue
			}
			if be.Sequence || len(be.Elems) > 1 {
				return true
			}
			for _, e := range be.Elems {
				if walk(e.Parts) {
					return true
				}
			}
		}
		return false
	}
	return walk(w.Parts)
}

// unquoted appends an unquoted literal: a backslash keeps the byte after
// it; glob characters, a leading ~ (or one after =) and !x are refused.
func mvdanUnquoted(b *strings.Builder, src string, w *syntax.Word, v string, first bool, prev *byte) error {
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch c {
		case '\\':
			if i+1 < len(v) {
				i++
				if v[i] != '\n' { // a line continuation is nothing
					b.WriteByte(v[i])
				}
				*prev = 0
				continue
			}
		case '*', '?':
			return mvdanGlob(src, w, string(c))
		case '[':
			if strings.Contains(v[i+1:], "]") {
				return mvdanGlob(src, w, "[…]")
			}
		case '~':
			if (first && i == 0) || *prev == '=' {
				return refuse("%s in %s is a home-directory expansion: why403 never expands it; write the path out", "~", shown(mvdanSnippet(src, w)))
			}
		case '!':
			if err := history(v[i+1:]); err != nil {
				return err
			}
		}
		b.WriteByte(c)
		*prev = c
	}
	return nil
}

func mvdanGlob(src string, w *syntax.Word, what string) error {
	return refuse("unquoted %s in %s is a glob: the shell would replace the word with matching file names; put the word in single quotes ('…')", what, shown(mvdanSnippet(src, w)))
}

// expansion says why a word part that is not plain text is refused.
func mvdanExpansion(src string, part syntax.WordPart) error {
	s := shown(mvdanSnippet(src, part))
	switch p := part.(type) {
	case *syntax.ParamExp:
		name := ""
		if p.Param != nil {
			name = p.Param.Value
		}
		switch {
		case p.Short && syntax.ValidName(name):
			return refuse("%s is a shell variable: why403 never expands it; paste the value, or use --token-env %s", s, name)
		case syntax.ValidName(name):
			return refuse("%s is a shell parameter expansion: why403 never expands it; paste the value, or use --token-env %s", s, name)
		}
		return refuse("%s is a shell parameter: why403 never expands it; paste its value", s)
	case *syntax.CmdSubst:
		return refuse("%s is a command substitution: why403 runs no commands; paste its output instead", s)
	case *syntax.ArithmExp:
		return refuse("%s is an arithmetic expansion: why403 never expands it; paste the number", s)
	case *syntax.ProcSubst:
		return refuse("%s is a process substitution: why403 runs no commands; put the data in a file and use @FILE", s)
	case *syntax.ExtGlob:
		return refuse("%s is an extended glob: the shell would replace the word with matching file names; put the word in single quotes ('…')", s)
	}
	return refuse("%s is a shell expansion: why403 never expands it; paste the value", s)
}

// snippet is the source text of n.
func mvdanSnippet(src string, n syntax.Node) string {
	start, end := int(n.Pos().Offset()), int(n.End().Offset())
	if start < 0 || end > len(src) || start >= end {
		return ""
	}
	return src[start:end]
}
