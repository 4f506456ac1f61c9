package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/why403/why403/probe/runes"
)

// WriteJSON writes d as one indented JSON object. encoding/json already
// escapes C0 controls but emits DEL, C1 controls and bidi or other format
// characters raw; those are rewritten as \uXXXX escapes, which keeps the
// data exact for scripts and inert on a terminal.
func WriteJSON(w io.Writer, d Document) error {
	raw, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding JSON report: %w", err)
	}
	raw = append(jsonInert(raw), '\n')
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// jsonInert escapes the runes a terminal acts on. Such runes can only occur
// inside JSON strings, where \uXXXX is always valid.
func jsonInert(b []byte) []byte {
	if !needsInert(b) {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b) + 32)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if actsOnTerminal(r) {
			if r > 0xffff {
				r1, r2 := utf16Pair(r)
				fmt.Fprintf(&out, `\u%04x\u%04x`, r1, r2)
			} else {
				fmt.Fprintf(&out, `\u%04x`, r)
			}
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	return out.Bytes()
}

func needsInert(b []byte) bool {
	for _, c := range b {
		if c >= 0x7f {
			return true
		}
	}
	return false
}

func actsOnTerminal(r rune) bool {
	return runes.IsC1(r) || runes.IsFormat(r)
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}
