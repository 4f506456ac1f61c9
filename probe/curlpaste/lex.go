package curlpaste

import "strings"

// The lexer reads a pasted command line the way bash cuts it into words
// and operators, and nothing more: it expands nothing and runs nothing.
// What bash would expand ($…, `…`, <(…), extended globs) becomes a part
// of its word that says what it is and where, so that the caller can
// refuse it by name; the text inside it is only skipped. Every byte is
// looked at a bounded number of times: the time is linear in the input.

// partKind is what a piece of a word is.
type partKind uint8

const (
	litPart       partKind = iota // unquoted text as written: backslashes kept, line continuations removed
	sglPart                       // '…': text is the inside
	ansiCPart                     // $'…': text is the inside, escapes not decoded
	dblPart                       // "…": inner holds its text and expansions
	localePart                    // $"…"
	paramPart                     // $NAME, $1, $?, ${…}
	cmdSubstPart                  // $(…), `…`, ${ …;}
	arithPart                     // $((…)), $[…]
	procSubstPart                 // <(…), >(…)
	extGlobPart                   // @(…), +(…), !(…), *(…), ?(…)
)

// part is one piece of a word; from and to locate it in the source, for
// messages.
type part struct {
	kind     partKind
	from, to int
	text     string
	inner    []part // dblPart, localePart: litPart and expansion parts
	name     string // paramPart: the parameter's name ("" when it has none)
	short    bool   // paramPart: $NAME rather than ${…}
	unquoted bool   // litPart: outside double quotes
}

type tokKind uint8

const (
	wordTok    tokKind = iota
	opTok              // ; & && | || |& ( (( ) ;; ;& ;;&
	redirTok           // a redirection operator with its file descriptor, if any
	newlineTok         // one or more line ends
)

type token struct {
	kind     tokKind
	from, to int
	op       string // opTok, redirTok: the operator as written (redirTok: without its descriptor)
	parts    []part // wordTok
	heredoc  bool   // redirTok: << or <<-, whose body runs to the end of the text here
}

// errIncomplete: the paste ends inside a quote or a bracket.
const errIncomplete = "the command is not finished: a quote (', \" or $'…'), a bracket or a here-document is left open"

type lexer struct {
	src    string
	i      int
	toks   []token
	word   *token // the word being read (&cur), or nil between words
	cur    token
	quoted bool // inside "…"

	// The literal being read: src[litFrom:litEnd] while it is one stretch
	// of the source (no line continuation inside), else copied into lit.
	litOn, litCopied bool
	litFrom, litEnd  int
	lit              strings.Builder
}

// lex cuts src into tokens. Its only errors are an unfinished quote or
// bracket.
func lex(src string) ([]token, error) {
	// Sized once from the separators, and capped: a 1 MiB paste of
	// one-letter lines grew the slice by copying through 450 MB and took
	// 1.6 s, for a text that is no curl command anyone copied.
	l := &lexer{src: src, toks: make([]token, 0, min(tokenEstimate(src), maxTokens+1))}
	for l.i < len(src) {
		if len(l.toks) > maxTokens {
			return nil, refuse("the paste holds more than %d words and line ends: it is not one curl command; paste the command alone", maxTokens)
		}
		c := src[l.i]
		switch {
		case c == '\\' && l.at(l.i+1) == '\n':
			l.i += 2 // a line continuation: nothing, also inside a word
		case c == ' ' || c == '\t' || c == '\r':
			l.endWord()
			l.i++
		case c == '\n':
			l.endWord()
			if n := len(l.toks); n == 0 || l.toks[n-1].kind != newlineTok {
				l.toks = append(l.toks, token{kind: newlineTok, from: l.i, to: l.i + 1})
			}
			l.i++
		case c == '#' && l.word == nil:
			if nl := strings.IndexByte(src[l.i:], '\n'); nl >= 0 {
				l.i += nl // a comment runs to the line end, even past a \ there
			} else {
				l.i = len(src)
			}
		case c == ';' || c == '&' || c == '|' || c == '(' || c == ')':
			l.endWord()
			l.operator()
		case (c == '<' || c == '>') && l.at(l.i+1) == '(':
			if err := l.nested(procSubstPart, l.i, l.i+2, '(', ')', 1); err != nil {
				return nil, err
			}
		case c == '<' || c == '>':
			l.redirect()
		default:
			if err := l.wordPart(); err != nil {
				return nil, err
			}
		}
	}
	l.endWord()
	return l.toks, nil
}

// maxTokens bounds the words, operators and line ends of a paste. A curl
// command with a thousand headers has about two thousand words.
const maxTokens = 1 << 16

// tokenEstimate is about the number of tokens src holds: a word ends at a
// blank, a line end or an operator byte.
func tokenEstimate(src string) int {
	n := 1
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>':
			n++
		}
	}
	return n
}

// at is the byte at i, or 0 past the end.
func (l *lexer) at(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

// afterContinuations is i moved past any line continuations (\ and a
// line end), which bash removes before it reads what follows.
func (l *lexer) afterContinuations(i int) int {
	for l.at(i) == '\\' && l.at(i+1) == '\n' {
		i += 2
	}
	return i
}

func (l *lexer) startWord() {
	if l.word == nil {
		l.cur = token{kind: wordTok, from: l.i}
		l.word = &l.cur
	}
}

func (l *lexer) endWord() {
	if l.word == nil {
		return
	}
	l.flushLit()
	l.word.to = l.wordEnd()
	l.toks = append(l.toks, *l.word)
	l.word = nil
}

// wordEnd is where the word's last part ends.
func (l *lexer) wordEnd() int {
	if n := len(l.word.parts); n > 0 {
		return l.word.parts[n-1].to
	}
	return l.i
}

// addLit appends the source bytes src[from:to] to the unquoted literal
// being read.
func (l *lexer) addLit(from, to int) {
	l.startWord()
	switch {
	case !l.litOn:
		l.litOn, l.litCopied, l.litFrom = true, false, from
	case from != l.litEnd && !l.litCopied:
		l.lit.Reset()
		l.lit.WriteString(l.src[l.litFrom:l.litEnd])
		l.litCopied = true
	}
	if l.litCopied {
		l.lit.WriteString(l.src[from:to])
	}
	l.litEnd = to
}

func (l *lexer) flushLit() {
	if !l.litOn {
		return
	}
	text := l.src[l.litFrom:l.litEnd]
	if l.litCopied {
		text = l.lit.String()
		l.lit.Reset()
	}
	l.word.parts = append(l.word.parts, part{kind: litPart, from: l.litFrom, to: l.litEnd, text: text, unquoted: !l.quoted})
	l.litOn = false
}

func (l *lexer) addPart(p part) {
	l.startWord()
	l.flushLit()
	l.word.parts = append(l.word.parts, p)
}

// operator reads a control operator at l.i.
func (l *lexer) operator() {
	from := l.i
	op := ""
	for _, o := range []string{";;&", ";;", ";&", "&&", "||", "|&", "((", ";", "&", "|", "(", ")"} {
		if strings.HasPrefix(l.src[from:], o) {
			op = o
			break
		}
	}
	if op == "&" && (l.at(from+1) == '>') {
		l.redirect() // &> and &>>
		return
	}
	l.i += len(op)
	l.toks = append(l.toks, token{kind: opTok, from: from, to: l.i, op: op})
}

// redirect reads a redirection operator at l.i; a word of digits written
// right before it is its file descriptor (2>err).
func (l *lexer) redirect() {
	from := l.i
	if w := l.word; w != nil {
		l.flushLit()
		if len(w.parts) == 1 && w.parts[0].kind == litPart && isDigits(w.parts[0].text) {
			from = w.from
			l.word = nil
		} else {
			l.endWord()
		}
	}
	op := ""
	for _, o := range []string{"&>>", "<<<", "<<-", "&>", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">"} {
		if strings.HasPrefix(l.src[l.i:], o) {
			op = o
			break
		}
	}
	l.i += len(op)
	t := token{kind: redirTok, from: from, to: l.i, op: op}
	if op == "<<" || op == "<<-" {
		// The body of a here-document is the lines that follow, in any
		// syntax: the rest of the paste belongs to it.
		t.heredoc, t.to, l.i = true, len(l.src), len(l.src)
	}
	l.toks = append(l.toks, t)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// wordPart reads one piece of a word at l.i: a quote, an expansion, an
// escaped byte or a plain byte.
func (l *lexer) wordPart() error {
	c := l.src[l.i]
	switch {
	case c == '\'':
		end := strings.IndexByte(l.src[l.i+1:], '\'')
		if end < 0 {
			return refuse("%s", errIncomplete)
		}
		end += l.i + 1
		l.addPart(part{kind: sglPart, from: l.i, to: end + 1, text: l.src[l.i+1 : end]})
		l.i = end + 1
	case c == '"':
		return l.doubleQuoted(dblPart, l.i, l.i+1)
	case c == '`':
		return l.backquoted()
	case c == '$':
		return l.dollar(false)
	case c == '\\':
		if l.i+1 == len(l.src) {
			// a line continuation with nothing after it, as bash reads
			// a paste cut after a line's closing \
			l.i++
			return nil
		}
		l.addLit(l.i, l.i+2)
		l.i += 2
	case strings.IndexByte("?*+@!", c) >= 0 && l.at(l.i+1) == '(' && l.at(l.i+2) != ')':
		return l.nested(extGlobPart, l.i, l.i+2, '(', ')', 1)
	default:
		l.addLit(l.i, l.i+1)
		l.i++
	}
	return nil
}

// doubleQuoted reads "…" (or $"…") whose inside starts at body: there a
// backslash escapes only $ ` " \ and a line end, and $ and ` expand.
func (l *lexer) doubleQuoted(kind partKind, from, body int) error {
	l.startWord()
	l.flushLit()
	outer := l.word.parts
	l.word.parts = nil
	l.i = body
	l.quoted = true
	defer func() { l.quoted = false }()
	for {
		if l.i >= len(l.src) {
			return refuse("%s", errIncomplete)
		}
		switch c := l.src[l.i]; {
		case c == '"':
			l.flushLit()
			inner := l.word.parts
			l.word.parts = append(outer, part{kind: kind, from: from, to: l.i + 1, inner: inner})
			l.i++
			return nil
		case c == '\\' && l.at(l.i+1) == '\n':
			l.flushLit() // as mvdan.cc/sh reads it: the text on each side is its own piece
			l.i += 2
		case c == '\\' && l.i+1 < len(l.src):
			l.addLit(l.i, l.i+2)
			l.i += 2
		case c == '`':
			l.flushLit()
			if err := l.backquoted(); err != nil {
				return err
			}
		case c == '$':
			if err := l.dollar(true); err != nil {
				return err
			}
		default:
			l.addLit(l.i, l.i+1)
			l.i++
		}
	}
}

// dollar reads what starts with the $ at l.i; inside "…" only
// expansions count, and a $ that starts none is a plain $.
func (l *lexer) dollar(quoted bool) error {
	from := l.i
	next := l.afterContinuations(from + 1)
	c := l.at(next)
	switch {
	case c == '\'' && !quoted:
		if next != from+1 {
			return refuse(`%s: a $ then a \ at a line end before a quote; bash would read $'…' there: join the line`, shown(l.src[from:next+1]))
		}
		return l.ansiC(from)
	case c == '"' && !quoted:
		if next != from+1 {
			return refuse(`%s: a $ then a \ at a line end before a quote; bash would read $"…" there: join the line`, shown(l.src[from:next+1]))
		}
		return l.doubleQuoted(localePart, from, from+2)
	case c == '{':
		if d := l.at(next + 1); d == ' ' || d == '\t' || d == '\n' || d == '|' {
			return l.nested(cmdSubstPart, from, next+1, '{', '}', 1) // bash 5.3's ${ command;}
		}
		return l.nested(paramPart, from, next+1, '{', '}', 1)
	case c == '(' && l.at(next+1) == '(':
		return l.nested(arithPart, from, next+2, '(', ')', 2)
	case c == '(':
		return l.nested(cmdSubstPart, from, next+1, '(', ')', 1)
	case c == '[':
		return l.nested(arithPart, from, next+1, '[', ']', 1)
	case c >= '0' && c <= '9' || strings.IndexByte("?-@*#!$", c) >= 0:
		l.i = next + 1
		l.addPart(part{kind: paramPart, from: from, to: l.i, name: string(c), short: true})
	case isNameByte(c) && !(c >= '0' && c <= '9'):
		var name strings.Builder
		i := next
		for ; isNameByte(l.at(i)); i = l.afterContinuations(i + 1) {
			name.WriteByte(l.at(i))
		}
		l.i = i
		l.addPart(part{kind: paramPart, from: from, to: i, name: name.String(), short: true})
	default:
		// A $ before anything else is itself: kept in the literal
		// around it, as bash keeps it.
		l.addLit(from, from+1)
		l.i = from + 1
	}
	return nil
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// ansiC reads $'…' at from: a backslash there escapes the byte after it.
func (l *lexer) ansiC(from int) error {
	for i := from + 2; i < len(l.src); i++ {
		switch l.src[i] {
		case '\\':
			i++
		case '\'':
			l.addPart(part{kind: ansiCPart, from: from, to: i + 1, text: l.src[from+2 : i]})
			l.i = i + 1
			return nil
		}
	}
	return refuse("%s", errIncomplete)
}

// backquoted reads `…` at l.i, an old-style command substitution.
func (l *lexer) backquoted() error {
	for i := l.i + 1; i < len(l.src); i++ {
		switch l.src[i] {
		case '\\':
			i++
		case '`':
			l.addPart(part{kind: cmdSubstPart, from: l.i, to: i + 1})
			l.i = i + 1
			return nil
		}
	}
	return refuse("%s", errIncomplete)
}

// nested skips an expansion that starts at from and whose inside starts
// at body, depth brackets deep, up to its closing bracket. It only finds
// the end, skipping quoted text and escaped bytes: the expansion is
// refused whatever it holds, and a closing bracket it misplaces only
// shortens what the message quotes, or makes the paste read as
// unfinished.
func (l *lexer) nested(kind partKind, from, body int, open, close byte, depth int) error {
	for i := body; i < len(l.src); i++ {
		switch c := l.src[i]; c {
		case '\\':
			i++
		case '\'', '"', '`':
			end := closingQuote(l.src, i)
			if end < 0 {
				return refuse("%s", errIncomplete)
			}
			i = end
		case open:
			depth++
		case close:
			if depth--; depth == 0 {
				p := part{kind: kind, from: from, to: i + 1}
				if kind == paramPart {
					p.name = paramName(l.src[body:i])
				}
				l.addPart(p)
				l.i = i + 1
				return nil
			}
		}
	}
	return refuse("%s", errIncomplete)
}

// closingQuote is the index of the quote that closes the one at i, or
// -1; a backslash escapes the byte after it except inside '…'.
func closingQuote(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if q != '\'' {
				j++
			}
		case q:
			return j
		}
	}
	return -1
}

// paramName is the parameter that the inside of ${…} names: the name
// after a # or ! prefix (${#x}, ${!x}), or a special parameter's one
// byte, or "" when there is none.
func paramName(in string) string {
	if len(in) > 1 && (in[0] == '#' || in[0] == '!') && isNameByte(in[1]) {
		in = in[1:]
	}
	n := 0
	for n < len(in) && isNameByte(in[n]) {
		n++
	}
	if n == 0 && in != "" && strings.IndexByte("?-@*#!$", in[0]) >= 0 {
		n = 1
	}
	return in[:n]
}
