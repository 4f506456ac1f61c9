package curlargs

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// FuzzParse: no argument list makes Parse panic, and what it accepts is
// valid and survives Quote.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"-sSLX\x00POST\x00" + u,
		"-F\x00a=x;type=t;charset=u;y\x00" + u,
		"-F\x00b=\"q;w\";filename=\"n\"\x00" + u,
		"--json\x00{}\x00-G\x00" + u,
		"-H\x00X;\x00-H\x00Accept:\x00--data-urlencode\x00a=b c\x00" + u,
		"-u\x00a:b\x00-E\x00c\\:d\x00--key\x00k\x00" + u,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		got, err := Parse(args)
		if err != nil || got.Options.Help {
			return
		}
		line := Quote(got.Request, probe.NewRedactor(got.Request, true))
		if strings.Contains(line, "<(printf") {
			return
		}
		words := shellWords(t, line)
		back, err := Parse(words)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its Quote %s does not parse: %v", args, line, err)
		}
		assertRequest(t, back.Request, got.Request)
	})
}
