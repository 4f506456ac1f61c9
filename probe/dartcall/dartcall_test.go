package dartcall

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/clients"
)

// issueSnippet is the Dart call from a typical "403 in Flutter" article.
const issueSnippet = `final response = await http.get(Uri.parse('https://example.com/api/resource'),
  headers: {'Authorization': 'Bearer YOUR_ACCESS_TOKEN', 'Content-Type': 'application/json'});`

func hs(lines ...string) []probe.Header {
	var out []probe.Header
	for _, l := range lines {
		n, v, _ := strings.Cut(l, ": ")
		out = append(out, probe.Header{Name: n, Value: v})
	}
	return out
}

func TestParse(t *testing.T) {
	cases := []struct {
		name string
		src  string
		vars map[string]string
		want Call
	}{
		{"the issue's snippet", issueSnippet, nil, Call{Client: "dart", Method: "GET", URL: "https://example.com/api/resource",
			Headers: hs("Authorization: Bearer YOUR_ACCESS_TOKEN", "Content-Type: application/json")}},
		{"a String body from jsonEncode, inside a function",
			`import 'package:http/http.dart' as http;
			Future<void> send(String token) async {
			  // post the order
			  final body = jsonEncode({'item': 'lamp', 'qty': 2, 'gift': true, 'note': null});
			  final res = await http.post(Uri.https('api.example.com', '/v1/orders', {'src': 'app store'}),
			      headers: {'Authorization': 'Bearer $token'}, body: body);
			  print(res.statusCode);
			}`, map[string]string{"token": "t0k"},
			Call{Client: "dart", Method: "POST", URL: "https://api.example.com/v1/orders?src=app+store",
				Headers: hs("Authorization: Bearer t0k"), Body: []byte(`{"item":"lamp","qty":2,"gift":true,"note":null}`), BodyKind: clients.BodyString}},
		{"a Map body goes as a form", `http.post(Uri.parse("https://h.example/login"), body: {'user': 'ada', 'pass': 'a&b c'})`, nil,
			Call{Client: "dart", Method: "POST", URL: "https://h.example/login", Body: []byte("user=ada&pass=a%26b+c"), BodyKind: clients.BodyForm}},
		{"an unknown interpolation is named", `await http.delete(Uri.parse('$base/items/1'), headers: {'Authorization': 'Bearer ${auth.token}'});`, nil,
			Call{Client: "dart", Method: "DELETE", URL: "${base}/items/1", Headers: hs("Authorization: Bearer ${auth.token}"), Unknown: []string{"base", "auth.token"}}},
		{"http.Request with cascades and statements",
			`var request = http.Request('POST', Uri.parse('https://h.example/x'))
			  ..headers['X-App'] = 'shop'
			  ..body = '{"a":1}';
			request.headers.addAll({'Accept': 'application/json'});
			final streamed = await client.send(request);`, nil,
			Call{Client: "dart", Method: "POST", URL: "https://h.example/x",
				Headers: hs("X-App: shop", "content-type: text/plain; charset=utf-8", "Accept: application/json"), Body: []byte(`{"a":1}`), BodyKind: clients.BodyString}},
		{"dio with BaseOptions and Options",
			`final dio = Dio(BaseOptions(baseUrl: 'https://api.example.com/v2/', headers: {'X-Key': 'k1'}));
			dio.options.headers['Authorization'] = 'Bearer $token';
			final r = await dio.post('/orders', data: {'item': 'lamp'}, queryParameters: {'dry': 'true'},
			    options: Options(headers: {'X-Trace': '7'}));`, map[string]string{"token": "abc"},
			Call{Client: "dio", Method: "POST", URL: "https://api.example.com/v2/orders?dry=true",
				Headers: hs("X-Key: k1", "Authorization: Bearer abc", "X-Trace: 7"), Body: []byte(`{"item":"lamp"}`), BodyKind: clients.BodyMap}},
		{"dio.request with a method", `_dio.request('https://h.example/a', options: Options(method: 'put', contentType: Headers.formUrlEncodedContentType), data: {'a': 'b c'});`, nil,
			Call{Client: "dio", Method: "PUT", URL: "https://h.example/a", Headers: hs("content-type: application/x-www-form-urlencoded"), Body: []byte("a=b+c"), BodyKind: clients.BodyMap}},
		{"a token the snippet defines", `const token = "abc"; http.get(Uri.parse('https://h.example/'), headers: {HttpHeaders.authorizationHeader: 'Bearer ' + token});`, nil,
			Call{Client: "dart", Method: "GET", URL: "https://h.example/", Headers: hs("authorization: Bearer abc")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(c.src, c.vars)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, src := range []string{
		"",
		"print('hello');",
		`http.post(Uri.parse('https://h.example/'), body: cond ? 'a' : 'b');`,
		`http.get(Uri.parse('https://h.example/'), headers: headersFor(user));`,
		`http.get(Uri.parse('https://h.example/`,
		`dio.post('/x', data: FormData.fromMap({'a': 1}));`,
		strings.Repeat("(", 10000) + "http.get(Uri.parse('x'))" + strings.Repeat(")", 10000),
	} {
		if _, err := Parse(src, nil); err == nil {
			t.Errorf("Parse(%.40q) read something", src)
		}
	}
}

func TestRequestNeedsEveryName(t *testing.T) {
	c, err := Parse(`http.get(Uri.parse(url), headers: {'Authorization': 'Bearer $token'})`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Request(); err == nil || !strings.Contains(err.Error(), "url, token") {
		t.Errorf("Request() = %v, want the unknown names listed", err)
	}
}

// Hostile shapes at the size limit are read (or refused) quickly.
func TestParseIsBounded(t *testing.T) {
	n := MaxSource / 8
	for name, src := range map[string]string{
		"open parens":    strings.Repeat("(", MaxSource-1),
		"generic chains": strings.Repeat("a<b,", n),
		"closures":       strings.Repeat("f((a", n),
		"statements":     strings.Repeat("x = a.b(c);", n/2),
		"long list":      "[" + strings.Repeat("1,", n),
		"interpolations": "'" + strings.Repeat("${a}", n) + "'",
		"maps":           strings.Repeat("{a:", n),
	} {
		src := src[:min(len(src), MaxSource)]
		start := time.Now()
		Parse(src, nil)
		// Linear reading takes tens of milliseconds idle; the bound is
		// wide enough for -race on a loaded machine and still far below
		// what a quadratic or exponential reading of 256 KiB would take.
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(src))
		}
	}
}

func TestNotDart(t *testing.T) {
	for _, src := range []string{"curl -H 'A: b' https://h.example/", "print('x');", ""} {
		if _, err := Parse(src, nil); !errors.Is(err, ErrNoCall) {
			t.Errorf("Parse(%q) = %v, want ErrNoCall", src, err)
		}
	}
}
