package lab

import (
	"strings"
	"testing"
)

// The index page is built by hand, so every value must come out escaped:
// a directory name or a command holding markup shows as text.
func TestIndexPageEscapes(t *testing.T) {
	l := &Lab{
		HTTPURL: "http://127.0.0.1:1", Dir: `/tmp/<script>alert(1)</script>`,
		scenarios: []Scenario{{Name: "x<b>", Title: `a "b" & c`, Args: []string{"-H", "X: <i>'", "http://127.0.0.1:1/"}}},
	}
	page := l.indexPage()
	for _, bad := range []string{"<script>", "<b>", "<i>", `"b"`, " & "} {
		if strings.Contains(page, bad) {
			t.Errorf("index page holds %q unescaped:\n%s", bad, page)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "<td>x&lt;b&gt;</td>", "a &#34;b&#34; &amp; c", "&#39;X: &lt;i&gt;&#39;\\&#39;&#39;&#39;"} {
		if !strings.Contains(page, want) {
			t.Errorf("index page lacks %q:\n%s", want, page)
		}
	}
}
