package curlpaste

import (
	"fmt"
	"strings"
)

// errBackground is also what an unquoted URL with a query of several
// parameters gives.
const errBackground = "& runs the command in the background; an unquoted & in a URL ends the command there: put the URL in single quotes ('…')"

// isCompound reports whether word, first in a command, starts something
// other than a simple command (or ends one).
func isCompound(word string) bool {
	switch word {
	case "if", "then", "elif", "else", "fi", "for", "select", "while", "until", "do", "done",
		"case", "esac", "function", "time", "coproc", "{", "}", "[[", "]]":
		return true
	}
	return false
}

// span is a stretch of the source.
type span struct{ from, to int }

// command is the pasted text's one simple command, its words, or why it
// is not one: a second command, a pipe, a redirection, a background &, a
// negation, a variable assignment, a compound command or a syntax error.
// The words' own contents are checked later, by literal.
func command(src string, toks []token) ([]token, error) {
	i := skipNewlines(toks, 0)
	if i == len(toks) {
		return nil, refuse("nothing to read: paste a curl command")
	}
	if err := canStart(src, toks[i]); err != nil {
		return nil, err
	}
	start, negated := i, false
	if isLit(toks[i], "!") {
		negated = true
		if i+1 < len(toks) && toks[i+1].kind != newlineTok {
			i++
		}
	}
	if t := toks[i]; t.kind == opTok && (t.op == "(" || t.op == "((") || t.kind == wordTok && isCompound(litText(t)) {
		return nil, refuse("%s is not a simple curl command: paste the curl command alone", shown(strings.TrimSpace(src[toks[start].from:])))
	}
	last, sep, bins, err := statement(src, toks, i)
	if err != nil {
		return nil, err
	}
	if next := skipNewlines(toks, sep+1); sep < len(toks) && next < len(toks) {
		return nil, second(src, toks, sep, next)
	}
	background := sep < len(toks) && toks[sep].op == "&"
	if len(bins) > 0 {
		switch {
		case background:
			return nil, refuse("%s", errBackground)
		case negated:
			return nil, refuse("%s", errNegated)
		}
		return nil, binary(src, toks, bins, toks[last].to)
	}
	var redirs []span
	for j := i; j <= last; j++ {
		t := toks[j]
		switch t.kind {
		case redirTok:
			if t.heredoc {
				redirs = append(redirs, span{t.from, t.to})
				continue
			}
			if j == last || toks[j+1].kind != wordTok {
				return nil, syntaxError(src, t.from, "`"+t.op+"` must be followed by a word")
			}
			redirs = append(redirs, span{t.from, toks[j+1].to})
			j++
		case opTok:
			if strings.HasPrefix(t.op, ";") {
				return nil, syntaxError(src, t.from, "`"+t.op+"` can only be used in a case clause")
			}
			return nil, syntaxError(src, t.from, "a command can only contain words and redirects; encountered `"+t.op+"`")
		}
	}
	switch {
	case len(redirs) > 0:
		r := redirs[0]
		return nil, refuse("%s is a redirection: why403 shows the response itself and reads or writes no file this way; remove it", shown(src[r.from:r.to]))
	case background:
		return nil, refuse("%s", errBackground)
	case negated:
		return nil, refuse("%s", errNegated)
	}
	words := toks[i : last+1] // without redirections or operators, all words
	if isAssignment(words[0]) {
		a := words[0]
		for len(words) > 0 && isAssignment(words[0]) {
			words = words[1:]
		}
		if len(words) == 0 {
			return nil, refuse("%s only sets a shell variable: paste a curl command", shown(src[a.from:a.to]))
		}
		return nil, refuse("%s sets a shell variable for the command: why403 reads no variables; paste the value where it is used", shown(src[a.from:a.to]))
	}
	return words, nil
}

const errNegated = "! before the command negates its exit status: remove it"

// statement finds the end of the statement that starts at toks[i]: the
// index of its last token, of the separator after it (; & or a line end;
// len(toks) at the end), and of its pipes, && and || outside brackets.
// A line end right after one of those continues the statement.
func statement(src string, toks []token, i int) (last, sep int, bins []int, err error) {
	depth := 0
	last = i
	for sep = i; sep < len(toks); sep++ {
		t := toks[sep]
		if depth == 0 && (t.kind == newlineTok || t.kind == opTok && (t.op == ";" || t.op == "&")) {
			break
		}
		last = sep
		if t.kind != opTok {
			continue
		}
		switch t.op {
		case "(":
			depth++
		case "((":
			depth += 2
		case ")":
			depth = max(depth-1, 0)
		case "&&", "||", "|", "|&":
			if depth > 0 {
				continue
			}
			bins = append(bins, sep)
			next := skipNewlines(toks, sep+1)
			if next == len(toks) {
				return 0, 0, nil, refuse("%s", errIncomplete)
			}
			if err := canStart(src, toks[next]); err != nil {
				return 0, 0, nil, err
			}
			sep = next - 1
		}
	}
	return last, sep, bins, nil
}

// canStart refuses an operator that cannot begin a command.
func canStart(src string, t token) error {
	if t.kind != opTok || t.op == "(" || t.op == "((" {
		return nil
	}
	if strings.HasPrefix(t.op, ";;") || t.op == ";&" {
		return syntaxError(src, t.from, "`"+t.op+"` can only be used in a case clause")
	}
	return syntaxError(src, t.from, "`"+t.op+"` can only immediately follow a statement")
}

// second says why a second command after the first, at toks[next], is
// refused; toks[sep] separates them.
func second(src string, toks []token, sep, next int) error {
	if err := canStart(src, toks[next]); err != nil {
		return err
	}
	last, _, _, err := statement(src, toks, next)
	if err != nil {
		return err
	}
	text := src[toks[next].from:toks[last].to]
	switch toks[sep].op {
	case "&":
		return refuse("%s", errBackground)
	case ";":
		return refuse("; runs %s after curl: why403 runs no commands; paste the curl command alone", shown(text))
	}
	line := strings.Count(src[:toks[next].from], "\n") + 1
	lines := strings.Split(src, "\n")
	if prev := lines[line-2]; strings.HasSuffix(strings.TrimRight(prev, " \t"), `\`) && prev != strings.TrimRight(prev, " \t") {
		return refuse(`line %d ends with a \ followed by spaces, so the \ does not continue the line: remove the spaces after it`, line-1)
	}
	return refuse(`line %d starts another command (%s): the line before it does not end with \; paste the curl command alone, or end each line but the last with \`, line, shown(text))
}

// binary says why a pipe, && or || is refused: the operator that joins
// the rest (the last && or ||, else the last pipe, as bash groups them)
// and the command after it.
func binary(src string, toks []token, bins []int, end int) error {
	top := bins[len(bins)-1]
	for _, b := range bins {
		if op := toks[b].op; op == "&&" || op == "||" {
			top = b
		}
	}
	op := toks[top].op
	rest := shown(src[toks[skipNewlines(toks, top+1)].from:end])
	if op == "|" || op == "|&" {
		return refuse("%s sends curl's output to another command (%s): why403 runs no commands; paste the curl command alone", op, rest)
	}
	return refuse("%s runs another command (%s): why403 runs no commands; paste the curl command alone", op, rest)
}

func skipNewlines(toks []token, i int) int {
	for i < len(toks) && toks[i].kind == newlineTok {
		i++
	}
	return i
}

// litText is the text of a word that is one unquoted literal, or "".
func litText(t token) string {
	if t.kind != wordTok || len(t.parts) != 1 || t.parts[0].kind != litPart {
		return ""
	}
	return t.parts[0].text
}

func isLit(t token, s string) bool {
	return litText(t) == s
}

// isAssignment reports whether a command's leading word sets a variable:
// NAME=…, NAME+=… or NAME[…]=…, the name unquoted.
func isAssignment(t token) bool {
	if len(t.parts) == 0 || t.parts[0].kind != litPart {
		return false
	}
	s := t.parts[0].text
	n := 0
	for n < len(s) && isNameByte(s[n]) {
		n++
	}
	if n == 0 || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	rest := s[n:]
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return false
		}
		rest = rest[end+1:]
	}
	return strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "+=")
}

// syntaxError is a refusal of text bash itself would not run.
func syntaxError(src string, at int, what string) error {
	return refuse("not a bash command line: %s at %s", what, where(src, at))
}

// where names the position of src[at] for a message: line and column,
// counted in bytes from 1.
func where(src string, at int) string {
	before := src[:at]
	line := strings.Count(before, "\n") + 1
	col := at - strings.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
