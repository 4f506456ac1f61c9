package format

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/htmlindex"
)

// charsetEncoding is a copy of the WHATWG label table that x/text's
// htmlindex holds (kept out of the binary for its start-up cost): every
// label must name the same encoding there.
func TestCharsetEncodingAgreesWithHTMLIndex(t *testing.T) {
	labels := []string{"Shift_JIS", " ISO-8859-1 ", "x-mac-ukrainian", "ks_c_5601-1987", "utf-16"}
	for _, c := range charsets() {
		labels = append(labels, strings.Fields(c.labels)...)
	}
	for _, l := range labels {
		want, err := htmlindex.Get(l)
		if err != nil {
			t.Errorf("%q: htmlindex does not know it: %v", l, err)
			continue
		}
		got := charsetEncoding(l)
		if got == nil {
			t.Errorf("%q: unknown", l)
			continue
		}
		wn, _ := htmlindex.Name(want)
		gn, _ := htmlindex.Name(got)
		if wn != gn || wn == "" {
			t.Errorf("%q: %q, htmlindex %q", l, gn, wn)
		}
	}
	for _, l := range []string{"", "latin 1", "utf-7", "ebcdic", "x-unknown"} {
		if charsetEncoding(l) != nil {
			t.Errorf("%q: known", l)
		}
	}
}
