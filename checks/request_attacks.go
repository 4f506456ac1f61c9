package checks

import (
	"strconv"
	"strings"

	"github.com/why403/why403/probe"
)

// readAttacks reads what WAFs dislike: a library or scanner User-Agent, and
// attack-like text in the URL or the body.
func (r *requestFacts) readAttacks(body []byte) {
	// why403's own default (curl's, as the curl command it replaces would
	// send) is the baseline every diagnosis is measured against: it is not
	// read as a library default the user chose.
	if r.HasUserAgent && strings.TrimSpace(r.UserAgent) != probe.UserAgent {
		l := strings.ToLower(strings.TrimSpace(r.UserAgent))
		for _, p := range libraryAgents {
			if strings.HasPrefix(l, p) {
				r.UALibrary = p
				break
			}
		}
		for _, s := range scannerAgents {
			if strings.Contains(l, s) {
				r.UAScanner = s
				break
			}
		}
		for _, s := range botAgents {
			if strings.Contains(l, s) {
				r.UABot = s
				break
			}
		}
	}
	if r.u != nil {
		text := r.u.EscapedPath()
		if r.u.RawQuery != "" {
			text += "?" + strings.ReplaceAll(r.u.RawQuery, "+", " ")
		}
		if hit, ok := findAttack("URL", normalizeAttack([]byte(unescapeLoose(unescapeLoose(text))))); ok {
			r.Attacks = append(r.Attacks, hit)
		}
	}
	if len(body) > 0 {
		w := body[:min(len(body), bodyWindow)]
		if r.BodyKind == "form" {
			w = []byte(unescapeLoose(strings.ReplaceAll(string(w), "+", " ")))
		}
		if hit, ok := findAttack("body", normalizeAttack(w)); ok {
			r.Attacks = append(r.Attacks, hit)
		}
	}
}

// findAttack returns the first attack pattern (in catalogue order) in
// text; one per place is enough to explain a block.
func findAttack(where, text string) (attackHit, bool) {
	hits := scanAttacks(text)
	for _, p := range attackPatterns {
		if hits.index(p.Text) >= 0 {
			return attackHit{Where: where, Pattern: p.Text, Kind: p.Kind}, true
		}
	}
	return attackHit{}, false
}

// normalizeAttack lowers ASCII, turns SQL comments (/**/) into spaces and
// collapses white space, as WAF transformations do, in one pass.
func normalizeAttack(p []byte) string {
	out := make([]byte, len(p))
	n := 0
	for i := 0; i < len(p); i++ {
		c := attackFold(p[i])
		if c == '/' && i+3 < len(p) && p[i+1] == '*' && p[i+2] == '*' && p[i+3] == '/' {
			c, i = ' ', i+3
		}
		if c == ' ' && n > 0 && out[n-1] == ' ' {
			continue
		}
		out[n] = c
		n++
	}
	return string(out[:n])
}

// attackFold lowers an ASCII letter and turns white space into a space.
func attackFold(c byte) byte {
	switch {
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A'
	case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		return ' '
	}
	return c
}

// unescapeLoose percent-decodes what it can and keeps the rest as is.
func unescapeLoose(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(v))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}
