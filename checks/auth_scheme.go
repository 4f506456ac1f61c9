package checks

import (
	"fmt"
	"strings"
)

// schemeMismatch is a refusal whose WWW-Authenticate challenges all name
// another scheme than the Authorization the request sent: the server
// asked for Bearer and got Basic. It is a finding of its own, because
// the server never read the credential as one of its kind.
func schemeMismatch(f *facts) (Finding, bool) {
	r := &f.req
	sent := strings.TrimSuffix(r.AuthScheme, ":")
	if sent == "" || r.AuthLine == "" || len(f.challenges) == 0 || !f.refused() {
		return Finding{}, false
	}
	if c, ok := bearerError(f.challenges); ok && c.Param("error") != "invalid_request" {
		// invalid_token or insufficient_scope: the server read the
		// credential whatever its scheme (API Gateway takes a bare JWT).
		return Finding{}, false
	}
	var asked []string
	for _, c := range f.challenges {
		if strings.EqualFold(c.Scheme, sent) {
			return Finding{}, false
		}
		if !containsFold(asked, c.Scheme) {
			asked = append(asked, c.Scheme)
		}
	}
	want := strings.Join(asked, " or ")
	return fail(AuthMalformed, Indicated,
		fmt.Sprintf("The server asks for %s; you sent %s", want, sent),
		[]string{f.h.line("www-authenticate"), r.AuthLine},
		schemeFix(asked[0], sent)), true
}

// schemeFix says how to send the scheme the challenge asks for.
func schemeFix(asked, sent string) string {
	switch strings.ToLower(asked) {
	case "bearer":
		fix := "Send Authorization: Bearer <token> (curl --oauth2-bearer <token>), with a token this API issues"
		if strings.EqualFold(sent, "basic") {
			fix += "; -u user:password makes Basic, which this server does not take"
		}
		return fix + "."
	case "basic":
		return "Send user and password as Basic (curl -u user:password; for a token API, the token as the password), not " + sent + "."
	}
	return fmt.Sprintf("Send credentials for the %s scheme the challenge names, as the API documents it, not %s.", asked, sent)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
