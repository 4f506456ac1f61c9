package dartcall

import (
	"testing"
	"time"
)

// FuzzParse: any input is read without a panic, in bounded time, and a
// call it reads builds a request or says which names are missing.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		issueSnippet,
		`http.post(Uri.https('h', '/p', {'a': 'b'}), body: jsonEncode({'x': [1, 2, {'y': null}]}))`,
		`var r = http.Request('PUT', Uri.parse('https://h/'))..headers['a'] = '${b.c}'..body = 'x'; client.send(r);`,
		`final dio = Dio(BaseOptions(baseUrl: base)); dio.options.headers['k'] = v; dio.get('/p', options: Options(headers: {'a': 'b'}));`,
		`'''multi ${line} $x''' r'raw\n' "esc\u{1F600}\x41"`,
		`/* unterminated`,
		`http.get(Uri.parse('x'), headers: {...h})`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		start := time.Now()
		c, err := Parse(src, map[string]string{"token": "t"})
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Parse took %v on %d bytes", d, len(src))
		}
		if err != nil {
			return
		}
		if _, err := c.Request(); err != nil && len(c.Unknown) == 0 && c.Client != "dart" && c.Client != "dio" {
			t.Fatalf("a call was read but builds no request: %v", err)
		}
	})
}
