package checks

import (
	"reflect"
	"testing"
)

func TestParseChallenges(t *testing.T) {
	p := func(name, value string) authParam { return authParam{Name: name, Value: value} }
	cases := []struct {
		name   string
		values []string
		want   []challenge
	}{
		{
			name:   "RFC 6750 error with description",
			values: []string{`Bearer realm="example", error="invalid_token", error_description="The access token expired"`},
			want:   []challenge{{Scheme: "Bearer", Params: []authParam{p("realm", "example"), p("error", "invalid_token"), p("error_description", "The access token expired")}}},
		},
		{
			name:   "parameters without commas (AWS API Gateway's JWT authorizer)",
			values: []string{`Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"`},
			want:   []challenge{{Scheme: "Bearer", Params: []authParam{p("scope", ""), p("error", "invalid_token"), p("error_description", "the token does not have a valid audience")}}},
		},
		{
			name:   "a token68 with padding is not mistaken for parameters",
			values: []string{`Negotiate YIIB9w== , Basic realm="x"`},
			want:   []challenge{{Scheme: "Negotiate", Token68: "YIIB9w=="}, {Scheme: "Basic", Params: []authParam{p("realm", "x")}}},
		},
		{
			name:   "several challenges in one value (RFC 7235's example)",
			values: []string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`},
			want: []challenge{
				{Scheme: "Newauth", Params: []authParam{p("realm", "apps"), p("type", "1"), p("title", `Login to "apps"`)}},
				{Scheme: "Basic", Params: []authParam{p("realm", "simple")}},
			},
		},
		{
			name:   "several header lines",
			values: []string{`Negotiate`, `Basic realm="corp", charset="UTF-8"`},
			want: []challenge{
				{Scheme: "Negotiate"},
				{Scheme: "Basic", Params: []authParam{p("realm", "corp"), p("charset", "UTF-8")}},
			},
		},
		{
			name:   "token68, then another challenge",
			values: []string{`Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg==, Bearer realm="x"`},
			want: []challenge{
				{Scheme: "Negotiate", Token68: "YIIBhwYGKwYBBQUCoIIBezCCAXeg=="},
				{Scheme: "Bearer", Params: []authParam{p("realm", "x")}},
			},
		},
		{
			name:   "insufficient_scope with a scope list, case-insensitive names, white space around =",
			values: []string{`Bearer Error = "insufficient_scope",  Scope="orders:write orders:read"`},
			want:   []challenge{{Scheme: "Bearer", Params: []authParam{p("error", "insufficient_scope"), p("scope", "orders:write orders:read")}}},
		},
		{
			name:   "escaped backslash and quote",
			values: []string{`Digest realm="a\\b", nonce="q\"x", qop="auth,auth-int", algorithm=SHA-256`},
			want:   []challenge{{Scheme: "Digest", Params: []authParam{p("realm", `a\b`), p("nonce", `q"x`), p("qop", "auth,auth-int"), p("algorithm", "SHA-256")}}},
		},
		{
			name:   "sloppy unquoted URL value",
			values: []string{`Bearer realm=https://auth.example.com/token, scope=read`},
			want:   []challenge{{Scheme: "Bearer", Params: []authParam{p("realm", "https://auth.example.com/token"), p("scope", "read")}}},
		},
		{
			name:   "unterminated quoted string runs to the end",
			values: []string{`Bearer error="invalid_token`},
			want:   []challenge{{Scheme: "Bearer", Params: []authParam{p("error", "invalid_token")}}},
		},
		{
			name:   "empty and junk",
			values: []string{``, ` , ,`, `"junk", Basic`},
			want:   []challenge{{Scheme: "Basic"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := parseChallenges(c.values)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("\n got %#v\nwant %#v", got, c.want)
			}
		})
	}
}

func TestBearerErrorPrefersBearer(t *testing.T) {
	cs := parseChallenges([]string{`Basic realm="x", Bearer error="insufficient_scope", scope="a b"`})
	c, ok := bearerError(cs)
	if !ok || c.Scheme != "Bearer" || c.Param("scope") != "a b" {
		t.Fatalf("got %+v %v", c, ok)
	}
	if got := c.String(); got != `Bearer error="insufficient_scope", scope="a b"` {
		t.Errorf("String() = %s", got)
	}
}
