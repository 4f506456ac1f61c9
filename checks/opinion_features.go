package checks

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// The second opinion's features: what a response and its request show, as
// generic tokens a naive Bayes model counts. They hold no host, path or
// value that names one deployment: the status, the folded words the server
// chose (the lexicon's lexWords, so that a code and a sentence read alike)
// and the meaning classes the lexicon reads in them, the JSON member names,
// the challenge's scheme, and what the request carried. A prefix tells the
// kinds apart; "w:" marks the server's words, the only kind shown to the
// user as what decided.
//
// Left out because the cross-validation showed them hurting (by 1–3 points
// of the model's top-1): response header names, the Server product and the
// recognised stack (they name a vendor more than a cause), the kind of body,
// and pairs of adjacent words.

// opinionFeatures lists the features of the exchange f holds.
func opinionFeatures(f *facts) []string {
	if f.resp == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(kind, v string) {
		if strings.ContainsFunc(v, unicode.IsSpace) {
			v = strings.Join(strings.Fields(v), "_")
		}
		if v == "" || seen[kind+v] {
			return // a word a long page repeats counts once (the model's features are a set)
		}
		seen[kind+v] = true
		out = append(out, kind+v)
	}
	add("s:", strconv.Itoa(f.status))
	add("sc:", strconv.Itoa(f.status/100)+"xx")
	for _, w := range saysWords(f) {
		if opinionWord(w) {
			add("w:", w)
		}
	}
	for _, h := range f.said {
		add("said:", h.m.Class)
	}
	for _, k := range jsonMemberNames(&f.body) {
		for _, w := range lexWords(k) {
			if opinionWord(w) {
				add("k:", w)
			}
		}
	}
	for _, c := range f.challenges {
		add("chal:", strings.ToLower(c.Scheme))
	}
	add("m:", strings.ToUpper(f.req.Method))
	if !f.req.hasCredential() {
		add("cred:", "none")
	}
	for _, c := range f.req.Creds {
		add("cred:", c.Kind)
	}
	if f.req.AuthScheme != "" {
		add("auth:", strings.ToLower(f.req.AuthScheme))
	}
	if f.req.BodyKind != "" {
		add("reqbody:", f.req.BodyKind)
	}
	return out
}

// opinionWord keeps a word that may mean something beyond one page: not a
// number (an ID, a count, a time), not a single letter, and not one of
// the words every sentence has.
func opinionWord(w string) bool {
	if len(w) < 2 || len(w) > 30 || slices.Contains(functionWords, w) {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// functionWords carry no meaning of their own: shown as "the words that
// pointed here" they explain nothing.
var functionWords = []string{"an", "the", "is", "are", "was", "were", "be", "been", "has", "have", "to", "of", "in", "on",
	"for", "or", "and", "at", "by", "with", "from", "this", "that", "it", "its", "as", "your", "you", "we", "our", "please"}

// jsonMemberNames is the member names of the body as a JSON document
// ("error_code", "errmsg"), each once, sorted; none when it does not
// parse.
func jsonMemberNames(b *bodyFacts) []string {
	t := strings.TrimSpace(b.raw)
	if !strings.HasPrefix(t, "{") && !strings.HasPrefix(t, "[") {
		return nil
	}
	var v any
	if t == strings.Trim(b.raw, " \t\r\n") {
		v = b.anyJSON() // the same document: JSON's white space is ASCII's
	} else if json.Unmarshal([]byte(t), &v) != nil {
		return nil
	}
	seen := map[string]bool{}
	var walk func(any, int)
	walk = func(v any, depth int) {
		if depth > 8 || len(seen) > 100 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			for k, e := range x {
				seen[k] = true
				walk(e, depth+1)
			}
		}
	}
	walk(v, 0)
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
