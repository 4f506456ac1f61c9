package checks

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

func TestAuthMalformed(t *testing.T) {
	tok := validJWT(t, nil)
	parts := strings.Split(tok, ".")
	r401 := func() *probe.Response {
		return resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json")
	}
	cases := []causeCase{
		{
			name: "scheme doubled",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer Bearer "+tok),
			resp: r401(),
			want: Fail, strength: Inferred, title: "appears twice (Bearer Bearer …)",
		},
		{
			name: "token read from a file with its newline",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok+"\n"),
			resp: r401(),
			want: Fail, title: "ends with a line break", evidence: `\n`, fix: "$(cat token.txt)",
		},
		{
			name: "token in quotes",
			req:  get("https://api.example.com/v1/orders", `Authorization: Bearer "`+tok+`"`),
			resp: r401(),
			want: Fail, title: "wrapped in quotes",
		},
		{
			name: "JWT cut short: two segments",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+parts[0]+"."+parts[1]),
			resp: r401(),
			want: Fail, title: "JWT has 2 segments, not 3",
		},
		{
			name: "JWT in standard base64",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+parts[0]+"."+parts[1]+"+/."+parts[2]),
			resp: r401(),
			want: Fail, title: "standard base64",
		},
		{
			name: "JWT copied from a shortened display",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok[:40]+"…"),
			resp: r401(),
			want: Fail, title: "U+2026",
		},
		{
			name: "an unset variable",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer undefined"),
			resp: r401(),
			want: Fail, title: `placeholder "undefined"`,
		},
		{
			name: "Basic with user:password in clear",
			req:  get("https://api.example.com/v1/orders", "Authorization: Basic alice:s3cr3t-passw0rd"),
			resp: resp(401, "", `WWW-Authenticate: Basic realm="api"`),
			want: Fail, title: "in clear, not base64", fix: "curl -u",
		},
		{
			name: "Basic encoded with echo's newline",
			req:  get("https://api.example.com/v1/orders", "Authorization: Basic "+base64.StdEncoding.EncodeToString([]byte("alice:s3cr3t-passw0rd\n"))),
			resp: resp(401, "", `WWW-Authenticate: Basic realm="api"`),
			want: Fail, title: "followed by a newline", fix: "echo -n",
		},
		{
			name: "Basic carrying a bare token",
			req:  get("https://api.example.com/v1/orders", "Authorization: Basic "+base64.StdEncoding.EncodeToString([]byte("ghp_16C7e42F292c6912E7710c838347Ae178B4a"))),
			resp: r401(),
			want: Fail, title: "without ':'",
		},
		{
			name: "British spelling of the header",
			req:  get("https://api.example.com/v1/orders", "Authorisation: Bearer "+tok),
			resp: r401(),
			want: Fail, title: `"Authorisation" is not Authorization`, fix: "Rename",
		},
		{
			name: "lower-case scheme accepted by the server: warn only",
			req:  get("https://api.example.com/v1/orders", "Authorization: bearer "+tok),
			resp: resp(200, `[]`),
			want: Warn, title: `written "bearer", not "Bearer"`,
		},
		{
			name: "a Bearer token sent to an IAM-authorised API Gateway method",
			req:  get("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders", "Authorization: Bearer "+tok),
			resp: resp(403, `{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer `+tok+`"}`,
				"Content-Type: application/json", "x-amzn-ErrorType: IncompleteSignatureException", "x-amzn-RequestId: 0c9a1d2e-0000-4b1f-8e3a-5f6d7c8b9a0e"),
			want: Fail, strength: Named, title: "expects an AWS SigV4 signature", fix: "--aws-sigv4",
		},
		{
			name: "RFC 6750 invalid_request",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(400, "", `WWW-Authenticate: Bearer realm="api", error="invalid_request", error_description="Malformed Authorization header"`),
			want: Fail, strength: Named, title: "The server says the credential is malformed", evidence: `error="invalid_request"`,
		},
		{
			name: "a well-formed JWT",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: resp(403, `{"message":"Forbidden"}`),
			want: Pass, title: "Authorization well formed: Bearer JWT (HS256, 3 segments)",
		},
		{
			name: "a well-formed API key",
			req:  get("https://api.example.com/v1/orders", "X-API-Key: 9f86d081884c7d659a2feaa0c55ad015"),
			resp: resp(403, `{"message":"Forbidden"}`),
			want: Pass, title: "Credentials well formed: X-API-Key: ••••d015",
		},
		{
			name: "a newline stopped the request from being sent",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok+"\n"),
			resp: nil,
			mod: func(ev *Evidence) {
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseRequest, Message: "The Authorization header holds a line break, which HTTP forbids."}
			},
			want: Fail, strength: Inferred, title: "ends with a line break", evidence: "the request was not sent",
		},
		{
			name: "no response for another reason",
			req:  get("https://api.example.com/v1/orders", "Authorization: Bearer "+tok),
			resp: nil,
			mod: func(ev *Evidence) {
				ev.Exchange.Err = &probe.Error{Phase: probe.PhaseConnect, Message: "connection refused"}
			},
			want: Skip, title: "no response: connect error",
		},
		{
			name: "nothing to judge",
			req:  get("https://api.example.com/v1/orders"),
			resp: r401(),
			want: Skip,
		},
	}
	runCauseCases(t, AuthMalformed, cases)
}

// API Gateway quotes the Authorization header it could not parse: the
// token must not reach the report through the body.
func TestEchoedSecretIsMasked(t *testing.T) {
	tok := validJWT(t, nil)
	body := `{"message":"Authorization header requires 'Credential' parameter. Authorization=Bearer ` + tok + `"}`
	rep := Run(exchange(get("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/orders", "Authorization: Bearer "+tok),
		resp(403, body, "x-amzn-ErrorType: IncompleteSignatureException")))
	f, _ := findingOf(rep, AuthMalformed)
	all := f.Title + strings.Join(f.Evidence, "\n")
	if strings.Contains(all, tok[20:40]) {
		t.Fatalf("token reached the report:\n%s", all)
	}
	if !strings.Contains(all, "Authorization=Bearer ••••"+tok[len(tok)-4:]) {
		t.Fatalf("echoed header not shown masked:\n%s", all)
	}
}
