package checks

import (
	"strings"
	"sync"
)

// phraseIndex finds many phrases in one pass over a text. Searching a
// 64 KiB body for each of some 300 marker phrases one at a time costs
// milliseconds; one scan that looks up each position's first three bytes
// costs about a tenth of that.
//
// A 64 Ki-bit filter on a hash of the three bytes rejects almost every
// position cheaply; a hit is confirmed in a map from the three bytes to the
// phrases starting with them.
type phraseIndex struct {
	// fold: phrases and text are compared with separators folded to a
	// space (foldSeparators), so "client-not-enrolled" and
	// "insufficient_quota" match "not enrolled" and "insufficient quota".
	fold    bool
	phrases []string
	id      map[string]int
	byKey   map[uint32][]int
	// pairs marks the first two bytes of every phrase; filter marks a hash
	// of the first three. Together they reject most positions without a
	// multiplication or a map lookup.
	pairs  [1 << 16 / 8]byte
	filter [1 << 16 / 8]byte
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
	x := &phraseIndex{fold: fold, id: map[string]int{}, byKey: map[uint32][]int{}}
	for _, list := range lists {
		for _, original := range list {
			if len(original) < 3 {
				panic("checks: marker phrase shorter than three bytes: " + original)
			}
			p := original
			if fold {
				p = foldSeparators(p)
			}
			if n, dup := x.id[p]; dup {
				x.id[original] = n
				continue
			}
			n := len(x.phrases)
			x.phrases = append(x.phrases, p)
			x.id[p], x.id[original] = n, n
			k := trigram(p, 0)
			x.byKey[k] = append(x.byKey[k], n)
			slot := trigramSlot(k)
			x.filter[slot/8] |= 1 << (slot % 8)
			pair := k & 0xffff
			x.pairs[pair/8] |= 1 << (pair % 8)
		}
	}
	return x
}

// scan returns, for every phrase, the offset of its first occurrence in
// text, or -1.
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
		for _, n := range x.byKey[k] {
			if pos[n] < 0 && strings.HasPrefix(text[i:], x.phrases[n]) {
				pos[n] = int32(i)
				left--
			}
		}
	}
	return pos
}

// found is the result of one scan, queried by phrase.
type found struct {
	x   *phraseIndex
	pos []int32
	// text is searched directly for phrases the index does not hold.
	text string
}

// index returns the offset of p in the text, or -1.
func (f *found) index(p string) int {
	if f.x != nil {
		if n, ok := f.x.id[p]; ok {
			return int(f.pos[n])
		}
	}
	if f.x != nil && f.x.fold {
		p = foldSeparators(p)
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
