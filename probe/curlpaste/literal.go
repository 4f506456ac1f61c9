package curlpaste

import (
	"strconv"
	"strings"
)

// literal is the value of word w, or why it has none without expanding
// something: a brace expansion, a glob, a ~, bash history (!x), a
// parameter, a command substitution, ...
func literal(src string, w token) (string, error) {
	if braceExpands(w.parts) {
		return "", refuse("%s is a brace expansion: the shell would make several words of it; put the word in single quotes ('…')", shown(src[w.from:w.to]))
	}
	closing := lastClosingBracket(w.parts)
	var b strings.Builder
	var prev byte // the last unquoted byte, for ~ after =
	for i, p := range w.parts {
		switch p.kind {
		case litPart:
			lu := litUse{src: src, word: w, index: i, closing: closing}
			if err := lu.unquoted(&b, &prev); err != nil {
				return "", err
			}
			continue
		case sglPart:
			b.WriteString(p.text)
		case ansiCPart:
			s, err := ansiC(p.text)
			if err != nil {
				return "", refuse("%s %v", shown(src[p.from:p.to]), err)
			}
			b.WriteString(s)
		case dblPart:
			for _, q := range p.inner {
				if q.kind != litPart {
					return "", expansion(src, q)
				}
				if err := doubleQuoted(&b, q.text); err != nil {
					return "", err
				}
			}
		case localePart:
			return "", refuse(`%s is a locale translation ($"…"): why403 never translates; use single quotes ('…')`, shown(src[p.from:p.to]))
		default:
			return "", expansion(src, p)
		}
		prev = 0
	}
	return b.String(), nil
}

// litUse is an unquoted literal in its word.
type litUse struct {
	src     string
	word    token
	index   int      // of the literal among the word's parts
	closing position // the word's last unquoted ]
}

// position is a byte of a word: its part, and the byte in the part's
// text.
type position struct{ part, at int }

func (p position) after(q position) bool {
	return p.part > q.part || p.part == q.part && p.at > q.at
}

// lastClosingBracket is where the last unquoted ] of a word is, or
// {-1, -1}.
func lastClosingBracket(parts []part) position {
	for i := len(parts) - 1; i >= 0; i-- {
		if p := parts[i]; p.kind == litPart {
			if at := strings.LastIndexByte(p.text, ']'); at >= 0 {
				return position{i, at}
			}
		}
	}
	return position{-1, -1}
}

// unquoted appends the literal: a backslash keeps the byte after it;
// glob characters, a leading ~ (or one after =) and !x are refused.
func (lu litUse) unquoted(b *strings.Builder, prev *byte) error {
	v := lu.word.parts[lu.index].text
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
			return lu.glob(string(c))
		case '[':
			// bash reads […] as a pattern up to an unquoted ], also one
			// after a quoted part of the word ([a"b"] matches a or b)
			if lu.closing.after(position{lu.index, i}) {
				return lu.glob("[…]")
			}
		case '~':
			if (lu.index == 0 && i == 0) || *prev == '=' {
				return refuse("%s in %s is a home-directory expansion: why403 never expands it; write the path out", "~", shown(lu.src[lu.word.from:lu.word.to]))
			}
		case '!':
			if i+1 == len(v) && lu.index+1 < len(lu.word.parts) {
				// a ! right before a quote or an expansion is expanded too
				// (!'x', !"x", !$)
				next := lu.word.parts[lu.index+1]
				return refuse("%s %s", shown("!"+lu.src[next.from:next.to]), errHistory)
			}
			if err := history(v[i+1:]); err != nil {
				return err
			}
		}
		b.WriteByte(c)
		*prev = c
	}
	return nil
}

func (lu litUse) glob(what string) error {
	return refuse("unquoted %s in %s is a glob: the shell would replace the word with matching file names; put the word in single quotes ('…')", what, shown(lu.src[lu.word.from:lu.word.to]))
}

// doubleQuoted appends the inside of a "…" literal: there a backslash
// escapes only $ ` " \ and a line end, as in bash.
func doubleQuoted(b *strings.Builder, v string) error {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\\' && i+1 < len(v) && strings.IndexByte("$`\"\\\n", v[i+1]) >= 0 {
			i++
			if v[i] != '\n' {
				b.WriteByte(v[i])
			}
			continue
		}
		if c == '!' {
			if err := history(v[i+1:]); err != nil {
				return err
			}
		}
		b.WriteByte(c)
	}
	return nil
}

const errHistory = "is bash history expansion: an interactive shell would replace it with an earlier command; put the word in single quotes ('…')"

// history refuses a ! that an interactive bash would expand from its
// history (a pasted command runs in one): every ! but one before a blank,
// =, ( or the end of the text.
func history(after string) error {
	if after == "" || strings.IndexByte(" \t\n=(", after[0]) >= 0 {
		return nil
	}
	end := strings.IndexAny(after, " \t\n\"'")
	if end < 0 {
		end = len(after)
	}
	return refuse("%s %s", shown("!"+after[:end]), errHistory)
}

// expansion says why a word part that is not plain text is refused.
func expansion(src string, p part) error {
	s := shown(src[p.from:p.to])
	switch p.kind {
	case paramPart:
		switch {
		case p.short && validName(p.name):
			return refuse("%s is a shell variable: why403 never expands it; paste the value, or use --token-env %s", s, p.name)
		case validName(p.name):
			return refuse("%s is a shell parameter expansion: why403 never expands it; paste the value, or use --token-env %s", s, p.name)
		}
		return refuse("%s is a shell parameter: why403 never expands it; paste its value", s)
	case cmdSubstPart:
		return refuse("%s is a command substitution: why403 runs no commands; paste its output instead", s)
	case arithPart:
		return refuse("%s is an arithmetic expansion: why403 never expands it; paste the number", s)
	case procSubstPart:
		return refuse("%s is a process substitution: why403 runs no commands; put the data in a file and use @FILE", s)
	case extGlobPart:
		return refuse("%s is an extended glob: the shell would replace the word with matching file names; put the word in single quotes ('…')", s)
	}
	return refuse("%s is a shell expansion: why403 never expands it; paste the value", s)
}

// validName reports whether s is a variable's name.
func validName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

// braceExpands reports a brace expansion that bash would turn into
// several words: a list {a,b} (also {,} and {a,}) or a sequence {1..3},
// {a..e}, {1..9..2}, as bash and mvdan.cc/sh read them; {}, {a}, {1..x}
// and unclosed braces stay as they are. Only unquoted braces count, an
// escaped byte is skipped, and a quoted part is part of an element
// ({a,'b c'} expands). One pass, a stack of the open braces that holds no
// text: a sequence's elements are read off the word when it closes.
func braceExpands(parts []part) bool {
	closes := 0
	for _, p := range parts {
		if p.kind == litPart {
			closes += strings.Count(p.text, "}")
		}
	}
	if closes == 0 {
		return false
	}
	var open []braceFrame
	for pi, p := range parts {
		if p.kind != litPart {
			if len(open) > 0 {
				open[len(open)-1].spans = true
			}
			continue
		}
		v := p.text
		for j := 0; j < len(v); j++ {
			c := v[j]
			switch {
			case c == '\\':
				j++
			case c == '{':
				open = append(open, braceFrame{part: int32(pi), from: int32(j + 1), elems: 1})
			case len(open) == 0:
			case c == ',':
				f := &open[len(open)-1]
				if f.seq { // {1..2,3} is the list of 1..2 and 3
					f.seq, f.elems = false, 1
				}
				f.list = true
				f.elems++
			case c == '.' && j+1 < len(v) && v[j+1] == '.' && !open[len(open)-1].list:
				f := &open[len(open)-1]
				f.seq = true
				if int(f.part) != pi {
					f.spans = true
				} else if f.elems < 3 {
					f.dots[f.elems-1] = int32(j)
				}
				f.elems++
				j++
			case c == '}':
				f := open[len(open)-1]
				open = open[:len(open)-1]
				if f.expands(v, pi, j) {
					return true
				}
				if len(open) > 0 {
					open[len(open)-1].spans = open[len(open)-1].spans || f.spans
				}
			}
		}
	}
	return false
}

// braceFrame is an open brace: where its inside starts, how many elements
// it has so far, whether they are a list (a comma came) or a sequence (..
// came), where a sequence's first two .. are, and whether it holds a
// quoted part or crosses one (then it is no sequence).
type braceFrame struct {
	part, from int32
	elems      int32
	dots       [2]int32
	list, seq  bool
	spans      bool
}

// expands reports whether the brace, closed at v[end] in part pi,
// expands.
func (f braceFrame) expands(v string, pi, end int) bool {
	switch {
	case f.elems == 1:
		return false
	case f.list:
		return true
	case f.elems > 3 || f.spans || int(f.part) != pi:
		return false
	}
	var text [3]string
	from := int(f.from)
	for i := range int(f.elems) {
		to := end
		if i+1 < int(f.elems) {
			to = int(f.dots[i])
		}
		if to-from > 20 { // longer than any int64
			return false
		}
		text[i] = v[from:to]
		from = to + 2
	}
	var letter [2]bool
	for i := range 2 {
		switch {
		case isNumber(text[i]):
		case len(text[i]) == 1 && isLetter(text[i][0]):
			letter[i] = true
		default:
			return false
		}
	}
	if f.elems == 3 && !isNumber(text[2]) {
		return false
	}
	return letter[0] == letter[1]
}

func isNumber(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
