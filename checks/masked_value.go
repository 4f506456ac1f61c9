package checks

import (
	"bytes"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// A masked stand-in is a secret as why403 shows it (probe.MaskSecret):
// four bullets and the secret's last four characters at most, "••••T5y8".
// A request saved without --keep-secrets keeps some secrets so (a JSON
// member), and one restored from History or copied from a display keeps
// them all so: sent as is, the mask goes out as if it were the secret.
// The dots of a password field ("●●●●●●") count too. Asterisks do not:
// they are globs and wildcards in ordinary requests.

// maskMinRun is the shortest run of bullets read as a mask: why403 writes
// four.
const maskMinRun = 4

// maskTail is the most characters of the secret a mask keeps.
const maskTail = 4

// bulletLen is the length of the bullet at b[i] (• U+2022 or ● U+25CF,
// three bytes in UTF-8), or 0.
func bulletLen(b []byte, i int) int {
	if i+2 < len(b) && b[i] == 0xe2 && (b[i+1] == 0x80 && b[i+2] == 0xa2 || b[i+1] == 0x97 && b[i+2] == 0x8f) {
		return 3
	}
	return 0
}

// maskOpens reports whether a value may start after c: a quote, the = of a
// form field or a cookie, the : of user:password, a tag or a line; in a
// header value also a space (after a scheme) or a list separator.
func maskOpens(c byte, header bool) bool {
	return strings.IndexByte("\"'=:>\n", c) >= 0 || header && strings.IndexByte(" \t,;", c) >= 0
}

// maskCloses reports whether a value may end before c.
func maskCloses(c byte, header bool) bool {
	return strings.IndexByte("\"'&;,<\r\n", c) >= 0 || header && (c == ' ' || c == '\t')
}

// findMask finds the first masked stand-in in b: a run of at least four
// bullets at the start of a value, then at most four characters to the
// value's end. It reads b once, with a byte search for the bullets' lead
// byte, so that a large body costs little more than a memchr.
func findMask(b []byte, header bool) (start, end int, ok bool) {
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], 0xe2)
		if j < 0 {
			return 0, 0, false
		}
		i += j
		k, run := i, 0
		for n := bulletLen(b, k); n > 0; n = bulletLen(b, k) {
			k += n
			run++
		}
		if run == 0 {
			i++
			continue
		}
		if run >= maskMinRun && (i == 0 || maskOpens(b[i-1], header)) {
			if e, ok := maskEnd(b, k, header); ok {
				return i, e, true
			}
		}
		i = k
	}
	return 0, 0, false
}

// maskEnd reads the kept tail after the bullets at b[k:]: the end of the
// value within maskTail printable characters.
func maskEnd(b []byte, k int, header bool) (int, bool) {
	for n := 0; ; n++ {
		if k == len(b) || maskCloses(b[k], header) {
			return k, true
		}
		c, size := utf8.DecodeRune(b[k:])
		if n == maskTail || c < 0x20 || c == utf8.RuneError || c == 0x7f {
			return 0, false
		}
		k += size
	}
}

// maskIn is the masked stand-in in s, or "".
func maskIn(s string, header bool) string {
	if !strings.Contains(s, "\xe2") {
		return ""
	}
	if i, j, ok := findMask([]byte(s), header); ok {
		return s[i:j]
	}
	return ""
}

// addMasked says that what (a header, a field) carries a mask.
func (r *requestFacts) addMasked(what, mask, line string) {
	r.addMalformed(Fail, line,
		fmt.Sprintf("%s carries a masked value (%s) copied from a masked display, not the secret", what, mask),
		"Type the real value in place of the mask: a request saved without --keep-secrets, restored from History or copied from a display keeps its secrets masked, and the mask is sent as if it were the secret.")
}

// readMaskedHeader flags a header value holding a mask. Authorization is
// read by readAuthorization.
func (r *requestFacts) readMaskedHeader(name, value string) {
	if m := maskIn(value, true); m != "" {
		r.addMasked("Header "+name, m, headerLine(name, value))
	}
}

// readMaskedQuery flags query values holding a mask, decoded (a mask
// copied into a URL may be percent-encoded).
func (r *requestFacts) readMaskedQuery() {
	if r.u == nil || !strings.Contains(r.u.RawQuery, "\xe2") && !strings.Contains(strings.ToLower(r.u.RawQuery), "%e2") {
		return
	}
	q, _ := url.ParseQuery(r.u.RawQuery)
	for _, name := range slices.Sorted(maps.Keys(q)) {
		for _, v := range q[name] {
			if m := maskIn(v, false); m != "" {
				r.addMasked("Query parameter "+clip(name, 40), m, "query parameter "+clip(name, 40)+"="+m)
				break
			}
		}
	}
}

// readMaskedBody flags the first mask in the body, named by its JSON key
// or form field when one is right before it. It reads the first
// bodyWindow bytes, as the other body checks do: a scan of a whole 1 MiB
// body costs Preflight about 15%, of its first 64 KiB about 1%.
func (r *requestFacts) readMaskedBody(body []byte) {
	i, j, ok := findMask(body[:min(len(body), bodyWindow)], false)
	if !ok {
		return
	}
	m := string(body[i:j])
	if name := maskedFieldName(body, i); name != "" {
		r.addMasked("Body field "+name, m, "body field "+name+"="+m)
		return
	}
	r.addMasked("The body", m, "body holds "+m)
}

// maskedFieldName is the JSON key ("key": "••••") or form field
// (key=••••) of the value starting at body[i], or "" when none is there or
// it is not plain printable text.
func maskedFieldName(body []byte, i int) string {
	const most = 128
	from := max(0, i-most-8)
	before := body[from:i]
	var name string
	switch {
	case bytes.HasSuffix(before, []byte("=")):
		k := before[:len(before)-1]
		if a := bytes.LastIndexByte(k, '&'); a >= 0 {
			k = k[a+1:]
		} else if from > 0 {
			return ""
		}
		if n, err := url.QueryUnescape(string(k)); err == nil {
			name = n
		}
	case bytes.HasSuffix(before, []byte(`"`)):
		k := bytes.TrimRight(before[:len(before)-1], " \t\r\n")
		if !bytes.HasSuffix(k, []byte(":")) {
			return ""
		}
		k = bytes.TrimRight(k[:len(k)-1], " \t\r\n")
		if !bytes.HasSuffix(k, []byte(`"`)) {
			return ""
		}
		k = k[:len(k)-1]
		a := bytes.LastIndexByte(k, '"')
		if a < 0 {
			return ""
		}
		name = string(k[a+1:])
	}
	if name == "" || len(name) > most || !utf8.ValidString(name) || strings.ContainsFunc(name, func(c rune) bool { return c < 0x20 || c == 0x7f || c == '\\' }) {
		return ""
	}
	return name
}
