package curlargs

import (
	"reflect"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// A token read with --token-env is written as a reference to its
// variable, unless revealed; nothing else names the variable.
func TestQuoteWithTokenEnv(t *testing.T) {
	withBearer := base(u, func(r *probe.Request) { r.Auth.Bearer = secretTok })
	withHeader := base(u, withHeaders(ua, accept, hdr("Authorization", "Bearer other-token-1234")),
		func(r *probe.Request) { r.Auth.Bearer = secretTok })
	tests := []struct {
		name string
		req  probe.Request
		o    QuoteOptions
		want string
	}{
		{"the variable is named", withBearer, QuoteOptions{TokenEnv: "API_TOKEN"},
			`curl https://api.example.com/v1 -A curl/8.5.0 -H "Authorization: Bearer $API_TOKEN"`},
		{"revealed: the token itself", withBearer, QuoteOptions{TokenEnv: "API_TOKEN", Redactor: probe.NewRedactor(withBearer, true)},
			`curl https://api.example.com/v1 -A curl/8.5.0 --oauth2-bearer ` + secretTok},
		{"no variable: masked", withBearer, QuoteOptions{},
			`curl https://api.example.com/v1 -A curl/8.5.0 --oauth2-bearer "$TOKEN"`},
		// A name that is no shell variable could break out of the word.
		{"a bad name is not written", withBearer, QuoteOptions{TokenEnv: `X"; rm -rf ~; "`},
			`curl https://api.example.com/v1 -A curl/8.5.0 --oauth2-bearer "$TOKEN"`},
		// -H Authorization is what is sent; $API_TOKEN would claim otherwise.
		{"an Authorization header wins", withHeader, QuoteOptions{TokenEnv: "API_TOKEN"},
			`curl https://api.example.com/v1 -A curl/8.5.0 -H "Authorization: Bearer $TOKEN" --oauth2-bearer "$TOKEN"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QuoteWith(tt.req, tt.o); got != tt.want {
				t.Errorf("QuoteWith() =\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

// The command printed for a --token-env request sends the same request
// once the shell expands the variable, and the revealed one parses back to
// the same request.
func TestQuoteTokenEnvRoundTrip(t *testing.T) {
	env := Env{Getenv: fakeEnv(map[string]string{"API_TOKEN": secretTok})}
	parsed, err := ParseEnv([]string{"--token-env", "API_TOKEN", "-H", "X-Trace: 1", "-d", "a=1", u}, env)
	if err != nil {
		t.Fatal(err)
	}
	req := parsed.Request

	revealed := QuoteWith(req, QuoteOptions{Redactor: probe.NewRedactor(req, true), TokenEnv: parsed.Options.Token.Env})
	back, err := Parse(shellWords(t, revealed))
	if err != nil {
		t.Fatalf("Parse(%s): %v", revealed, err)
	}
	assertRequest(t, back.Request, req)

	masked := QuoteWith(req, QuoteOptions{TokenEnv: parsed.Options.Token.Env})
	if strings.Contains(masked, secretTok) {
		t.Fatalf("masked command carries the token: %s", masked)
	}
	// What bash does with "$API_TOKEN" in a double-quoted word.
	words := shellWords(t, masked)
	for i, w := range words {
		words[i] = strings.ReplaceAll(w, "$API_TOKEN", secretTok)
	}
	back, err = Parse(words)
	if err != nil {
		t.Fatalf("Parse(%s): %v", masked, err)
	}
	if got, want := back.Request.EffectiveHeaders(), req.EffectiveHeaders(); !reflect.DeepEqual(got, want) {
		t.Errorf("headers sent by the printed command:\n  %q\nwant\n  %q", got, want)
	}
	if string(back.Request.Body) != string(req.Body) || back.Request.Method != req.Method || back.Request.URL != req.URL {
		t.Errorf("request %s %s %q, want %s %s %q", back.Request.Method, back.Request.URL, back.Request.Body, req.Method, req.URL, req.Body)
	}
}
