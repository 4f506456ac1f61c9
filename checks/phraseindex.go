package checks

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// phraseIndex finds many phrases in one pass over a text. Searching a
// 64 KiB body for each of some 300 marker phrases one at a time costs
// milliseconds; one scan that looks up each position's first three bytes
// costs about a tenth of that.
//
// A 64 Ki-bit filter on a hash of the three bytes rejects almost every
// position cheaply; a hit is confirmed in a table from the three bytes to
// the phrases starting with them.
type phraseIndex struct {
	// fold: phrases and text are compared with separators folded to a
	// space (foldSeparators), so "client-not-enrolled" and
	// "insufficient_quota" match "not enrolled" and "insufficient quota".
	// The text is not folded: the filters hold every spelling of a
	// phrase's first bytes, and a hit is compared with the separators
	// read as spaces (folding a 64 KiB body into a copy cost more than
	// the scan).
	fold    bool
	phrases []string
	// keys is an open-addressed table of the phrases' first three bytes;
	// a key's phrases are group[start:end]. A map of slices cost a
	// lookup per filter hit several times this, and 200 allocations to
	// build.
	keys  []trigramKey
	group []uint16
	// pairs marks the first two bytes of every phrase; filter marks a hash
	// of the first three. Together they reject most positions without a
	// multiplication or a table lookup.
	pairs  [1 << 16 / 8]byte
	filter [1 << 16 / 8]byte
}

// trigramKey is one entry of phraseIndex.keys; end is 0 in an empty one.
type trigramKey struct {
	k          uint32
	start, end uint16
}

func trigram(s string, i int) uint32 {
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16
}

func trigramSlot(k uint32) uint32 { return (k * 0x9E3779B1) >> 16 }

func newPhraseIndex(lists ...[]string) *phraseIndex {
	return buildPhraseIndex(false, lists)
}

// newFoldedPhraseIndex is newPhraseIndex for text passed through
// foldSeparators.
func newFoldedPhraseIndex(lists ...[]string) *phraseIndex {
	return buildPhraseIndex(true, lists)
}

func buildPhraseIndex(fold bool, lists [][]string) *phraseIndex {
	total := 0
	for _, list := range lists {
		total += len(list)
	}
	if total > 1<<16-1 {
		panic("checks: more than 65535 marker phrases")
	}
	x := &phraseIndex{fold: fold, phrases: make([]string, 0, total)}
	for _, list := range lists {
		for _, p := range list {
			if len(p) < 3 {
				panic("checks: marker phrase shorter than three bytes: " + p)
			}
			if fold {
				p = foldSeparators(p)
			}
			x.phrases = append(x.phrases, p)
		}
	}
	x.phrases = firstOfEach(x.phrases)
	for _, p := range x.phrases {
		for _, a := range x.spellings(p[0]) {
			for _, b := range x.spellings(p[1]) {
				pair := uint32(a) | uint32(b)<<8
				x.pairs[pair/8] |= 1 << (pair % 8)
				for _, c := range x.spellings(p[2]) {
					slot := trigramSlot(pair | uint32(c)<<16)
					x.filter[slot/8] |= 1 << (slot % 8)
				}
			}
		}
	}
	x.buildKeys()
	return x
}

// firstOfEach is ps without repeats, in order. It sorts instead of
// keeping a map of what it has seen: the index is built at the first
// judgement of every process, and a map of 600 strings is some 30 KB of
// memory touched for the first time.
func firstOfEach(ps []string) []string {
	order := make([]uint16, len(ps))
	for i := range order {
		order[i] = uint16(i)
	}
	slices.SortStableFunc(order, func(a, b uint16) int { return strings.Compare(ps[a], ps[b]) })
	repeat := make([]bool, len(ps))
	for i := 1; i < len(order); i++ {
		if ps[order[i]] == ps[order[i-1]] {
			repeat[order[i]] = true
		}
	}
	out := ps[:0]
	for i, p := range ps {
		if !repeat[i] {
			out = append(out, p)
		}
	}
	return out
}

// lookup is the number of phrase p (compared as folded, for a folding
// index), or -1 when the index does not hold it.
func (x *phraseIndex) lookup(p string) int {
	if len(p) < 3 {
		return -1
	}
	k := trigram(p, 0)
	if x.fold {
		k = foldedTrigram(p, 0)
	}
	for _, n := range x.candidates(k) {
		q := x.phrases[n]
		if len(q) == len(p) && (q == p || x.fold && hasFoldedPrefix(p, 0, q)) {
			return int(n)
		}
	}
	return -1
}

// buildKeys groups the phrases by their first three bytes, in phrase
// order within a key, and fills the table of keys.
func (x *phraseIndex) buildKeys() {
	x.group = make([]uint16, len(x.phrases))
	for n := range x.group {
		x.group[n] = uint16(n)
	}
	slices.SortStableFunc(x.group, func(a, b uint16) int {
		return cmp.Compare(trigram(x.phrases[a], 0), trigram(x.phrases[b], 0))
	})
	distinct := 0
	for i, n := range x.group {
		if i == 0 || trigram(x.phrases[n], 0) != trigram(x.phrases[x.group[i-1]], 0) {
			distinct++
		}
	}
	size := 8
	for size < 2*distinct {
		size *= 2
	}
	x.keys = make([]trigramKey, size)
	for i := 0; i < len(x.group); {
		k := trigram(x.phrases[x.group[i]], 0)
		j := i + 1
		for j < len(x.group) && trigram(x.phrases[x.group[j]], 0) == k {
			j++
		}
		mask := uint32(size - 1)
		s := trigramSlot(k) & mask
		for x.keys[s].end != 0 {
			s = (s + 1) & mask
		}
		x.keys[s] = trigramKey{k: k, start: uint16(i), end: uint16(j)}
		i = j
	}
}

// candidates are the phrases beginning with the three bytes k.
func (x *phraseIndex) candidates(k uint32) []uint16 {
	mask := uint32(len(x.keys) - 1)
	for s := trigramSlot(k) & mask; ; s = (s + 1) & mask {
		e := &x.keys[s]
		if e.end == 0 {
			return nil
		}
		if e.k == k {
			return x.group[e.start:e.end]
		}
	}
}

// separators are the bytes foldSeparators reads as a space, and the space.
const separators = " -_\t\r\n"

// spellings are the bytes of a text that match byte c of a phrase: a space
// of a folding index is matched by any separator.
func (x *phraseIndex) spellings(c byte) string {
	if x.fold && c == ' ' {
		return separators
	}
	return string(c)
}

// isSeparator reports a byte foldSeparators maps to a space.
func isSeparator(c byte) bool {
	switch c {
	case '-', '_', '\t', '\r', '\n':
		return true
	}
	return false
}

// hasFoldedPrefix reports whether foldSeparators(text)[i:] begins with the
// folded phrase p, without folding text.
func hasFoldedPrefix(text string, i int, p string) bool {
	if len(text)-i < len(p) {
		return false
	}
	for j := 0; j < len(p); j++ {
		if c := text[i+j]; c != p[j] && (p[j] != ' ' || !isSeparator(c)) {
			return false
		}
	}
	return true
}

// indexFolded is strings.Index(foldSeparators(text), p) for a folded p,
// without folding text: the phrase's longest word (its bytes are no
// separators, and a long word is a rare one) is searched for as it is,
// and each place it occurs is compared with the separators read as
// spaces, in order, so the first match is the first occurrence.
func indexFolded(text, p string) int {
	if !strings.Contains(p, " ") {
		return strings.Index(text, p)
	}
	anchor, at := "", 0
	for i := 0; i < len(p); {
		j := i
		for j < len(p) && p[j] != ' ' {
			j++
		}
		if j-i > len(anchor) {
			anchor, at = p[i:j], i
		}
		i = j + 1
	}
	if anchor == "" {
		for i := range len(text) {
			if hasFoldedPrefix(text, i, p) {
				return i
			}
		}
		return -1
	}
	for off := at; off < len(text); {
		j := strings.Index(text[off:], anchor)
		if j < 0 {
			return -1
		}
		if start := off + j - at; hasFoldedPrefix(text, start, p) {
			return start
		}
		off += j + 1
	}
	return -1
}

// scan returns, for every phrase, the offset of its first occurrence in
// text (as foldSeparators would make it, for a folding index), or -1.
func (x *phraseIndex) scan(text string) []int32 {
	pos := make([]int32, len(x.phrases))
	for i := range pos {
		pos[i] = -1
	}
	left := len(x.phrases)
	for i := 0; i+3 <= len(text) && left > 0; i++ {
		pair := uint32(text[i]) | uint32(text[i+1])<<8
		if x.pairs[pair/8]&(1<<(pair%8)) == 0 {
			continue
		}
		k := pair | uint32(text[i+2])<<16
		slot := trigramSlot(k)
		if x.filter[slot/8]&(1<<(slot%8)) == 0 {
			continue
		}
		if x.fold {
			k = foldedTrigram(text, i)
		}
		for _, n := range x.candidates(k) {
			if pos[n] < 0 && (x.fold && hasFoldedPrefix(text, i, x.phrases[n]) || !x.fold && strings.HasPrefix(text[i:], x.phrases[n])) {
				pos[n] = int32(i)
				left--
			}
		}
	}
	return pos
}

// foldedTrigram is trigram of the text's three bytes at i with separators
// read as spaces.
func foldedTrigram(s string, i int) uint32 {
	return uint32(foldByte(s[i])) | uint32(foldByte(s[i+1]))<<8 | uint32(foldByte(s[i+2]))<<16
}

// foldByte is c as foldSeparators maps it.
func foldByte(c byte) byte {
	if isSeparator(c) {
		return ' '
	}
	return c
}

// found is the result of one scan, queried by phrase.
type found struct {
	x   *phraseIndex
	pos []int32
	// text is searched directly for phrases the index does not hold
	// (as scanned: not folded).
	text string
}

// index returns the offset of p in the text, or -1.
func (f *found) index(p string) int {
	if f.x != nil {
		if n := f.x.lookup(p); n >= 0 {
			return int(f.pos[n])
		}
	}
	if f.x != nil && f.x.fold {
		return indexFolded(f.text, foldSeparators(p))
	}
	return strings.Index(f.text, p)
}

// foldSeparators maps the characters that join or break words in codes
// and wrapped text ('-', '_', tab, CR, LF) to a space, byte for byte, so
// offsets into the result are offsets into the input.
func foldSeparators(s string) string {
	if !strings.ContainsAny(s, "-_\t\r\n") {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		switch c {
		case '-', '_', '\t', '\r', '\n':
			b[i] = ' '
		}
	}
	return string(b)
}

// bodyPhrases indexes every phrase the checks look for in a response body.
// It is built on first use: why403's app and --version link this package
// but need no index to start.
var bodyPhrases = sync.OnceValue(func() *phraseIndex {
	return newFoldedPhraseIndex(
		missingPhrases, authRequiredPhrases, expiredPhrases, malformedPhrases, invalidPhrases,
		ipPhrases, scopePhrases, rateNamed, rateWords, geoPhrases, contentTypePhrases,
		wafPhrases, tlsPagePhrases, ipWords, bodyMarkers, vendorBodyMarkers(),
		csrfPhrases, corsPhrases, skewPhrases, signaturePhrases, userAgentPhrases, resourcePhrases,
		methodPhrases, hostPhrases, accountPhrases, billingQuotaPhrases, proxyBodyMarkers(),
		wafVendorBodyMarkers(),
	)
})

// scanAttacks finds the attack patterns in a request's text. A short text
// (a URL, a small body) is searched pattern by pattern, which costs less
// than building attackPhrases: most checks send no body, and the index's
// tables were some 30 KB, about 7 page faults, of every start.
func scanAttacks(text string) found {
	if len(text) < shortAttackText {
		return found{text: text}
	}
	idx := attackPhrases()
	return found{x: idx, pos: idx.scan(text), text: text}
}

// shortAttackText is the longest text scanAttacks searches without the
// index: there are a few dozen patterns, each found by a vectorised search.
const shortAttackText = 4 << 10

// attackPhrases indexes the attack patterns for request text, on first use
// as bodyPhrases.
var attackPhrases = sync.OnceValue(func() *phraseIndex {
	var ps []string
	for _, p := range attackPatterns {
		ps = append(ps, p.Text)
	}
	return newPhraseIndex(ps)
})

func wafVendorBodyMarkers() []string {
	var out []string
	for _, v := range wafVendors {
		out = append(out, v.Body...)
	}
	return out
}

func vendorBodyMarkers() []string {
	var out []string
	for _, v := range vendors {
		out = append(out, v.Body...)
		out = append(out, v.RefBody...)
	}
	return out
}
