package checks

import (
	"fmt"
	"strings"
	"sync"
)

// Block pages the WAF check's own list does not know (issue 14 §2,
// "blocking"): a protection recognised by a marker of its own (wafVendors
// in markers.go), or any page whose words say the request was stopped for
// the site's security. The vendor's name is a detail; the kind of evidence
// decides.

// blockPage is the block page the response shows, or nil.
func blockPage(f *facts) *wafHit {
	if f.resp == nil || f.body.json != nil || f.body.xml != nil {
		// A JSON or XML error document is read by the lexicon, not as a page.
		return nil
	}
	text := pageText(&f.body)
	said, ok := blockWording(text)
	if ok && !f.refusalShaped(func(h string) bool { _, in := blockWording(h); return in }) {
		ok = false
	}
	ev := []string{f.statusLine(), titleEv(&f.body)}
	if ok {
		ev = append(ev, fmt.Sprintf("the page says: %q", said))
	}
	if f.reference != "" {
		ev = append(ev, "reference: "+f.reference)
	}
	m := wafVendorMarker(f)
	if !m.own && f.status < 400 && !hasRefWord(strings.ToLower(text)) {
		// A good page of a protected site may speak of blocking; a block
		// page served with a success status gives the reference to quote.
		m = vendorMarker{}
	}
	// A product's name in a not-found page ("our hosting includes
	// Imunify360") is no block by itself: the page must say it blocked.
	ownPage := m.own && f.status >= 400 && f.status != 404 && f.status != 410
	if m.name != "" && (ok || m.status || ownPage || wafBlockStatus(f.status)) {
		// The protection's own page (or a page saying it blocked) is its
		// block, and so is its reason phrase whatever the code (DenyALL
		// answers "200 Condition Intercepted"); a marker it sets on every
		// answer is one only at a status protections block with.
		strength, title := Named, fmt.Sprintf("%s blocked the request (%d)", m.name, f.status)
		if !ok && !m.own {
			// Only its presence and a bare refusal: the site behind it
			// may have refused. Indicated, not named.
			strength, title = Indicated, fmt.Sprintf("%s guards the site, and a %d from it is usually its block", m.name, f.status)
		}
		return &wafHit{m.name, strength, title, dedupe(append(ev, m.evidence)), wafOwnerFix(m.name, f.reference), true}
	}
	if t, ok := challengeTitle(f.body.title); ok {
		// The title is the page's purpose: a check that the visitor is a
		// person, whatever the status (Anubis serves it with 200).
		return &wafHit{"Bot protection", Indicated, fmt.Sprintf("The page is a bot check (title %q): a script cannot pass it", f.body.title),
			dedupe(append(ev, "the title says: "+t)),
			"A bot-protection challenge cannot be solved by a script: ask the site owner for a skip rule for your client or API path (or an API token the protection lets through).", true}
	}
	if !ok {
		return nil
	}
	ref := hasRefWord(strings.ToLower(text))
	if f.status < 400 && !ref && !titleSaysIntercepted(f.body.title) {
		// A success page may speak of blocking (a blog post about WAFs);
		// a block page served with 200 gives the reference to quote, or
		// says in its title that it is one.
		return nil
	}
	t := "The page says the request was blocked for the site's security (a WAF or bot protection)"
	if f.status < 400 {
		t = fmt.Sprintf("A block page served with status %d: the request was blocked for the site's security", f.status)
	}
	return &wafHit{"WAF", Indicated, t, dedupe(ev), ownerRefFix, true}
}

// pageText is the title and visible text of a page (scripts and tags
// dropped), at most its first 8 KiB.
func pageText(b *bodyFacts) string {
	return b.title + " . " + b.said
}

// blockPageMeaning: a word of stopping near a word of security. Words
// about a credential cancel it ("the security token was rejected" is
// authentication, not a firewall). Built on first use, as lexicon.
var blockPageMeaning = sync.OnceValues(func() (*meaning, meaningParts) {
	m := &meaning{Class: "block page", Cause: WAFBlock,
		Families: [][]string{blockWords, blockReasons},
		Unless:   []string{"token*", "credential*", "key", "signature*", "password*", "session*", "certificate*", "user", "users"}}
	return m, m.split()
})

// blockWording reports the words that make text a block page.
func blockWording(text string) (string, bool) {
	m, parts := blockPageMeaning()
	if h, ok := m.find(lexWords(text), parts); ok {
		return h.Excerpt, true
	}
	for _, u := range unlessTextCJK {
		if strings.Contains(text, u) {
			return "", false
		}
	}
	for _, b := range blockTextCJK {
		i := strings.Index(text, b)
		if i < 0 {
			continue
		}
		for _, r := range reasonTextCJK {
			if strings.Contains(strings.ToLower(text), r) {
				return excerptAround(text, i), true
			}
		}
		// The title alone (访问被拦截, "access intercepted") is the page's
		// purpose.
		if strings.Contains(text[:strings.Index(text, " . ")+1], b) {
			return excerptAround(text, i), true
		}
	}
	return "", false
}

// titleSaysIntercepted reports a Chinese or Korean page title with a word
// of blocking (拦截提示 "interception notice", 访问被拦截, 차단): the
// page's purpose is the block, whatever status it is served with (INFOSAFE
// and others answer 200). English titles are read with the page's words.
func titleSaysIntercepted(title string) bool {
	for _, b := range blockTextCJK {
		if strings.Contains(title, b) {
			return true
		}
	}
	return false
}

// excerptAround is up to 60 bytes of text from i, cut at a rune boundary.
func excerptAround(text string, i int) string {
	j := min(len(text), i+60)
	for j < len(text) && j > i && (text[j]&0xC0) == 0x80 {
		j--
	}
	return strings.Join(strings.Fields(text[i:j]), " ")
}

// hasRefWord reports a reference for support ("Incident ID", "Error Code").
func hasRefWord(lower string) bool {
	for _, w := range refWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// vendorMarker is the WAF marker a response carries: the protection's
// name, the marker as evidence, and whether the marker is the protection
// answering (its page, a header sent when it acts, its reason phrase)
// rather than its presence; status: the marker is the status line.
type vendorMarker struct {
	name, evidence string
	own, status    bool
}

// wafVendorMarker finds the first protection of wafVendors whose marker the
// response carries; a marker of its own answer wins over a presence marker.
func wafVendorMarker(f *facts) vendorMarker {
	var seen vendorMarker
	cookies := cookieParts(f.h.values("set-cookie"))
	reason := strings.ToLower(f.resp.Reason)
	for _, v := range wafVendors {
		for _, m := range v.Block {
			if headerMatches(f.h, m) {
				return vendorMarker{v.Name, f.h.line(m.Name) + " (" + v.Name + "'s block header)", true, false}
			}
		}
		for _, r := range v.Reason {
			if strings.Contains(reason, r) {
				return vendorMarker{v.Name, f.statusLine() + " (" + v.Name + "'s reason phrase)", true, true}
			}
		}
		for _, b := range v.Body {
			if f.body.has(b) {
				return vendorMarker{v.Name, fmt.Sprintf("the page carries %q (%s)", b, v.Name), true, false}
			}
		}
		if seen.name != "" {
			continue
		}
		for _, m := range v.Headers {
			if headerMatches(f.h, m) {
				seen = vendorMarker{v.Name, f.h.line(m.Name) + " (" + v.Name + ")", false, false}
				break
			}
		}
		for _, c := range v.Cookies {
			if seen.name == "" && cookieSet(cookies, c) {
				seen = vendorMarker{v.Name, "Set-Cookie: " + strings.TrimSuffix(c, "=") + "… (" + v.Name + "'s cookie)", false, false}
			}
		}
	}
	if seen.name == "" && serverNamesWAF(f.h.get("server")) {
		seen = vendorMarker{"A web application firewall", f.h.line("server") + " (the server calls itself a WAF)", false, false}
	}
	return seen
}

// serverNamesWAF reports a Server product with "waf" as one of its words
// (Wangsu's waf/4.24, SafeDog's WAF/2.0, jiasule-waf, IF_WAF): a firewall
// answering for the site, whichever vendor.
func serverNamesWAF(server string) bool {
	words := strings.FieldsFunc(strings.ToLower(server), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	return contains(words, "waf")
}

// headerMatches: the header is present (m.Contains empty) or carries
// m.Contains in its value.
func headerMatches(h headerIndex, m headerMarker) bool {
	if m.Contains == "" {
		return h.has(m.Name)
	}
	return h.contains(m.Name, m.Contains)
}

// wafBlockStatus reports a status WAFs block with: 403, 406 (ModSecurity's
// and others' default) and the codes of their own (418, 493, ...). A
// protection in front of a site passes the site's 401, 404 and 429 on
// with its presence markers.
func wafBlockStatus(code int) bool {
	return code == 403 || code == 406 || unregisteredClientStatus(code)
}

// wafOwnerFix is the fix for a named protection's block: only the site
// owner can see the rule, by the reference when the page gives one.
func wafOwnerFix(name, ref string) string {
	s := fmt.Sprintf("%s (the site's protection) refused the request; only the site owner can see which rule matched. ", name)
	if ref != "" {
		s += fmt.Sprintf("Send them the time of the request and the reference %s. ", ref)
	} else {
		s += "Send them the time of the request and your IP address. "
	}
	return s + "Or change what triggers it (payload, User-Agent, request rate)."
}

// cookieParts is the Set-Cookie values, lowered and cut where a value
// joins several by ", ", each part trimmed: cut once for every vendor's
// prefix, as a response may carry hundreds of thousands of them.
func cookieParts(values []string) []string {
	var out []string
	for _, v := range values {
		for part := range strings.SplitSeq(strings.ToLower(v), ",") {
			out = append(out, strings.TrimSpace(part))
		}
	}
	return out
}

// cookieSet reports a cookie whose name starts with prefix among the
// parts of Set-Cookie (cookieParts).
func cookieSet(parts []string, prefix string) bool {
	for _, p := range parts {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// challengeTitles are titles of pages that check the visitor is a person:
// "Making sure you're not a bot!" (Anubis), "Vercel Security Checkpoint",
// "Verify you are human".
var challengeTitles = []string{"not a bot", "not a robot", "you are human", "you're human", "you are a human", "are you human",
	"are you a robot", "human verification", "verify you are", "checking your browser", "security checkpoint"}

// challengeTitle reports the words of a bot check in a page title.
func challengeTitle(title string) (string, bool) {
	l := strings.ToLower(strings.ReplaceAll(title, "’", "'"))
	for _, t := range challengeTitles {
		if strings.Contains(l, t) {
			return t, true
		}
	}
	return "", false
}
