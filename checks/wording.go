package checks

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// The server's words decide first (issue 14 §2): the reason phrase, the
// error codes and messages inside a JSON or XML document, the page's title
// and text, and the error headers of gateways, at any status. The status's
// default meaning comes second. applyWording reads them with the lexicon
// (lexicon.go) and lets every cause the words name fail, marked as
// decided by words, so that rank puts them before findings of the same
// strength that rest on the status or the request alone.

// saysWords are the folded words of serverSays' text.
func saysWords(f *facts) []string {
	if f.spoken != nil {
		return f.spoken.words
	}
	text, _ := serverSays(f)
	return lexWords(text)
}

// serverWords is what serverSays found, kept on the facts.
type serverWords struct {
	text, from string
	words      []string // lexWords(text)
}

// serverSays collects the words the server chose: what a person or a
// program wrote, not the status's standard meaning.
func serverSays(f *facts) (text, source string) {
	if f.spoken != nil {
		return f.spoken.text, f.spoken.from
	}
	if f.resp == nil {
		return "", ""
	}
	var parts, sources []string
	add := func(s, src string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
			sources = append(sources, src)
		}
	}
	if r := f.resp.Reason; r != "" && !strings.EqualFold(r, statusText(f.status)) {
		add(r, "reason phrase")
	}
	for _, h := range errorHeaders(f.resp.Headers) {
		add(f.h.joined(h), h)
	}
	for _, c := range f.challenges {
		add(c.Param("error")+" "+c.Param("error_description"), "WWW-Authenticate")
	}
	b := &f.body
	trimmed := strings.TrimSpace(b.raw)
	looksJSON := strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[")
	vals := ""
	if looksJSON {
		vals = jsonStrings(b.anyJSON())
	}
	if vals == "" && b.printed != "" {
		var v any
		json.Unmarshal([]byte(b.printed), &v) // printed is JSON printedJSON wrote
		looksJSON, vals = true, jsonStrings(v)
	}
	switch {
	case vals != "":
		add(vals, "JSON body")
	case looksJSON && json.Valid([]byte(trimmed)):
		// A document with no words (numbers, empty strings).
	case looksJSON:
		// A document cut short (a client library quotes the first bytes,
		// "(truncated...)") still carries the server's words; its keys are
		// left out as in a whole one.
		add(jsonKey().ReplaceAllString(b.raw[:min(len(b.raw), 8192)], " "), "JSON body (cut short)")
	case b.xml != nil:
		add(b.xml.Code+" "+b.xml.Message, "XML body")
	default:
		if b.title != "" {
			add(b.title, "page title")
		}
		add(b.said, "body")
	}
	return dropAddresses(strings.Join(parts, " . ")), strings.Join(dedupe(sources), ", ")
}

// jsonKey is a JSON object's key with its colon.
var jsonKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`"(?:[^"\\]|\\.)*"\s*:`) })

// jsonStrings is every string (and error code) value of a decoded JSON
// document, keys left out, in document order; "" for nil.
func jsonStrings(v any) string {
	var out []string
	var walk func(any, int)
	walk = func(v any, depth int) {
		if depth > 8 || len(out) > 200 {
			return
		}
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(x[k], depth+1)
			}
		}
	}
	walk(v, 0)
	return strings.Join(out, " . ")
}

// dropScripts removes <script> and <style> elements, whose words are code.
// lower is s with ASCII letters lowered byte for byte (bodyFacts.lower), so
// that the tags are found without lowering the page again for each one.
func dropScripts(s, lower string) string {
	for _, tag := range []string{"script", "style"} {
		for range 64 {
			i := strings.Index(lower, "<"+tag)
			if i < 0 {
				break
			}
			j := strings.Index(lower[i:], "</"+tag)
			if j < 0 {
				s, lower = s[:i], lower[:i]
				break
			}
			k := strings.IndexByte(lower[i+j:], '>')
			if k < 0 {
				s, lower = s[:i], lower[:i]
				break
			}
			s = s[:i] + " " + s[i+j+k+1:]
			lower = lower[:i] + " " + lower[i+j+k+1:]
		}
	}
	return s
}

// applyWording lets the server's words decide: each cause the lexicon
// reads in them fails (if no check failed it already), with the words as
// evidence. A cause already failing gains the words as evidence. The
// words alone never make a sure answer: when they are all a finding
// rests on, it is marked wordsOnly and rank counts it as a guess.
func applyWording(findings []Finding, f *facts) []Finding {
	if !f.refused() {
		return findings
	}
	source := f.saidFrom
	named := false
	for _, g := range findings {
		// A finding that rests on words alone (a hedged refusal) names
		// nothing the other words cannot add to.
		named = named || g.Status == Fail && g.Strength == Named && !g.wordsOnly
	}
	seen := map[string]bool{}
	for rank, h := range f.said {
		id := h.m.Cause
		if id == PermissionScope && !h.m.Identified && !(h.m.ThisResource && f.req.hasCredential()) &&
			(authFirst(f) != "" || !f.req.hasCredential() && f.status == 401) {
			// Permission words to an anonymous caller, or at a 401 that
			// also refuses the credential, yield to authentication
			// (authFirst); a 401 to a request with no credential recorded
			// asks for one whatever the words add. Words about the
			// credential's access to this resource are no such addition:
			// they say the key sent may be good elsewhere.
			continue
		}
		if id == AuthInvalid && h.m.Class == "authentication failed" {
			if e := expiryOf(f); e.Expired || e.NotYet {
				// Servers refuse an expired credential with the same
				// words; its own signed times, read against the server's
				// clock, say why (auth.expired).
				continue
			}
		}
		if id == AuthMissing && h.m.Class == "missing credential" && len(h.Words) > 1 && h.Words[1] == "not found" && f.req.hasCredential() {
			// "Key not found", "Not found App by Access-Key" to a request
			// that carried one: the server looked the credential up and
			// found no match (an unknown credential), it did not miss it.
			continue
		}
		if id == AuthMissing && h.m.Class == "missing credential" && f.req.hasCredential() && namedBefore(f.said[:rank], AuthInvalid) {
			// "No valid credential was found in the Authorization header,
			// or the header was not present" to a request that carried
			// one: the words name both readings, and the request rules
			// out the absence.
			continue
		}
		if id == ClockSkew && h.m.Class == "time" && lapseOfCredential(f) {
			// "denied by req auth: expired timestamp" to a request that
			// carries a credential and no time of its own: the time that
			// lapsed is the credential's (a signed URL's), not a clock.
			continue
		}
		aboutSent := id == AuthExpired || id == AuthInvalid || id == AuthMalformed
		if !f.req.hasCredential() && len(f.challenges) > 0 && aboutSent {
			// A challenge to a request that carried nothing asks for a
			// credential (RFC 6750 §3.1); its words describe none sent.
			continue
		}
		// Words about a credential the request did not visibly carry
		// ("invalid API key" to a request without one) are a weaker
		// reading than the credential's absence: it may travel where no
		// check sees it, or not at all.
		// A request with a body (or one that says it had one, a token
		// endpoint's form a recording left out) may carry it there.
		// A header holding a key-shaped value under a name no check knows
		// is such a place (credential_place.go).
		weak := aboutSent && !f.req.hasCredential() && !f.req.bodyMayHoldCredential() && len(f.req.unknownPlaces) == 0
		if seen[id] {
			continue
		}
		seen[id] = true
		for i := range findings {
			g := &findings[i]
			if g.ID != id {
				continue
			}
			g.worded = rank + 1
			if g.Status == Fail {
				g.Evidence = append(g.Evidence, h.evidence(source))
				break
			}
			if named && g.Status != Fail {
				// A code or marker of the server named the cause: the
				// words only add to the finding they agree with.
				g.worded = 0
				break
			}
			if g.Status == Pass && ruledOut(g) || g.Status == Skip && !wordingMaySkip(g) {
				// The check ruled the cause out with evidence of its own.
				g.worded = 0
				break
			}
			g.Status, g.Title, g.Fix = Fail, h.m.Title, h.m.Fix
			g.Evidence = append([]string{h.evidence(source)}, g.Evidence...)
			g.Strength, g.wordsOnly = Indicated, true
			if !h.Agrees || weak {
				g.Strength = Inferred
			}
			break
		}
	}
	return findings
}

// wordingMaySkip reports a skipped finding the words may still decide:
// one skipped for want of a response marker, not because the exchange
// cannot carry the cause (no TLS, no redirect).
func wordingMaySkip(g *Finding) bool {
	switch g.ID {
	case TLSClientCert, RedirectAuthDropped, ProxyDenied, HostMismatch:
		return false
	}
	return true
}

// says reports the first meaning the server's words carry, if any.
func (f *facts) says() (lexHit, bool) {
	if len(f.said) == 0 {
		return lexHit{}, false
	}
	return f.said[0], true
}

// saysCause reports whether the server's words name cause id.
func (f *facts) saysCause(id string) (lexHit, bool) {
	for _, h := range f.said {
		if h.m.Cause == id {
			return h, true
		}
	}
	return lexHit{}, false
}

// wordsNameOther reports that the server's words name one of others
// before (more specifically than) cause id.
func wordsNameOther(f *facts, id string, others ...string) bool {
	for _, h := range f.said {
		if h.m.Cause == id {
			return false
		}
		if contains(others, h.m.Cause) {
			return true
		}
	}
	return false
}

// ruledOut reports a pass that rules its cause out for a reason the
// response gives ("Not a permission: the project's API is disabled"), as
// opposed to a pass for want of any marker.
func ruledOut(g *Finding) bool {
	return strings.HasPrefix(g.Title, "Not ") || strings.Contains(g.Title, "(see ")
}

// namedBefore reports a hit among hits that names cause id.
func namedBefore(hits []lexHit, id string) bool {
	for _, h := range hits {
		if h.m.Cause == id {
			return true
		}
	}
	return false
}

// lapseOfCredential reports words that also say a credential expired
// (the expiry meaning), to a request that carries a credential but no
// signing time of its own to be skewed: the expiry is the credential's.
func lapseOfCredential(f *facts) bool {
	if _, ok := f.saysCause(AuthExpired); !ok || !f.req.hasCredential() {
		return false
	}
	if _, _, ok := signedTime(f); ok {
		return false
	}
	return requestTimeOnly(f) == ""
}
